/*
 * ipctest: the IPC primitives against the kernel, as TAP.
 *
 * - send / receive-from-one / wait / call / reply-and-wait with 0, 1, 7,
 *   8, 9, 63 and 64 words, both arrival orders, in this task and across
 *   tasks: every word, the tag and the kernel-given sender id exactly. The
 *   order is proven, not hoped for: the side that comes second polls
 *   (timeout 0), which succeeds only when the first side already waits.
 * - -EMSGSIZE, -EINVAL (reserved tag bits, self), -ESRCH (stale ids).
 * - every timeout kind with its error and its measured length.
 * - partners destroyed mid-IPC and waits cancelled by a third thread
 *   (-ECANCELED), then the kernel's thread and task counts as at start.
 *
 * The second task is a test device: it gets this program's own pages
 * mapped at the same addresses (text R+X, rodata R, data and bss R+W), so
 * a thread created in it runs this program's functions on a stack in this
 * program's bss and shares every variable with us. Peers never print.
 */
#include <mica.h>
#include <mica/root.h>
#include <mica/tap.h>
#include <stdio.h>
#include <string.h>

#define PAGE		4096u
#define STACK_SIZE	2048u
#define NSTACKS		4
#define POISON		0xdeadbeefu
#define NO_THREAD	0x7fffffffu
#define SLEEP_SLACK_US	100000	/* see timed() */

extern char __text_start[], __rodata_start[], __data_start[], _end[];
void __mica_thread_entry(void);

static uint8_t stacks[NSTACKS][STACK_SIZE] __attribute__((aligned(8)));
static uint32_t me;		/* the main thread */
static uint32_t clock_hz;

/* ---- threads here or in another task ---- */

/* Starts fn(arg) on stacks[slot] in task (MICA_TASK_SELF or another). */
static int peer_start(uint32_t task, int slot, int (*fn)(void *), void *arg,
		      unsigned int prio)
{
	uint32_t *sp = (uint32_t *)(stacks[slot] + STACK_SIZE) - 2;

	sp[0] = (uintptr_t)fn;
	return mica_thread_create(task, (uintptr_t)__mica_thread_entry,
				  (uintptr_t)sp, prio, mica_root_tid(),
				  (uintptr_t)arg);
}

/* Waits until tid is gone (its function returned); 0 or -ETIMEDOUT. */
static int peer_join(uint32_t tid)
{
	for (int i = 0; i < 2000; i++) {
		if (mica_thread_regs(tid, 0, NULL) == -ESRCH)
			return 0;
		mica_sleep(1);
	}
	return -ETIMEDOUT;
}

static uint32_t page_up(uintptr_t a)
{
	return (a + PAGE - 1) & ~(PAGE - 1);
}

/* A task that sees this program's text, rodata, data and bss; or an error. */
static int remote_create(const char *name)
{
	uintptr_t text = (uintptr_t)__text_start, ro = (uintptr_t)__rodata_start;
	uintptr_t data = (uintptr_t)__data_start, end = page_up((uintptr_t)_end);
	int task = mica_task_create(name, 0), err;

	if (task < 0)
		return task;
	mica_prefault((const void *)text, end - text);
	err = mica_map(task, text, text, ro - text, MAP_READ | MAP_EXEC);
	if (!err && data > ro)
		err = mica_map(task, ro, ro, data - ro, MAP_READ);
	if (!err)
		err = mica_map(task, data, data, end - data, MAP_READ | MAP_WRITE);
	if (err) {
		mica_task_destroy(task);
		return err;
	}
	return task;
}

/* ---- messages ---- */

static uint32_t pattern(uint32_t label, unsigned int i)
{
	return (label << 16) ^ (i * 0x9e3779b1u) ^ 0x00005a5au;
}

static void msg_fill(struct mica_msg *m, uint32_t label, unsigned int n)
{
	uint32_t *mr = mica_utcb()->mr;

	m->tag = IPC_TAG(label, n);
	for (unsigned int i = 0; i < IPC_MAX_WORDS; i++) {
		uint32_t w = i < n ? pattern(label, i) : POISON;

		if (i < IPC_REG_WORDS)
			m->w[i] = w;
		else
			mr[i] = w;
	}
}

static void msg_poison(struct mica_msg *m)
{
	uint32_t *mr = mica_utcb()->mr;

	m->tag = 0;
	for (unsigned int i = 0; i < IPC_MAX_WORDS; i++) {
		if (i < IPC_REG_WORDS)
			m->w[i] = POISON;
		else
			mr[i] = POISON;
	}
}

/*
 * The first wrong word of a received message of label and n words, or -1:
 * words 0..n-1 must be the pattern, UTCB words n..63 still the poison
 * (the kernel copies exactly n).
 */
static int msg_bad(const struct mica_msg *m, uint32_t label, unsigned int n)
{
	const uint32_t *mr = mica_utcb()->mr;

	for (unsigned int i = 0; i < IPC_MAX_WORDS; i++) {
		uint32_t got = i < IPC_REG_WORDS ? m->w[i] : mr[i];

		if (i < n && got != pattern(label, i))
			return (int)i;
		if (i >= n && i >= IPC_REG_WORDS && got != POISON)
			return (int)i;
	}
	return -1;
}

/* A verdict made of several exact checks; the failed ones are kept to be
 * printed after the result line (verdict_report()). */
struct verdict {
	int ok;
	int nbad;
	char bad[4][96];
};

static void expect(struct verdict *v, const char *what, long got, long want)
{
	if (got == want)
		return;
	if (v->nbad < 4)
		snprintf(v->bad[v->nbad++], sizeof(v->bad[0]),
			 "#   %s: got %ld (0x%lx), want %ld (0x%lx)\n",
			 what, got, got, want, want);
	v->ok = 0;
}

static void verdict_report(const struct verdict *v)
{
	for (int i = 0; i < v->nbad; i++)
		printf("%s", v->bad[i]);
}

static uint32_t clock_us(uint32_t since)
{
	return (mica_clock(NULL, NULL) - since) / (clock_hz / 1000000u);
}

/* ---- the matrix: four primitives x sizes x orders x places ---- */

enum op { OP_SEND_RECV, OP_SEND_WAIT, OP_CALL, OP_REPLY_WAIT, OP_COUNT };

static const char *const op_names[OP_COUNT] = {
	"send -> receive from one", "send -> wait", "call -> reply",
	"reply-and-wait",
};

struct job {
	enum op op;
	unsigned int n;
	int recv_first;
	uint32_t label;
	uint32_t helper;		/* reply-and-wait, sender first: H */
	volatile int flag;		/* the first side is (about to be) in its IPC */
	volatile int helper_flag;
	/* what the peer saw */
	int err, err2, bad;
	uint32_t tag, sender;
};

static void job_record(struct job *j, int err, const struct mica_msg *m,
		       uint32_t sender, uint32_t label)
{
	j->err = err;
	j->tag = m->tag;
	j->sender = sender;
	j->bad = msg_bad(m, label, j->n);
}

static void flag_wait(volatile int *flag)
{
	while (!*flag)
		mica_sleep(1);
	mica_sleep(2);		/* the other side is past its flag, into the kernel */
}

/* The peer side of send -> receive / wait: it receives. */
static int peer_receiver(struct job *j)
{
	struct mica_msg m;
	uint32_t from = j->op == OP_SEND_WAIT ? TID_ANY : me, sender = 0;
	int err;

	msg_poison(&m);
	if (j->recv_first) {
		j->flag = 1;
		err = mica_recv(from, &m, IPC_TIMEOUT_NEVER, &sender);
	} else {
		flag_wait(&j->flag);
		err = mica_recv(from, &m, IPC_TIMEOUT_POLL, &sender);
	}
	job_record(j, err, &m, sender, j->label);
	return 0;
}

/* The peer side of call: it waits for the call and replies with a send. */
static int peer_server(struct job *j)
{
	struct mica_msg m;
	uint32_t sender = 0;
	int err;

	msg_poison(&m);
	if (j->recv_first) {
		j->flag = 1;
		err = mica_wait(&m, IPC_TIMEOUT_NEVER, &sender);
	} else {
		flag_wait(&j->flag);
		err = mica_wait(&m, IPC_TIMEOUT_POLL, &sender);
	}
	job_record(j, err, &m, sender, j->label);
	if (err)
		return 0;
	msg_fill(&m, j->label + 1, j->n);
	j->err2 = mica_send(sender, &m, IPC_TIMEOUT_POLL);
	return 0;
}

/*
 * The peer side of reply-and-wait: takes the call, then replies and
 * receives the next message in one reply-and-wait. Sender first, H is
 * already blocked sending that message (the receive phase polls).
 */
static int peer_reply_waiter(struct job *j)
{
	struct mica_msg m;
	uint32_t sender = 0;
	int err;

	msg_poison(&m);
	err = mica_recv(me, &m, IPC_TIMEOUT_NEVER, NULL);
	if (err) {
		j->err = err;
		return 0;
	}
	if (!j->recv_first)
		flag_wait(&j->helper_flag);
	msg_fill(&m, j->label + 1, j->n);	/* UTCB words n..63: poison */
	err = mica_reply_wait(me, &m, j->recv_first ? IPC_TIMEOUT_NEVER :
			      IPC_TIMEOUT_POLL, &sender);
	/* m holds the next message; the UTCB words past n are still poison */
	job_record(j, err, &m, sender, j->label + 2);
	return 0;
}

/* H: sends the next message of a sender-first reply-and-wait. */
static int helper_sender(struct job *j)
{
	struct mica_msg m;

	msg_fill(&m, j->label + 2, j->n);
	j->helper_flag = 1;
	j->err2 = mica_send(j->helper, &m, IPC_TIMEOUT_NEVER);
	return 0;
}

static int peer_main(void *arg)
{
	struct job *j = arg;

	switch (j->op) {
	case OP_SEND_RECV:
	case OP_SEND_WAIT:
		return peer_receiver(j);
	case OP_CALL:
		return peer_server(j);
	default:
		return peer_reply_waiter(j);
	}
}

static int helper_main(void *arg)
{
	return helper_sender(arg);
}

/* Our side of send -> receive / wait: we send. */
static void run_send(struct job *j, uint32_t peer, struct verdict *v)
{
	struct mica_msg m;
	int err;

	msg_fill(&m, j->label, j->n);
	if (j->recv_first) {
		flag_wait(&j->flag);
		err = mica_send(peer, &m, IPC_TIMEOUT_POLL);
	} else {
		j->flag = 1;
		err = mica_send(peer, &m, IPC_TIMEOUT_NEVER);
	}
	expect(v, "send", err, 0);
}

/* A call through mica_ipc() itself, to see the reply's sender. */
static void check_call(struct job *j, uint32_t peer, unsigned int send_tmo,
		       uint32_t reply_label, struct verdict *v)
{
	struct mica_msg m;
	uint32_t sender = 0;
	int err;

	msg_fill(&m, j->label, j->n);
	err = mica_ipc(peer, peer, IPC_TIMEOUTS(send_tmo, IPC_TIMEOUT_NEVER),
		       &m, &sender);
	expect(v, "call", err, 0);
	if (err)
		return;
	/* the reply's UTCB words past n are the request's poison */
	expect(v, "reply tag", m.tag, IPC_TAG(reply_label, j->n));
	expect(v, "reply sender", sender, peer);
	expect(v, "first bad reply word", msg_bad(&m, reply_label, j->n), -1);
}

static void run_call(struct job *j, uint32_t peer, struct verdict *v)
{
	if (j->recv_first) {
		flag_wait(&j->flag);
		check_call(j, peer, IPC_TIMEOUT_POLL, j->label + 1, v);
	} else {
		j->flag = 1;
		check_call(j, peer, IPC_TIMEOUT_NEVER, j->label + 1, v);
	}
	expect(v, "server's reply send", j->err2, 0);
}

static void run_reply_wait(struct job *j, uint32_t peer, struct verdict *v)
{
	struct mica_msg m;
	int h = 0;

	if (!j->recv_first) {
		j->helper = peer;
		h = peer_start(MICA_TASK_SELF, 2, helper_main, j, MICA_PRIO_DEFAULT);
		expect(v, "helper start", h > 0, 1);
		if (h <= 0)
			return;
	}
	check_call(j, peer, IPC_TIMEOUT_NEVER, j->label + 1, v);
	if (j->recv_first) {
		msg_fill(&m, j->label + 2, j->n);
		mica_sleep(2);
		expect(v, "next send (poll)", mica_send(peer, &m, IPC_TIMEOUT_POLL), 0);
	} else {
		expect(v, "helper join", peer_join((uint32_t)h), 0);
		expect(v, "helper's send", j->err2, 0);
	}
	j->helper = h > 0 ? (uint32_t)h : me;
}

static void run_job(struct job *j, uint32_t task, const char *place)
{
	struct verdict v = { .ok = 1 };
	uint32_t want_label = j->op == OP_REPLY_WAIT ? j->label + 2 : j->label;
	int peer = peer_start(task, 0, peer_main, j, MICA_PRIO_DEFAULT);

	if (peer > 0) {
		if (j->op <= OP_SEND_WAIT)
			run_send(j, (uint32_t)peer, &v);
		else if (j->op == OP_CALL)
			run_call(j, (uint32_t)peer, &v);
		else
			run_reply_wait(j, (uint32_t)peer, &v);
		expect(&v, "peer join", peer_join((uint32_t)peer), 0);
		expect(&v, "peer's receive", j->err, 0);
		expect(&v, "received tag", j->tag, IPC_TAG(want_label, j->n));
		expect(&v, "received sender", j->sender,
		       j->op == OP_REPLY_WAIT ? j->helper : me);
		expect(&v, "first bad received word", j->bad, -1);
	} else {
		expect(&v, "peer start", peer, 1);
	}
	tap_ok(v.ok, "%s, %u words, %s first, %s", op_names[j->op], j->n,
	       j->recv_first ? "receiver" : "sender", place);
	verdict_report(&v);
}

static const unsigned int sizes[] = { 0, 1, 7, 8, 9, 63, 64 };
#define NSIZES	(sizeof(sizes) / sizeof(sizes[0]))
#define MATRIX_TESTS	(OP_COUNT * NSIZES * 2 * 2)

static void test_matrix(uint32_t remote)
{
	static struct job job;
	uint32_t label = 0x100;

	for (int place = 0; place < 2; place++)
		for (int op = 0; op < OP_COUNT; op++)
			for (unsigned int s = 0; s < NSIZES; s++)
				for (int rf = 0; rf < 2; rf++) {
					memset(&job, 0, sizeof(job));
					job.op = op;
					job.n = sizes[s];
					job.recv_first = rf;
					job.label = label;
					label += 4;
					run_job(&job, place ? remote : MICA_TASK_SELF,
						place ? "across tasks" : "same task");
				}
}

/* ---- errors without a timeout ---- */

static volatile int sleeper_result;

/* Sleeps until cancelled (or 5 s); records what the sleep returned. */
static int sleeper(void *arg)
{
	(void)arg;
	sleeper_result = 1;
	sleeper_result = mica_sleep(5000);
	return 0;
}

struct waiter {
	uint32_t to, from;
	unsigned int words, send_tmo, recv_tmo;
	unsigned int linger_ms;		/* sleep after the IPC */
	volatile int started;
	volatile int err;
	struct mica_msg m;
};

/* One mica_ipc() as described by a struct waiter; records its result. */
static int waiter_main(void *arg)
{
	struct waiter *w = arg;
	uint32_t sender;

	msg_fill(&w->m, 0x7100, w->words);
	w->started = 1;
	w->err = 1;
	w->err = mica_ipc(w->to, w->from, IPC_TIMEOUTS(w->send_tmo, w->recv_tmo),
			  &w->m, &sender);
	if (w->linger_ms)
		mica_sleep(w->linger_ms);
	return 0;
}

static int waiter_start(struct waiter *w, int slot)
{
	int tid;

	w->started = 0;
	tid = peer_start(MICA_TASK_SELF, slot, waiter_main, w, MICA_PRIO_DEFAULT);
	if (tid > 0)
		flag_wait(&w->started);
	return tid;
}

static int dead_thread(void)
{
	int tid = peer_start(MICA_TASK_SELF, 3, sleeper, NULL, MICA_PRIO_DEFAULT);

	if (tid > 0) {
		mica_thread_destroy((uint32_t)tid);
		peer_join((uint32_t)tid);
	}
	return tid;
}

static void test_message_errors(void)
{
	static struct waiter w;
	struct mica_msg m = { 0 };
	int rx;

	/* a receiver waits for us 30 ms: nothing refused may reach it */
	w = (struct waiter){ .to = TID_NIL, .from = me, .recv_tmo = 30 };
	rx = waiter_start(&w, 1);
	m.tag = IPC_TAG(0x200, 65);
	tap_is_int(mica_send((uint32_t)rx, &m, IPC_TIMEOUT_POLL), -EMSGSIZE,
		   "send of 65 words: -EMSGSIZE");
	m.tag = IPC_TAG(0x200, 127);
	tap_is_int(mica_send((uint32_t)rx, &m, IPC_TIMEOUT_POLL), -EMSGSIZE,
		   "send of 127 words: -EMSGSIZE");
	m.tag = IPC_TAG(0x200, 65);
	tap_is_int(mica_call((uint32_t)rx, &m, IPC_TIMEOUT_POLL, 10), -EMSGSIZE,
		   "call of 65 words: -EMSGSIZE");
	m.tag = IPC_TAG(0x200, 1) | 0x80;
	tap_is_int(mica_send((uint32_t)rx, &m, IPC_TIMEOUT_POLL), -EINVAL,
		   "tag bit 7 set: -EINVAL");
	m.tag = IPC_TAG(0x200, 1) | 0x8000;
	tap_is_int(mica_send((uint32_t)rx, &m, IPC_TIMEOUT_POLL), -EINVAL,
		   "tag bit 15 set: -EINVAL");
	m.tag = IPC_TAG_RESERVED;
	tap_is_int(mica_recv((uint32_t)rx, &m, IPC_TIMEOUT_POLL, NULL), -ETIMEDOUT,
		   "a receive ignores the tag's reserved bits (-ETIMEDOUT)");
	peer_join((uint32_t)rx);
	tap_is_int(w.err, -ETIMEDOUT, "the receiver got none of them (-ETIMEDOUT)");
}

static void test_id_errors(void)
{
	struct mica_msg m = { .tag = IPC_TAG(0x300, 0) };
	int dead = dead_thread();
	uint32_t d = (uint32_t)dead;

	tap_ok(dead > 0, "a thread to destroy: 0x%x", dead);
	tap_is_int(mica_send(d, &m, IPC_TIMEOUT_NEVER), -ESRCH, "send to a destroyed thread's id");
	tap_is_int(mica_recv(d, &m, IPC_TIMEOUT_NEVER, NULL), -ESRCH,
		   "receive from a destroyed thread's id");
	tap_is_int(mica_call(d, &m, IPC_TIMEOUT_NEVER, IPC_TIMEOUT_NEVER), -ESRCH,
		   "call to a destroyed thread's id");
	tap_is_int(mica_reply_wait(d, &m, IPC_TIMEOUT_POLL, NULL), -ESRCH,
		   "reply-and-wait to a destroyed thread's id");
	tap_is_int(mica_recv(NO_THREAD, &m, IPC_TIMEOUT_NEVER, NULL), -ESRCH,
		   "receive from an id never given");
	tap_is_int(mica_call(NO_THREAD, &m, IPC_TIMEOUT_NEVER, IPC_TIMEOUT_NEVER), -ESRCH,
		   "call to an id never given");
	tap_is_int(mica_send(me, &m, IPC_TIMEOUT_NEVER), -EINVAL, "send to self");
	tap_is_int(mica_recv(me, &m, IPC_TIMEOUT_NEVER, NULL), -EINVAL, "receive from self");
	tap_is_int(mica_call(me, &m, IPC_TIMEOUT_NEVER, IPC_TIMEOUT_NEVER), -EINVAL,
		   "call to self");
	tap_is_int(mica_reply_wait(me, &m, IPC_TIMEOUT_POLL, NULL), -EINVAL,
		   "reply-and-wait to self");
}

/* ---- timeouts ---- */

/*
 * One timed IPC of ours: its error, and its length. Timeouts are deadlines
 * on the 24 MHz counter (kernel/sched.c), so by the counter it lasts at
 * least ms, exactly; a loaded host may delay the tick that ends it, so
 * only a gross overrun (SLEEP_SLACK_US) fails.
 */
static void timed(uint32_t to, uint32_t from, unsigned int st, unsigned int rt,
		  unsigned int ms, int want, const char *what)
{
	struct mica_msg m;
	uint32_t t0, us;
	int err;

	msg_fill(&m, 0x400, 2);
	t0 = mica_clock(NULL, NULL);
	err = mica_ipc(to, from, IPC_TIMEOUTS(st, rt), &m, NULL);
	us = clock_us(t0);
	tap_is_int(err, want, what);
	if (ms)
		tap_ok(us >= ms * 1000 && us < ms * 1000 + SLEEP_SLACK_US,
		       "%s took %u us (want %u..%u us)",
		       what, us, ms * 1000, ms * 1000 + SLEEP_SLACK_US);
}

static void test_timeouts(void)
{
	static struct waiter w;
	uint32_t t, t0, us;
	struct mica_msg m;
	int s;

	sleeper_result = 0;
	s = peer_start(MICA_TASK_SELF, 1, sleeper, NULL, MICA_PRIO_DEFAULT);
	t = (uint32_t)s;
	tap_ok(s > 0, "a sleeping partner");
	flag_wait(&sleeper_result);
	timed(t, TID_NIL, 0, 0, 0, -ESENDTIMEDOUT, "send, poll, partner not receiving");
	timed(t, TID_NIL, 20, 0, 20, -ESENDTIMEDOUT, "send, 20 ms");
	timed(t, t, 20, IPC_TIMEOUT_NEVER, 20, -ESENDTIMEDOUT, "call, send phase 20 ms");
	timed(TID_NIL, t, 0, 0, 0, -ETIMEDOUT, "receive from one, poll");
	timed(TID_NIL, t, 0, 20, 20, -ETIMEDOUT, "receive from one, 20 ms");
	timed(TID_NIL, t, 0, 5, 5, -ETIMEDOUT, "receive from one, 5 ms");
	timed(TID_NIL, TID_ANY, 0, 0, 0, -ETIMEDOUT, "wait, poll");
	timed(TID_NIL, TID_ANY, 0, 20, 20, -ETIMEDOUT, "wait, 20 ms");
	timed(TID_NIL, TID_ANY, 0, 1, 1, -ETIMEDOUT, "wait, 1 ms");
	tap_is_int(mica_thread_regs(t, REGS_CANCEL_IPC, NULL), 0, "cancel the sleeper");
	peer_join(t);
	tap_is_int(sleeper_result, -ECANCELED, "its sleep returned -ECANCELED");

	/* a server that takes the call and never replies */
	w = (struct waiter){ .to = TID_NIL, .from = TID_ANY, .recv_tmo = IPC_TIMEOUT_NEVER,
			     .linger_ms = 60 };
	s = waiter_start(&w, 1);
	timed((uint32_t)s, (uint32_t)s, IPC_TIMEOUT_NEVER, 20, 20, -ETIMEDOUT,
	      "call, no reply in 20 ms");
	tap_ok(w.err == 0 && w.m.tag == IPC_TAG(0x400, 2) && w.m.w[0] == pattern(0x400, 0) &&
	       w.m.w[1] == pattern(0x400, 1), "the call's send phase happened (server err %d)",
	       w.err);
	peer_join((uint32_t)s);

	/* never: completes when the partner comes, 30 ms later */
	w = (struct waiter){ .to = me, .from = TID_NIL, .words = 3,
			     .send_tmo = IPC_TIMEOUT_NEVER };
	t0 = mica_clock(NULL, NULL);
	s = peer_start(MICA_TASK_SELF, 1, waiter_main, &w, MICA_PRIO_DEFAULT);
	mica_sleep(30);
	msg_poison(&m);
	tap_is_int(mica_recv((uint32_t)s, &m, IPC_TIMEOUT_POLL, NULL), 0,
		   "a never-timeout send is still waiting after 30 ms");
	us = clock_us(t0);
	peer_join((uint32_t)s);
	tap_ok(w.err == 0 && m.tag == IPC_TAG(0x7100, 3) && us >= 30000,
	       "... with err %d, tag 0x%x, after %u us", w.err, m.tag, us);
	w = (struct waiter){ .to = TID_NIL, .from = me, .recv_tmo = IPC_TIMEOUT_NEVER };
	t0 = mica_clock(NULL, NULL);
	s = waiter_start(&w, 1);
	mica_sleep(30);
	msg_fill(&m, 0x7200, 1);
	tap_is_int(mica_send((uint32_t)s, &m, IPC_TIMEOUT_POLL), 0,
		   "a never-timeout receive is still waiting after 30 ms");
	peer_join((uint32_t)s);
	tap_ok(w.err == 0 && w.m.tag == IPC_TAG(0x7200, 1) && w.m.w[0] == pattern(0x7200, 0),
	       "... and gets the message (err %d, tag 0x%x)", w.err, w.m.tag);
}

/* ---- destruction and cancellation ---- */

/* A thread of ours blocked as w says on partner, which then goes. */
static void cancel_case(struct waiter *w, int partner, int by_destroy,
			const char *what)
{
	int tid = waiter_start(w, 2);

	mica_sleep(2);
	if (by_destroy)
		mica_thread_destroy((uint32_t)partner);
	else
		mica_thread_regs((uint32_t)tid, REGS_CANCEL_IPC, NULL);
	peer_join((uint32_t)tid);
	tap_is_int(w->err, -ECANCELED, what);
}

static int sleeper_start(uint32_t task, int slot)
{
	int s = peer_start(task, slot, sleeper, NULL, MICA_PRIO_DEFAULT);

	mica_sleep(2);
	return s;
}

static void test_cancel(void)
{
	static struct waiter w, srv;
	int s, x;

	s = sleeper_start(MICA_TASK_SELF, 1);
	w = (struct waiter){ .to = (uint32_t)s, .from = TID_NIL, .words = 9,
			     .send_tmo = IPC_TIMEOUT_NEVER };
	cancel_case(&w, s, 1, "a sender blocked on a receiver that is destroyed: -ECANCELED");

	s = sleeper_start(MICA_TASK_SELF, 1);
	w = (struct waiter){ .to = (uint32_t)s, .from = (uint32_t)s, .words = 1,
			     .send_tmo = IPC_TIMEOUT_NEVER, .recv_tmo = IPC_TIMEOUT_NEVER };
	cancel_case(&w, s, 1, "a call still in its send phase, partner destroyed: -ECANCELED");

	s = sleeper_start(MICA_TASK_SELF, 1);
	w = (struct waiter){ .to = TID_NIL, .from = (uint32_t)s, .recv_tmo = IPC_TIMEOUT_NEVER };
	cancel_case(&w, s, 1, "a receive from a thread that is destroyed: -ECANCELED");

	/* a server takes the call, then is destroyed before replying */
	srv = (struct waiter){ .to = TID_NIL, .from = TID_ANY, .recv_tmo = IPC_TIMEOUT_NEVER,
			       .linger_ms = 1000 };
	s = waiter_start(&srv, 1);
	w = (struct waiter){ .to = (uint32_t)s, .from = (uint32_t)s, .words = 64,
			     .send_tmo = IPC_TIMEOUT_NEVER, .recv_tmo = IPC_TIMEOUT_NEVER };
	x = waiter_start(&w, 2);
	mica_thread_destroy((uint32_t)s);
	peer_join((uint32_t)s);
	tap_ok(srv.err == 0 && srv.m.tag == IPC_TAG(0x7100, 64),
	       "the server took the call (err %d, tag 0x%x)", srv.err, srv.m.tag);
	peer_join((uint32_t)x);
	tap_is_int(w.err, -ECANCELED, "a caller whose server is destroyed before replying: -ECANCELED");

	s = sleeper_start(MICA_TASK_SELF, 1);
	w = (struct waiter){ .to = TID_NIL, .from = TID_ANY, .recv_tmo = IPC_TIMEOUT_NEVER };
	cancel_case(&w, 0, 0, "a wait cancelled by REGS_CANCEL_IPC: -ECANCELED");
	w = (struct waiter){ .to = TID_NIL, .from = (uint32_t)s, .recv_tmo = IPC_TIMEOUT_NEVER };
	cancel_case(&w, 0, 0, "a receive from one cancelled by REGS_CANCEL_IPC: -ECANCELED");
	w = (struct waiter){ .to = (uint32_t)s, .from = TID_NIL, .words = 2,
			     .send_tmo = IPC_TIMEOUT_NEVER };
	cancel_case(&w, 0, 0, "a blocked send cancelled by REGS_CANCEL_IPC: -ECANCELED");
	w = (struct waiter){ .to = TID_NIL, .from = TID_ANY, .recv_tmo = 1000 };
	cancel_case(&w, 0, 0, "a 1000 ms wait cancelled by REGS_CANCEL_IPC: -ECANCELED");
	mica_thread_destroy((uint32_t)s);
	peer_join((uint32_t)s);
	tap_is_int(mica_thread_regs(me, REGS_CANCEL_IPC, NULL), -EINVAL,
		   "REGS_CANCEL_IPC on oneself: -EINVAL");
}

/* Threads of ours blocked on threads of a task that is destroyed. */
static void test_task_destroy(void)
{
	static struct waiter a, b, srv;
	int task = remote_create("ipcgone"), s1, s2, x1, x2;

	if (!tap_ok(task > 0, "a second task to destroy: %d", task))
		return;
	srv = (struct waiter){ .to = TID_NIL, .from = TID_ANY, .recv_tmo = IPC_TIMEOUT_NEVER,
			       .linger_ms = 1000 };
	s1 = peer_start((uint32_t)task, 0, waiter_main, &srv, MICA_PRIO_DEFAULT);
	flag_wait(&srv.started);
	s2 = peer_start((uint32_t)task, 1, sleeper, NULL, MICA_PRIO_DEFAULT);
	a = (struct waiter){ .to = (uint32_t)s1, .from = (uint32_t)s1, .words = 8,
			     .send_tmo = IPC_TIMEOUT_NEVER, .recv_tmo = IPC_TIMEOUT_NEVER };
	x1 = waiter_start(&a, 2);
	b = (struct waiter){ .to = (uint32_t)s2, .from = TID_NIL, .words = 8,
			     .send_tmo = IPC_TIMEOUT_NEVER };
	x2 = waiter_start(&b, 3);
	tap_ok(srv.err == 0 && srv.m.tag == IPC_TAG(0x7100, 8),
	       "its thread took our thread's call (err %d, tag 0x%x)", srv.err, srv.m.tag);
	tap_is_int(mica_task_destroy((uint32_t)task), 0, "destroy the task");
	peer_join((uint32_t)x1);
	peer_join((uint32_t)x2);
	tap_is_int(a.err, -ECANCELED, "a caller waiting for the destroyed task's reply: -ECANCELED");
	tap_is_int(b.err, -ECANCELED, "a sender blocked on the destroyed task's thread: -ECANCELED");
	tap_is_int(mica_send((uint32_t)s1, &b.m, IPC_TIMEOUT_POLL), -ESRCH,
		   "the destroyed task's thread id: -ESRCH");
}

/*
 * A task with our pages and a thread in it, made and destroyed again and
 * again, must leave the kernel's free frames as after the first round
 * (which may keep a slab for the caches).
 */
static void test_task_churn(void)
{
	struct mica_kernel_info k1, k;
	int bad = 0;

	for (int i = 0; i < 20; i++) {
		int task = remote_create("ipcchurn"), t;

		if (task < 0) {
			bad = task;
			break;
		}
		t = peer_start((uint32_t)task, 0, sleeper, NULL, MICA_PRIO_DEFAULT);
		mica_sleep(1);
		if (t < 0 || mica_task_destroy((uint32_t)task))
			bad = t < 0 ? t : -1;
		mica_kernel_info(i ? &k : &k1, 0);
	}
	tap_is_int(bad, 0, "20 tasks with a thread made and destroyed");
	tap_is_int(k.frames_kernel_free, k1.frames_kernel_free,
		   "the kernel's free frames after 20 as after 1");
}

static void test_kernel_counts(const struct mica_kernel_info *k0)
{
	struct mica_kernel_info k;

	tap_is_int(mica_kernel_info(&k, KINFO_CHECK), 0, "kernel info");
	tap_is_int(k.threads, k0->threads, "threads alive as at start");
	tap_is_int(k.tcbs, k0->tcbs, "TCBs as at start");
	tap_is_int(k.tasks, k0->tasks, "tasks alive as at start");
	tap_is_int(k.spaces, k0->spaces, "task records as at start");
	tap_is_int(k.check, 0, "the kernel allocators' checks pass");
	printf("# kernel free frames: %u at start, %u now\n",
	       k0->frames_kernel_free, k.frames_kernel_free);
}

int main(void)
{
	struct mica_kernel_info k0;
	int status, remote;

	me = mica_thread_self();
	mica_clock(&clock_hz, NULL);
	tap_plan(MATRIX_TESTS + 2 + 7 + 11 + 25 + 10 + 6 + 2 + 6);
	tap_is_int(mica_kernel_info(&k0, 0), 0, "kernel info at start");
	remote = remote_create("ipcpeer");
	tap_ok(remote > 0, "a second task with our pages: %d", remote);
	test_matrix(remote > 0 ? (uint32_t)remote : MICA_TASK_SELF);
	if (remote > 0)
		mica_task_destroy((uint32_t)remote);
	test_message_errors();
	test_id_errors();
	test_timeouts();
	test_cancel();
	test_task_destroy();
	test_task_churn();
	test_kernel_counts(&k0);
	status = tap_done();
	mica_root_halt(status);
	return status;
}
