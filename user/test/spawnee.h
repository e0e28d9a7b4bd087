/*
 * spawnee's message to the thread named on its command line
 * (user/test/spawnee.c, timed by ubench): IPC_TAG(SPAWNEE_LABEL, 4) with
 * w0 = its clock reading first thing in main, w1 = SPAWNEE_RODATA(argc)
 * (read from its rodata), w2 and w3 = SPAWNEE_DATA (read from its data,
 * then copied through its bss).
 */
#ifndef MICA_TEST_SPAWNEE_H
#define MICA_TEST_SPAWNEE_H

#define SPAWNEE_LABEL		0x5370
#define SPAWNEE_RODATA(i)	(0x524f0000u + (i))
#define SPAWNEE_DATA		0x44415441u

#endif
