/*
 * The IPC state machine. A send finds its receiver waiting (RECV, and
 * willing to take this sender) or blocks on the receiver's sendq; a
 * receive takes the first matching sender on its own sendq or blocks.
 * A sender that blocked carries the receive phase of its call or
 * reply-and-wait in its TCB (recv_from, recv_timeout): the receiver's
 * kernel entry arms it in the same step as the transfer, so a reply can
 * never arrive before its caller waits for it.
 */
#include <arch/cache.h>
#include <arch/thread.h>
#include <kernel/ipc.h>
#include <kernel/sched.h>
#include <uapi/syscall.h>

#include "sched_internal.h"
#include <uapi/errno.h>
#include <uapi/fault.h>

#define TIMEOUT_SEND(t)		((t) & 0xffffu)
#define TIMEOUT_RECV(t)		((t) >> 16)

/*
 * A thread's UTCB as the kernel may access it now: through its user
 * address when its space is current (the cache holds the user's lines);
 * else through the kernel's alias, whose lines are never dirty (every
 * write below is cleaned at once) and are invalidated before a read, and
 * whose user lines the VIVT switch already wrote back (docs/ipc.md).
 */
static struct mica_utcb *utcb_view(struct tcb *t)
{
	if (t->task->space == vm_space_current())
		return t->utcb;
	return t->kutcb;
}

static void utcb_copy(struct tcb *src, struct tcb *dst, unsigned int n)
{
	struct mica_utcb *from = utcb_view(src), *to = utcb_view(dst);

	if (from == src->kutcb)
		dcache_inv_range((vaddr_t)&from->mr[IPC_REG_WORDS],
				 (vaddr_t)&from->mr[n]);
	for (unsigned int i = IPC_REG_WORDS; i < n; i++)
		to->mr[i] = from->mr[i];
	if (to == dst->kutcb)
		dcache_clean_inv_range((vaddr_t)&to->mr[IPC_REG_WORDS],
				       (vaddr_t)&to->mr[n]);
}

/* Copies src's message (tag in its r2) to dst and tells dst who sent it. */
static void ipc_transfer(struct tcb *src, struct tcb *dst)
{
	uint32_t tag = src->ctx.r[2];
	unsigned int n = IPC_TAG_WORDS(tag);

	if (unlikely(src->fault)) {	/* the kernel's message for src */
		fault_message(src, &dst->ctx);
		return;
	}
	ctx_copy_mrs(&dst->ctx, &src->ctx, n < IPC_REG_WORDS ? n : IPC_REG_WORDS);
	if (n > IPC_REG_WORDS)
		utcb_copy(src, dst, n);
	dst->ctx.r[0] = 0;
	dst->ctx.r[1] = src->tid;
	dst->ctx.r[2] = tag;
}

/* Takes a blocked thread off its partner's queue and its timeout. */
static void ipc_unblock(struct tcb *t)
{
	if (t->state == THREAD_SEND ||
	    (t->state == THREAD_RECV && t->wait_from != TID_ANY))
		list_del(&t->run);
	sched_timeout_cancel(t);
}

static void ipc_wake(struct tcb *t, int err)
{
	ipc_unblock(t);
	t->ctx.r[0] = err;
	sched_ready(t);
}

/* t waits to receive from partner only (NULL: from anyone) for ms. */
static void ipc_wait_for(struct tcb *t, struct tcb *partner, uint32_t ms)
{
	t->state = THREAD_RECV;
	t->wait_from = partner ? partner->tid : TID_ANY;
	if (partner)
		list_add_tail(&t->run, &partner->recvq);
	sched_timeout_arm(t, ms);
}

/* t waits to receive from `from` (TID_ANY or a live thread) for ms. */
static void ipc_block_recv(struct tcb *t, uint32_t from, uint32_t ms)
{
	ipc_wait_for(t, from == TID_ANY ? NULL : thread_lookup(from), ms);
}

/*
 * A sender's message was taken: its receive phase starts now (call,
 * reply-and-wait), or its IPC is done and it is ready.
 */
static void ipc_sender_done(struct tcb *s)
{
	uint32_t from = s->recv_from;

	ipc_unblock(s);
	if (from == TID_NIL || s->recv_timeout == IPC_TIMEOUT_POLL ||
	    (from != TID_ANY && !thread_lookup(from))) {
		s->ctx.r[0] = from == TID_NIL ? 0 :
			      s->recv_timeout == IPC_TIMEOUT_POLL ? -ETIMEDOUT : -ECANCELED;
		sched_ready(s);
		return;
	}
	ipc_block_recv(s, from, s->recv_timeout);
}

static bool ipc_accepts(const struct tcb *rcv, const struct tcb *snd)
{
	return rcv->state == THREAD_RECV &&
	       (rcv->wait_from == TID_ANY || rcv->wait_from == snd->tid);
}

/* The first thread on t's sendq that `from` admits, or NULL. */
static struct tcb *ipc_find_sender(struct tcb *t, uint32_t from)
{
	struct list *pos;

	for (pos = t->sendq.next; pos != &t->sendq; pos = pos->next) {
		struct tcb *s = list_entry(pos, struct tcb, run);

		if (from == TID_ANY || s->tid == from)
			return s;
	}
	return NULL;
}

/* The receive phase of cur; woke is the partner its send phase woke. */
static int ipc_recv_phase(struct tcb *cur, uint32_t from, uint32_t ms,
			  struct tcb *woke)
{
	struct tcb *s = ipc_find_sender(cur, from);

	if (s || ms == IPC_TIMEOUT_POLL) {
		if (woke)
			sched_ready(woke);
		if (!s)
			return -ETIMEDOUT;
		ipc_transfer(s, cur);
		ipc_sender_done(s);
		return SYSCALL_DEFERRED;
	}
	if (woke)
		sched_handoff(woke);
	else
		sched_unready(cur);
	ipc_block_recv(cur, from, ms);
	return SYSCALL_DEFERRED;
}

/* cur blocks sending to dst; its receive phase waits in its TCB. */
static int ipc_block_send(struct tcb *cur, struct tcb *dst, uint32_t from,
			  uint32_t timeouts)
{
	sched_unready(cur);
	cur->state = THREAD_SEND;
	cur->partner = dst;
	cur->recv_from = from;
	cur->recv_timeout = TIMEOUT_RECV(timeouts);
	list_add_tail(&cur->run, &dst->sendq);
	sched_timeout_arm(cur, TIMEOUT_SEND(timeouts));
	return SYSCALL_DEFERRED;
}

/* Decode: every check before any state changes; the tag matters to a send only. */
static int ipc_check(struct tcb *cur, struct tcb **dst)
{
	uint32_t to = cur->ctx.r[0], from = cur->ctx.r[1];
	uint32_t tag = cur->ctx.r[2];

	*dst = to == TID_NIL ? NULL : thread_lookup(to);
	if (to != TID_NIL && (tag & IPC_TAG_RESERVED))
		return -EINVAL;
	if (to != TID_NIL && IPC_TAG_LABEL(tag) >= IPC_LABEL_KERNEL &&
	    !(*dst && (*dst)->fault))
		return -EINVAL;		/* the kernel's, but for a fault reply */
	if (to != TID_NIL && IPC_TAG_WORDS(tag) > IPC_MAX_WORDS)
		return -EMSGSIZE;
	if (to != TID_NIL && !*dst)
		return -ESRCH;
	if (from != TID_NIL && from != TID_ANY && !thread_lookup(from))
		return -ESRCH;
	if (*dst == cur || from == cur->tid)
		return -EINVAL;		/* it would wait for itself */
	return 0;
}

struct trap_frame *ipc_fastpath(struct tcb *cur)
{
	uint32_t to = cur->ctx.r[0], from = cur->ctx.r[1], tag = cur->ctx.r[2];
	unsigned int n = IPC_TAG_WORDS(tag);
	struct tcb *dst;

	/* With no reserved bit set, the tag's low half is its word count. */
	if ((tag & 0xffffu) > IPC_REG_WORDS || tag >= IPC_LABEL_KERNEL << 16 ||
	    sched_dirty ||
	    TIMEOUT_RECV(cur->ctx.r[3]) != IPC_TIMEOUT_NEVER ||
	    (from != TID_ANY && from != to) ||
	    (from == TID_ANY && !list_empty(&cur->sendq)))
		return NULL;
	dst = thread_lookup(to);
	if (!dst || dst == cur || !ipc_accepts(dst, cur) || dst->timed ||
	    dst->fault || dst->prio < cur->prio)
		return NULL;
	ctx_copy_mrs(&dst->ctx, &cur->ctx, n);
	dst->ctx.r[0] = 0;
	dst->ctx.r[1] = cur->tid;
	dst->ctx.r[2] = tag;
	if (dst->wait_from != TID_ANY)
		list_del(&dst->run);		/* off cur's recvq */
	cur->state = THREAD_RECV;
	cur->wait_from = from;
	sched_switch_direct(cur, dst);
	if (from != TID_ANY)
		list_add_tail(&cur->run, &dst->recvq);
	return &dst->ctx;
}

int ipc_sys(struct tcb *cur)
{
	uint32_t from = cur->ctx.r[1], tmo = cur->ctx.r[3];
	struct tcb *dst;
	int err = ipc_check(cur, &dst);

	if (err)
		return err;
	if (dst) {
		if (!ipc_accepts(dst, cur)) {
			if (TIMEOUT_SEND(tmo) == IPC_TIMEOUT_POLL)
				return -ESENDTIMEDOUT;
			return ipc_block_send(cur, dst, from, tmo);
		}
		if (unlikely(dst->fault)) {
			bool run = fault_reply(cur, dst, &err);

			if (run)
				ipc_unblock(dst);
			if (run && err)
				sched_ready(dst);
			if (err)
				return err;
			if (!run)
				dst = NULL;	/* stopped or gone */
		} else {
			ipc_unblock(dst);
			ipc_transfer(cur, dst);
		}
		if (from == TID_NIL) {
			if (dst)
				sched_ready(dst);
			return 0;
		}
	}
	if (from == TID_NIL)
		return 0;
	return ipc_recv_phase(cur, from, TIMEOUT_RECV(tmo), dst);
}

void ipc_timeout(struct tcb *t)
{
	ipc_wake(t, t->state == THREAD_SEND ? -ESENDTIMEDOUT :
		    t->state == THREAD_RECV || t->state == THREAD_INPUT ? -ETIMEDOUT : 0);
}

void ipc_stop(struct tcb *t)
{
	if (t->state == THREAD_SEND || t->state == THREAD_RECV ||
	    t->state == THREAD_SLEEP || t->state == THREAD_INPUT)
		ipc_unblock(t);
	else if (t->state == THREAD_READY)
		sched_unready(t);
	t->state = THREAD_STOPPED;
}

/* A thread waiting on its pager has no system call to fail: it stops. */
void ipc_cancel(struct tcb *t, int err)
{
	if (t->fault) {
		t->fault = 0;
		ipc_stop(t);
	} else if (t->state == THREAD_SEND || t->state == THREAD_RECV ||
		   t->state == THREAD_SLEEP || t->state == THREAD_INPUT) {
		ipc_wake(t, err);
	}
}

static void ipc_cancel_waiter(struct tcb *t)
{
	if (!t->fault) {
		ipc_cancel(t, -ECANCELED);
	} else if (fault_abandon(t)) {
		ipc_unblock(t);
		sched_ready(t);
	}
}

void ipc_cancel_partners(struct tcb *t)
{
	while (!list_empty(&t->sendq))
		ipc_cancel_waiter(list_entry(t->sendq.next, struct tcb, run));
	while (!list_empty(&t->recvq))
		ipc_cancel_waiter(list_entry(t->recvq.next, struct tcb, run));
}

void ipc_fault_call(struct tcb *t, struct tcb *pager)
{
	if (!ipc_accepts(pager, t)) {
		ipc_block_send(t, pager, pager->tid,
			       IPC_TIMEOUTS(IPC_TIMEOUT_NEVER, IPC_TIMEOUT_NEVER));
		return;
	}
	ipc_unblock(pager);
	fault_message(t, &pager->ctx);
	sched_handoff(pager);
	ipc_wait_for(t, pager, IPC_TIMEOUT_NEVER);
}
