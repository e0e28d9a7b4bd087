/*
 * The scheduler: 256 fixed priorities (255 highest), each a FIFO run queue;
 * a bitmap of non-empty queues picks the highest in O(1) with CLZ. The
 * running thread is the head of its queue; its timeslice (measured on the
 * free-running counter, so lost ticks do not stretch it) runs out on a
 * tick and sends it to the tail. A thread woken by IPC or a timeout joins
 * the tail of its queue and preempts the running thread when its priority
 * is higher. docs/sched.md states the whole policy.
 */
#ifndef MICA_KERNEL_SCHED_H
#define MICA_KERNEL_SCHED_H

#include <kernel/thread.h>

#define SCHED_PRIOS		256
#define SCHED_SLICE_MS		10	/* the timeslice */

/* The thread the kernel returns to, or NULL while idle. */
extern struct tcb *sched_current;

/*
 * Set by every change to the run queues: sched_current may no longer be
 * the thread to run. Cleared when sched_return() picks. A path that keeps
 * the queues' head and sched_current in step itself (the IPC fast path)
 * leaves it clear.
 */
extern bool sched_dirty;

void sched_init(void);

/* A whole timeslice, in counts of the free-running counter. */
uint32_t sched_slice_counts(void);

/* Puts t (not on a queue) at the tail of its run queue, state READY. */
void sched_ready(struct tcb *t);

/* Takes t off its run queue (it blocks, stops or dies). */
void sched_unready(struct tcb *t);

/*
 * The running thread blocks and hands the processor to partner (woken by
 * the same IPC): partner takes the head of its queue, so it runs next
 * unless a higher priority is ready. When nothing else can be ahead of it
 * (sched_dirty clear, partner of at least the running thread's priority)
 * it becomes sched_current at once, in its own space: the caller touches
 * no user memory after.
 */
void sched_handoff(struct tcb *partner);

/* The running thread goes to the tail of its queue. */
void sched_yield(void);

/* Moves t to priority prio, keeping its state. */
void sched_set_prio(struct tcb *t, uint8_t prio);

/*
 * Arms t's timeout ms milliseconds from now (IPC_TIMEOUT_NEVER: none);
 * when it expires before sched_timeout_cancel(), t gets err in r0.
 */
void sched_timeout_arm(struct tcb *t, uint32_t ms);
void sched_timeout_cancel(struct tcb *t);

/* The clock's hook, once per tick: timeouts and the timeslice. */
void sched_tick(void);

/*
 * Leaves the kernel: picks the thread to run (the head of the highest
 * non-empty queue), switches to its space, and returns to its user
 * context; waits for an interrupt while nothing is ready.
 */
void __noreturn sched_return(void);

/*
 * The end of a system call: the running thread's context when nothing
 * changed the queues, else sched_return().
 */
static inline struct trap_frame *sched_resume(void)
{
	if (unlikely(sched_dirty))
		sched_return();
	return &sched_current->ctx;
}

#endif
