/*
 * Host tests of the fault protocol (<uapi/fault.h>; kernel/fault.c and the
 * IPC state machine of kernel/ipc.c over kshim.c, mem_map for map items,
 * see mapdb_world.h): a fault becomes the exact message at the pager,
 * waiting or not, with the thread's registers untouched; the pager's map,
 * resume and kill replies and every item the kernel refuses, with the
 * thread's state and the console line after each; a map item onto a page
 * mapped already; the pager destroyed while the thread waits; no pager;
 * an exit message and the task's end.
 */
#include <stdio.h>
#include <string.h>

#include <mm/buddy.h>
#include <mm/phys.h>
#include <uapi/errno.h>
#include <uapi/fault.h>

#include "mapdb_world.h"
#include "shim.h"
#include "tap.h"

#define NEVER		IPC_TIMEOUTS(IPC_TIMEOUT_NEVER, IPC_TIMEOUT_NEVER)
#define ADDR		0x00123456u
#define PAGE_VA		0x00123000u
#define FSR		0x807u
#define PC		0x00010040u
#define LABEL		(FAULT_LABEL | FAULT_WRITE)

static struct task *root, *a;
static struct tcb *pager, *th;

/* The pager (root's thread) and a's thread, whose pager it is; both ready. */
static void world(void)
{
	root = mw_world();
	a = mw_task(root, "a", 0);
	pager = mw_thread(root);
	th = mw_thread(a);
	th->pager = pager->tid;
	thread_start(pager);
	thread_start(th);
}

/* th's user registers: r0-r12 = 0x100 + i, sp, lr, pc = PC. */
static void regs_set(void)
{
	for (unsigned int i = 0; i < 13; i++)
		th->ctx.r[i] = 0x100 + i;
	th->ctx.sp = 0x20000;
	th->ctx.lr = 0x10004;
	th->ctx.pc = PC;
}

static bool regs_untouched(void)
{
	for (unsigned int i = 0; i < 13; i++)
		if (th->ctx.r[i] != 0x100 + i)
			return false;
	return th->ctx.sp == 0x20000 && th->ctx.lr == 0x10004 && th->ctx.pc == PC;
}

/* The pager waits to receive from anyone. */
static void pager_wait(void)
{
	sched_current = pager;
	kshim_ipc(pager, TID_NIL, TID_ANY, 0, NEVER, NULL);
}

/* th (made current) takes a write fault at ADDR. */
static void fault(void)
{
	sched_current = th;
	regs_set();
	thread_fault(th, LABEL, ADDR, FSR);
}

/* The pager holds th's fault message for label and words w0-w2. */
static bool message_is(uint32_t label, uint32_t w0, uint32_t w1, uint32_t w2)
{
	return pager->ctx.r[0] == 0 && pager->ctx.r[1] == th->tid &&
	       pager->ctx.r[2] == IPC_TAG(label, FAULT_MSG_WORDS) &&
	       *kshim_mr(&pager->ctx, 0) == w0 && *kshim_mr(&pager->ctx, 1) == w1 &&
	       *kshim_mr(&pager->ctx, 2) == w2 && *kshim_mr(&pager->ctx, 3) == a->id;
}

/* The pager's reply (no receive phase) with label and up to 4 words. */
static int reply(uint32_t label, unsigned int n, uint32_t w0, uint32_t w1,
		 uint32_t w2, uint32_t w3)
{
	uint32_t w[IPC_REG_WORDS] = { w0, w1, w2, w3 };

	return kshim_ipc(pager, th->tid, TID_NIL, IPC_TAG(label, n), NEVER, w);
}

/* The console line of th's fault, then suffix. */
static const char *line(const char *suffix)
{
	static char s[256];

	snprintf(s, sizeof(s), "user: task a (%u) thread %08x: fault %04x at pc %08x, "
		 "address %08x, word %08x%s\n", a->id, th->tid, LABEL, PC, ADDR, FSR, suffix);
	return s;
}

TAP_TEST(fault_message_to_a_waiting_pager)
{
	world();
	pager_wait();
	TAP_ASSERT_EQ(pager->state, THREAD_RECV);
	fault();
	TAP_ASSERT(message_is(LABEL, ADDR, PC, FSR));
	TAP_ASSERT_EQ(th->state, THREAD_RECV);
	TAP_ASSERT_EQ(th->wait_from, pager->tid);
	TAP_ASSERT_EQ(th->fault, LABEL);
	TAP_ASSERT(regs_untouched());
	TAP_ASSERT(kshim_pick() == pager);
}

TAP_TEST(fault_message_queued_until_the_pager_receives)
{
	world();
	fault();
	TAP_ASSERT_EQ(th->state, THREAD_SEND);
	TAP_ASSERT(th->partner == pager);
	TAP_ASSERT_EQ(th->fault, LABEL);
	pager_wait();
	TAP_ASSERT(message_is(LABEL, ADDR, PC, FSR));
	TAP_ASSERT_EQ(th->state, THREAD_RECV);
	TAP_ASSERT(regs_untouched());
}

TAP_TEST(map_reply_installs_and_resumes)
{
	paddr_t pa;
	unsigned int flags;

	world();
	pager_wait();
	fault();
	TAP_ASSERT_EQ(reply(FAULT_REPLY_MAP, 4, MAP_READ | MAP_WRITE | MAP_PHYS, mw_frame(0),
			    PAGE_VA, PAGE_SIZE), 0);
	TAP_ASSERT_EQ(th->state, THREAD_READY);
	TAP_ASSERT_EQ(th->fault, 0);
	TAP_ASSERT(regs_untouched());		/* the instruction runs again */
	TAP_ASSERT_EQ(vm_translate(a->space, PAGE_VA, &pa, &flags), 0);
	TAP_ASSERT(pa == mw_frame(0) && (flags & VM_WRITE));
	TAP_ASSERT_EQ(a->mapped, 1);
	TAP_ASSERT_EQ(mapdb_nodes(), 1);
	TAP_ASSERT_EQ(frames_check(), 0);
	/* A second fault on the page, served first by another thread: -EEXIST, runs again. */
	pager_wait();
	fault();
	TAP_ASSERT_EQ(reply(FAULT_REPLY_MAP, 4, MAP_READ | MAP_PHYS, mw_frame(1), PAGE_VA,
			    PAGE_SIZE), -EEXIST);
	TAP_ASSERT_EQ(th->state, THREAD_READY);
	TAP_ASSERT_EQ(th->fault, 0);
	TAP_ASSERT(regs_untouched());
	TAP_ASSERT_EQ(mapdb_nodes(), 1);
}

/* The pager's usual reply-and-wait: it waits again; a refused item returns at once. */
TAP_TEST(reply_and_wait)
{
	uint32_t w[IPC_REG_WORDS] = { MAP_READ | MAP_PHYS, 0, PAGE_VA, PAGE_SIZE };

	world();
	pager_wait();
	fault();
	w[1] = mw_frame(0);
	TAP_ASSERT_EQ(kshim_ipc(pager, th->tid, TID_ANY, IPC_TAG(FAULT_REPLY_MAP, 4), NEVER, w),
		      SYSCALL_DEFERRED);
	TAP_ASSERT_EQ(pager->state, THREAD_RECV);
	TAP_ASSERT_EQ(th->state, THREAD_READY);
	TAP_ASSERT(kshim_pick() == th);
	fault();
	TAP_ASSERT(message_is(LABEL, ADDR, PC, FSR));
	w[1] = mw_frame(1);
	TAP_ASSERT_EQ(kshim_ipc(pager, th->tid, TID_ANY, IPC_TAG(FAULT_REPLY_MAP, 4), NEVER, w),
		      -EEXIST);
	TAP_ASSERT_EQ(pager->state, THREAD_READY);
	TAP_ASSERT_EQ(th->state, THREAD_READY);
	TAP_ASSERT_EQ(a->mapped, 1);
}

TAP_TEST(map_reply_from_the_pagers_own_mapping_and_grant)
{
	paddr_t pa;
	unsigned int flags;

	world();
	TAP_ASSERT_EQ(mem_map(root, root, 0x00400000u, mw_frame(2), PAGE_SIZE,
			      MAP_READ | MAP_WRITE | MAP_PHYS), 0);
	pager_wait();
	fault();
	TAP_ASSERT_EQ(reply(FAULT_REPLY_MAP, 4, MAP_READ | MAP_GRANT, 0x00400000u, PAGE_VA,
			    PAGE_SIZE), 0);
	TAP_ASSERT_EQ(th->state, THREAD_READY);
	TAP_ASSERT_EQ(vm_translate(a->space, PAGE_VA, &pa, &flags), 0);
	TAP_ASSERT(pa == mw_frame(2) && !(flags & VM_WRITE));
	TAP_ASSERT(vm_translate(root->space, 0x00400000u, &pa, &flags) != 0);
}

TAP_TEST(resume_and_kill_replies)
{
	world();
	pager_wait();
	fault();
	TAP_ASSERT_EQ(reply(FAULT_REPLY_RESUME, 0, 0, 0, 0, 0), 0);
	TAP_ASSERT_EQ(th->state, THREAD_READY);
	TAP_ASSERT_EQ(th->fault, 0);
	TAP_ASSERT(regs_untouched());
	TAP_ASSERT_EQ(a->mapped, 0);
	pager_wait();
	fault();
	shim_capture_start();
	TAP_ASSERT_EQ(reply(FAULT_REPLY_KILL, 1, FAULT_KILL_SEGV, 0, 0, 0), 0);
	TAP_ASSERT(strcmp(shim_capture_end(),
			  line(": killed by its pager: segmentation fault")) == 0);
	TAP_ASSERT_EQ(th->state, THREAD_STOPPED);
	TAP_ASSERT_EQ(th->fault, 0);
	TAP_ASSERT(regs_untouched());
	TAP_ASSERT(thread_lookup(th->tid) == th);	/* stopped, not destroyed */
}

struct refused {
	uint32_t label, words, w0, w1, w2, w3;
	int err;
};

TAP_TEST(refused_items_stop_the_thread)
{
	paddr_t kframe;

	world();
	kframe = buddy_alloc(0);	/* the kernel's, not the pager's */
	const struct refused cases[] = {
		{ FAULT_REPLY_MAP, 4, MAP_READ | MAP_PHYS | (1u << 5), 0, PAGE_VA, 0x1000, -EINVAL },
		{ FAULT_REPLY_MAP, 4, MAP_WRITE | MAP_PHYS, 0, PAGE_VA, 0x1000, -EINVAL },
		{ FAULT_REPLY_MAP, 4, MAP_READ | MAP_PHYS, 0, MICA_UTCB_AREA, 0x1000, -EINVAL },
		{ FAULT_REPLY_MAP, 4, MAP_READ | MAP_PHYS, 0, PAGE_VA, 0x1001, -EINVAL },
		{ FAULT_REPLY_MAP, 3, MAP_READ | MAP_PHYS, 0, PAGE_VA, 0, -EINVAL },
		{ FAULT_REPLY_MAP, 4, MAP_READ, 0x00500000u, PAGE_VA, 0x1000, -EACCES },
		{ FAULT_REPLY_MAP, 4, MAP_READ | MAP_PHYS, kframe, PAGE_VA, 0x1000, -EACCES },
		{ FAULT_REPLY_KILL, 1, 0, 0, 0, 0, -EINVAL },
		{ FAULT_REPLY_KILL, 1, FAULT_KILL_MAX + 1, 0, 0, 0, -EINVAL },
		{ FAULT_REPLY_KILL, 0, 0, 0, 0, 0, -EINVAL },
		{ FAULT_REPLY_RESUME, 1, 0, 0, 0, 0, -EINVAL },
		{ 0x1234, 0, 0, 0, 0, 0, -EINVAL },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct refused *c = &cases[i];
		char suffix[80];
		int r;

		snprintf(suffix, sizeof(suffix),
			 ": pager's reply refused (error %d): thread stopped", c->err);
		pager_wait();
		fault();
		shim_capture_start();
		r = reply(c->label, c->words, c->w0, c->w1, c->w2, c->w3);
		if (r != c->err || strcmp(shim_capture_end(), line(suffix)) ||
		    th->state != THREAD_STOPPED || th->fault || !regs_untouched()) {
			tap_fail(__FILE__, __LINE__, "case %u: %d, state %u", i, r, th->state);
			return;
		}
		thread_start(th);
	}
	TAP_ASSERT_EQ(a->mapped, 0);
	TAP_ASSERT_EQ(mapdb_nodes(), 0);
	buddy_free(kframe, 0);
}

TAP_TEST(pager_destroyed_while_the_thread_waits)
{
	char suffix[64];

	world();
	pager_wait();
	fault();			/* the message taken: th waits for the reply */
	snprintf(suffix, sizeof(suffix), ": pager %08x gone: thread stopped", pager->tid);
	shim_capture_start();
	thread_destroy(pager);
	TAP_ASSERT(strcmp(shim_capture_end(), line(suffix)) == 0);
	TAP_ASSERT_EQ(th->state, THREAD_STOPPED);
	TAP_ASSERT_EQ(th->fault, 0);
	TAP_ASSERT(regs_untouched());
	/* Queued, the message not taken yet: the same. */
	pager = thread_create(root, 0x10000, 0x20000, 0, 9, 0);
	TAP_ASSERT(pager);
	thread_start(pager);
	th->pager = pager->tid;
	thread_start(th);
	fault();
	TAP_ASSERT_EQ(th->state, THREAD_SEND);
	snprintf(suffix, sizeof(suffix), ": pager %08x gone: thread stopped", pager->tid);
	shim_capture_start();
	thread_destroy(pager);
	TAP_ASSERT(strcmp(shim_capture_end(), line(suffix)) == 0);
	TAP_ASSERT_EQ(th->state, THREAD_STOPPED);
	TAP_ASSERT_EQ(th->fault, 0);
	/* Its next fault finds no pager: stopped at once, the stale id named. */
	thread_start(th);
	shim_capture_start();
	fault();
	TAP_ASSERT(strcmp(shim_capture_end(), line(suffix)) == 0);
	TAP_ASSERT_EQ(th->state, THREAD_STOPPED);
	TAP_ASSERT_EQ(th->fault, 0);
}

TAP_TEST(no_pager_stops_the_thread)
{
	world();
	th->pager = TID_NIL;
	shim_capture_start();
	fault();
	TAP_ASSERT(strcmp(shim_capture_end(), line(": thread stopped")) == 0);
	TAP_ASSERT_EQ(th->state, THREAD_STOPPED);
	TAP_ASSERT(regs_untouched());
	TAP_ASSERT(kshim_pick() == pager);
}

TAP_TEST(exit_message_then_the_task_ends)
{
	uint32_t id, tid;

	world();
	id = a->id;
	tid = th->tid;
	TAP_ASSERT_EQ(mem_map(root, a, PAGE_VA, mw_frame(0), PAGE_SIZE,
			      MAP_READ | MAP_PHYS | MAP_GRANT), 0);
	pager_wait();
	sched_current = th;
	regs_set();
	TAP_ASSERT(thread_exit_to_pager(th, 42));
	TAP_ASSERT(message_is(EXIT_LABEL, 42, PC, 0));
	TAP_ASSERT_EQ(th->state, THREAD_RECV);
	TAP_ASSERT_EQ(reply(FAULT_REPLY_RESUME, 0, 0, 0, 0, 0), 0);
	TAP_ASSERT(task_lookup(id) == NULL);
	TAP_ASSERT(thread_lookup(tid) == NULL);
	TAP_ASSERT(frames_owned(mw_frame(0), PAGE_SIZE, root));	/* back to its grantor */
	TAP_ASSERT_EQ(mapdb_nodes(), 0);
	TAP_ASSERT_EQ(frames_check(), 0);
	TAP_ASSERT(kshim_pick() == pager);
}

TAP_TEST(exit_with_a_pager_in_the_same_task_is_not_a_message)
{
	struct tcb *own;

	world();
	own = thread_create(a, 0x10000, 0x20000, 0, 9, 0);
	TAP_ASSERT(own);
	th->pager = own->tid;
	sched_current = th;
	TAP_ASSERT(!thread_exit_to_pager(th, 1));
	TAP_ASSERT_EQ(th->fault, 0);
	TAP_ASSERT_EQ(th->state, THREAD_READY);
	th->pager = TID_NIL;
	TAP_ASSERT(!thread_exit_to_pager(th, 1));
}

int main(void)
{
	return tap_main();
}
