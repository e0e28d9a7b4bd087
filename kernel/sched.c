/*
 * Run queues, the ready bitmap, timeouts and the tick; the policy is in
 * include/kernel/sched.h and docs/sched.md.
 */
#include <arch/cpu.h>
#include <arch/thread.h>
#include <platform.h>
#include <kernel/ipc.h>
#include <kernel/panic.h>
#include <kernel/sched.h>

#include "sched_internal.h"

struct tcb *sched_current;
bool sched_dirty;

struct list runq[SCHED_PRIOS];
uint32_t ready_words[SCHED_PRIOS / BITS_PER_WORD];
uint32_t ready_summary;
static struct list timeouts;		/* armed timeouts, earliest first */
static uint32_t last_tick;		/* the counter at the last tick */

uint32_t sched_slice_counts(void)
{
	return SCHED_SLICE_MS * (platform_counter_hz() / 1000);
}

void sched_init(void)
{
	for (unsigned int p = 0; p < SCHED_PRIOS; p++)
		list_init(&runq[p]);
	list_init(&timeouts);
	last_tick = platform_counter_read();
}

static void ready_mark(unsigned int prio)
{
	sched_dirty = true;
	ready_set(prio);
}

void sched_ready(struct tcb *t)
{
	t->state = THREAD_READY;
	list_add_tail(&t->run, &runq[t->prio]);
	ready_mark(t->prio);
}

void sched_unready(struct tcb *t)
{
	BUG_ON(t->state != THREAD_READY);
	sched_dirty = true;
	list_del(&t->run);
	ready_clear_if_empty(t->prio);
}

void sched_handoff(struct tcb *partner)
{
	struct tcb *cur = sched_current;

	if (!sched_dirty && partner->prio >= cur->prio) {
		/* cur heads the highest queue, so partner runs next: at once */
		BUG_ON(cur->state != THREAD_READY);
		sched_switch_direct(cur, partner);
		return;
	}
	if (cur->prio == partner->prio && runq[cur->prio].next == &cur->run) {
		/* partner takes cur's place at the head: the bitmap stays */
		BUG_ON(cur->state != THREAD_READY);
		sched_dirty = true;
		partner->state = THREAD_READY;
		list_insert(&partner->run, &runq[cur->prio], cur->run.next);
		return;
	}
	sched_unready(cur);
	partner->state = THREAD_READY;
	list_add(&partner->run, &runq[partner->prio]);
	ready_mark(partner->prio);
}

/* The head of the highest non-empty queue, or NULL. */
static struct tcb *sched_pick(void)
{
	unsigned int w, prio;

	if (!ready_summary)
		return NULL;
	w = BITS_PER_WORD - 1 - __builtin_clz(ready_summary);
	prio = w * BITS_PER_WORD + BITS_PER_WORD - 1 - __builtin_clz(ready_words[w]);
	return list_entry(runq[prio].next, struct tcb, run);
}

/* The running thread goes behind the others of its priority. */
static void sched_rotate(struct tcb *t)
{
	sched_dirty = true;
	t->slice_left = sched_slice_counts();
	list_del(&t->run);
	list_add_tail(&t->run, &runq[t->prio]);
}

void sched_yield(void)
{
	sched_rotate(sched_current);
}

void sched_set_prio(struct tcb *t, uint8_t prio)
{
	if (t->state != THREAD_READY) {
		t->prio = prio;
		return;
	}
	sched_unready(t);
	t->prio = prio;
	if (t == sched_current) {	/* it keeps running unless outranked */
		list_add(&t->run, &runq[prio]);
		ready_mark(prio);
	} else {
		sched_ready(t);
	}
}

/*
 * Deadlines are counts of the free-running counter (24 MHz here), not
 * ticks: a tick that comes late or is lost (a loaded host, QEMU -icount
 * warping an idle wait) does not stretch a timeout; the first tick at or
 * after the deadline ends it. Counts are compared by their difference, so
 * the counter's 32-bit wrap (179 s at 24 MHz) is harmless for timeouts of
 * at most IPC_TIMEOUT_MAX_MS.
 */
static bool count_before(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) < 0;
}

void sched_timeout_arm(struct tcb *t, uint32_t ms)
{
	struct list *pos;

	if (ms == IPC_TIMEOUT_NEVER)
		return;
	t->deadline = platform_counter_read() + ms * (platform_counter_hz() / 1000);
	for (pos = timeouts.prev; pos != &timeouts; pos = pos->prev)
		if (!count_before(t->deadline,
				  list_entry(pos, struct tcb, timeout)->deadline))
			break;
	list_insert(&t->timeout, pos, pos->next);
	t->timed = true;
}

void sched_timeout_cancel(struct tcb *t)
{
	if (!t->timed)
		return;
	list_del(&t->timeout);
	t->timed = false;
}

void sched_tick(void)
{
	struct tcb *t = sched_current;
	uint32_t now = platform_counter_read();

	while (!list_empty(&timeouts)) {
		struct tcb *w = list_entry(timeouts.next, struct tcb, timeout);

		if (count_before(now, w->deadline))
			break;
		sched_timeout_cancel(w);
		ipc_timeout(w);
	}
	/* The time since the last tick is the running thread's, lost ticks too. */
	if (t && t->state == THREAD_READY) {
		if (now - last_tick >= t->slice_left)
			sched_rotate(t);
		else
			t->slice_left -= now - last_tick;
	}
	last_tick = now;
}

/* Nothing is ready: wait for an interrupt to make something ready. */
static struct tcb *sched_idle(void)
{
	struct tcb *t;

	sched_current = NULL;
	while (!(t = sched_pick()))
		cpu_idle();		/* IRQs on while waiting, off after */
	return t;
}

void sched_return(void)
{
	struct tcb *t = sched_pick();

	if (!t)
		t = sched_idle();
	sched_dirty = false;
	if (t != sched_current) {
		arch_thread_switch(t->task->space, t->utcb);
		sched_current = t;
	}
	arch_user_return(&t->ctx);
}
