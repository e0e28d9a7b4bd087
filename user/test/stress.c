/*
 * stress: 64 threads in 8 tasks (this program's image mapped into each,
 * child.h), 32 client/server pairs across tasks, each client making
 * CALLS calls of 8 words: a sequence number, the pair, 5 words derived
 * from both and a checksum. The server checks the sender's id, the
 * checksum and that each sequence number is the one after the last
 * (counting lost, duplicated and reordered messages apart) and replies
 * with the number and its own checksum, which the client checks. At the
 * end every thread has destroyed itself, the tasks are destroyed and the
 * kernel's accounts are back where they started.
 */
#include <mica.h>
#include <mica/root.h>
#include <mica/tap.h>
#include <stdio.h>

#include "child.h"
#include "accounts.h"

#define TASKS		8
#define PAIRS		32
#define CALLS		3200		/* per pair: 2 messages each */
#define WORK		0x5301
#define DONE		0x5302
#define REPLY		0x5303
#define WORKER_PRIO	(MICA_PRIO_DEFAULT - 10)	/* main runs first */
#define TIMEOUT_MS	10000		/* generous: a loaded host stretches ticks */
#define LIMIT_MS	25000
#define STACK_WORDS	256

struct pair {
	uint32_t client, server;	/* thread ids, written before they run */
	uint32_t received;		/* WORK messages the server took in order */
	uint32_t lost, dup, reorder;	/* by sequence number, at the server */
	uint32_t bad_sender, bad_sum;	/* at the server */
	uint32_t bad_reply;		/* at the client */
	int ipc_err;			/* the first IPC error, either side */
	uint32_t client_done, server_done;	/* 1 when the thread ends */
};

static struct pair pairs[PAIRS];
static uint32_t stacks[2 * PAIRS][STACK_WORDS] __attribute__((aligned(8)));

static uint32_t mix(uint32_t seq, uint32_t pair, unsigned int k)
{
	uint32_t x = seq * 0x9e3779b1u + pair * 0x85ebca6bu + k * 0xc2b2ae35u;

	return x ^ (x >> 15);
}

static uint32_t checksum(const uint32_t *w, unsigned int n)
{
	uint32_t h = 2166136261u;

	for (unsigned int i = 0; i < n; i++)
		h = (h ^ w[i]) * 16777619u;
	return h;
}

static void work_fill(struct mica_msg *m, uint32_t seq, uint32_t pair)
{
	m->tag = IPC_TAG(WORK, IPC_REG_WORDS);
	m->w[0] = seq;
	m->w[1] = pair;
	for (unsigned int k = 2; k < 7; k++)
		m->w[k] = mix(seq, pair, k);
	m->w[7] = checksum(m->w, 7);
}

static void thread_end(void)
{
	mica_thread_destroy(mica_thread_self());
	for (;;)
		mica_sleep(1000);
}

static void note_err(struct pair *p, int err)
{
	if (err && !p->ipc_err)
		p->ipc_err = err;
}

static void client(uint32_t i)
{
	struct pair *p = &pairs[i];
	struct mica_msg m;
	int err = 0;

	for (uint32_t seq = 0; seq < CALLS && !err; seq++) {
		work_fill(&m, seq, i);
		err = mica_call(p->server, &m, TIMEOUT_MS, TIMEOUT_MS);
		if (!err && (m.tag != IPC_TAG(REPLY, 2) || m.w[0] != seq ||
			     m.w[1] != checksum(m.w, 1) + i))
			p->bad_reply++;
	}
	note_err(p, err);
	m.tag = IPC_TAG(DONE, 0);
	note_err(p, mica_call(p->server, &m, TIMEOUT_MS, TIMEOUT_MS));
	p->client_done = 1;
	thread_end();
}

/* Checks one WORK message against what the pair expects next. */
static void server_check(struct pair *p, uint32_t i, const struct mica_msg *m,
			 uint32_t sender, uint32_t *next)
{
	uint32_t seq = m->w[0];

	if (sender != p->client)
		p->bad_sender++;
	if (m->w[1] != i || m->w[7] != checksum(m->w, 7))
		p->bad_sum++;
	for (unsigned int k = 2; k < 7; k++)
		if (m->w[k] != mix(seq, i, k))
			p->bad_sum++;
	if (seq == *next)
		p->received++;
	else if (seq < *next)
		p->dup++;
	else if (seq == *next + 1)
		p->lost++;
	else
		p->reorder++;
	if (seq >= *next)
		*next = seq + 1;
}

static void server(uint32_t i)
{
	struct pair *p = &pairs[i];
	struct mica_msg m;
	uint32_t sender, next = 0;
	int err = mica_wait(&m, TIMEOUT_MS, &sender);

	while (!err && IPC_TAG_LABEL(m.tag) == WORK) {
		server_check(p, i, &m, sender, &next);
		m.tag = IPC_TAG(REPLY, 2);
		m.w[1] = checksum(m.w, 1) + i;
		err = mica_reply_wait(sender, &m, TIMEOUT_MS, &sender);
	}
	note_err(p, err);
	if (!err)
		note_err(p, mica_send(sender, &m, IPC_TIMEOUT_POLL));
	p->server_done = 1;
	thread_end();
}

static int tasks[TASKS];

/* Servers first, so clients find them; pair i: client in task i % 8,
 * server in the next task. */
static int start_all(void)
{
	int tid;

	for (unsigned int t = 0; t < TASKS; t++) {
		tasks[t] = child_task_create("stress", 0);
		if (tasks[t] < 0)
			return tasks[t];
	}
	for (uint32_t i = 0; i < PAIRS; i++) {
		tid = child_thread_create((uint32_t)tasks[(i + 1) % TASKS], server,
					  stacks[2 * i], sizeof(stacks[0]), WORKER_PRIO, i);
		if (tid < 0)
			return tid;
		pairs[i].server = (uint32_t)tid;
	}
	for (uint32_t i = 0; i < PAIRS; i++) {
		tid = child_thread_create((uint32_t)tasks[i % TASKS], client,
					  stacks[2 * i + 1], sizeof(stacks[0]), WORKER_PRIO, i);
		if (tid < 0)
			return tid;
		pairs[i].client = (uint32_t)tid;
	}
	return 0;
}

static unsigned int pairs_done(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < PAIRS; i++)
		n += *(volatile uint32_t *)&pairs[i].client_done &&
		     *(volatile uint32_t *)&pairs[i].server_done;
	return n;
}

static void report(uint32_t t0, uint32_t hz)
{
	uint32_t sum[8] = { 0 }, threads = 0;
	struct mica_task_info info;
	int err = 0;

	for (unsigned int i = 0; i < PAIRS; i++) {
		const struct pair *p = &pairs[i];

		sum[0] += p->received == CALLS;
		sum[1] += p->lost;
		sum[2] += p->dup;
		sum[3] += p->reorder;
		sum[4] += p->bad_sender + p->bad_sum;
		sum[5] += p->bad_reply;
		sum[6] += 2 * p->received;
		if (!err)
			err = p->ipc_err;
	}
	printf("# %u messages in %u ms\n", sum[6],
	       (unsigned int)((uint64_t)(mica_clock(NULL, NULL) - t0) * 1000 / hz));
	tap_is_int(sum[0], PAIRS, "every server took all its messages in order");
	tap_is_int(sum[1], 0, "none lost");
	tap_is_int(sum[2], 0, "none duplicated");
	tap_is_int(sum[3], 0, "none reordered");
	tap_is_int(sum[4], 0, "every sender id and checksum right at the servers");
	tap_is_int(sum[5], 0, "every reply right at the clients");
	tap_ok(err == 0, "no IPC error (%s)", mica_strerror(err));
	tap_ok(sum[6] >= 100000, "%u messages exchanged", sum[6]);
	for (unsigned int t = 0; t < TASKS; t++)
		if (mica_task_info((uint32_t)tasks[t], &info) == 0)
			threads += info.threads;
	tap_is_int(threads, 0, "every worker thread destroyed itself");
}

int main(void)
{
	struct mica_kernel_info k0;
	uint32_t hz, t0;
	int status, err, ok = 1;

	tap_plan(16);
	tap_is_int(accounts_start(&k0), 0, "kernel info at the start");
	t0 = mica_clock(&hz, NULL);
	err = start_all();
	tap_ok(err == 0, "8 tasks with 64 threads (%s)", mica_strerror(err));
	for (unsigned int ms = 0; !err && pairs_done() < PAIRS && ms < LIMIT_MS; ms += 10)
		mica_sleep(10);
	tap_is_int(pairs_done(), PAIRS, "all 32 pairs finished");
	report(t0, hz);
	for (unsigned int t = 0; t < TASKS; t++)
		if (tasks[t] > 0)
			ok &= mica_task_destroy((uint32_t)tasks[t]) == 0;
	tap_ok(ok, "the 8 tasks destroyed");
	accounts_back(&k0);
	status = tap_done();
	mica_root_halt(status);
	return status;
}
