/*
 * pong: registers as "pong" with the root task's name service, then
 * answers every PONG_ECHO call with the message it got, until a
 * PONG_QUIT call (user/demo/pingpong.h).
 */
#include <mica.h>
#include <mica/names.h>
#include <stdio.h>

#include "pingpong.h"

int main(void)
{
	struct mica_msg msg;
	uint32_t client;
	int err;

	err = mica_name_register(PONG_NAME);
	if (err) {
		printf("pong: register: %s\n", mica_strerror(err));
		return 1;
	}
	err = mica_wait(&msg, IPC_TIMEOUT_NEVER, &client);
	while (err == 0 && IPC_TAG_LABEL(msg.tag) != PONG_QUIT)
		err = mica_reply_wait(client, &msg, IPC_TIMEOUT_NEVER, &client);
	if (err) {
		printf("pong: %s\n", mica_strerror(err));
		return 1;
	}
	mica_send(client, &msg, IPC_TIMEOUT_POLL);
	printf("pong: done\n");
	return 0;
}
