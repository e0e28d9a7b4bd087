/*
 * schedtest: the scheduler against the kernel, as TAP.
 *
 * - call atomicity under preemption: thousands of numbered calls to a
 *   server that a higher-priority thread (asleep 1 ms at a time) keeps
 *   preempting mid-request; every reply must come, exact;
 * - a higher-priority receiver woken by a send runs before the sender
 *   goes on, a lower one after (an ordering log);
 * - round robin among equal busy threads (turns against kernel ticks: a
 *   timeslice is 10 ticks), no starvation of an equal that sleeps, yield
 *   passing to an equal, set_prio taking effect at once;
 * - sleep accuracy against the 24 MHz counter.
 *
 * Argument "icount": the run is under -icount (no host noise): only the
 * sleeps run, and each must also end within N + 3 ms by the counter.
 */
#include <mica.h>
#include <mica/root.h>
#include <mica/tap.h>
#include <stdio.h>
#include <string.h>

#define STACK_SIZE	2048u
#define NSTACKS		4
#define SLICE_MS	10	/* the kernel's SCHED_SLICE_MS */
#define PRIO_LOW	60
#define SLEEP_SLACK_US	100000	/* see test_sleep() */

static uint8_t stacks[NSTACKS][STACK_SIZE] __attribute__((aligned(8)));
static uint32_t me;
static uint32_t clock_hz;

static int start(int slot, int (*fn)(void *), void *arg, unsigned int prio)
{
	return mica_thread_start(fn, arg, stacks[slot], STACK_SIZE, prio);
}

/* Waits until tid is gone; 0 or -ETIMEDOUT. */
static int join(int tid)
{
	for (int i = 0; i < 2000; i++) {
		if (mica_thread_regs((uint32_t)tid, 0, NULL) == -ESRCH)
			return 0;
		mica_sleep(1);
	}
	return -ETIMEDOUT;
}

/* ---- the ordering log ---- */

static char order[32];
static volatile unsigned int order_len;

static void note(char c)
{
	if (order_len < sizeof(order) - 1)
		order[order_len++] = c;
}

static void order_reset(void)
{
	memset(order, 0, sizeof(order));
	order_len = 0;
}

static int order_is(const char *want, const char *what)
{
	int ok = strcmp(order, want) == 0;

	tap_ok(ok, "%s: order %s", what, order);
	if (!ok)
		printf("#   want %s\n", want);
	return ok;
}

/* ---- call atomicity under preemption ---- */

#define CALLS		10000
#define SEQ		0x5100

static volatile int stop;
static volatile int in_service;
static volatile unsigned int noise_wakes, noise_mid_service;

/* Wakes every millisecond, above everyone; counts when it cut a request. */
static int noise(void *arg)
{
	(void)arg;
	while (!stop) {
		mica_sleep(1);
		noise_wakes++;
		if (in_service)
			noise_mid_service++;
	}
	return 0;
}

/* Replies w0 + 1, ~w0 after a busy while of varying length. */
static int seq_server(void *arg)
{
	struct mica_msg m;
	uint32_t client;
	int err = mica_wait(&m, IPC_TIMEOUT_NEVER, &client);

	(void)arg;
	while (!err && IPC_TAG_LABEL(m.tag) == SEQ) {
		uint32_t seq = m.w[0];

		in_service = 1;
		for (volatile uint32_t i = 0; i < (seq * 37u) % 8000u; i++)
			;
		in_service = 0;
		m.tag = IPC_TAG(SEQ + 1, 2);
		m.w[0] = seq + 1;
		m.w[1] = ~seq;
		err = mica_reply_wait(client, &m, IPC_TIMEOUT_NEVER, &client);
	}
	if (!err)
		mica_send(client, &m, IPC_TIMEOUT_POLL);
	return err;
}

/* CALLS calls; returns the number of wrong or missing replies. */
static unsigned int seq_calls(uint32_t server, unsigned int *first_bad, int *bad_err)
{
	unsigned int bad = 0;

	for (uint32_t seq = 0; seq < CALLS; seq++) {
		struct mica_msg m = { .tag = IPC_TAG(SEQ, 1), .w = { seq } };
		uint32_t sender = 0;
		int err = mica_ipc(server, server,
				   IPC_TIMEOUTS(IPC_TIMEOUT_NEVER, 1000), &m, &sender);

		if (err || sender != server || m.tag != IPC_TAG(SEQ + 1, 2) ||
		    m.w[0] != seq + 1 || m.w[1] != ~seq) {
			if (!bad++) {
				*first_bad = seq;
				*bad_err = err;
			}
		}
	}
	return bad;
}

static void test_call_atomicity(unsigned int client_prio, unsigned int server_prio)
{
	struct mica_msg quit = { .tag = IPC_TAG(SEQ + 9, 0) };
	unsigned int first_bad = 0, bad;
	int bad_err = 0, srv, nz;

	stop = 0;
	noise_wakes = noise_mid_service = 0;
	mica_thread_set_prio(me, client_prio);
	srv = start(0, seq_server, NULL, server_prio);
	nz = start(1, noise, NULL, 200);
	mica_sleep(2);
	bad = seq_calls((uint32_t)srv, &first_bad, &bad_err);
	stop = 1;
	mica_call((uint32_t)srv, &quit, 1000, 1000);
	join(srv);
	join(nz);
	mica_thread_set_prio(me, MICA_PRIO_DEFAULT);
	tap_ok(bad == 0, "%d numbered calls (client prio %u, server %u) all answered exactly",
	       CALLS, client_prio, server_prio);
	if (bad)
		printf("#   %u wrong, the first at %u (err %d)\n", bad, first_bad, bad_err);
	tap_ok(noise_mid_service > 0, "the prio-200 thread woke %u times, %u of them mid-request",
	       noise_wakes, noise_mid_service);
}

/* ---- wakeups by IPC ---- */

static int receive_and_note(void *arg)
{
	struct mica_msg m;

	if (mica_recv(me, &m, IPC_TIMEOUT_NEVER, NULL) == 0)
		note((char)(uintptr_t)arg);
	return 0;
}

/* A receiver at prio; we send to it (polling: it must be waiting). */
static void wake_case(unsigned int prio, char c, const char *want, const char *what)
{
	struct mica_msg m = { .tag = IPC_TAG(0x5200, 0) };
	int t, err;

	order_reset();
	t = start(0, receive_and_note, (void *)(uintptr_t)c, prio);
	mica_sleep(2);
	err = mica_send((uint32_t)t, &m, IPC_TIMEOUT_POLL);
	note('M');
	join(t);
	tap_is_int(err, 0, "send to a waiting receiver");
	order_is(want, what);
}

static void test_ipc_wakeup(void)
{
	wake_case(150, 'H', "HM", "a higher-priority receiver runs before the sender goes on");
	wake_case(50, 'L', "ML", "a lower-priority receiver runs after the sender");
	wake_case(MICA_PRIO_DEFAULT, 'E', "ME", "an equal-priority receiver runs after the sender");
}

/* ---- round robin, starvation, yield ---- */

#define BUSY	3

static volatile unsigned int busy_count[BUSY], busy_turns[BUSY];
static volatile int busy_last = -1;
static volatile unsigned int switches;

static int busy(void *arg)
{
	int i = (int)(uintptr_t)arg;

	while (!stop) {
		busy_count[i]++;
		if (busy_last != i) {
			busy_last = i;
			busy_turns[i]++;
			switches++;
		}
	}
	return 0;
}

static void busy_start(int *tids, int n)
{
	stop = 0;
	busy_last = -1;
	switches = 0;
	for (int i = 0; i < n; i++) {
		busy_count[i] = busy_turns[i] = 0;
		tids[i] = start(i, busy, (void *)(uintptr_t)i, PRIO_LOW);
	}
}

static void busy_stop(int *tids, int n)
{
	stop = 1;
	for (int i = 0; i < n; i++)
		join(tids[i]);
}

/*
 * Round robin: a timeslice is SLICE_MS by the 24 MHz counter (the kernel
 * charges the time between ticks, lost ticks included), so the switches
 * among three busy equals are counted against the counter's milliseconds.
 */
static void test_round_robin(void)
{
	int tids[BUSY];
	uint32_t t0, ms;
	unsigned int sw, min_turns = ~0u;

	busy_start(tids, BUSY);
	t0 = mica_clock(NULL, NULL);
	mica_sleep(4 * SLICE_MS);
	tap_ok(busy_count[0] && busy_count[1] && busy_count[2],
	       "three equal busy threads all ran within %u ms (4 timeslices): %u %u %u",
	       4 * SLICE_MS, busy_count[0], busy_count[1], busy_count[2]);
	mica_sleep(16 * SLICE_MS);
	ms = (mica_clock(NULL, NULL) - t0) / (clock_hz / 1000u);
	sw = switches;
	busy_stop(tids, BUSY);
	for (int i = 0; i < BUSY; i++)
		if (busy_turns[i] < min_turns)
			min_turns = busy_turns[i];
	tap_ok(min_turns >= 4, "over %u ms each had at least 4 turns: %u %u %u",
	       ms, busy_turns[0], busy_turns[1], busy_turns[2]);
	tap_ok(sw >= ms / SLICE_MS / 2 && sw <= ms / SLICE_MS + 3,
	       "%u switches in %u ms: one per %u ms timeslice", sw, ms, SLICE_MS);
}

static volatile unsigned int naps;

static int napper(void *arg)
{
	(void)arg;
	while (!stop) {
		mica_sleep(1);
		naps++;
	}
	return 0;
}

static void test_no_starvation(void)
{
	int tids[2], n;

	busy_start(tids, 2);
	naps = 0;
	n = start(2, napper, NULL, PRIO_LOW);
	mica_sleep(20 * SLICE_MS);
	busy_stop(tids, 2);
	join(n);
	/*
	 * Each nap ends behind both busy threads: at most two timeslices, so
	 * about 9 naps in 200 ms; a loaded host delays ticks, hence the margin.
	 */
	tap_ok(naps >= 2, "a sleeping thread among two busy equals woke %u times in %u ms",
	       naps, 20 * SLICE_MS);
}

static int yielder(void *arg)
{
	for (int i = 0; i < 5; i++) {
		note((char)(uintptr_t)arg);
		mica_yield();
	}
	return 0;
}

static void test_yield(void)
{
	int a, b;

	order_reset();
	a = start(0, yielder, (void *)(uintptr_t)'A', PRIO_LOW);
	b = start(1, yielder, (void *)(uintptr_t)'B', PRIO_LOW);
	mica_sleep(20);
	join(a);
	join(b);
	order_is("ABABABABAB", "yield passes to the equal-priority thread");
}

/* ---- set_prio ---- */

static int note_once(void *arg)
{
	note((char)(uintptr_t)arg);
	return 0;
}

static void test_set_prio(void)
{
	struct mica_msg m = { .tag = IPC_TAG(0x5300, 0) };
	int t;

	order_reset();
	t = start(0, note_once, (void *)(uintptr_t)'T', 50);
	tap_is_int(mica_thread_set_prio((uint32_t)t, 150), 0, "raise a ready thread");
	note('M');
	join(t);
	order_is("TM", "raised above us, it runs at once");

	order_reset();
	t = start(0, note_once, (void *)(uintptr_t)'T', 80);
	tap_is_int(mica_thread_set_prio(me, 70), 0, "lower ourselves");
	note('M');
	join(t);
	mica_thread_set_prio(me, MICA_PRIO_DEFAULT);
	order_is("TM", "lowered below a ready thread, we give way");

	order_reset();
	t = start(0, receive_and_note, (void *)(uintptr_t)'T', 50);
	mica_sleep(2);
	tap_is_int(mica_thread_set_prio((uint32_t)t, 150), 0, "raise a blocked thread");
	tap_is_int(mica_send((uint32_t)t, &m, IPC_TIMEOUT_POLL), 0, "send to it");
	note('M');
	join(t);
	order_is("TM", "its new priority holds when IPC wakes it");

	tap_is_int(mica_thread_set_prio(me, MICA_PRIO_MAX + 1), -EINVAL, "priority 256: -EINVAL");
	tap_is_int(mica_thread_set_prio((uint32_t)t, 100), -ESRCH, "a gone thread's id: -ESRCH");
}

/* ---- sleep ---- */

/*
 * mica_sleep(N): timeouts are deadlines on the 24 MHz counter, checked on
 * every tick (kernel/sched.c), so by the counter a sleep lasts at least N
 * ms, exactly, whatever the ticks do. Under -icount it also ends within
 * N + 3 ms (an idle wait under sleep=off sees a tick every 2 ms); without
 * -icount a loaded host may delay any tick, so only a gross overrun
 * (SLEEP_SLACK_US) fails.
 */
static void test_sleep(int icount)
{
	static const unsigned int ms[] = { 1, 2, 3, 5, 10, 20, 50 };

	for (unsigned int i = 0; i < sizeof(ms) / sizeof(ms[0]); i++) {
		uint32_t t0, us, n = ms[i];
		uint32_t hi = icount ? (n + 3) * 1000 : n * 1000 + SLEEP_SLACK_US;
		int err;

		mica_sleep(1);
		t0 = mica_clock(NULL, NULL);
		err = mica_sleep(n);
		us = (mica_clock(NULL, NULL) - t0) / (clock_hz / 1000000u);
		tap_ok(err == 0 && us >= n * 1000 && us < hi,
		       "sleep %u ms took %u us (want %u..%u us, err %d)",
		       n, us, n * 1000, hi, err);
	}
	tap_is_int(mica_sleep(IPC_TIMEOUT_NEVER), -EINVAL, "sleep 65535 ms: -EINVAL");
}

static void test_kernel_counts(const struct mica_kernel_info *k0)
{
	struct mica_kernel_info k;

	tap_is_int(mica_kernel_info(&k, KINFO_CHECK), 0, "kernel info");
	tap_is_int(k.threads, k0->threads, "threads alive as at start");
	tap_is_int(k.tcbs, k0->tcbs, "TCBs as at start");
	tap_is_int(k.check, 0, "the kernel allocators' checks pass");
}

int main(int argc, char **argv)
{
	struct mica_kernel_info k0;
	int icount = argc > 1 && !strcmp(argv[1], "icount"), status;

	me = mica_thread_self();
	mica_clock(&clock_hz, NULL);
	if (icount) {		/* the sleep accuracy run, under -icount only */
		tap_plan(8);
		test_sleep(icount);
		status = tap_done();
		mica_root_halt(status);
		return status;
	}
	tap_plan(1 + 4 + 6 + 3 + 1 + 1 + 9 + 8 + 4);
	tap_is_int(mica_kernel_info(&k0, 0), 0, "kernel info at start");
	test_call_atomicity(MICA_PRIO_DEFAULT, 80);
	test_call_atomicity(80, MICA_PRIO_DEFAULT);
	test_ipc_wakeup();
	test_round_robin();
	test_no_starvation();
	test_yield();
	test_set_prio();
	test_sleep(icount);
	test_kernel_counts(&k0);
	status = tap_done();
	mica_root_halt(status);
	return status;
}
