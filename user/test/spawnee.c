/*
 * spawnee: the program ubench starts with ROOT_SPAWN to time a task's
 * start (docs/bench.md). `spawnee TID` reads the clock first thing in
 * main, then sends TID the reading and a word from each of its other
 * segments (read-only data and data, each demand paged by the root task
 * on that first touch, and .bss, whose page libmica's start-up wrote
 * already), and waits until it is destroyed.
 */
#include <mica.h>

#include "spawnee.h"

static const uint32_t rodata_words[3] = {
	SPAWNEE_RODATA(0), SPAWNEE_RODATA(1), SPAWNEE_RODATA(2),
};
static volatile uint32_t data_word = SPAWNEE_DATA;
static volatile uint32_t bss_word;

/* The thread id in s, in hex; 0 when s is not one. */
static uint32_t hex(const char *s)
{
	uint32_t v = 0;

	for (; *s; s++) {
		unsigned int d = *s >= 'a' ? (unsigned int)(*s - 'a') + 10
					   : (unsigned int)(*s - '0');

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

	if (!to)
		return 1;
	bss_word = data_word;
	msg.w[1] = rodata_words[argc];
	msg.w[2] = data_word;
	msg.w[3] = bss_word;
	if (mica_send(to, &msg, IPC_TIMEOUT_NEVER))
		return 1;
	for (;;)
		mica_wait(&none, IPC_TIMEOUT_NEVER, NULL);
}
