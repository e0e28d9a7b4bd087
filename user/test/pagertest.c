/*
 * pagertest: the fault protocol and the mapping database, seen from a
 * pager. This program's main thread is the pager of threads it creates in
 * child tasks that share its image (child.h). Each probe thread faults;
 * the test checks the exact message the kernel sends (label, address, pc,
 * FSR, task, sender), answers it, and checks what the thread sees after.
 * Then every bad reply a malicious pager could send is refused with its
 * error and stops the faulting thread; shared pages are revoked from two
 * tasks at once; rights are reduced; a virtual address is reused; a page
 * is granted away; a pager that goes away and an exit reach their ends.
 * The kernel's accounts and frame conservation hold at the end.
 *
 * Child threads must not use stdio: they report through `result`.
 * tools/run-tests checks the console lines of the stopped threads.
 */
#include <mica.h>
#include <mica/root.h>
#include <mica/tap.h>
#include <stdio.h>
#include <string.h>
#include <uapi/fault.h>

#include "accounts.h"
#include "child.h"

#define PAGE		4096u
#define FAR_ADDR	0x7f12345cu	/* not page aligned, so truncation shows */
#define FAR_PAGE	0x7f123000u
#define EXEC_VA		0x7f200000u
#define BAD_BASE	0x7e000000u	/* fresh pages for the refused replies */
#define SHARE_VA	0x7d000000u	/* pages shared into the children */
#define OWN_VA		0x60000000u	/* pages this task maps into itself */
#define WAIT_MS		2000
#define MAGIC		0x4d494341u

/*
 * The probes, entered with r0 = an address (r1 = a value to store):
 * each faulting instruction is the probe's first, so its pc is the
 * symbol. probe_regs loads r4-r11 with known words first and stores them
 * after the load, to show the fault left them alone.
 */
__asm__(".text\n\t.balign 4\n"
	".global probe_load\nprobe_load:\n\tldr r0, [r0]\n\tbx lr\n"
	".global probe_store\nprobe_store:\n\tstr r1, [r0]\n\tbx lr\n"
	".global probe_undef\nprobe_undef:\n\t.word 0xe7f000f0\n\tbx lr\n"
	".global probe_regs\nprobe_regs:\n"
	"\tpush {r4-r11}\n"
	"\tldr r4, =0x44444444\n\tldr r5, =0x55555555\n\tldr r6, =0x66666666\n"
	"\tldr r7, =0x77777777\n\tldr r8, =0x88888888\n\tldr r9, =0x99999999\n"
	"\tldr r10, =0xaaaaaaaa\n\tldr r11, =0xbbbbbbbb\n"
	".global probe_regs_load\nprobe_regs_load:\n"
	"\tldr r2, [r0]\n"
	"\tstm r1, {r2, r4-r11}\n"
	"\tpop {r4-r11}\n\tbx lr\n\t.ltorg\n"
	/* A page of code of its own, read-only and executable here. */
	"\t.balign 4096\n.global exec42\nexec42:\n\tmov r0, #42\n\tbx lr\n"
	"\t.balign 4096\n");
extern const char probe_load[], probe_store[], probe_undef[], probe_regs_load[];
extern const char exec42[];
uint32_t probe_regs(uint32_t addr, uint32_t *out);

enum op { OP_LOAD, OP_STORE, OP_REGS, OP_EXEC, OP_UNDEF, OP_EXIT };

struct job {
	enum op op;
	uint32_t addr, value;
};

static volatile uint32_t result[16];
static volatile uint32_t done;
static struct job jobs[32];
static uint32_t stacks[32][256] __attribute__((aligned(8)));
static uint32_t pages[8][PAGE / 4] __attribute__((aligned(PAGE)));
static uint32_t self_tid, child, child2;

/* A probe thread's body: one operation, its result, then it waits for good. */
static void child_main(uint32_t arg)
{
	struct job *j = &jobs[arg];
	uint32_t r;

	switch (j->op) {
	case OP_LOAD:
		r = ((uint32_t (*)(uint32_t))(uintptr_t)probe_load)(j->addr);
		break;
	case OP_STORE:
		((void (*)(uint32_t, uint32_t))(uintptr_t)probe_store)(j->addr, j->value);
		r = 0;
		break;
	case OP_REGS:
		r = probe_regs(j->addr, (uint32_t *)result);
		break;
	case OP_EXEC:
		r = ((uint32_t (*)(void))(uintptr_t)j->addr)();
		break;
	case OP_UNDEF:
		r = ((uint32_t (*)(uint32_t))(uintptr_t)probe_undef)(MAGIC);
		break;
	default:
		mica_exit((int)j->value);
	}
	result[15] = r;
	done = arg + 1;
	for (;;)
		mica_sleep(IPC_TIMEOUT_MAX_MS);
}

/* Starts job n (op on addr) in task, paged by pager. */
static uint32_t start_paged(uint32_t task, unsigned int n, enum op op,
			    uint32_t addr, uint32_t value, uint32_t pager)
{
	uintptr_t sp = (uintptr_t)(stacks[n] + 256);
	int tid;

	jobs[n] = (struct job){ op, addr, value };
	done = 0;
	tid = mica_thread_create(task, (uintptr_t)child_main, sp, MICA_PRIO_DEFAULT,
				 pager, n);
	return tid < 0 ? 0 : (uint32_t)tid;
}

/* Starts job n in task with our main thread as its pager. */
static uint32_t start(uint32_t task, unsigned int n, enum op op, uint32_t addr,
		      uint32_t value)
{
	return start_paged(task, n, op, addr, value, self_tid);
}

/* Receives the next message and checks it is tid's fault message. */
static int fault_is(uint32_t tid, uint32_t label, uint32_t addr, uint32_t pc,
		    uint32_t word, uint32_t task, const char *what)
{
	struct mica_msg m;
	uint32_t from = 0;
	int err = mica_wait(&m, WAIT_MS, &from);

	return tap_ok(!err && from == tid && m.tag == IPC_TAG(label, 4) &&
		      m.w[0] == addr && m.w[1] == pc && m.w[2] == word &&
		      m.w[3] == task,
		      "%s: from %08x tag %08x words %08x %08x %03x %u (err %d)",
		      what, from, m.tag, m.w[0], m.w[1], m.w[2], m.w[3], err);
}

static int reply_map(uint32_t tid, uint32_t flags, uint32_t src, uint32_t dst,
		     uint32_t size)
{
	struct mica_msg m = { IPC_TAG(FAULT_REPLY_MAP, 4), { flags, src, dst, size } };

	return mica_send(tid, &m, IPC_TIMEOUT_POLL);
}

static int reply(uint32_t tid, uint32_t tag, uint32_t w0)
{
	struct mica_msg m = { tag, { w0 } };

	return mica_send(tid, &m, IPC_TIMEOUT_POLL);
}

/* Waits until the probe thread reports; its result or ~0. */
static uint32_t finished(unsigned int n)
{
	for (int i = 0; i < 200 && done != n + 1; i++)
		mica_sleep(1);
	return done == n + 1 ? result[15] : ~0u;
}

/* A stopped thread takes no message: a poll send to it times out. */
static void stopped(uint32_t tid, const char *what)
{
	tap_is_int(reply(tid, IPC_TAG(FAULT_REPLY_RESUME, 0), 0), -ESENDTIMEDOUT, what);
	mica_thread_destroy(tid);
}

static void test_read_fault(void)
{
	uint32_t tid = start(child, 0, OP_REGS, FAR_ADDR, 0);
	static const uint32_t regs[8] = {
		0x44444444, 0x55555555, 0x66666666, 0x77777777,
		0x88888888, 0x99999999, 0xaaaaaaaa, 0xbbbbbbbb,
	};

	printf("# read: thread %08x\n", tid);
	pages[0][(FAR_ADDR % PAGE) / 4] = 0xfeedf00d;
	fault_is(tid, FAULT_LABEL | FAULT_READ, FAR_ADDR, (uint32_t)probe_regs_load,
		 0x005, child, "a read of an unmapped address: the exact message");
	tap_is_int(reply_map(tid, MAP_READ, (uint32_t)pages[0], FAR_PAGE, PAGE), 0,
		   "the map reply is taken");
	tap_is_int(finished(0) == ~0u ? 0 : result[0], 0xfeedf00d,
		   "the load restarts and reads the page mapped");
	tap_ok(!memcmp((const void *)&result[1], regs, sizeof(regs)),
	       "r4-r11 of the faulting thread are untouched across the fault");
	mica_thread_destroy(tid);
}

static void test_retry_and_write(void)
{
	uint32_t tid = start(child, 1, OP_STORE, FAR_PAGE + PAGE + 0x10, 0x12345678);

	fault_is(tid, FAULT_LABEL | FAULT_WRITE, FAR_PAGE + PAGE + 0x10,
		 (uint32_t)probe_store, 0x007, child,
		 "a write in a MiB with a table: a page translation fault (fsr 007)");
	tap_is_int(reply(tid, IPC_TAG(FAULT_REPLY_RESUME, 0), 0), 0, "an empty reply is taken");
	fault_is(tid, FAULT_LABEL | FAULT_WRITE, FAR_PAGE + PAGE + 0x10,
		 (uint32_t)probe_store, 0x007, child,
		 "an empty reply retries: the same fault again");
	tap_is_int(reply_map(tid, MAP_READ | MAP_WRITE, (uint32_t)pages[1],
			     FAR_PAGE + PAGE, PAGE), 0, "a read-write map reply");
	tap_is_int(finished(1), 0, "the store restarts");
	tap_is_int(pages[1][4], 0x12345678, "the store reached the pager's page");
	mica_thread_destroy(tid);
}

static void test_kill_and_exec(void)
{
	uint32_t tid = start(child, 2, OP_STORE, FAR_PAGE, 1);

	printf("# permission: thread %08x\n", tid);
	fault_is(tid, FAULT_LABEL | FAULT_WRITE, FAR_PAGE, (uint32_t)probe_store,
		 0x00f, child, "a write to a read-only page: permission (page), fsr 00f");
	tap_is_int(reply(tid, IPC_TAG(FAULT_REPLY_KILL, 1), FAULT_KILL_SEGV), 0,
		   "a kill reply is taken");
	stopped(tid, "the killed thread is stopped");

	tid = start(child, 3, OP_EXEC, EXEC_VA, 0);
	fault_is(tid, FAULT_LABEL | FAULT_EXEC, EXEC_VA, EXEC_VA, 0x005, child,
		 "a jump to an unmapped page: an execute fault at the pc");
	tap_is_int(reply_map(tid, MAP_READ | MAP_EXEC, (uint32_t)exec42, EXEC_VA, PAGE), 0,
		   "an executable map reply from our own text");
	tap_is_int(finished(3), 42, "the code mapped there runs");
	mica_thread_destroy(tid);
}

static void test_exceptions(void)
{
	uint32_t tid = start(child, 4, OP_UNDEF, 0, 0);
	struct mica_regs r;

	fault_is(tid, EXC_LABEL_UNDEF, (uint32_t)probe_undef, (uint32_t)probe_undef,
		 0xe7f000f0, child, "an undefined instruction: its pc and word");
	tap_ok(!mica_thread_regs(tid, REGS_READ, &r) && r.pc == (uint32_t)probe_undef &&
	       r.r[0] == MAGIC, "its registers read: pc %08x r0 %08x", r.pc, r.r[0]);
	r.pc += 4;
	r.r[0] = 7;
	tap_is_int(mica_thread_regs(tid, REGS_WRITE, &r), 0, "the pager moves its pc on");
	tap_is_int(reply(tid, IPC_TAG(FAULT_REPLY_RESUME, 0), 0), 0, "and resumes it");
	tap_is_int(finished(4), 7, "it goes on past the instruction");
	mica_thread_destroy(tid);

	tid = start(child, 5, OP_LOAD, FAR_PAGE + 2, 0);
	printf("# alignment: thread %08x\n", tid);
	fault_is(tid, EXC_LABEL_ALIGN | FAULT_READ, FAR_PAGE + 2, (uint32_t)probe_load,
		 0x001, child, "an unaligned load: an alignment exception message");
	tap_is_int(reply(tid, IPC_TAG(FAULT_REPLY_KILL, 1), FAULT_KILL_EXCEPTION), 0,
		   "killed as an unhandled exception");
	stopped(tid, "the thread is stopped");
}

/* A refused reply; dst below PAGE is an offset from the faulting page. */
struct bad_reply {
	const char *what;
	uint32_t tag, flags, src, dst, size;
	int err;
};

/*
 * A map item for a page mapped already is refused with -EEXIST, but the
 * thread runs again (faults again here: its page is still not there).
 */
static void test_exists(void)
{
	uint32_t va = BAD_BASE + 0x400000, tid = start(child, 6, OP_LOAD, va, 0);

	fault_is(tid, FAULT_LABEL | FAULT_READ, va, (uint32_t)probe_load, 0x005, child,
		 "a fault for the -EEXIST case");
	tap_is_int(reply_map(tid, MAP_READ, (uint32_t)pages[0], FAR_PAGE, PAGE), -EEXIST,
		   "a map onto a page mapped already: -EEXIST");
	fault_is(tid, FAULT_LABEL | FAULT_READ, va, (uint32_t)probe_load, 0x005, child,
		 "and the thread runs again: its fault comes back");
	tap_is_int(reply(tid, IPC_TAG(FAULT_REPLY_KILL, 1), FAULT_KILL_SEGV), 0,
		   "then it is killed");
	stopped(tid, "and stopped");
}

static void test_refused(void)
{
	const uint32_t map = IPC_TAG(FAULT_REPLY_MAP, 4), p0 = (uint32_t)pages[0];
	const struct bad_reply bad[] = {
		{ "a source page the pager has not mapped", map, MAP_READ, 0x7e800000, 0, PAGE, -EACCES },
		{ "frames the pager does not own", map, MAP_READ | MAP_PHYS, 0x8000, 0, PAGE, -EACCES },
		{ "a grant of frames it does not own", map, MAP_READ | MAP_PHYS | MAP_GRANT, 0x8000, 0, PAGE, -EACCES },
		{ "rights beyond the pager's (write to text)", map, MAP_READ | MAP_WRITE, (uint32_t)exec42, 0, PAGE, -EACCES },
		{ "a destination in the kernel half", map, MAP_READ, p0, 0xc0000000, PAGE, -EINVAL },
		{ "a misaligned destination", map, MAP_READ, p0, 4, PAGE, -EINVAL },
		{ "a misaligned source", map, MAP_READ, p0 + 4, 0, PAGE, -EINVAL },
		{ "a size that is not whole pages", map, MAP_READ, p0, 0, 100, -EINVAL },
		{ "an empty range", map, MAP_READ, p0, 0, 0, -EINVAL },
		{ "a range that wraps", map, MAP_READ, p0, 0, 0xfffff000, -EINVAL },
		{ "a range into the UTCB area", map, MAP_READ, p0, 0xbfeff000, 2 * PAGE, -EINVAL },
		{ "unknown flags", map, MAP_READ | 0x80, p0, 0, PAGE, -EINVAL },
		{ "no read right", map, MAP_WRITE, p0, 0, PAGE, -EINVAL },
		{ "a map item of 3 words", IPC_TAG(FAULT_REPLY_MAP, 3), MAP_READ, p0, 0, PAGE, -EINVAL },
		{ "a kill without a reason", IPC_TAG(FAULT_REPLY_KILL, 1), 0, 0, 0, 0, -EINVAL },
		{ "a kill with an unknown reason", IPC_TAG(FAULT_REPLY_KILL, 1), 99, 0, 0, 0, -EINVAL },
		{ "a resume with words", IPC_TAG(FAULT_REPLY_RESUME, 2), 0, 0, 0, 0, -EINVAL },
		{ "an unknown kernel label", IPC_TAG(0xffe7, 0), 0, 0, 0, 0, -EINVAL },
		{ "a label of its own", IPC_TAG(0x1234, 0), 0, 0, 0, 0, -EINVAL },
	};
	struct mica_kernel_info k0, k1;

	mica_kernel_info(&k0, 0);
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const struct bad_reply *b = &bad[i];
		uint32_t va = BAD_BASE + i * PAGE, tid = start(child, 6, OP_LOAD, va, 0);
		uint32_t dst = b->dst < PAGE ? va + b->dst : b->dst;
		struct mica_msg m = { b->tag, { b->flags, b->src, dst, b->size } };
		struct mica_msg f;
		uint32_t from;

		printf("# refused %u: thread %08x\n", i, tid);
		mica_wait(&f, WAIT_MS, &from);
		tap_is_int(mica_send(tid, &m, IPC_TIMEOUT_POLL), b->err, b->what);
		stopped(tid, "  and the faulting thread is stopped");
	}
	test_exists();
	mica_kernel_info(&k1, 0);
	tap_ok(k1.mappings == k0.mappings && k1.frames_granted == k0.frames_granted,
	       "the refused replies mapped nothing (%u mappings, %u granted)",
	       k1.mappings, k1.frames_granted);
}

static void test_forged(void)
{
	uint32_t tid = start(child, 7, OP_LOAD, BAD_BASE + 0x100000, 0);
	struct mica_msg f;
	uint32_t from;

	mica_wait(&f, WAIT_MS, &from);
	tap_is_int(reply(mica_root_tid(), IPC_TAG(FAULT_LABEL | FAULT_READ, 4), 0), -EINVAL,
		   "a thread cannot send a fault label to a thread not in a fault");
	tap_is_int(reply(mica_root_tid(), IPC_TAG(FAULT_REPLY_MAP, 4), 0), -EINVAL,
		   "nor a map item");
	tap_is_int(reply(tid, IPC_TAG(FAULT_REPLY_KILL, 1), FAULT_KILL_SEGV), 0,
		   "but its pager can answer the thread that faulted");
	stopped(tid, "which is stopped");
}

/* Maps our page `page` at va of task (a mapping derived from ours). */
static int share(uint32_t task, uint32_t va, unsigned int page, unsigned int rights)
{
	return mica_map(task, va, (uintptr_t)pages[page], PAGE, rights);
}

static void test_revoke(void)
{
	uint32_t a, b;

	pages[2][0] = 0xa11ce;
	tap_is_int(share(MICA_TASK_SELF, OWN_VA, 2, MAP_READ | MAP_WRITE), 0,
		   "our page mapped again in our own space");
	tap_is_int(mica_map(child, SHARE_VA, OWN_VA, PAGE, MAP_READ), 0,
		   "that mapping shared into the child");
	tap_is_int(mica_map(child2, SHARE_VA, OWN_VA, PAGE, MAP_READ), 0,
		   "and into a second child");
	a = start(child, 8, OP_LOAD, SHARE_VA, 0);
	tap_is_int(finished(8), 0xa11ce, "the first child reads it");
	mica_thread_destroy(a);
	b = start(child2, 9, OP_LOAD, SHARE_VA, 0);
	tap_is_int(finished(9), 0xa11ce, "the second child reads it");
	mica_thread_destroy(b);
	tap_is_int(mica_unmap(MICA_TASK_SELF, OWN_VA, PAGE), 0, "our mapping revoked");
	a = start(child, 10, OP_LOAD, SHARE_VA, 0);
	fault_is(a, FAULT_LABEL | FAULT_READ, SHARE_VA, (uint32_t)probe_load, 0x005,
		 child, "the first child faults on the page now (its table went too)");
	b = start(child2, 11, OP_LOAD, SHARE_VA, 0);
	fault_is(b, FAULT_LABEL | FAULT_READ, SHARE_VA, (uint32_t)probe_load, 0x005,
		 child2, "so does the second");
	reply(a, IPC_TAG(FAULT_REPLY_KILL, 1), FAULT_KILL_SEGV);
	reply(b, IPC_TAG(FAULT_REPLY_KILL, 1), FAULT_KILL_SEGV);
	mica_thread_destroy(a);
	mica_thread_destroy(b);
	tap_is_int(pages[2][0], 0xa11ce, "our own first mapping of the page is still there");
	tap_is_int(mica_map(child, SHARE_VA, OWN_VA, PAGE, MAP_READ), -EACCES,
		   "the revoked mapping cannot be passed on");

	tap_is_int(share(child, SHARE_VA + PAGE, 3, MAP_READ | MAP_WRITE), 0,
		   "a read-write page shared");
	pages[3][1] = 0xbeef;		/* ours is read-only from now on */
	tap_is_int(mica_revoke(MICA_TASK_SELF, (uintptr_t)pages[3], PAGE, MAP_WRITE), 0,
		   "write revoked from our mapping and what derives from it");
	a = start(child, 12, OP_LOAD, SHARE_VA + PAGE + 4, 0);
	tap_is_int(finished(12), 0xbeef, "the child still reads it");
	mica_thread_destroy(a);
	a = start(child, 13, OP_STORE, SHARE_VA + PAGE, 5);
	fault_is(a, FAULT_LABEL | FAULT_WRITE, SHARE_VA + PAGE, (uint32_t)probe_store,
		 0x00f, child, "but a write faults: permission (page)");
	reply(a, IPC_TAG(FAULT_REPLY_KILL, 1), FAULT_KILL_SEGV);
	mica_thread_destroy(a);
}

static void test_reuse_and_grant(void)
{
	struct mica_task_info ti0, ti1;
	uint32_t a;

	pages[4][0] = 0x1111;
	pages[5][0] = 0x2222;
	share(child, SHARE_VA + 2 * PAGE, 4, MAP_READ);
	a = start(child, 14, OP_LOAD, SHARE_VA + 2 * PAGE, 0);
	tap_is_int(finished(14), 0x1111, "a page read through one frame");
	mica_thread_destroy(a);
	tap_is_int(mica_unmap(child, SHARE_VA + 2 * PAGE, PAGE), 0, "unmapped from the child");
	share(child, SHARE_VA + 2 * PAGE, 5, MAP_READ);
	a = start(child, 15, OP_LOAD, SHARE_VA + 2 * PAGE, 0);
	tap_is_int(finished(15), 0x2222, "the address reused: the new frame's content");
	mica_thread_destroy(a);
	share(MICA_TASK_SELF, OWN_VA + PAGE, 4, MAP_READ);
	tap_is_int(*(volatile uint32_t *)(OWN_VA + PAGE), 0x1111, "in our own space: one frame");
	mica_unmap(MICA_TASK_SELF, OWN_VA + PAGE, PAGE);
	share(MICA_TASK_SELF, OWN_VA + PAGE, 5, MAP_READ);
	tap_is_int(*(volatile uint32_t *)(OWN_VA + PAGE), 0x2222,
		   "the address reused in our space: the other frame (no stale line or TLB entry)");
	mica_unmap(MICA_TASK_SELF, OWN_VA + PAGE, PAGE);

	pages[6][0] = 0x6666;
	share(MICA_TASK_SELF, OWN_VA + 2 * PAGE, 6, MAP_READ | MAP_WRITE);
	mica_task_info(child, &ti0);
	tap_is_int(mica_map(child, SHARE_VA + 3 * PAGE, OWN_VA + 2 * PAGE, PAGE,
			    MAP_READ | MAP_GRANT), 0, "a mapping granted to the child");
	mica_task_info(child, &ti1);
	tap_is_int(ti1.mapped, ti0.mapped + 1, "the child has one more page mapped");
	tap_is_int(mica_map(child, SHARE_VA + 4 * PAGE, OWN_VA + 2 * PAGE, PAGE, MAP_READ),
		   -EACCES, "the grantor lost it");
	a = start(child, 16, OP_LOAD, SHARE_VA + 3 * PAGE, 0);
	tap_is_int(finished(16), 0x6666, "the child reads the granted page");
	mica_thread_destroy(a);
}

static void test_pager_gone_and_exit(void)
{
	uint32_t helper, a;
	struct mica_msg m;
	uint32_t from = 0;
	int err;

	helper = start(MICA_TASK_SELF, 17, OP_EXEC, (uint32_t)exec42, 0);
	tap_is_int(finished(17), 42, "a helper thread that never receives");
	a = start_paged(child, 18, OP_LOAD, BAD_BASE + 0x200000, 0, helper);
	mica_sleep(5);		/* it faulted to helper, which does not receive */
	printf("# gone: thread %08x pager %08x\n", a, helper);
	mica_thread_destroy(helper);
	stopped(a, "a pager destroyed while its thread waits: the thread is stopped");

	a = start(child2, 19, OP_EXIT, 0, 7);
	err = mica_wait(&m, WAIT_MS, &from);
	tap_ok(!err && from == a && m.tag == IPC_TAG(EXIT_LABEL, 4) && m.w[0] == 7 &&
	       m.w[3] == child2, "an exit: the pager learns the status %u of task %u",
	       m.w[0], m.w[3]);
	tap_is_int(reply(a, IPC_TAG(FAULT_REPLY_RESUME, 0), 0), 0, "its reply is taken");
	tap_is_int(mica_task_info(child2, &(struct mica_task_info){ 0 }), -ESRCH,
		   "and the task is gone");

	child2 = (uint32_t)child_task_create("pchild3", 0);
	helper = start(MICA_TASK_SELF, 20, OP_EXEC, (uint32_t)exec42, 0);
	tap_is_int(finished(20), 42, "another helper that never receives");
	start_paged(child2, 21, OP_EXIT, 0, 9, helper);
	mica_sleep(5);		/* its exit message waits for helper */
	tap_is_int(mica_task_info(child2, &(struct mica_task_info){ 0 }), 0,
		   "a task whose exit message waits on its pager is still there");
	mica_thread_destroy(helper);
	tap_is_int(mica_task_info(child2, &(struct mica_task_info){ 0 }), -ESRCH,
		   "and is gone when that pager is destroyed");
}

int main(void)
{
	struct mica_kernel_info k0;
	int status;

	tap_plan(107);
	accounts_start(&k0);
	self_tid = mica_thread_self();
	child = (uint32_t)child_task_create("pchild", 0);
	child2 = (uint32_t)child_task_create("pchild2", 0);
	tap_ok((int)child > 0 && (int)child2 > 0, "two child tasks with our image");
	test_read_fault();
	test_retry_and_write();
	test_kill_and_exec();
	test_exceptions();
	test_refused();
	test_forged();
	test_revoke();
	test_reuse_and_grant();
	test_pager_gone_and_exit();
	mica_task_destroy(child);
	mica_unmap(MICA_TASK_SELF, OWN_VA, 4 * PAGE);
	accounts_back(&k0);
	status = tap_done();
	mica_root_halt(status);		/* the test image stops here */
	return status;
}
