/* The protocol between user/demo/ping.c and user/demo/pong.c. */
#ifndef MICA_DEMO_PINGPONG_H
#define MICA_DEMO_PINGPONG_H

#define PONG_NAME	"pong"
#define PONG_ECHO	0x5001	/* pong replies with the same tag and words */
#define PONG_QUIT	0x5002	/* pong replies, then exits 0 */

#endif
