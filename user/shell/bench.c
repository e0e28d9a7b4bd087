/*
 * bench: two costs measured live with mica_clock(): an IPC round trip
 * (a call of one word and its reply) between two threads of the shell,
 * and a page fault, one per page of a fresh heap region from ROOT_SBRK
 * touched once. Each is printed in nanoseconds and counter ticks.
 */
#include <mica.h>
#include <mica/root.h>
#include <stdio.h>

#include "shell.h"

#define ROUNDS		1000
#define FAULT_PAGES	64
#define PAGE_SIZE	4096
#define ECHO		0x5301
#define QUIT		0x5302

static uint32_t echo_stack[256] __attribute__((aligned(8)));

/* Replies to every call until QUIT, which it answers before returning. */
static int echo_server(void *arg __attribute__((unused)))
{
	struct mica_msg msg;
	uint32_t client;
	int err = mica_wait(&msg, IPC_TIMEOUT_NEVER, &client);

	while (err == 0 && IPC_TAG_LABEL(msg.tag) != QUIT)
		err = mica_reply_wait(client, &msg, IPC_TIMEOUT_NEVER, &client);
	if (err == 0)
		mica_send(client, &msg, IPC_TIMEOUT_POLL);
	return err;
}

/* Prints what took ticks counts of hz, count times, per time. */
static void bench_print(const char *what, uint32_t count, uint32_t ticks, uint32_t hz)
{
	uint64_t ns = (uint64_t)ticks * 1000000000u / hz / count;

	printf("bench: %s: %u in %u ticks, %u ns (%u ticks) each\n", what, count,
	       ticks, (unsigned int)ns, ticks / count);
}

/* ROUNDS calls to the server; returns 0 or the first error. */
static int ipc_rounds(uint32_t server, uint32_t *ticks)
{
	uint32_t t0 = mica_clock(NULL, NULL);

	for (uint32_t i = 0; i < ROUNDS; i++) {
		struct mica_msg msg = { .tag = IPC_TAG(ECHO, 1), .w = { i } };
		int err = mica_call(server, &msg, IPC_TIMEOUT_NEVER, IPC_TIMEOUT_NEVER);

		if (err)
			return err;
	}
	*ticks = mica_clock(NULL, NULL) - t0;
	return 0;
}

static void bench_ipc(uint32_t hz)
{
	struct mica_msg quit = { .tag = IPC_TAG(QUIT, 0) };
	uint32_t ticks;
	int tid = mica_thread_start(echo_server, NULL, echo_stack,
				    sizeof(echo_stack), MICA_PRIO_DEFAULT);
	int err = tid < 0 ? tid : ipc_rounds((uint32_t)tid, &ticks);

	if (err)
		printf("bench: ipc round trip: %s\n", mica_strerror(err));
	else
		bench_print("ipc round trip between two threads", ROUNDS, ticks, hz);
	if (tid >= 0)
		mica_call((uint32_t)tid, &quit, IPC_TIMEOUT_NEVER, IPC_TIMEOUT_NEVER);
}

static void bench_faults(uint32_t hz)
{
	volatile uint32_t *heap;
	uint32_t t0;
	void *old;
	int err = mica_root_sbrk(FAULT_PAGES * PAGE_SIZE, &old);

	if (err) {
		printf("bench: page fault: sbrk %u pages: %s\n", FAULT_PAGES,
		       mica_strerror(err));
		return;
	}
	heap = old;
	t0 = mica_clock(NULL, NULL);
	for (uint32_t i = 0; i < FAULT_PAGES; i++)
		heap[i * PAGE_SIZE / sizeof(*heap)] = i;
	bench_print("page fault (one word per fresh page)", FAULT_PAGES,
		    mica_clock(NULL, NULL) - t0, hz);
	err = mica_root_sbrk(-FAULT_PAGES * PAGE_SIZE, &old);
	if (err)
		printf("bench: page fault: giving the pages back: %s\n",
		       mica_strerror(err));
}

void bench_run(int argc, char *argv[])
{
	uint32_t hz;

	(void)argc;
	(void)argv;
	mica_clock(&hz, NULL);
	bench_ipc(hz);
	bench_faults(hz);
}
