/*
 * spawnee: the program ubench starts with ROOT_SPAWN to time a task's
 * start (docs/bench.md). `spawnee TID` reads the clock first thing in
 * main, then sends TID the reading and a word from each of its other
 * segments (read-only data, data, .bss: each demand paged by the root
 * task on that first touch), and waits until it is destroyed.
 */
#include <mica.h>

#define SPAWNEE_LABEL	0x5370	/* <uapi/ipc.h> label of its one message */

static const uint32_t rodata_words[3] = { 0x524f0000, 0x524f0001, 0x524f0002 };
static volatile uint32_t data_word = 0x44415441;
static volatile uint32_t bss_word;

/* The thread id in s, in hex; 0 when s is not one. */
static uint32_t hex(const char *s)
{
	uint32_t v = 0;

	for (; *s; s++) {
		unsigned int d = *s >= 'a' ? (unsigned int)(*s - 'a') + 10 : (unsigned int)(*s - '0');

		if (d > 15)
			return 0;
		v = v << 4 | d;
	}
	return v;
}

int main(int argc, char **argv)
{
	uint32_t t = mica_clock(NULL, NULL);
	uint32_t to = argc == 2 ? hex(argv[1]) : 0;
	struct mica_msg msg = { IPC_TAG(SPAWNEE_LABEL, 4), { t } };
	struct mica_msg none;

	bss_word = data_word;
	msg.w[1] = rodata_words[argc];
	msg.w[2] = data_word;
	msg.w[3] = bss_word;
	if (!to || mica_send(to, &msg, IPC_TIMEOUT_NEVER))
		return 1;
	for (;;)
		mica_wait(&none, IPC_TIMEOUT_NEVER, NULL);
}
