/*
 * Host tests for the scheduler (kernel/sched.c, built unchanged with
 * thread.c and ipc.c over kshim.c): the pick is the head of the highest
 * non-empty queue (every priority, across bitmap words), FIFO within a
 * priority, rotation after sched_slice_counts() ticks, yield, handoff,
 * set_prio of ready, running and blocked threads, and timeouts woken in
 * deadline order (ties FIFO) across the 32-bit wrap of the tick counter.
 */
#include <kernel/sched.h>

#include "kshim.h"
#include "shim.h"
#include "tap.h"

static struct task *task;

static void setup(uint32_t ticks)
{
	kshim_world_init(ticks);
	task = kshim_task("sched");
}

TAP_TEST(idle_when_nothing_ready)
{
	setup(0);
	TAP_ASSERT(kshim_pick() == NULL);
	TAP_ASSERT(sched_current == NULL);
	kshim_tick();			/* a tick while idle */
	TAP_ASSERT(kshim_pick() == NULL);
}

TAP_TEST(pick_is_highest_priority_at_every_level)
{
	struct tcb *lo, *hi;

	setup(0);
	lo = kshim_thread(task, 0);
	hi = kshim_thread(task, 0);
	TAP_ASSERT(kshim_pick() == lo);
	for (unsigned int p = 1; p < SCHED_PRIOS; p++) {
		sched_set_prio(hi, p);
		TAP_ASSERT_EQ(hi->prio, p);
		TAP_ASSERT(kshim_pick() == hi);
		sched_set_prio(lo, p - 1);
		TAP_ASSERT(kshim_pick() == hi);
	}
	/* Alone at each level: the bitmap word and summary bit are found. */
	thread_stop(hi);
	for (unsigned int p = 0; p < SCHED_PRIOS; p++) {
		sched_set_prio(lo, p);
		TAP_ASSERT(kshim_pick() == lo);
	}
	thread_stop(lo);
	TAP_ASSERT(kshim_pick() == NULL);	/* every bit cleared again */
}

TAP_TEST(pick_switches_space_only_on_change)
{
	struct tcb *a;

	setup(0);
	a = kshim_thread(task, 5);
	TAP_ASSERT(kshim_pick() == a);
	TAP_ASSERT_EQ(kshim_switches, 1);
	TAP_ASSERT(kshim_switch_space == task->space);
	TAP_ASSERT(kshim_switch_utcb == a->utcb);
	TAP_ASSERT(kshim_pick() == a);
	TAP_ASSERT_EQ(kshim_switches, 1);
}

TAP_TEST(fifo_within_priority_and_yield)
{
	struct tcb *t[3];

	setup(0);
	for (int i = 0; i < 3; i++)
		t[i] = kshim_thread(task, 40);
	kshim_thread(task, 39);
	for (int round = 0; round < 7; round++) {
		TAP_ASSERT(kshim_pick() == t[round % 3]);
		TAP_ASSERT(kshim_pick() == t[round % 3]);	/* it stays the head */
		kernel_sched_yield();
	}
}

TAP_TEST(timeslice_rotates_after_slice_ticks)
{
	struct tcb *a, *b, *c;

	setup(0);
	a = kshim_thread(task, 9);
	b = kshim_thread(task, 9);
	c = kshim_thread(task, 8);
	TAP_ASSERT(kshim_pick() == a);
	for (int round = 0; round < 4; round++) {
		struct tcb *run = round % 2 ? b : a;

		for (uint32_t i = 1; i < sched_slice_counts(); i++) {
			kshim_tick();
			TAP_ASSERT(kshim_pick() == run);
		}
		kshim_tick();
		TAP_ASSERT(kshim_pick() == (round % 2 ? a : b));
		TAP_ASSERT_EQ(run->slice_left, sched_slice_counts());
	}
	TAP_ASSERT_EQ(c->slice_left, sched_slice_counts());	/* never ran: untouched */
}

TAP_TEST(handoff_runs_partner_first_unless_outranked)
{
	struct tcb *a, *b, *c, *d, *e;

	setup(0);
	a = kshim_thread(task, 20);
	c = kshim_thread(task, 20);
	b = kshim_thread(task, 20);
	thread_stop(b);
	TAP_ASSERT(kshim_pick() == a);
	sched_handoff(b);
	a->state = THREAD_STOPPED;	/* as ipc.c blocks it */
	TAP_ASSERT_EQ(b->state, THREAD_READY);
	/* nothing changed since the pick: b runs at once, no pick needed */
	TAP_ASSERT(sched_current == b);
	TAP_ASSERT(!sched_dirty);
	TAP_ASSERT(kshim_pick() == b);	/* ahead of c, which waited longer */
	kernel_sched_yield();
	TAP_ASSERT(kshim_pick() == c);

	d = kshim_thread(task, 30);
	thread_stop(d);
	sched_set_prio(a, 10);		/* a is blocked (off every queue) */
	e = kshim_thread(task, 25);
	/* c hands off to d (30): d runs. */
	sched_handoff(d);
	c->state = THREAD_STOPPED;
	TAP_ASSERT(sched_current == c && sched_dirty);	/* queues changed: a pick */
	TAP_ASSERT(kshim_pick() == d);
	/* d hands off to a (10) while 25 is ready: 25 runs, a waits. */
	sched_handoff(a);
	d->state = THREAD_STOPPED;
	TAP_ASSERT(sched_current == d && sched_dirty);	/* a lower partner: a pick */
	TAP_ASSERT(kshim_pick() == e);
	/* e (25) hands off to d (30), nothing changed since the pick: at once. */
	sched_handoff(d);
	e->state = THREAD_STOPPED;
	TAP_ASSERT(sched_current == d && !sched_dirty);
	TAP_ASSERT(kshim_pick() == d);
}

TAP_TEST(set_prio_of_ready_running_and_blocked)
{
	struct tcb *a, *b, *c;

	setup(0);
	a = kshim_thread(task, 50);
	b = kshim_thread(task, 50);
	c = kshim_thread(task, 60);
	TAP_ASSERT(kshim_pick() == c);
	sched_set_prio(c, 50);		/* running: head of its new queue */
	TAP_ASSERT(kshim_pick() == c);
	kernel_sched_yield();
	TAP_ASSERT(kshim_pick() == a);
	sched_set_prio(b, 50);		/* ready, same prio: to the tail (a c b) */
	kernel_sched_yield();
	TAP_ASSERT(kshim_pick() == c);
	kernel_sched_yield();
	TAP_ASSERT(kshim_pick() == b);
	kernel_sched_yield();
	TAP_ASSERT(kshim_pick() == a);
	sched_set_prio(a, 1);		/* running, lowered: outranked */
	TAP_ASSERT(kshim_pick() == c);
	kshim_sleep(b, 5);
	sched_set_prio(b, 200);		/* blocked: keeps its state */
	TAP_ASSERT_EQ(b->state, THREAD_SLEEP);
	TAP_ASSERT_EQ(b->prio, 200);
	TAP_ASSERT(kshim_pick() == c);
	for (int i = 0; i < 6; i++)
		kshim_tick();
	TAP_ASSERT_EQ(b->state, THREAD_READY);
	TAP_ASSERT(kshim_pick() == b);	/* woken into its new queue */
}

/* ms at hz from start: the thread is asleep until exactly want ticks later. */
static bool sleeps_exactly(uint32_t start, unsigned int hz, uint32_t ms,
			   uint32_t want)
{
	struct tcb *t;

	setup(start);
	kshim_hz = hz;
	t = kshim_thread(task, 7);
	kshim_pick();
	t->ctx.r[0] = 0x5a5a;
	kshim_sleep(t, ms);
	if (!t->timed || t->deadline != start + want || kshim_pick())
		return false;
	for (uint32_t i = 1; i < want; i++) {
		kshim_tick();
		if (t->state != THREAD_SLEEP)
			return false;
	}
	kshim_tick();
	return t->state == THREAD_READY && !t->timed && t->ctx.r[0] == 0 &&
	       kshim_pick() == t;
}

TAP_TEST(sleep_lasts_ms_on_the_counter)
{
	TAP_ASSERT(sleeps_exactly(100, 1000, 1, 1));
	TAP_ASSERT(sleeps_exactly(100, 1000, 5, 5));
	TAP_ASSERT(sleeps_exactly(100, 100, 5, 5));	/* the tick rate does not matter */
	TAP_ASSERT(sleeps_exactly(0xfffffffau, 1000, 10, 10));	/* across the wrap */
	TAP_ASSERT(sleeps_exactly(0xffffffffu, 1000, 1, 1));
	TAP_ASSERT(sleeps_exactly(0, 1000, IPC_TIMEOUT_MAX_MS, IPC_TIMEOUT_MAX_MS));
}

TAP_TEST(never_is_not_armed)
{
	struct tcb *t;

	setup(0);
	t = kshim_thread(task, 7);
	kshim_pick();
	sched_unready(t);
	t->state = THREAD_RECV;
	t->wait_from = TID_ANY;
	sched_timeout_arm(t, IPC_TIMEOUT_NEVER);
	TAP_ASSERT(!t->timed);
	ipc_cancel(t, -125);
	TAP_ASSERT_EQ(t->state, THREAD_READY);
	TAP_ASSERT_EQ(t->ctx.r[0], (uint32_t)-125);
}

/*
 * Sleepers armed in a scrambled order, some deadlines before and some
 * after the counter wraps, wake in deadline order, ties in arming order.
 */
TAP_TEST(timeouts_wake_in_deadline_order_across_the_wrap)
{
	static const uint32_t ms[] = { 30, 3, 12, 3, 25, 1, 12, 8, 30, 2 };
	enum { N = ARRAY_SIZE(ms) };
	struct tcb *t[N];
	uint32_t woken[N] = { 0 }, nwoken = 0;

	setup(0xfffffff0u);
	for (unsigned int i = 0; i < N; i++)
		t[i] = kshim_thread(task, 3);
	kshim_pick();
	for (unsigned int i = 0; i < N; i++)
		kshim_sleep(t[i], ms[i]);
	TAP_ASSERT(kshim_pick() == NULL);
	for (int tick = 0; tick < 40; tick++) {
		kshim_tick();
		for (unsigned int i = 0; i < N; i++)
			if (t[i]->state == THREAD_READY && t[i]->ctx.r[0] != 0x77) {
				TAP_ASSERT_EQ(kshim_ticks, 0xfffffff0u + ms[i]);
				t[i]->ctx.r[0] = 0x77;
			}
	}
	/* The run queue holds them in the order they woke. */
	for (unsigned int i = 0; i < N; i++) {
		struct tcb *r = kshim_pick();

		TAP_ASSERT(r && r->ctx.r[0] == 0x77);
		for (unsigned int j = 0; j < N; j++)
			if (r == t[j])
				woken[nwoken] = j;
		nwoken++;
		kernel_sched_yield();
	}
	for (unsigned int i = 1; i < N; i++) {
		uint32_t a = woken[i - 1], b = woken[i];

		TAP_ASSERT(ms[a] < ms[b] || (ms[a] == ms[b] && a < b));
	}
}

TAP_TEST(cancelled_timeout_never_fires)
{
	struct tcb *a, *b;

	setup(0xfffffffeu);
	a = kshim_thread(task, 3);
	b = kshim_thread(task, 3);
	kshim_pick();
	kshim_sleep(a, 2);
	kshim_sleep(b, 2);
	TAP_ASSERT(kshim_pick() == NULL);
	sched_timeout_cancel(a);
	TAP_ASSERT(!a->timed);
	sched_timeout_cancel(a);	/* twice is harmless */
	for (int i = 0; i < 5; i++)
		kshim_tick();
	TAP_ASSERT_EQ(a->state, THREAD_SLEEP);
	TAP_ASSERT_EQ(b->state, THREAD_READY);
	ipc_cancel(a, 0);		/* back to ready for the teardown */
}

TAP_TEST(woken_higher_priority_preempts)
{
	struct tcb *lo, *hi;

	setup(0);
	lo = kshim_thread(task, 10);
	hi = kshim_thread(task, 11);
	TAP_ASSERT(kshim_pick() == hi);
	kshim_sleep(hi, 3);
	TAP_ASSERT(kshim_pick() == lo);
	for (int i = 0; i < 2; i++) {
		kshim_tick();
		TAP_ASSERT(kshim_pick() == lo);
	}
	kshim_tick();
	TAP_ASSERT(kshim_pick() == hi);
	TAP_ASSERT_EQ(lo->slice_left, sched_slice_counts() - 3);
}

int main(void)
{
	return tap_main();
}
