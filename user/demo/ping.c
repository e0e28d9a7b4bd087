/*
 * ping: finds "pong" through the root task's name service and makes
 * WARMUP then ROUNDS calls of 8 words to it, checking every echo. It
 * prints the count, the time one round trip took (the 24 MHz counter
 * through mica_clock(): under QEMU -icount shift=0 one count is 41.67
 * instructions, so a nanosecond is an instruction) and a checksum of the echoed words, tells pong to quit
 * and exits 0, or 1 on the first failure.
 */
#include <mica.h>
#include <mica/names.h>
#include <stdio.h>

#include "pingpong.h"

#define LOOKUP_MS	5000
#define WARMUP		1000
#define ROUNDS		10000

/* One echo call; returns 0, a negated IPC error, or 1 for a bad echo. */
static int ping_once(uint32_t pong, uint32_t seq, uint32_t *sum)
{
	struct mica_msg msg;
	unsigned int i;
	int err;

	msg.tag = IPC_TAG(PONG_ECHO, IPC_REG_WORDS);
	for (i = 0; i < IPC_REG_WORDS; i++)
		msg.w[i] = seq * IPC_REG_WORDS + i;
	err = mica_call(pong, &msg, IPC_TIMEOUT_NEVER, IPC_TIMEOUT_NEVER);
	if (err)
		return err;
	if (msg.tag != IPC_TAG(PONG_ECHO, IPC_REG_WORDS))
		return 1;
	for (i = 0; i < IPC_REG_WORDS; i++) {
		if (msg.w[i] != seq * IPC_REG_WORDS + i)
			return 1;
		*sum = *sum * 31 + msg.w[i];
	}
	return 0;
}

/* Calls count times from sequence number first; returns 0 or the error. */
static int ping_rounds(uint32_t pong, uint32_t first, uint32_t count,
		       uint32_t *sum)
{
	uint32_t seq;
	int err;

	for (seq = first; seq < first + count; seq++) {
		err = ping_once(pong, seq, sum);
		if (err) {
			printf("ping: call %u: %s\n", seq,
			       err > 0 ? "bad echo" : mica_strerror(err));
			return err;
		}
	}
	return 0;
}

int main(void)
{
	struct mica_msg quit = { .tag = IPC_TAG(PONG_QUIT, 0) };
	uint32_t pong, sum = 0, t0, hz;
	uint64_t ns;
	int err;

	err = mica_name_lookup(PONG_NAME, &pong, LOOKUP_MS);
	if (err) {
		printf("ping: lookup %s: %s\n", PONG_NAME, mica_strerror(err));
		return 1;
	}
	if (ping_rounds(pong, 0, WARMUP, &sum))
		return 1;
	sum = 0;
	t0 = mica_clock(&hz, NULL);
	if (ping_rounds(pong, WARMUP, ROUNDS, &sum))
		return 1;
	ns = (uint64_t)(mica_clock(NULL, NULL) - t0) * 1000000000u / hz / ROUNDS;
	printf("ping: %u round trips of %u words, %u ns each, checksum 0x%08x\n",
	       ROUNDS, IPC_REG_WORDS, (unsigned int)ns, sum);
	return mica_call(pong, &quit, IPC_TIMEOUT_NEVER, IPC_TIMEOUT_NEVER) ? 1 : 0;
}
