/*
 * A seeded random run of the scheduler and the IPC state machine (the
 * unchanged kernel/ipc.c, sched.c, thread.c over kshim.c): the running
 * thread (the kernel's pick) sends, receives, calls, replies and waits,
 * sleeps or yields with random partners, tags and timeouts; ticks, cancels,
 * destroys and priority changes come between. After every step:
 *  - the pick is a READY thread of the highest priority any READY thread
 *    has, or idle when none is (the ready bitmap matches the queues);
 *  - every thread is in exactly one place: READY on its priority's queue,
 *    SEND on its partner's sendq, a closed RECV on its partner's recvq;
 *    every queue holds only such threads;
 *  - a thread is on the timeout list iff its phase has a finite timeout,
 *    with the deadline now + ms (counter counts: one a tick), the list in
 *    deadline order;
 *  - every change of state has a cause, and its r0 the exact error: a
 *    timeout that expired at this tick, a cancel, a destroyed partner, or
 *    a transfer;
 *  - each message (its label a sequence number) is delivered at most once,
 *    with its sender's id, tag, register and UTCB words, to a receiver
 *    that admitted that sender, and is delivered exactly when its sender
 *    learns that its send phase completed (never lost).
 * MICA_SEED repeats a run; MICA_STEPS changes its length.
 */
#include <stdlib.h>
#include <string.h>

#include <arch/thread.h>
#include <uapi/errno.h>

#include "fuzz.h"
#include "kshim.h"
#include "shim.h"
#include "tap.h"

#define NT		8
#define ERR(e)		((uint32_t)-(e))
#define MAXSEQ		0xffffu

enum { M_NONE, M_PENDING, M_DELIVERED, M_FAILED };

struct sim {
	struct tcb *t;
	uint8_t state;		/* before the step */
	bool timed;
	uint32_t deadline, wait_from, r0;
	struct tcb *partner;
	uint32_t msg;		/* SEND: the message's sequence number */
	uint32_t send_ms, recv_ms;	/* the phases' timeouts of its last IPC */
	bool delivered_now;	/* its message was taken in this step */
};

static struct sim sim[NT];
static uint8_t msg_state[MAXSEQ + 1];
static uint32_t msg_from[MAXSEQ + 1], msg_tag[MAXSEQ + 1];
static uint32_t seq, dead_tids[16], now_step;
static struct task *tasks[2];
static char why[256];

#define CHECK(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			snprintf(why, sizeof(why), __VA_ARGS__);	\
			return false;					\
		}							\
	} while (0)

static uint32_t word(uint32_t s, unsigned int i)
{
	return s * 0x100 + i;
}

static struct sim *sim_of(const struct tcb *t)
{
	for (int i = 0; i < NT; i++)
		if (sim[i].t == t)
			return &sim[i];
	return NULL;
}

static void spawn(int i)
{
	sim[i] = (struct sim){ 0 };
	sim[i].t = kshim_thread(tasks[fuzz_rand() % 2], 5 + fuzz_rand() % 3);
	sim[i].send_ms = sim[i].recv_ms = IPC_TIMEOUT_NEVER;
}

static bool before(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) < 0;
}

/* How many live threads' node n is (field at offset off), and which. */
static struct tcb *node_owner(struct list *n, size_t off)
{
	for (int i = 0; i < NT; i++)
		if ((struct list *)((char *)sim[i].t + off) == n)
			return sim[i].t;
	return NULL;
}

static bool check_queues(void)
{
	unsigned int nsend = 0, nclosed = 0, qsend = 0, qrecv = 0;

	for (int i = 0; i < NT; i++) {
		struct tcb *t = sim[i].t;

		for (struct list *p = t->sendq.next; p != &t->sendq; p = p->next, qsend++) {
			struct tcb *s = node_owner(p, offsetof(struct tcb, run));

			CHECK(s && s->state == THREAD_SEND && s->partner == t,
			      "sendq of %x holds a non-sender", t->tid);
		}
		for (struct list *p = t->recvq.next; p != &t->recvq; p = p->next, qrecv++) {
			struct tcb *s = node_owner(p, offsetof(struct tcb, run));

			CHECK(s && s->state == THREAD_RECV && s->wait_from == t->tid,
			      "recvq of %x holds a stranger", t->tid);
		}
		nsend += t->state == THREAD_SEND;
		nclosed += t->state == THREAD_RECV && t->wait_from != TID_ANY;
	}
	CHECK(nsend == qsend && nclosed == qrecv, "%u senders on %u sendq places, "
	      "%u closed receivers on %u recvq places", nsend, qsend, nclosed, qrecv);
	/* The READY threads of each priority form one circle with one head. */
	for (int i = 0; i < NT; i++) {
		struct tcb *t = sim[i].t;
		unsigned int members = 0, heads = 0, want = 0;

		if (t->state != THREAD_READY)
			continue;
		for (int j = 0; j < NT; j++)
			want += sim[j].t->state == THREAD_READY && sim[j].t->prio == t->prio;
		for (struct list *p = t->run.next; p != &t->run; p = p->next) {
			struct tcb *o = node_owner(p, offsetof(struct tcb, run));

			if (!o) {
				heads++;
				continue;
			}
			CHECK(o->state == THREAD_READY && o->prio == t->prio,
			      "run queue %u holds %x (state %u prio %u)", t->prio,
			      o->tid, o->state, o->prio);
			members++;
		}
		CHECK(heads == 1 && members + 1 == want,
		      "run queue %u: %u heads, %u others, %u ready", t->prio, heads, members, want);
	}
	return true;
}

static bool check_timeouts(void)
{
	struct tcb *first = NULL;
	unsigned int ntimed = 0, seen = 0;
	struct list *head = NULL;

	for (int i = 0; i < NT; i++) {
		struct tcb *t = sim[i].t;
		bool want = t->state == THREAD_SLEEP ||
			    (t->state == THREAD_SEND && sim[i].send_ms != IPC_TIMEOUT_NEVER) ||
			    (t->state == THREAD_RECV && sim[i].recv_ms != IPC_TIMEOUT_NEVER);

		CHECK(t->timed == want, "%x (state %u) timed %d", t->tid, t->state, t->timed);
		if (t->timed) {
			CHECK(before(kshim_ticks, t->deadline), "%x deadline %x passed at %x",
			      t->tid, t->deadline, kshim_ticks);
			ntimed++;
			first = t;
		}
	}
	if (!first)
		return true;
	for (struct list *p = first->timeout.next; p != &first->timeout; p = p->next)
		if (!node_owner(p, offsetof(struct tcb, timeout))) {
			CHECK(!head, "two heads on the timeout list");
			head = p;
		}
	CHECK(head, "no head on the timeout list");
	for (struct list *p = head->next; p != head; p = p->next, seen++) {
		struct tcb *t = node_owner(p, offsetof(struct tcb, timeout));

		CHECK(t && t->timed, "an untimed thread on the timeout list");
		if (p->next != head) {
			struct tcb *n = node_owner(p->next, offsetof(struct tcb, timeout));

			CHECK(n && !before(n->deadline, t->deadline),
			      "timeout list out of order: %x before %x", t->deadline,
			      n ? n->deadline : 0);
		}
	}
	CHECK(seen == ntimed, "%u on the timeout list, %u timed", seen, ntimed);
	return true;
}

/* t (the receiver) took a message in this step: is it one, and the one it may? */
static bool check_delivery(struct sim *r, bool is_caller)
{
	struct tcb *t = r->t;
	uint32_t s = IPC_TAG_LABEL(t->ctx.r[2]), n = IPC_TAG_WORDS(t->ctx.r[2]);
	struct tcb *from = thread_lookup(t->ctx.r[1]);

	CHECK(s && s <= seq && msg_state[s] == M_PENDING,
	      "%x got message %u in state %u", t->tid, s, s <= MAXSEQ ? msg_state[s] : 0);
	CHECK(msg_from[s] == t->ctx.r[1] && msg_tag[s] == t->ctx.r[2],
	      "message %u: from %x tag %x, sent by %x tag %x", s, t->ctx.r[1],
	      t->ctx.r[2], msg_from[s], msg_tag[s]);
	CHECK(r->wait_from == TID_ANY || r->wait_from == t->ctx.r[1],
	      "%x waiting for %x took %x's message", t->tid, r->wait_from, t->ctx.r[1]);
	for (unsigned int i = 0; i < n; i++) {
		uint32_t got = i < IPC_REG_WORDS ? *kshim_mr(&t->ctx, i) : t->kutcb->mr[i];

		CHECK(got == word(s, i), "message %u word %u: %x", s, i, got);
	}
	CHECK(is_caller || n >= IPC_MAX_WORDS || t->kutcb->mr[n < 8 ? 8 : n] == 0xdead,
	      "message %u: a word beyond its %u was written", s, n);
	msg_state[s] = M_DELIVERED;
	if (from && sim_of(from))
		sim_of(from)->delivered_now = true;
	return true;
}

enum op { OP_IPC, OP_SLEEP, OP_YIELD, OP_TICK, OP_CANCEL, OP_DESTROY, OP_PRIO };

struct step {
	enum op op;
	struct tcb *cur, *target;	/* the caller; cancel/destroy's victim */
	uint32_t target_tid;
	int result;
	uint32_t to, from, seq;
};

static uint32_t random_tid(bool allow_nil, bool allow_any)
{
	uint32_t r = fuzz_rand() % 16;

	if (allow_nil && r < 4)
		return TID_NIL;
	if (allow_any && r < 8)
		return TID_ANY;
	if (r == 8)
		return dead_tids[fuzz_rand() % 16];
	return sim[fuzz_rand() % NT].t->tid;
}

static uint32_t random_ms(void)
{
	uint32_t r = fuzz_rand() % 8;

	return r < 1 ? IPC_TIMEOUT_POLL : r < 5 ? IPC_TIMEOUT_NEVER : 1 + fuzz_rand() % 6;
}

/* A thread other than t that is waiting to receive from t, or TID_NIL. */
static uint32_t waiting_for(const struct tcb *t)
{
	int k = fuzz_rand() % NT;

	for (int i = 0; i < NT; i++) {
		struct tcb *o = sim[(k + i) % NT].t;

		if (o != t && o->state == THREAD_RECV &&
		    (o->wait_from == TID_ANY || o->wait_from == t->tid))
			return o->tid;
	}
	return TID_NIL;
}

/* Some other live thread. */
static uint32_t other(const struct tcb *t)
{
	struct tcb *o = sim[fuzz_rand() % NT].t;

	return o == t ? TID_NIL : o->tid;
}

static void do_ipc(struct step *st)
{
	struct tcb *t = st->cur;
	struct sim *me = sim_of(t);
	uint32_t n = fuzz_rand() % 4 ? fuzz_rand() % 9 : fuzz_rand() % 14;
	uint32_t w[8], tag, sms = random_ms(), rms = random_ms();

	if (fuzz_rand() % 50 == 0)
		n = IPC_MAX_WORDS;
	switch (fuzz_rand() % 4) {
	case 0:				/* anything, errors included */
		st->to = random_tid(true, false);
		st->from = random_tid(true, true);
		break;
	case 1:				/* a server: (reply and) wait */
		st->to = fuzz_rand() % 2 ? waiting_for(t) : TID_NIL;
		st->from = TID_ANY;
		break;
	default:			/* a client: call or send */
		st->to = fuzz_rand() % 2 ? waiting_for(t) : other(t);
		if (st->to == TID_NIL)
			st->to = other(t);
		st->from = fuzz_rand() % 2 ? st->to : TID_NIL;
		break;
	}
	st->seq = ++seq;
	tag = IPC_TAG(st->seq, n);
	if (fuzz_rand() % 64 == 0)
		tag |= 0x100;			/* reserved: -EINVAL with a send */
	for (unsigned int i = 0; i < 8; i++)
		w[i] = word(st->seq, i);
	for (unsigned int i = 8; i < IPC_MAX_WORDS; i++)
		t->kutcb->mr[i] = i < n ? word(st->seq, i) : 0xdead;
	me->send_ms = sms;
	me->recv_ms = rms;
	if (st->to != TID_NIL) {
		msg_state[st->seq] = M_PENDING;
		msg_from[st->seq] = t->tid;
		msg_tag[st->seq] = tag;
	}
	st->result = kshim_ipc(t, st->to, st->from, tag, IPC_TIMEOUTS(sms, rms), w);
	if (t->state == THREAD_SEND)
		me->msg = st->seq;
}

/* The expected r0 of a thread that left a blocked state without a transfer. */
static bool check_wakeup(struct sim *s, const struct step *st)
{
	struct tcb *t = s->t;
	bool expired = st->op == OP_TICK && s->timed && !before(kshim_ticks, s->deadline);
	bool cancelled = st->op == OP_CANCEL && st->target == t;
	bool orphaned = st->op == OP_DESTROY &&
			((s->state == THREAD_SEND && s->partner == st->target) ||
			 (s->state == THREAD_RECV && s->wait_from == st->target_tid));
	uint32_t want;

	if (expired)
		want = s->state == THREAD_SEND ? ERR(ESENDTIMEDOUT) :
		       s->state == THREAD_RECV ? ERR(ETIMEDOUT) : 0;
	else if (cancelled || orphaned)
		want = ERR(ECANCELED);
	else
		CHECK(false, "%x left state %u with r0 %x for no reason (op %u)",
		      t->tid, s->state, t->ctx.r[0], st->op);
	CHECK(t->state == THREAD_READY && t->ctx.r[0] == want,
	      "%x woke from state %u: state %u r0 %x, expected r0 %x", t->tid,
	      s->state, t->state, t->ctx.r[0], want);
	if (s->state == THREAD_SEND) {
		CHECK(msg_state[s->msg] == M_PENDING, "message %u of a failed send in state %u",
		      s->msg, msg_state[s->msg]);
		msg_state[s->msg] = M_FAILED;
	}
	return true;
}

/* A sender whose message was taken: its receive phase or its result. */
static bool check_sender_done(struct sim *s)
{
	struct tcb *t = s->t;
	uint32_t from = t->recv_from;

	if (t->state == THREAD_RECV) {
		CHECK(from != TID_NIL && t->wait_from == from, "%x receives from %x, asked %x",
		      t->tid, t->wait_from, from);
		CHECK(!t->timed || t->deadline == kshim_ticks + s->recv_ms,
		      "%x receive deadline %x at %x + %u", t->tid, t->deadline, kshim_ticks, s->recv_ms);
		return true;
	}
	CHECK(t->state == THREAD_READY, "%x: state %u after its send", t->tid, t->state);
	CHECK(t->ctx.r[0] == (from == TID_NIL ? 0 : s->recv_ms == IPC_TIMEOUT_POLL ?
			       ERR(ETIMEDOUT) : ERR(ECANCELED)),
	      "%x: r0 %x after its send (receive from %x, %u ms)", t->tid, t->ctx.r[0],
	      from, s->recv_ms);
	return true;
}

static bool check_step(const struct step *st)
{
	/* Receivers first: they mark the messages taken. */
	for (int i = 0; i < NT; i++) {
		struct sim *s = &sim[i];
		struct tcb *t = s->t;
		bool took = s->state == THREAD_RECV && t->state == THREAD_READY &&
			    t->ctx.r[0] == 0, mine = false;

		if (st->op == OP_IPC && t == st->cur && st->from != TID_NIL &&
		    st->result == SYSCALL_DEFERRED && t->state == THREAD_READY) {
			took = mine = true;	/* its own UTCB held what it sent */
			s->wait_from = st->from;
		}
		if (took && !check_delivery(s, mine))
			return false;
	}
	for (int i = 0; i < NT; i++) {
		struct sim *s = &sim[i];
		struct tcb *t = s->t;

		if (st->op == OP_IPC && t == st->cur) {
			bool sent = msg_state[st->seq] == M_DELIVERED;

			if (st->to == TID_NIL)
				continue;
			if (t->state == THREAD_SEND) {
				CHECK(!sent && t->partner == thread_lookup(st->to),
				      "%x blocked sending to %x", t->tid, st->to);
				CHECK(!t->timed || t->deadline == kshim_ticks + s->send_ms,
				      "%x send deadline %x at %x + %u", t->tid, t->deadline,
				      kshim_ticks, s->send_ms);
				continue;
			}
			if (!sent) {
				CHECK(msg_state[st->seq] == M_PENDING, "message %u", st->seq);
				msg_state[st->seq] = M_FAILED;
				CHECK(st->result < 0 && st->result != -ETIMEDOUT,
				      "%x: message %u not taken, result %d", t->tid, st->seq, st->result);
				continue;
			}
			if (t->state == THREAD_RECV)
				CHECK(!t->timed || t->deadline == kshim_ticks + s->recv_ms,
				      "%x receive deadline", t->tid);
			continue;
		}
		if (t->state == s->state && !(s->state == THREAD_RECV && t->state == THREAD_RECV &&
					       s->delivered_now))
			continue;
		if (s->state == THREAD_READY)
			CHECK(false, "%x changed from READY to %u, not its own call", t->tid, t->state);
		if (s->state == THREAD_SEND && s->delivered_now) {
			if (!check_sender_done(s))
				return false;
			continue;
		}
		if (s->state == THREAD_RECV && t->state == THREAD_READY && t->ctx.r[0] == 0)
			continue;		/* checked as a delivery */
		if (!check_wakeup(s, st))
			return false;
	}
	for (int i = 0; i < NT; i++) {
		struct tcb *t = sim[i].t;

		if (t->state == THREAD_SEND)
			CHECK(msg_state[sim[i].msg] == M_PENDING && sim_of(t->partner),
			      "%x sends message %u in state %u", t->tid, sim[i].msg,
			      msg_state[sim[i].msg]);
		if (t->state == THREAD_RECV && t->wait_from != TID_ANY)
			CHECK(thread_lookup(t->wait_from), "%x waits for a dead thread", t->tid);
	}
	return check_queues() && check_timeouts();
}

static bool check_pick(struct tcb *cur)
{
	int best = -1;

	for (int i = 0; i < NT; i++)
		if (sim[i].t->state == THREAD_READY && sim[i].t->prio > best)
			best = sim[i].t->prio;
	if (best < 0)
		CHECK(cur == NULL, "picked %x with nothing ready", cur->tid);
	else
		CHECK(cur && cur->state == THREAD_READY && cur->prio == best,
		      "picked %x (prio %u), best ready prio %d", cur ? cur->tid : 0,
		      cur ? cur->prio : 0, best);
	return true;
}

static void snapshot(void)
{
	for (int i = 0; i < NT; i++) {
		struct sim *s = &sim[i];
		struct tcb *t = s->t;

		s->state = t->state;
		s->timed = t->timed;
		s->deadline = t->deadline;
		s->wait_from = t->wait_from;
		s->partner = t->partner;
		s->r0 = t->ctx.r[0];
		s->delivered_now = false;
		for (unsigned int m = 8; m < IPC_MAX_WORDS && t->state != THREAD_SEND; m++)
			t->kutcb->mr[m] = 0xdead;	/* a blocked sender's words wait */
	}
}

static bool any_timed(void)
{
	for (int i = 0; i < NT; i++)
		if (sim[i].t->timed)
			return true;
	return false;
}

static bool run(uint32_t steps)
{
	unsigned int counts[7] = { 0 }, states[4] = { 0 };

	kshim_world_init(0xffffffffu - 700 - fuzz_rand() % 600);
	tasks[0] = kshim_task("a");
	tasks[1] = kshim_task("b");
	memset(msg_state, 0, sizeof(msg_state));
	seq = 0;
	for (int i = 0; i < NT; i++)
		spawn(i);
	for (now_step = 0; now_step < steps; now_step++) {
		struct step st = { 0 };
		struct tcb *cur = kshim_pick();
		uint32_t r = fuzz_rand() % 100;

		if (!check_pick(cur))
			return false;
		snapshot();
		if (seq >= MAXSEQ - 1) {
			for (int i = 0; i < NT; i++)
				ipc_cancel(sim[i].t, -ECANCELED);
			return true;
		}
		if (!cur)
			r = any_timed() && fuzz_rand() % 4 ? 75 : fuzz_rand() % 2 ? 90 : 95;
		st.cur = cur;
		st.op = r < 55 ? OP_IPC : r < 62 ? OP_SLEEP : r < 66 ? OP_YIELD :
			r < 85 ? OP_TICK : r < 93 ? OP_CANCEL : r < 97 ? OP_DESTROY : OP_PRIO;
		counts[st.op]++;
		switch (st.op) {
		case OP_IPC:
			do_ipc(&st);
			break;
		case OP_SLEEP:
			sim_of(cur)->send_ms = 1 + fuzz_rand() % 6;
			kshim_sleep(cur, sim_of(cur)->send_ms);
			break;
		case OP_YIELD:
			kernel_sched_yield();
			break;
		case OP_TICK:
			kshim_tick();
			break;
		case OP_CANCEL:
			st.target = sim[fuzz_rand() % NT].t;
			ipc_cancel(st.target, -ECANCELED);
			break;
		case OP_DESTROY: {
			int i = fuzz_rand() % NT;

			st.target = sim[i].t;
			st.target_tid = st.target->tid;
			dead_tids[fuzz_rand() % 16] = st.target_tid;
			if (st.target->state == THREAD_SEND) {
				msg_state[sim[i].msg] = M_FAILED;
				sim[i].state = THREAD_READY;	/* its fate is known */
			}
			thread_destroy(st.target);
			spawn(i);
			sim[i].state = THREAD_READY;
			break;
		}
		case OP_PRIO: {
			struct tcb *t = sim[fuzz_rand() % NT].t;
			uint8_t p = 5 + fuzz_rand() % 3;

			sched_set_prio(t, p);
			if (t->prio != p) {
				snprintf(why, sizeof(why), "set_prio: %u", t->prio);
				return false;
			}
			break;
		}
		}
		if (st.op == OP_SLEEP) {
			struct tcb *t = cur;

			if (t->state != THREAD_SLEEP || t->deadline != kshim_ticks + sim_of(t)->send_ms) {
				snprintf(why, sizeof(why), "sleep: state %u deadline %x", t->state, t->deadline);
				return false;
			}
			sim_of(t)->state = THREAD_SLEEP;
			sim_of(t)->send_ms = IPC_TIMEOUT_NEVER;
		}
		if (!check_step(&st))
			return false;
	}
	for (uint32_t m = 1; m <= seq; m++)
		states[msg_state[m]]++;
	printf("# %u steps: %u ipc, %u sleep, %u yield, %u tick, %u cancel, %u destroy, %u set_prio; "
	       "%u calls: %u messages delivered, %u failed, %u pending, %u receives only; "
	       "ticks end at %#x\n",
	       steps, counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], counts[6],
	       seq, states[M_DELIVERED], states[M_FAILED], states[M_PENDING],
	       states[M_NONE], kshim_ticks);
	CHECK(states[M_DELIVERED] > steps / 20, "too few deliveries to mean much");
	return true;
}

TAP_TEST(random_ipc_against_invariants)
{
	const char *env = getenv("MICA_STEPS");
	uint32_t steps = env ? (uint32_t)strtoul(env, NULL, 0) : 100000;

	fuzz_seed("ipc random");
	if (!run(steps)) {
		printf("# step %u: %s\n", now_step, why);
		TAP_ASSERT(!"invariant broken");
	}
}

int main(void)
{
	return tap_main();
}
