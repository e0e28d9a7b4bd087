/*
 * The run queues, shared by kernel/sched.c and the IPC fast path
 * (kernel/ipc.c), which switches threads without the scheduler's pick.
 */
#ifndef MICA_KERNEL_SCHED_INTERNAL_H
#define MICA_KERNEL_SCHED_INTERNAL_H

#include <arch/thread.h>
#include <kernel/sched.h>

#define BITS_PER_WORD	32

extern struct list runq[SCHED_PRIOS];
extern uint32_t ready_words[SCHED_PRIOS / BITS_PER_WORD];
extern uint32_t ready_summary;		/* bit w: ready_words[w] != 0 */

static inline void ready_set(unsigned int prio)
{
	ready_words[prio / BITS_PER_WORD] |= 1u << (prio % BITS_PER_WORD);
	ready_summary |= 1u << (prio / BITS_PER_WORD);
}

/* Clears prio's bit once its queue is empty. */
static inline void ready_clear_if_empty(unsigned int prio)
{
	unsigned int w = prio / BITS_PER_WORD;

	if (!list_empty(&runq[prio]))
		return;
	ready_words[w] &= ~(1u << (prio % BITS_PER_WORD));
	if (!ready_words[w])
		ready_summary &= ~(1u << w);
}

/*
 * The switch of the fast path and of sched_handoff(): the running thread
 * cur leaves its queue (it blocks; the caller sets its state) and to, of
 * at least its priority, runs next at the head of its queue. The queues'
 * head and sched_current stay in step, so sched_dirty is left as it is
 * (clear: the caller checked).
 */
static inline void sched_switch_direct(struct tcb *cur, struct tcb *to)
{
	to->state = THREAD_READY;
	if (cur->prio == to->prio) {	/* to takes cur's place: same bitmap */
		struct list *prev = cur->run.prev, *next = cur->run.next;

		to->run.prev = prev;
		to->run.next = next;
		prev->next = &to->run;
		next->prev = &to->run;
	} else {
		list_del(&cur->run);
		ready_clear_if_empty(cur->prio);
		list_add(&to->run, &runq[to->prio]);
		ready_set(to->prio);
	}
	arch_thread_switch(to->task->space, to->utcb);
	sched_current = to;
}

#endif
