/*
 * Host tests for the IPC state machine (kernel/ipc.c with sched.c,
 * thread.c and task.c, built unchanged over kshim.c): send and receive in
 * both arrival orders, register and UTCB words and the cache operations on
 * the kernel's UTCB alias, call and reply-and-wait, every phase's timeout
 * with its exact error, polls, the argument errors, cancel, destroyed
 * partners.
 */
#include <string.h>

#include <arch/thread.h>
#include <uapi/errno.h>

#include "kshim.h"
#include "shim.h"
#include "tap.h"

#define NEVER		IPC_TIMEOUTS(IPC_TIMEOUT_NEVER, IPC_TIMEOUT_NEVER)
#define POLL		IPC_TIMEOUTS(IPC_TIMEOUT_POLL, IPC_TIMEOUT_POLL)
#define ERR(e)		((uint32_t)-(e))

static struct task *ta, *tb;

static void setup(void)
{
	kshim_world_init(1000);
	ta = kshim_task("a");
	tb = kshim_task("b");
}

static const uint32_t W[8] = { 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17 };

static bool has_words(struct tcb *t, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		if (*kshim_mr(&t->ctx, i) != W[i])
			return false;
	return true;
}

/* t received tag from `from` with W's words: r0 0, r1 the sender, r2 the tag. */
static bool got(struct tcb *t, struct tcb *from, uint32_t tag)
{
	return t->state == THREAD_READY && t->ctx.r[0] == 0 &&
	       t->ctx.r[1] == from->tid && t->ctx.r[2] == tag &&
	       has_words(t, IPC_TAG_WORDS(tag) < 8 ? IPC_TAG_WORDS(tag) : 8);
}

static bool on(struct list *q, struct tcb *t)
{
	for (struct list *p = q->next; p != q; p = p->next)
		if (p == &t->run)
			return true;
	return false;
}

TAP_TEST(send_first_then_receive)
{
	struct tcb *a, *b;
	uint32_t tag = IPC_TAG(0x1234, 5);

	setup();
	a = kshim_thread(ta, 10);
	b = kshim_thread(tb, 10);
	TAP_ASSERT(kshim_pick() == a);
	TAP_ASSERT_EQ(kshim_ipc(a, b->tid, TID_NIL, tag, NEVER, W), SYSCALL_DEFERRED);
	TAP_ASSERT_EQ(a->state, THREAD_SEND);
	TAP_ASSERT(a->partner == b && on(&b->sendq, a) && !a->timed);
	TAP_ASSERT(kshim_pick() == b);
	TAP_ASSERT_EQ(kshim_ipc(b, TID_NIL, TID_ANY, 0xffffffffu, NEVER, NULL),
		      SYSCALL_DEFERRED);	/* a receive ignores its tag */
	TAP_ASSERT(got(b, a, tag));
	TAP_ASSERT_EQ(*kshim_mr(&b->ctx, 5), 0);	/* words past the count untouched */
	TAP_ASSERT_EQ(a->state, THREAD_READY);
	TAP_ASSERT_EQ(a->ctx.r[0], 0);
	TAP_ASSERT(list_empty(&b->sendq));
	TAP_ASSERT(kshim_pick() == b);		/* a joined the tail */
}

TAP_TEST(receive_first_then_send)
{
	struct tcb *a, *b;
	uint32_t tag = IPC_TAG(7, 8);

	setup();
	b = kshim_thread(tb, 10);
	a = kshim_thread(ta, 10);
	TAP_ASSERT(kshim_pick() == b);
	TAP_ASSERT_EQ(kshim_ipc(b, TID_NIL, TID_ANY, 0, NEVER, NULL), SYSCALL_DEFERRED);
	TAP_ASSERT_EQ(b->state, THREAD_RECV);
	TAP_ASSERT(kshim_pick() == a);
	TAP_ASSERT_EQ(kshim_ipc(a, b->tid, TID_NIL, tag, NEVER, W), 0);
	TAP_ASSERT(got(b, a, tag));
	TAP_ASSERT(kshim_pick() == a);		/* the sender keeps running */
}

TAP_TEST(closed_receive_takes_only_its_sender)
{
	struct tcb *a, *b, *c;

	setup();
	b = kshim_thread(tb, 10);
	a = kshim_thread(ta, 10);
	c = kshim_thread(ta, 10);
	kshim_pick();
	TAP_ASSERT_EQ(kshim_ipc(b, TID_NIL, c->tid, 0, NEVER, NULL), SYSCALL_DEFERRED);
	TAP_ASSERT(on(&c->recvq, b));
	TAP_ASSERT(kshim_pick() == a);
	TAP_ASSERT_EQ(kshim_ipc(a, b->tid, TID_NIL, IPC_TAG(1, 0), NEVER, W), SYSCALL_DEFERRED);
	TAP_ASSERT_EQ(a->state, THREAD_SEND);	/* b does not take a */
	TAP_ASSERT(kshim_pick() == c);
	TAP_ASSERT_EQ(kshim_ipc(c, b->tid, TID_NIL, IPC_TAG(2, 1), NEVER, W), 0);
	TAP_ASSERT(got(b, c, IPC_TAG(2, 1)));
	TAP_ASSERT(list_empty(&c->recvq));
	/* Then b's open wait finds a, first on its sendq. */
	TAP_ASSERT_EQ(kshim_ipc(b, TID_NIL, TID_ANY, 0, POLL, NULL), SYSCALL_DEFERRED);
	TAP_ASSERT(got(b, a, IPC_TAG(1, 0)));
}

TAP_TEST(sendq_is_fifo_and_a_closed_receive_skips)
{
	struct tcb *r, *s[3];

	setup();
	r = kshim_thread(tb, 10);
	for (int i = 0; i < 3; i++)
		s[i] = kshim_thread(ta, 10);
	thread_stop(r);
	for (int i = 0; i < 3; i++) {
		TAP_ASSERT(kshim_pick() == s[i]);
		kshim_ipc(s[i], r->tid, TID_NIL, IPC_TAG(i, 0), NEVER, NULL);
	}
	thread_start(r);
	TAP_ASSERT(kshim_pick() == r);
	kshim_ipc(r, TID_NIL, s[1]->tid, 0, POLL, NULL);
	TAP_ASSERT(got(r, s[1], IPC_TAG(1, 0)));
	kshim_ipc(r, TID_NIL, TID_ANY, 0, POLL, NULL);
	TAP_ASSERT(got(r, s[0], IPC_TAG(0, 0)));
	kshim_ipc(r, TID_NIL, TID_ANY, 0, POLL, NULL);
	TAP_ASSERT(got(r, s[2], IPC_TAG(2, 0)));
}

/* Words 8..n-1 go UTCB to UTCB through the kernel aliases, with cache ops. */
TAP_TEST(utcb_words_through_the_kernel_alias)
{
	struct tcb *a, *b;
	uint32_t tag = IPC_TAG(3, IPC_MAX_WORDS);

	setup();
	b = kshim_thread(tb, 10);
	a = kshim_thread(ta, 10);
	kshim_pick();
	kshim_ipc(b, TID_NIL, TID_ANY, 0, NEVER, NULL);
	for (unsigned int i = 0; i < IPC_MAX_WORDS; i++) {
		a->kutcb->mr[i] = 0xa000 + i;
		b->kutcb->mr[i] = 0xb000 + i;
	}
	b->kutcb->tid = 0x5555;
	kshim_pick();
	kshim_cache_len = 0;
	TAP_ASSERT_EQ(kshim_ipc(a, b->tid, TID_NIL, tag, NEVER, W), 0);
	TAP_ASSERT(got(b, a, tag));
	for (unsigned int i = 0; i < IPC_REG_WORDS; i++)
		TAP_ASSERT_EQ(b->kutcb->mr[i], 0xb000 + i);	/* not the UTCB's */
	for (unsigned int i = IPC_REG_WORDS; i < IPC_MAX_WORDS; i++)
		TAP_ASSERT_EQ(b->kutcb->mr[i], 0xa000 + i);
	TAP_ASSERT_EQ(b->kutcb->tid, 0x5555);
	TAP_ASSERT_EQ(kshim_cache_len, 2);
	TAP_ASSERT_EQ(kshim_cache_log[0].op, KC_INV);	/* the source, before reading */
	TAP_ASSERT_EQ(kshim_cache_log[0].a, (vaddr_t)&a->kutcb->mr[8]);
	TAP_ASSERT_EQ(kshim_cache_log[0].b, (vaddr_t)&a->kutcb->mr[64]);
	TAP_ASSERT_EQ(kshim_cache_log[1].op, KC_CLEAN_INV);	/* the target, after */
	TAP_ASSERT_EQ(kshim_cache_log[1].a, (vaddr_t)&b->kutcb->mr[8]);
	TAP_ASSERT_EQ(kshim_cache_log[1].b, (vaddr_t)&b->kutcb->mr[64]);

	kshim_cache_len = 0;			/* 8 words: registers only */
	kshim_ipc(b, TID_NIL, TID_ANY, 0, NEVER, NULL);
	kshim_ipc(a, b->tid, TID_NIL, IPC_TAG(3, 8), NEVER, W);
	TAP_ASSERT(got(b, a, IPC_TAG(3, 8)));
	TAP_ASSERT_EQ(kshim_cache_len, 0);
}

/* The current space's UTCB is used through its user address, no cache op. */
TAP_TEST(utcb_of_the_current_space_through_its_user_address)
{
	static struct mica_utcb user_view;
	struct tcb *a, *b;
	struct mica_utcb *kb;

	setup();
	b = kshim_thread(tb, 10);
	a = kshim_thread(ta, 10);
	kshim_pick();
	kshim_ipc(b, TID_NIL, TID_ANY, 0, NEVER, NULL);
	kb = b->kutcb;
	b->utcb = &user_view;		/* the host stand-in for its user address */
	memset(kb, 0, sizeof(*kb));
	for (unsigned int i = 0; i < 12; i++)
		a->kutcb->mr[i] = 0xa000 + i;
	vm_space_switch(tb->space);
	kshim_cache_len = 0;
	kshim_ipc(a, b->tid, TID_NIL, IPC_TAG(0, 12), NEVER, W);
	TAP_ASSERT(got(b, a, IPC_TAG(0, 12)));
	for (unsigned int i = 8; i < 12; i++) {
		TAP_ASSERT_EQ(user_view.mr[i], 0xa000 + i);
		TAP_ASSERT_EQ(kb->mr[i], 0);
	}
	TAP_ASSERT_EQ(kshim_cache_len, 1);		/* only a's alias, invalidated */
	TAP_ASSERT_EQ(kshim_cache_log[0].op, KC_INV);
	TAP_ASSERT_EQ(kshim_cache_log[0].a, (vaddr_t)&a->kutcb->mr[8]);
	vm_space_switch(&vm_kernel);
	b->utcb = (struct mica_utcb *)(uintptr_t)(MICA_UTCB_AREA + b->utcb_slot * MICA_UTCB_SIZE);
}

TAP_TEST(call_to_a_waiting_server_and_reply_and_wait)
{
	struct tcb *c, *s;

	setup();
	s = kshim_thread(tb, 10);
	c = kshim_thread(ta, 10);
	kshim_thread(ta, 10);
	TAP_ASSERT(kshim_pick() == s);
	kshim_ipc(s, TID_NIL, TID_ANY, 0, NEVER, NULL);
	TAP_ASSERT(kshim_pick() == c);
	TAP_ASSERT_EQ(kshim_ipc(c, s->tid, s->tid, IPC_TAG(9, 2), NEVER, W), SYSCALL_DEFERRED);
	TAP_ASSERT(got(s, c, IPC_TAG(9, 2)));
	TAP_ASSERT_EQ(c->state, THREAD_RECV);
	TAP_ASSERT(c->wait_from == s->tid && on(&s->recvq, c));
	TAP_ASSERT(kshim_pick() == s);		/* handoff: ahead of the third */
	TAP_ASSERT_EQ(kshim_ipc(s, c->tid, TID_ANY, IPC_TAG(10, 3), NEVER, W), SYSCALL_DEFERRED);
	TAP_ASSERT(got(c, s, IPC_TAG(10, 3)));
	TAP_ASSERT_EQ(s->state, THREAD_RECV);
	TAP_ASSERT(list_empty(&s->recvq));
	TAP_ASSERT(kshim_pick() == c);		/* handoff back */
}

TAP_TEST(call_to_a_busy_server)
{
	struct tcb *c, *s;

	setup();
	c = kshim_thread(ta, 10);
	s = kshim_thread(tb, 10);
	TAP_ASSERT(kshim_pick() == c);
	kshim_ipc(c, s->tid, s->tid, IPC_TAG(1, 1), IPC_TIMEOUTS(IPC_TIMEOUT_NEVER, 4), W);
	TAP_ASSERT(c->state == THREAD_SEND && c->recv_from == s->tid && !c->timed);
	TAP_ASSERT(kshim_pick() == s);
	kshim_tick();				/* tick 1001: the receive phase is not armed yet */
	kshim_ipc(s, TID_NIL, TID_ANY, 0, NEVER, NULL);
	TAP_ASSERT(got(s, c, IPC_TAG(1, 1)));
	TAP_ASSERT(c->state == THREAD_RECV && c->timed && on(&s->recvq, c));
	TAP_ASSERT_EQ(c->deadline, 1001 + 4);	/* armed at the transfer */
	kshim_ipc(s, c->tid, TID_NIL, IPC_TAG(2, 0), NEVER, NULL);
	TAP_ASSERT(got(c, s, IPC_TAG(2, 0)));
	TAP_ASSERT(!c->timed);
}

/* A phase's timeout at its exact tick: the thread's state, error, queues. */
TAP_TEST(timeouts_per_phase)
{
	struct tcb *a, *b, *c;

	setup();
	a = kshim_thread(ta, 10);
	b = kshim_thread(tb, 10);
	c = kshim_thread(tb, 10);
	kshim_pick();
	kshim_ipc(a, b->tid, TID_NIL, 0, IPC_TIMEOUTS(3, IPC_TIMEOUT_NEVER), NULL);
	kshim_ipc(b, TID_NIL, TID_ANY, IPC_TAG(0, 0xff), IPC_TIMEOUTS(0, 5), NULL);
	TAP_ASSERT(got(b, a, 0));
	kshim_ipc(a, c->tid, TID_NIL, 0, IPC_TIMEOUTS(3, 0), NULL);
	TAP_ASSERT_EQ(a->state, THREAD_SEND);
	kshim_ipc(b, TID_NIL, TID_ANY, 0, IPC_TIMEOUTS(IPC_TIMEOUT_NEVER, 5), NULL);
	kshim_ipc(c, a->tid, a->tid, 0, IPC_TIMEOUTS(IPC_TIMEOUT_NEVER, 1), NULL);	/* blocks */
	TAP_ASSERT_EQ(c->state, THREAD_SEND);
	kshim_pick();
	for (int i = 0; i < 2; i++)
		kshim_tick();
	TAP_ASSERT_EQ(a->state, THREAD_SEND);
	kshim_tick();				/* 1003: deadlines are counts, one a tick */
	TAP_ASSERT(a->state == THREAD_READY && a->ctx.r[0] == ERR(ESENDTIMEDOUT));
	TAP_ASSERT(!on(&c->sendq, a) && list_empty(&c->sendq));
	TAP_ASSERT(c->state == THREAD_SEND && on(&a->sendq, c) && !c->timed);
	kshim_tick();
	TAP_ASSERT_EQ(b->state, THREAD_RECV);
	kshim_tick();				/* 1005 */
	TAP_ASSERT(b->state == THREAD_READY && b->ctx.r[0] == ERR(ETIMEDOUT));
	/* c's call: a receives, then c's 1 ms receive phase ends at +1. */
	kshim_ipc(a, TID_NIL, TID_ANY, 0, NEVER, NULL);
	TAP_ASSERT(got(a, c, 0));
	TAP_ASSERT(c->state == THREAD_RECV && c->deadline == 1005 + 1);
	kshim_tick();
	TAP_ASSERT(c->state == THREAD_READY && c->ctx.r[0] == ERR(ETIMEDOUT));
	TAP_ASSERT(list_empty(&a->recvq));
}

TAP_TEST(polls)
{
	struct tcb *a, *b;

	setup();
	a = kshim_thread(ta, 10);
	b = kshim_thread(tb, 10);
	kshim_pick();
	TAP_ASSERT_EQ(kshim_ipc(a, b->tid, TID_NIL, 0, POLL, NULL), -ESENDTIMEDOUT);
	TAP_ASSERT_EQ(a->state, THREAD_READY);
	TAP_ASSERT_EQ(kshim_ipc(a, TID_NIL, TID_ANY, 0, POLL, NULL), -ETIMEDOUT);
	TAP_ASSERT_EQ(kshim_ipc(a, TID_NIL, b->tid, 0, POLL, NULL), -ETIMEDOUT);
	/* A call whose receive phase polls: sent, then -ETIMEDOUT. */
	kshim_ipc(b, TID_NIL, TID_ANY, 0, NEVER, NULL);
	TAP_ASSERT_EQ(kshim_ipc(a, b->tid, b->tid, 0, IPC_TIMEOUTS(0, 0), NULL), -ETIMEDOUT);
	TAP_ASSERT(got(b, a, 0));
	TAP_ASSERT_EQ(a->state, THREAD_READY);
	/* The same with a blocked sender: -ETIMEDOUT when taken. */
	kshim_ipc(a, b->tid, b->tid, 0, IPC_TIMEOUTS(IPC_TIMEOUT_NEVER, 0), NULL);
	kshim_ipc(b, TID_NIL, TID_ANY, 0, NEVER, NULL);
	TAP_ASSERT(got(b, a, 0));
	TAP_ASSERT(a->state == THREAD_READY && a->ctx.r[0] == ERR(ETIMEDOUT) && !a->timed);
	TAP_ASSERT(list_empty(&b->recvq));
}

TAP_TEST(argument_errors_change_nothing)
{
	struct tcb *a, *b;
	uint32_t dead;

	setup();
	a = kshim_thread(ta, 10);
	b = kshim_thread(tb, 10);
	dead = kshim_thread(tb, 10)->tid;
	thread_destroy(thread_lookup(dead));
	kshim_pick();
	kshim_ipc(b, TID_NIL, TID_ANY, 0, NEVER, NULL);
	TAP_ASSERT_EQ(kshim_ipc(a, b->tid, TID_NIL, 0x80, NEVER, W), -EINVAL);
	TAP_ASSERT_EQ(kshim_ipc(a, b->tid, TID_NIL, 0x8000, NEVER, W), -EINVAL);
	TAP_ASSERT_EQ(kshim_ipc(a, b->tid, TID_NIL, IPC_TAG(0, 65), NEVER, W), -EMSGSIZE);
	TAP_ASSERT_EQ(kshim_ipc(a, dead, TID_NIL, 0, NEVER, W), -ESRCH);
	TAP_ASSERT_EQ(kshim_ipc(a, TID_NIL, dead, 0, NEVER, W), -ESRCH);
	TAP_ASSERT_EQ(kshim_ipc(a, b->tid, dead, 0, NEVER, W), -ESRCH);
	TAP_ASSERT_EQ(kshim_ipc(a, b->tid | 0x80000000u, TID_NIL, 0, NEVER, W), -ESRCH);
	TAP_ASSERT_EQ(kshim_ipc(a, a->tid, TID_NIL, 0, NEVER, W), -EINVAL);
	TAP_ASSERT_EQ(kshim_ipc(a, TID_NIL, a->tid, 0, NEVER, W), -EINVAL);
	TAP_ASSERT_EQ(kshim_ipc(a, TID_NIL, TID_NIL, 0x80, NEVER, W), 0);	/* nothing to do */
	TAP_ASSERT_EQ(b->state, THREAD_RECV);
	TAP_ASSERT_EQ(a->state, THREAD_READY);
	TAP_ASSERT_EQ(kshim_ipc(a, TID_NIL, TID_ANY, 0x80, POLL, NULL), -ETIMEDOUT);	/* tag ignored */
	TAP_ASSERT_EQ(kshim_ipc(a, b->tid, TID_NIL, IPC_TAG(0, 64), NEVER, W), 0);
}

TAP_TEST(cancel_a_wait)
{
	struct tcb *a, *b, *c;

	setup();
	a = kshim_thread(ta, 10);
	b = kshim_thread(tb, 10);
	c = kshim_thread(tb, 10);
	kshim_pick();
	kshim_ipc(a, b->tid, TID_NIL, 0, IPC_TIMEOUTS(50, 0), NULL);
	kshim_ipc(b, TID_NIL, c->tid, 0, IPC_TIMEOUTS(0, 50), NULL);
	kshim_sleep(c, 50);
	ipc_cancel(a, -ECANCELED);
	ipc_cancel(b, -ECANCELED);
	ipc_cancel(c, -ECANCELED);
	TAP_ASSERT(a->state == THREAD_READY && a->ctx.r[0] == ERR(ECANCELED) && !a->timed);
	TAP_ASSERT(b->state == THREAD_READY && b->ctx.r[0] == ERR(ECANCELED) && !b->timed);
	TAP_ASSERT(c->state == THREAD_READY && c->ctx.r[0] == ERR(ECANCELED) && !c->timed);
	TAP_ASSERT(list_empty(&b->sendq) && list_empty(&c->recvq));
	a->ctx.r[0] = 0x42;
	ipc_cancel(a, -ECANCELED);		/* not waiting: untouched */
	TAP_ASSERT_EQ(a->ctx.r[0], 0x42);
	for (int i = 0; i < 60; i++)
		kshim_tick();
	TAP_ASSERT_EQ(a->ctx.r[0], 0x42);
}

TAP_TEST(destroyed_partner_cancels_its_waiters)
{
	struct tcb *s, *snd, *rcv, *caller, *waiter;

	setup();
	s = kshim_thread(tb, 10);
	snd = kshim_thread(ta, 10);
	rcv = kshim_thread(ta, 10);
	caller = kshim_thread(ta, 10);
	waiter = kshim_thread(ta, 10);
	kshim_pick();
	kshim_ipc(snd, s->tid, TID_NIL, 0, NEVER, NULL);
	kshim_ipc(rcv, TID_NIL, s->tid, 0, NEVER, NULL);
	kshim_ipc(caller, s->tid, s->tid, 0, IPC_TIMEOUTS(9, 9), NULL);
	kshim_ipc(waiter, TID_NIL, TID_ANY, 0, NEVER, NULL);
	thread_destroy(s);
	TAP_ASSERT(snd->state == THREAD_READY && snd->ctx.r[0] == ERR(ECANCELED));
	TAP_ASSERT(rcv->state == THREAD_READY && rcv->ctx.r[0] == ERR(ECANCELED));
	TAP_ASSERT(caller->state == THREAD_READY && caller->ctx.r[0] == ERR(ECANCELED));
	TAP_ASSERT(!caller->timed);
	TAP_ASSERT_EQ(waiter->state, THREAD_RECV);	/* an open wait stays */
	TAP_ASSERT(kshim_pick() == snd);
}

TAP_TEST(destroyed_server_during_the_receive_phase)
{
	struct tcb *s, *c;

	setup();
	s = kshim_thread(tb, 10);
	c = kshim_thread(ta, 10);
	kshim_pick();
	kshim_ipc(s, TID_NIL, TID_ANY, 0, NEVER, NULL);
	kshim_ipc(c, s->tid, s->tid, 0, IPC_TIMEOUTS(9, 9), NULL);
	TAP_ASSERT(c->state == THREAD_RECV && c->timed);
	thread_destroy(s);
	TAP_ASSERT(c->state == THREAD_READY && c->ctx.r[0] == ERR(ECANCELED) && !c->timed);
	TAP_ASSERT(kshim_pick() == c);
}

/* A blocked call to s whose receive phase names x: x dies first. */
TAP_TEST(receive_partner_gone_when_the_send_completes)
{
	struct tcb *s, *c, *x;

	setup();
	s = kshim_thread(tb, 10);
	c = kshim_thread(ta, 10);
	x = kshim_thread(ta, 10);
	kshim_pick();
	kshim_ipc(c, s->tid, x->tid, IPC_TAG(5, 0), NEVER, NULL);
	thread_destroy(x);
	TAP_ASSERT_EQ(c->state, THREAD_SEND);
	kshim_ipc(s, TID_NIL, TID_ANY, 0, NEVER, NULL);
	TAP_ASSERT(got(s, c, IPC_TAG(5, 0)));
	TAP_ASSERT(c->state == THREAD_READY && c->ctx.r[0] == ERR(ECANCELED));
}

TAP_TEST(destroyed_blocked_sender_leaves_the_sendq)
{
	struct tcb *s, *a;

	setup();
	s = kshim_thread(tb, 10);
	a = kshim_thread(ta, 10);
	kshim_pick();
	kshim_ipc(a, s->tid, TID_NIL, 0, IPC_TIMEOUTS(5, 0), NULL);
	thread_destroy(a);
	TAP_ASSERT(list_empty(&s->sendq));
	for (int i = 0; i < 10; i++)
		kshim_tick();			/* its timeout is gone too */
	TAP_ASSERT_EQ(kshim_ipc(s, TID_NIL, TID_ANY, 0, POLL, NULL), -ETIMEDOUT);
}

int main(void)
{
	return tap_main();
}
