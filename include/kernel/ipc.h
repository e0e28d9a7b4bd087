/*
 * Synchronous IPC (the ABI is in <uapi/ipc.h>, the semantics in
 * docs/ipc.md). A transfer copies the tag's words from the sender's
 * registers and UTCB into the receiver's and tells the receiver the
 * sender's id; a blocked thread's IPC state is in its TCB, so a partner's
 * kernel entry finishes it.
 */
#ifndef MICA_KERNEL_IPC_H
#define MICA_KERNEL_IPC_H

#include <kernel/thread.h>

/*
 * SYS_IPC for the running thread cur: validates every argument, then does
 * the send phase and the receive phase. Returns the result for r0, or
 * SYSCALL_DEFERRED when cur blocked or its registers already hold it.
 */
int ipc_sys(struct tcb *cur);

/*
 * The fast path, tried first for every SYS_IPC (arch/arm/entry.S): a call
 * or reply-and-wait with words in registers only, to a partner that waits
 * for it, with nothing else to do — no sender queued for an open wait, no
 * timeout to arm or cancel, a partner of at least the caller's priority
 * and nothing pending for the scheduler. The message goes across, cur
 * blocks in its receive phase and the partner runs next, without the
 * scheduler's pick: returns the partner's context. Returns NULL, having
 * changed nothing, for everything else (then syscall_entry runs the call).
 */
struct trap_frame *ipc_fastpath(struct tcb *cur);

/*
 * t's armed timeout expired (the tick): it gets its phase's error
 * (-ETIMEDOUT for a console read too, 0 for a sleep).
 */
void ipc_timeout(struct tcb *t);

/*
 * Aborts t's IPC, sleep or console read, if any: it returns err
 * (-ECANCELED) and is ready. Threads waiting on t (sending to it, or
 * receiving from it only) are cancelled by ipc_cancel_partners() before t
 * is destroyed.
 */
void ipc_cancel(struct tcb *t, int err);
void ipc_cancel_partners(struct tcb *t);

/*
 * The fault protocol's kernel side (kernel/fault.c, <uapi/fault.h>).
 * ipc_fault_call: the running thread t, its fault message in t->fault and
 * t->fault_word, calls pager (sends, or queues to send, and then waits for
 * the reply); the pager runs next when it was waiting.
 * ipc_stop: takes t out of any IPC wait, registers untouched, and stops it.
 */
void ipc_fault_call(struct tcb *t, struct tcb *pager);
void ipc_stop(struct tcb *t);

/* Writes t's fault message into d's registers: its tag, words and sender. */
void fault_message(const struct tcb *t, struct trap_frame *d);

/*
 * The pager's reply (its registers) to t, which waits on it in a fault.
 * Returns true when t is to run again (the caller makes it ready), false
 * when it was stopped or destroyed; *err is the pager's result: 0, or the
 * error of a refused item (t stopped), or -EEXIST when the destination
 * was mapped already (t runs again: a thread of its task faulted on the
 * same page first, say).
 */
bool fault_reply(struct tcb *pager, struct tcb *t, int *err);

/*
 * t's pager went away while t waited on it: t stops with a report (false),
 * or, when the fault was its system call's, the call fails with -EFAULT
 * and t is to run (true: the caller makes it ready); an exit message's
 * task is destroyed (false).
 */
bool fault_abandon(struct tcb *t);

/* A thread's r0 result is already in place (or will be written later). */
#define SYSCALL_DEFERRED	((int)0x80000000)

#endif
