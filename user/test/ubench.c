/*
 * ubench: user-space benchmarks (docs/bench.md), as figure lines
 *
 *	bench: NAME: N instructions/op (ITERS iterations, loop overhead M subtracted)
 *
 * and as TAP. Times come from the 24 MHz counter (mica_clock()); they are
 * turned into instructions as QEMU's `-icount shift=0` defines them (one
 * instruction per nanosecond), so they are instruction counts only under
 * -icount (`make bench`). Without it they are host-dependent times, and
 * the TAP checks only that every benchmark ran correctly and gave a
 * figure above zero, never a target.
 *
 * Every figure is the least of REPEATS warm runs of a loop, minus the
 * least of REPEATS runs of the same loop calling a stub of the same
 * signature instead (the "loop overhead", also printed). The cross-task
 * partner is a second task, "ubench-b", into which this program maps its
 * own image (text, data and bss, the same frames at the same addresses),
 * so its threads run this file's functions on stacks from this file's bss.
 *
 * Argument "quick": fewer iterations, for `make test`.
 */
#include <mica.h>
#include <mica/root.h>
#include <mica/tap.h>
#include <stdio.h>
#include <string.h>
#include <uapi/fault.h>

#include "spawnee.h"

#define ITERS		10000
#define ITERS_QUICK	1000
#define REPEATS		3
#define SPIN		100000000u	/* busy-loop iterations for the tick */
#define SPIN_QUICK	20000000u
#define PARKED		1000		/* threads alive for the scaling figures */
#define PARKED_WORDS	64		/* a parked thread's stack */
#define STACK_WORDS	512
#define ECHO		0x7542
#define PRIO		MICA_PRIO_DEFAULT	/* the root task starts us there */
#define PRIO_IDLE	1		/* below ours: such a thread never runs */
#define PAGE_SIZE	4096u
#define IMAGE_START	0x00010000u	/* user/user.lds */
#define B_QUOTA		(4u << 20)	/* room for PARKED TCBs and UTCB pages */
#define NEVER		IPC_TIMEOUT_NEVER
#define FAILED		0xffffffffu	/* a loop's result when an operation failed */
#define NONE		0xfffffffeu	/* no run yet (least()'s start) */

extern char _end[];

typedef int call_fn(uint32_t to, struct mica_msg *msg, unsigned int st,
		    unsigned int rt);
typedef int reply_wait_fn(uint32_t to, struct mica_msg *msg,
			  unsigned int rt, uint32_t *sender);

static uint32_t iters, counter_hz;
static uint32_t server_stack[STACK_WORDS] __attribute__((aligned(8)));
static uint32_t b_server_stack[STACK_WORDS] __attribute__((aligned(8)));
static uint32_t yield_stack[STACK_WORDS] __attribute__((aligned(8)));
static uint32_t parked_stacks[PARKED][PARKED_WORDS] __attribute__((aligned(8)));
static uint32_t parked_tids[PARKED];
static volatile int yield_stop;

static uint32_t now(void)
{
	return mica_clock(NULL, NULL);
}

static uintptr_t stack_top(uint32_t *stack, size_t words)
{
	return (uintptr_t)(stack + words);
}

/* The stubs the overhead loops call instead of the measured operations. */
__attribute__((noipa)) static int stub_void(void)
{
	return 0;
}

__attribute__((noipa)) static int stub_call(uint32_t to, struct mica_msg *msg,
					    unsigned int st, unsigned int rt)
{
	(void)to, (void)msg, (void)st, (void)rt;
	return 0;
}

__attribute__((noipa)) static int stub_reply_wait(uint32_t to, struct mica_msg *msg,
						  unsigned int rt, uint32_t *sender)
{
	(void)to, (void)msg, (void)rt, (void)sender;
	return 0;
}

__attribute__((noipa)) static int stub_create(uint32_t task, uintptr_t pc, uintptr_t sp,
					      unsigned int prio, uint32_t pager, uint32_t arg)
{
	(void)task, (void)pc, (void)sp, (void)prio, (void)pager, (void)arg;
	return 1;
}

__attribute__((noipa)) static int stub_destroy(uint32_t tid)
{
	(void)tid;
	return 0;
}

/* ---- the loops: each returns counter ticks for n iterations, or FAILED */

/* SYS_NULL straight from an svc in the loop; the overhead loop lacks the svc. */
static uint32_t loop_svc(uint32_t n, int with_svc)
{
	register uint32_t nr __asm__("r7") = SYS_NULL;
	uint32_t t = now();

	if (with_svc)
		__asm__ volatile("1:	svc	#0\n"
				 "	subs	%0, %0, #1\n"
				 "	bne	1b\n"
				 : "+r"(n) : "r"(nr)
				 : "r0", "r1", "r2", "r3", "r12", "cc", "memory");
	else
		__asm__ volatile("1:	subs	%0, %0, #1\n"
				 "	bne	1b\n"
				 : "+r"(n) : "r"(nr) : "cc", "memory");
	return now() - t;
}

static uint32_t loop_void(int (*fn)(void), uint32_t n)
{
	uint32_t t = now();

	for (uint32_t i = 0; i < n; i++)
		if (fn())
			return FAILED;
	return now() - t;
}

/* A server: echoes every message to its sender, forever. */
static void __attribute__((noreturn)) echo_server(uint32_t arg)
{
	struct mica_msg msg;
	uint32_t client;

	(void)arg;
	for (;;) {
		int err = mica_wait(&msg, NEVER, &client);

		while (!err)
			err = mica_reply_wait(client, &msg, NEVER, &client);
	}
}

/* n calls of words words to server; the echo must come back as sent. */
static uint32_t loop_call(call_fn *call, uint32_t server, uint32_t words, uint32_t n)
{
	struct mica_msg msg = { .tag = IPC_TAG(ECHO, words) };
	uint32_t t;

	for (uint32_t i = 0; i < IPC_REG_WORDS; i++)
		msg.w[i] = i < words ? 0xbe00 + i : 0;
	t = now();
	for (uint32_t i = 0; i < n; i++)
		if (call(server, &msg, NEVER, NEVER))
			return FAILED;
	t = now() - t;
	if (msg.tag != IPC_TAG(ECHO, words))
		return FAILED;
	for (uint32_t i = 0; i < words; i++)
		if (msg.w[i] != 0xbe00 + i)
			return FAILED;
	return t;
}

/* The overhead of a round trip: the client's loop and the server's. */
static uint32_t loop_call_empty(call_fn *call, reply_wait_fn *rw, uint32_t server,
				uint32_t n)
{
	struct mica_msg msg = { .tag = IPC_TAG(ECHO, 0) };
	uint32_t client = server, t = now();

	for (uint32_t i = 0; i < n; i++) {
		if (call(server, &msg, NEVER, NEVER))
			return FAILED;
		if (rw(client, &msg, NEVER, &client))
			return FAILED;
	}
	return now() - t;
}

/* The partner of the yield benchmark: yields until told to stop. */
static int yielder(void *arg)
{
	(void)arg;
	while (!yield_stop)
		mica_yield();
	return 0;
}

static uint32_t loop_yield_empty(int (*fn)(void), uint32_t n)
{
	uint32_t t = now();

	for (uint32_t i = 0; i < n; i++) {
		if (fn())
			return FAILED;
		if (yield_stop)
			return FAILED;
		if (fn())
			return FAILED;
	}
	return now() - t;
}

/* A thread that waits for messages forever (the parked threads). */
static void __attribute__((noreturn)) parked(uint32_t arg)
{
	struct mica_msg msg;

	(void)arg;
	for (;;)
		mica_wait(&msg, NEVER, NULL);
}

static uint32_t loop_create(int (*create)(uint32_t, uintptr_t, uintptr_t, unsigned int,
					  uint32_t, uint32_t),
			    int (*destroy)(uint32_t), uint32_t n)
{
	uintptr_t sp = stack_top(parked_stacks[0], PARKED_WORDS);
	uint32_t t = now();

	for (uint32_t i = 0; i < n; i++) {
		int tid = create(MICA_TASK_SELF, (uintptr_t)parked, sp, PRIO_IDLE,
				 TID_NIL, 0);

		if (tid <= 0 || destroy((uint32_t)tid))
			return FAILED;
	}
	return now() - t;
}

/* ---- reporting */

/* Counter ticks to tenths of an instruction (1 ns each under -icount shift=0). */
static int64_t tenths(uint32_t ticks)
{
	return (int64_t)ticks * 10000000000ll / counter_hz;
}

/* "-12.3" from tenths, in buf[16]. */
static const char *fmt_tenths(char *buf, int64_t t)
{
	int32_t v = (int32_t)t;
	uint32_t a = v < 0 ? 0u - (uint32_t)v : (uint32_t)v;

	snprintf(buf, 16, "%s%u.%u", v < 0 ? "-" : "", a / 10, a % 10);
	return buf;
}

/* The least of two runs' results; FAILED when either run failed. */
static uint32_t least(uint32_t a, uint32_t b)
{
	if (a == FAILED || b == FAILED)
		return FAILED;
	return a < b ? a : b;
}

/*
 * Prints a figure: total ticks of the measured and the overhead loops,
 * ops operations per run. Returns the figure in tenths of instructions
 * per op (0 when a loop failed), and records whether it is above zero.
 */
static int64_t report(const char *name, uint32_t total, uint32_t overhead, uint32_t ops)
{
	char a[16], b[16];
	int64_t fig = 0, over = 0;

	if (total < NONE && overhead < NONE) {
		over = tenths(overhead) / ops;
		fig = (tenths(total) - tenths(overhead)) / ops;
		printf("bench: %s: %s instructions/op (%u iterations, loop overhead %s subtracted)\n",
		       name, fmt_tenths(a, fig), ops, fmt_tenths(b, over));
	}
	tap_ok(total < NONE && overhead < NONE && fig > 0,
	       "%s: every operation succeeded, %s instructions/op > 0", name,
	       fmt_tenths(a, fig));
	return fig;
}

static uint32_t space_switches(void)
{
	struct mica_kernel_info ki;

	return mica_kernel_info(&ki, 0) ? 0 : ki.space_switches;
}

static uint32_t threads_alive(void)
{
	struct mica_kernel_info ki;

	return mica_kernel_info(&ki, 0) ? 0 : ki.threads;
}

/* ---- the benchmarks */

static void bench_null(void)
{
	uint32_t total = NONE, over = NONE;

	for (int r = 0; r < REPEATS; r++) {
		total = least(total, loop_svc(iters, 1));
		over = least(over, loop_svc(iters, 0));
	}
	report("null system call (svc in the loop)", total, over, iters);
	total = over = NONE;
	for (int r = 0; r < REPEATS; r++) {
		total = least(total, loop_void(mica_null, iters));
		over = least(over, loop_void(stub_void, iters));
	}
	report("null system call (mica_null)", total, over, iters);
}

/*
 * A round trip of words words to server, with the address-space switches
 * per round trip; returns the figure in tenths.
 */
static int64_t bench_rt(const char *name, uint32_t server, uint32_t words)
{
	uint32_t total, over = NONE, sw;
	char buf[64], a[16];
	int64_t fig;

	loop_call(mica_call, server, words, iters);	/* warm up: one whole run */
	sw = space_switches();
	total = loop_call(mica_call, server, words, iters);
	sw = space_switches() - sw;
	for (int r = 1; r < REPEATS; r++)
		total = least(total, loop_call(mica_call, server, words, iters));
	for (int r = 0; r < REPEATS; r++)
		over = least(over, loop_call_empty(stub_call, stub_reply_wait, server, iters));
	snprintf(buf, sizeof(buf), "%s, %u words", name, words);
	fig = report(buf, total, over, iters);
	printf("bench: %s: %s space switches/op (whole-cache clean+invalidate)\n",
	       buf, fmt_tenths(a, (int64_t)sw * 10 / iters));
	return fig;
}

static void bench_yield(void)
{
	uint32_t total, over = NONE;
	int tid;

	yield_stop = 0;
	tid = mica_thread_start(yielder, NULL, yield_stack, sizeof(yield_stack), PRIO);
	if (tid < 0) {
		tap_ok(0, "yield partner: %s", mica_strerror(tid));
		return;
	}
	loop_void(mica_yield, iters);		/* warm up: one whole run */
	total = loop_void(mica_yield, iters);
	for (int r = 1; r < REPEATS; r++)
		total = least(total, loop_void(mica_yield, iters));
	for (int r = 0; r < REPEATS; r++)
		over = least(over, loop_yield_empty(stub_void, iters));
	yield_stop = 1;
	mica_yield();		/* the partner returns and destroys itself */
	/* Each iteration is two yields: ours and the partner's. */
	report("yield to a thread of equal priority", total, over, 2 * iters);
}

static void bench_create(void)
{
	uint32_t total = NONE, over = NONE;

	for (int r = 0; r < REPEATS; r++) {
		total = least(total, loop_create(mica_thread_create, mica_thread_destroy, iters));
		over = least(over, loop_create(stub_create, stub_destroy, iters));
	}
	report("thread create + destroy (pair, never run)", total, over, iters);
}

/*
 * The tick with no preemption: a 2-instruction busy loop of spin
 * iterations; what the counter shows beyond 2 * spin instructions, per
 * tick taken meanwhile, is the tick's cost seen from user space (vector,
 * the clock and scheduler tick, return to user; only this thread ready).
 */
static void bench_tick(uint32_t spin)
{
	uint32_t t, k0, k1, n = spin, base0, base1;
	char a[16], b[16];
	int64_t over, fig;

	base0 = now();
	base1 = now();		/* one clock call: the timing's own overhead */
	mica_clock(NULL, &k0);
	t = now();
	__asm__ volatile("1:	subs	%0, %0, #1\n"
			 "	bne	1b\n" : "+r"(n) : : "cc");
	t = now() - t;
	mica_clock(NULL, &k1);
	k1 -= k0;
	if (!tap_ok(k1 > 0, "tick: %u ticks during a busy loop of %u instructions",
		    k1, 2 * spin))
		return;
	over = 2 * (int64_t)spin * 10 + tenths(base1 - base0);
	fig = (tenths(t) - over) / k1;
	printf("bench: tick, user busy loop, no preemption: %s instructions/op "
	       "(%u iterations, loop overhead %s subtracted)\n",
	       fmt_tenths(a, fig), k1, fmt_tenths(b, over / k1));
}

/* Maps this program's image into task, page by page with its own rights. */
static int image_share(uint32_t task)
{
	static const unsigned int rights[] = {
		MAP_READ | MAP_WRITE, MAP_READ | MAP_EXEC, MAP_READ,
	};

	mica_prefault((const void *)IMAGE_START, (uintptr_t)_end - IMAGE_START);
	for (uintptr_t va = IMAGE_START; va < (uintptr_t)_end; va += PAGE_SIZE) {
		int err = -EACCES;

		for (unsigned int i = 0; err == -EACCES && i < 3; i++)
			err = mica_map(task, va, va, PAGE_SIZE, rights[i]);
		if (err)
			return err;
	}
	return 0;
}

/* A task called name (quota bytes, 0: the default) with this image, in *task. */
static int task_with_image(const char *name, uint32_t quota, uint32_t *task)
{
	int t = mica_task_create(name, quota);

	if (t < 0)
		return t;
	*task = (uint32_t)t;
	return image_share(*task);
}

/* Task "ubench-b" with this image and an echo server; returns the server's tid. */
static int task_b_start(uint32_t *task)
{
	int err = task_with_image("ubench-b", B_QUOTA, task);

	if (err)
		return err;
	return mica_thread_create(*task, (uintptr_t)echo_server,
				  stack_top(b_server_stack, STACK_WORDS), PRIO, TID_NIL, 0);
}

/* PARKED threads in task, each left waiting in a receive; returns how many. */
static uint32_t parked_start(uint32_t task)
{
	uint32_t n;

	for (n = 0; n < PARKED; n++) {
		int tid = mica_thread_create(task, (uintptr_t)parked,
					     stack_top(parked_stacks[n], PARKED_WORDS),
					     PRIO, TID_NIL, n);
		if (tid < 0)
			break;
		parked_tids[n] = (uint32_t)tid;
	}
	mica_sleep(20);		/* they run, each up to its receive */
	return n;
}

/* How many parked threads take a message at once (they wait in a receive). */
static uint32_t parked_waiting(uint32_t n)
{
	struct mica_msg msg = { .tag = IPC_TAG(ECHO, 0) };
	uint32_t waiting = 0;

	for (uint32_t i = 0; i < n; i++)
		waiting += mica_send(parked_tids[i], &msg, IPC_TIMEOUT_POLL) == 0;
	mica_sleep(20);		/* back into their receives */
	return waiting;
}

static void report_ratio(const char *name, int64_t base, int64_t scaled)
{
	char a[16];
	int64_t r = base > 0 ? scaled * 1000 / base : 0;

	snprintf(a, sizeof(a), "%u.%03u", (uint32_t)r / 1000, (uint32_t)r % 1000);
	printf("bench: %s: ratio %s (%d threads alive vs 2; target 1.00 +- 0.02)\n",
	       name, a, PARKED);
	tap_ok(r > 0, "%s: ratio %s > 0", name, a);
}

static void bench_ipc(void)
{
	int64_t same, cross, same_scaled, cross_scaled;
	uint32_t task_b = 0, n, before;
	int server, server_b;

	server = mica_thread_create(MICA_TASK_SELF, (uintptr_t)echo_server,
				    stack_top(server_stack, STACK_WORDS), PRIO, TID_NIL, 0);
	server_b = task_b_start(&task_b);
	tap_ok(server > 0 && server_b > 0, "echo servers in this task and in ubench-b: %s, %s",
	       mica_strerror(server < 0 ? server : 0), mica_strerror(server_b < 0 ? server_b : 0));
	if (server <= 0 || server_b <= 0)
		return;
	same = bench_rt("ipc round trip, same task", (uint32_t)server, 0);
	bench_rt("ipc round trip, same task", (uint32_t)server, IPC_REG_WORDS);
	cross = bench_rt("ipc round trip, across tasks", (uint32_t)server_b, 0);
	bench_rt("ipc round trip, across tasks", (uint32_t)server_b, IPC_REG_WORDS);

	before = threads_alive();
	n = parked_start(task_b);
	tap_is_int(threads_alive() - before, PARKED, "threads alive after parking 1000 in ubench-b");
	tap_is_int(parked_waiting(n), PARKED, "every parked thread waits in a receive");
	same_scaled = bench_rt("ipc round trip, same task, 1000 threads", (uint32_t)server, 0);
	cross_scaled = bench_rt("ipc round trip, across tasks, 1000 threads", (uint32_t)server_b, 0);
	tap_is_int(parked_waiting(n), PARKED, "every parked thread still waits in a receive");
	report_ratio("ipc round trip, same task, 0 words, 1000 threads", same, same_scaled);
	report_ratio("ipc round trip, across tasks, 0 words, 1000 threads", cross, cross_scaled);
	tap_is_int(mica_task_destroy(task_b), 0, "ubench-b destroyed");
	tap_is_int(mica_thread_destroy((uint32_t)server), 0, "the local echo server destroyed");
}

/* ---- paging: faults served by a pager here and by the root task; map, spawn */

#define FAULT_PAGES	512		/* faults per run: one ROOT_FRAMES block */
#define FRAMES_VA	0x70000000u	/* where the root task grants us those frames */
#define TOUCH_VA	0x40000000u	/* the toucher's fresh pages, in task ubench-p */
#define MAP_VA		0x50000000u	/* where SYS_MAP maps a page into ubench-p */
#define GO		0x7547		/* to the toucher: w0 = first page, w1 = pages */
#define DONE		0x7544		/* from the toucher: all touched */
#define SPAWNS		8		/* task starts timed */

typedef int unmap_fn(uint32_t task, uintptr_t va, size_t size);
typedef int map_fn(uint32_t task, uintptr_t dst, uintptr_t src, size_t size,
		   unsigned int flags);

static uint32_t toucher_stack[STACK_WORDS] __attribute__((aligned(8)));

__attribute__((noipa)) static int stub_unmap(uint32_t task, uintptr_t va, size_t size)
{
	(void)task, (void)va, (void)size;
	return 0;
}

__attribute__((noipa)) static int stub_map(uint32_t task, uintptr_t dst, uintptr_t src,
					   size_t size, unsigned int flags)
{
	(void)task, (void)dst, (void)src, (void)size, (void)flags;
	return 0;
}

/* One store to each of pages pages from base: a write fault on each fresh one. */
__attribute__((noinline)) static void touch(uintptr_t base, uint32_t pages)
{
	for (uint32_t i = 0; i < pages; i++)
		*(volatile uint32_t *)(base + i * PAGE_SIZE) = i;
}

/* In task ubench-p: touches the pages its pager names, then says so, forever. */
static void __attribute__((noreturn)) toucher(uint32_t pager)
{
	struct mica_msg msg;

	for (;;) {
		if (mica_recv(pager, &msg, NEVER, NULL))
			continue;
		touch(msg.w[0], msg.w[1]);
		msg.tag = IPC_TAG(DONE, 0);
		mica_send(pager, &msg, NEVER);
	}
}

/*
 * The pager's side of n faults, the first one's message in *msg from
 * *from: each answered by rw (reply-and-wait, or a stub) with a map item
 * of the next frame from frames (physical, ours) at the faulting page.
 */
static int serve_faults(reply_wait_fn *rw, struct mica_msg *msg, uint32_t *from,
			uint32_t frames, uint32_t n)
{
	int err = 0;

	for (uint32_t i = 0; i < n && !err; i++) {
		msg->tag = IPC_TAG(FAULT_REPLY_MAP, 4);
		msg->w[2] = msg->w[0] & ~(PAGE_SIZE - 1);	/* the faulting page */
		msg->w[0] = MAP_PHYS | MAP_READ | MAP_WRITE;
		msg->w[1] = frames + i * PAGE_SIZE;
		msg->w[3] = PAGE_SIZE;
		err = rw(*from, msg, NEVER, from);
	}
	return err;
}

/*
 * One run: the toucher told to touch n fresh pages, its n faults served,
 * its DONE received. With n = 0 it is the run's fixed part (two messages).
 */
static uint32_t loop_fault(uint32_t toucher_tid, uint32_t frames, uint32_t n)
{
	struct mica_msg msg = { IPC_TAG(GO, 2), { TOUCH_VA, n } };
	uint32_t from = toucher_tid, t = now();
	int err = mica_send(toucher_tid, &msg, NEVER);

	if (!err)
		err = mica_wait(&msg, NEVER, &from);
	if (!err)
		err = serve_faults(mica_reply_wait, &msg, &from, frames, n);
	t = now() - t;
	return err || msg.tag != IPC_TAG(DONE, 0) || from != toucher_tid ? FAILED : t;
}

/* The user-mode loops of a run alone: the pager's with a stub, the toucher's on mapped pages. */
static uint32_t loop_fault_empty(uint32_t frames, uint32_t n)
{
	struct mica_msg msg = { IPC_TAG(GO, 2), { FRAMES_VA, n } };
	uint32_t from = 0, t = now();
	int err = serve_faults(stub_reply_wait, &msg, &from, frames, n);

	touch(FRAMES_VA, n);
	return err ? FAILED : now() - t;
}

/* n pages from va of task unmapped one call each. */
static uint32_t loop_unmap(unmap_fn *unmap, uint32_t task, uintptr_t va, uint32_t n)
{
	uint32_t t = now();

	for (uint32_t i = 0; i < n; i++)
		if (unmap(task, va + i * PAGE_SIZE, PAGE_SIZE))
			return FAILED;
	return now() - t;
}

/* n times: our page at src mapped at MAP_VA of task, then unmapped. */
static uint32_t loop_map(map_fn *map, unmap_fn *unmap, uint32_t task, uintptr_t src,
			 uint32_t n)
{
	uint32_t t = now();

	for (uint32_t i = 0; i < n; i++)
		if (map(task, MAP_VA, src, PAGE_SIZE, MAP_READ | MAP_WRITE) ||
		    unmap(task, MAP_VA, PAGE_SIZE))
			return FAILED;
	return now() - t;
}

/* SYS_MAP + SYS_UNMAP of our first granted page at MAP_VA of task, timed. */
static void bench_map(uint32_t task, const char *name)
{
	uint32_t total = NONE, over = NONE;

	for (int run = 0; run < REPEATS; run++) {
		total = least(total, loop_map(mica_map, mica_unmap, task, FRAMES_VA, iters));
		over = least(over, loop_map(stub_map, stub_unmap, task, FRAMES_VA, iters));
	}
	report(name, total, over, iters);
}

/* ROOT_FRAMES: pages frames granted to us at va; their physical address or 0. */
static uint32_t frames_grant(uint32_t pages, uintptr_t va)
{
	struct mica_msg msg = { IPC_TAG(ROOT_FRAMES, 2), { pages, va } };

	if (mica_root_call(&msg) || msg.w[0] >= (uint32_t)-4095)
		return 0;
	return msg.w[0];
}

/* Whether the toucher's stores of the last run reached the frames, page i holding i. */
static bool frames_hold_index(uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (*(volatile uint32_t *)(FRAMES_VA + i * PAGE_SIZE) != i)
			return false;
	return true;
}

/*
 * Faults of a thread in task ubench-p served by this thread as its pager:
 * end to end per fault, then without the two user-mode loops (what is
 * left is the kernel and libmica's reply-and-wait); then unmapping those
 * pages one by one, and SYS_MAP + SYS_UNMAP of one of our pages.
 */
static void bench_fault(uint32_t task, uint32_t frames)
{
	uint32_t tid, total = NONE, fixed = NONE, over = NONE, unmap = NONE, t;
	bool stored = true;
	int r;

	r = mica_thread_create(task, (uintptr_t)toucher,
			       stack_top(toucher_stack, STACK_WORDS), PRIO,
			       mica_thread_self(), mica_thread_self());
	if (!tap_ok(r > 0, "a toucher in ubench-p, paged by us: %s",
		    mica_strerror(r < 0 ? r : 0)))
		return;
	tid = (uint32_t)r;
	for (int run = 0; run <= REPEATS; run++) {	/* run 0: warm-up */
		memset((void *)FRAMES_VA, 0xff, FAULT_PAGES * PAGE_SIZE);
		t = loop_fault(tid, frames, FAULT_PAGES);
		stored = stored && frames_hold_index(FAULT_PAGES);
		if (run)
			total = least(total, t);
		unmap = least(unmap, loop_unmap(mica_unmap, task, TOUCH_VA, FAULT_PAGES));
		fixed = least(fixed, loop_fault(tid, frames, 0));
		over = least(over, loop_fault_empty(frames, FAULT_PAGES));
	}
	tap_ok(stored, "every fault mapped its frame: the toucher's stores reached them");
	report("page fault to a pager, map item, resume (end to end)", total, fixed,
	       FAULT_PAGES);
	report("page fault to a pager, map item, resume (kernel + libmica)", total,
	       fixed < NONE && over < NONE ? fixed + over : FAILED, FAULT_PAGES);
	report("SYS_UNMAP of a page a fault reply mapped", unmap,
	       loop_unmap(stub_unmap, task, TOUCH_VA, FAULT_PAGES), FAULT_PAGES);
	mica_thread_destroy(tid);

	bench_map(task, "SYS_MAP of a page of ours + SYS_UNMAP (pair, alone in its MiB)");
	/* A neighbour keeps the MiB's second-level table from going and coming. */
	r = mica_map(task, MAP_VA + PAGE_SIZE, FRAMES_VA, PAGE_SIZE, MAP_READ);
	tap_is_int(r, 0, "a neighbour page mapped in the MiB");
	bench_map(task, "SYS_MAP of a page of ours + SYS_UNMAP (pair, table kept)");
	mica_unmap(task, MAP_VA + PAGE_SIZE, PAGE_SIZE);
}

static uint32_t loop_touch(uintptr_t base, uint32_t n)
{
	uint32_t t = now();

	touch(base, n);
	return now() - t;
}

/*
 * The root task as our pager: FAULT_PAGES fresh heap pages (above the
 * break; the last run gave its pages back) touched by this thread, each
 * fault served by the root task's lookup, frame allocation and zero fill.
 * The overhead is the same loop again on the pages mapped now.
 */
static void bench_root_paging(void)
{
	const intptr_t bytes = (FAULT_PAGES + 1) * PAGE_SIZE;
	uint32_t total = NONE, over = NONE;
	void *old, *back;

	for (int run = 0; run <= REPEATS; run++) {	/* run 0: warm-up */
		uintptr_t base;
		uint32_t t;

		if (mica_root_sbrk(bytes, &old)) {
			total = FAILED;
			break;
		}
		base = ((uintptr_t)old + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1);
		t = loop_touch(base, FAULT_PAGES);
		if (run)
			total = least(total, t);
		over = least(over, loop_touch(base, FAULT_PAGES));
		if (mica_root_sbrk(-bytes, &back))
			total = FAILED;
	}
	report("page fault to the root task, heap page (end to end)", total, over,
	       FAULT_PAGES);
}

/*
 * ROOT_SPAWN of spawnee (3 segments) to its first instruction in main
 * (its clock reading) and to its message here (its rodata, data and bss
 * pages touched too); each start's task is destroyed after.
 */
static void bench_spawn(void)
{
	uint32_t first = NONE, whole = NONE, t, task = 0, from = 0;
	struct mica_msg msg;
	char cmd[32];
	bool ok = true;

	snprintf(cmd, sizeof(cmd), "spawnee %x", mica_thread_self());
	for (int run = 0; run <= SPAWNS; run++) {	/* run 0: warm-up */
		int tid;

		t = now();
		tid = mica_root_spawn(cmd, &task);
		ok = ok && tid > 0 && !mica_wait(&msg, NEVER, &from) &&
		     from == (uint32_t)tid && msg.tag == IPC_TAG(SPAWNEE_LABEL, 4) &&
		     msg.w[1] == SPAWNEE_RODATA(2) && msg.w[2] == SPAWNEE_DATA &&
		     msg.w[3] == SPAWNEE_DATA;
		if (run && ok) {
			first = least(first, msg.w[0] - t);
			whole = least(whole, now() - t);
		}
		ok = ok && !mica_root_kill(task);
	}
	tap_ok(ok, "%d starts of spawnee: each reported its segments' words and was killed",
	       SPAWNS + 1);
	report("task spawn (3 segments) to its first instruction in main",
	       ok ? first : FAILED, 0, 1);
	report("task spawn (3 segments) to its first message, all segments touched",
	       ok ? whole : FAILED, 0, 1);
}

static void bench_paging(void)
{
	uint32_t task = 0, frames = frames_grant(FAULT_PAGES, FRAMES_VA);
	int err = task_with_image("ubench-p", 0, &task);

	tap_ok(frames && !err, "task ubench-p with our image, %u frames granted at %08x: %s",
	       FAULT_PAGES, frames, mica_strerror(err));
	if (frames && !err)
		bench_fault(task, frames);
	tap_is_int(task ? mica_task_destroy(task) : -ESRCH, 0, "ubench-p destroyed");
	bench_root_paging();
	bench_spawn();
}

int main(int argc, char **argv)
{
	int quick = argc > 1 && !strcmp(argv[1], "quick"), status;

	iters = quick ? ITERS_QUICK : ITERS;
	mica_clock(&counter_hz, NULL);
	tap_plan(33);
	printf("# ubench: %u iterations per figure, least of %d runs; instructions "
	       "are counter ticks * 1e9 / %u Hz (exact under -icount shift=0)\n",
	       iters, REPEATS, counter_hz);
	bench_null();
	bench_ipc();
	bench_yield();
	bench_create();
	bench_tick(quick ? SPIN_QUICK : SPIN);
	bench_paging();
	status = tap_done();
	mica_root_halt(status);		/* the test image stops here */
	return status;
}
