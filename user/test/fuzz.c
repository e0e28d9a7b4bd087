/*
 * fuzz: CALLS random system calls (xorshift PRNG; the seed is printed as
 * `# seed N` and taken from argv[1] when given: `-- --halt fuzz N`) with
 * random numbers, out-of-range ones included, and arguments biased to
 * interesting values: 0, -1, kernel, device, UTCB and vector addresses,
 * unaligned and unmapped ones, huge lengths, valid and stale ids of our
 * threads and child tasks, the root's ids. Calls that would end or block
 * this program are filtered: exit and halt, destroying our own task or
 * thread or touching the root's threads, IPC to the root task or with
 * timeouts other than poll, sleeps over 1 ms, creating threads in or
 * mapping into our own task, and unmapping in it other than UNMAP_PHYS.
 * Victim threads live in child tasks that have only the page of park() and
 * fault_walk() mapped: two park, WALKERS walk memory from random user
 * addresses, faulting to our fuzz pager thread, which answers every
 * message with a random reply: map items
 * with random flags, sources (its pages, frames we own, noise),
 * destinations and sizes, resumes, kills with any reason, other labels,
 * wrong word counts. SYS_MAP flags mix MAP_PHYS and MAP_GRANT into the
 * rights, SYS_UNMAP flags revoke rights or take UNMAP_PHYS, and
 * SYS_THREAD_SET_PAGER names the fuzz pager, this thread or none. We own
 * OWN_PAGES frames from ROOT_FRAMES, so physical maps and grants of them
 * get through.
 *
 * Checked: every out-of-range number gives -ENOSYS, every result is >= 0
 * or a code of <uapi/errno.h>, this task still has its two threads and
 * its canary, the fuzz pager answered faults, and once every task the fuzzer
 * made is destroyed the frames we own are all ours again, the kernel's
 * accounts are back at the start and its checkers are clean. The runner
 * rejects any kernel fault or panic on the console.
 */
#include <mica.h>
#include <mica/root.h>
#include <mica/tap.h>
#include <stdio.h>
#include <string.h>
#include <uapi/fault.h>
#include <unistd.h>

#include "accounts.h"

#define CALLS		100000u
#define VICTIM_TASKS	4
#define MAX_TASKS	48		/* tasks made by fuzzed SYS_TASK_CREATE */
#define PAGE		4096u
#define CANARY		0x600dcafeu
#define WALKERS		4		/* fault walkers in each victim task */
#define OWN_PAGES	8		/* frames granted us with ROOT_FRAMES */
#define OWN_VA		0x70000000u	/* where: one of the interesting values */

#define STR_(x)		#x
#define STR(x)		STR_(x)

/*
 * Victims' code, alone in its page: park sleeps a minute, again and
 * again; fault_walk loads and stores a word a page, from r0 on, for good.
 */
__asm__(".text\n\t.balign 4096\n"
	".global park\npark:\n\tldr r0, =60000\n\tmov r7, #" STR(SYS_SLEEP) "\n"
	"\tsvc #0\n\tb park\n\t.ltorg\n"
	".global fault_walk\nfault_walk:\n\tldr r1, [r0]\n\tstr r1, [r0]\n"
	"\tadd r0, r0, #4096\n\tb fault_walk\n\t.balign 4096\n");
extern const char park[], fault_walk[];

static uint32_t rng, pager_rng;	/* the fuzz pager's is its own */
/*
 * Pointer arguments and virtual grant sources: two pages at the top of our
 * heap, nothing mapped after them, so that a grant from them takes no page
 * of our image (a range past them is refused whole).
 */
#define SCRATCH_BYTES	(2 * PAGE)
static uint8_t *scratch;
static volatile uint32_t canary = CANARY;
static uint32_t self_tid, self_task, root_tid;
static uint32_t tasks[MAX_TASKS + VICTIM_TASKS], ntasks;
static uint32_t threads[64], nthreads;	/* victims and threads made, live or stale */
static uint32_t own_pa;			/* our OWN_PAGES frames */
static uint32_t pager_tid;
static volatile uint32_t pager_stop, pager_faults, pager_taken;
static uint32_t pager_stack[512] __attribute__((aligned(8)));

static uint32_t xorshift(uint32_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return *state;
}

static uint32_t rand32(void)
{
	return xorshift(&rng);
}

static uint32_t pick(const uint32_t *v, unsigned int n)
{
	return v[rand32() % n];
}

static const uint32_t interesting[] = {
	0, 1, 2, 4, 7, 0xff, 0x100, 0xffff, 0x10000, 0x7fffffff, 0x80000000u,
	0xffffffffu, 0xfffffffeu, 0xfffff000u, 0x1000, 0x1001, 0xfff, 4096, 4097,
	65534, 65535, 0xc0000000u, 0xc0008000u, 0xc0008001u, 0xf11f1000u,
	0x101f1000u, 0x7f12345cu, 0xbff00000u, 0xbfeffffcu, 0xffff0ff0u,
	0xffff0000u, 0x00010000u, 0xbf000000u, 0x40000000u, 0x70000000u,
};

/* One of our frames, or the one past them. */
static uint32_t own_frame(uint32_t r)
{
	return own_pa + r % (OWN_PAGES + 1) * PAGE;
}

/* Rights with MAP_PHYS and MAP_GRANT mixed in, or (one in 8) noise. */
static uint32_t map_flags(uint32_t r)
{
	static const uint32_t how[] = { 0, MAP_PHYS, MAP_GRANT, MAP_PHYS | MAP_GRANT };

	return r % 8 ? (r >> 3 & MAP_RIGHTS) | how[r >> 6 & 3] : r >> 3;
}

/* Rights to revoke, with UNMAP_PHYS half the time, or (one in 8) noise. */
static uint32_t unmap_flags(uint32_t r)
{
	return r % 8 ? (r >> 3 & MAP_RIGHTS) | (r & 64 ? UNMAP_PHYS : 0) : r >> 3;
}

/* A value for any argument: interesting, an id, a pointer, a frame or noise. */
static uint32_t arg(void)
{
	switch (rand32() % 9) {
	case 0: case 1: case 2:
		return pick(interesting, sizeof(interesting) / 4);
	case 3:
		return nthreads ? pick(threads, nthreads) : 0;
	case 4:
		return ntasks ? pick(tasks, ntasks) : 0;
	case 5:
		return (uintptr_t)scratch + (rand32() % 3 ? 0 : rand32() % SCRATCH_BYTES);
	case 6:
		return rand32() % 2 ? root_tid : self_tid ^ (rand32() & 0x7fff0000u);
	case 7:
		return own_frame(rand32());
	default:
		return rand32();
	}
}

static uint32_t svc(uint32_t nr, uint32_t *a)
{
	register uint32_t r0 __asm__("r0") = a[0];
	register uint32_t r1 __asm__("r1") = a[1];
	register uint32_t r2 __asm__("r2") = a[2];
	register uint32_t r3 __asm__("r3") = a[3];
	register uint32_t r4 __asm__("r4") = a[4];
	register uint32_t r5 __asm__("r5") = a[5];
	register uint32_t r6 __asm__("r6") = a[6];
	register uint32_t r7 __asm__("r7") = nr;

	__asm__ volatile("svc #0"
			 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4),
			   "+r"(r5), "+r"(r6)
			 : "r"(r7)
			 : "r8", "r9", "r10", "r11", "r12", "memory");
	return r0;
}

static int own_task(uint32_t id)
{
	return id == MICA_TASK_SELF || id == self_task;
}

/*
 * flags for a map from src in our space: a virtual grant (MAP_GRANT without
 * MAP_PHYS) moves our pages away, so it may start only in the scratch
 * pages or our frames' window, after each of which nothing is mapped;
 * elsewhere it becomes a share.
 */
static uint32_t grant_safe(uint32_t flags, uint32_t src)
{
	uintptr_t s = (uintptr_t)scratch;

	if ((flags & (MAP_GRANT | MAP_PHYS)) != MAP_GRANT ||
	    (src >= s && src - s < SCRATCH_BYTES) ||
	    (src >= OWN_VA && src - OWN_VA < OWN_PAGES * PAGE))
		return flags;
	return flags & ~MAP_GRANT;
}

/* Makes the call safe for us to survive; returns 0 to skip it. */
static int filter(uint32_t nr, uint32_t *a)
{
	switch (nr) {
	case SYS_EXIT: case SYS_HALT:
		return 0;
	case SYS_DEBUG_WRITE:		/* bad buffers only: no stray text */
		if (a[0] < 0xc0000000u || a[0] >= 0xffff0000u)
			a[1] = 0;
		return 1;
	case SYS_IPC:
		a[3] = IPC_TIMEOUTS(IPC_TIMEOUT_POLL, IPC_TIMEOUT_POLL);
		return a[0] != root_tid && a[1] != root_tid;
	case SYS_SLEEP:
		if (a[0] <= IPC_TIMEOUT_MAX_MS)
			a[0] %= 2;
		return 1;
	case SYS_CONSOLE_READ:		/* no input comes: wait 0 or 1 ms */
		if (a[2] <= IPC_TIMEOUT_NEVER)
			a[2] %= 2;
		return 1;
	case SYS_TASK_DESTROY:
		return !own_task(a[0]);
	case SYS_UNMAP:			/* UNMAP_PHYS acts on our frames only */
		a[3] = unmap_flags(rand32());
		return !own_task(a[0]) || (a[3] & UNMAP_PHYS);
	case SYS_THREAD_CREATE:
		return !own_task(a[0]) && a[4] != root_tid;
	case SYS_MAP:
		a[4] = grant_safe(map_flags(rand32()) & ~MAP_EXEC, a[2]);
		return !own_task(a[0]);
	case SYS_THREAD_SET_PAGER:
		a[1] = rand32() % 2 ? pager_tid : rand32() % 2 ? self_tid : a[1];
		return a[0] != self_tid && a[0] != pager_tid && a[0] != root_tid;
	case SYS_THREAD_DESTROY: case SYS_THREAD_SET_PRIO: case SYS_THREAD_REGS:
		return a[0] != self_tid && a[0] != pager_tid && a[0] != root_tid;
	default:
		return 1;
	}
}

static void remember(uint32_t *v, uint32_t *n, uint32_t cap, uint32_t id)
{
	if (*n < cap)
		v[(*n)++] = id;
	else
		v[rand32() % cap] = id;
}

/* A task we made: kept track of until destroyed (the one it displaces is). */
static void task_remember(uint32_t id)
{
	if (ntasks == MAX_TASKS + VICTIM_TASKS)
		mica_task_destroy(tasks[--ntasks]);
	tasks[ntasks++] = id;
}

/* A child task with park()'s page, two parked threads and fault walkers
 * from user addresses. */
static void victim_add(void)
{
	int tid;

	int task = mica_task_create("fuzz-victim", 0);

	if (task < 0)
		return;
	task_remember((uint32_t)task);
	mica_prefault((const void *)(uintptr_t)park, 4);
	mica_map((uint32_t)task, (uintptr_t)park, (uintptr_t)park, PAGE,
		 MAP_READ | MAP_EXEC);
	for (int i = 0; i < 2; i++) {
		tid = mica_thread_create((uint32_t)task, (uintptr_t)park, 0x1000,
					 MICA_PRIO_MIN, TID_NIL, 0);
		if (tid > 0)
			remember(threads, &nthreads, 64, (uint32_t)tid);
	}
	for (int i = 0; i < WALKERS; i++) {
		tid = mica_thread_create((uint32_t)task, (uintptr_t)fault_walk, 0x1000,
					 MICA_PRIO_DEFAULT, pager_tid,
					 MICA_USER_START + arg() % 0x7f000000u);
		if (tid > 0)
			remember(threads, &nthreads, 64, (uint32_t)tid);
	}
}

/*
 * A map item that may well be taken: the fault's page from one of our
 * frames (MAP_PHYS, any rights) or a scratch page (no MAP_EXEC: it has
 * none), with or without MAP_GRANT.
 */
static void pager_map(struct mica_msg *m, uint32_t page)
{
	uint32_t r = xorshift(&pager_rng), flags = MAP_READ | (r & (MAP_WRITE | MAP_EXEC));
	uint32_t src = own_frame(r >> 8);

	flags |= r & 16 ? MAP_GRANT : 0;
	if (r & 32)
		flags |= MAP_PHYS;
	else
		flags &= ~MAP_EXEC, src = (uintptr_t)scratch + (r >> 8 & PAGE);
	*m = (struct mica_msg){ IPC_TAG(FAULT_REPLY_MAP, 4), { flags, src, page, PAGE } };
}

/*
 * The fuzz pager's answer in *m to the message m holds (a fault, or any
 * IPC of the fuzzer's): three times in four pager_map()'s, else mostly a map
 * item, its words drawn from the fault's page, our scratch pages, our
 * frames and noise; or a resume, a kill with any reason, a label of the
 * kernel's or our own; one in 8 of those has a random word count.
 */
static void pager_answer(struct mica_msg *m)
{
	static const uint32_t labels[] = {
		FAULT_REPLY_MAP, FAULT_REPLY_MAP, FAULT_REPLY_MAP, FAULT_REPLY_RESUME,
		FAULT_REPLY_KILL, EXIT_LABEL, FAULT_LABEL | FAULT_READ, 0x1234,
	};
	uint32_t *r = &pager_rng, page = m->w[0] & ~(PAGE - 1);
	uint32_t label = labels[xorshift(r) % 8], words;
	const uint32_t src[] = {
		(uintptr_t)scratch, (uintptr_t)scratch + PAGE, own_frame(xorshift(r)),
		OWN_VA, xorshift(r),
	};
	const uint32_t dst[] = { page, page + PAGE, page - PAGE, xorshift(r) };
	const uint32_t size[] = { PAGE, 2 * PAGE, OWN_PAGES * PAGE, 0, xorshift(r) };

	if (xorshift(r) % 8 < 6)
		return pager_map(m, page);
	words = label == FAULT_REPLY_MAP ? 4 : label == FAULT_REPLY_KILL;
	if (xorshift(r) % 8 == 0)
		words = xorshift(r) % (IPC_REG_WORDS + 1);
	m->tag = IPC_TAG(label, words);
	m->w[1] = src[xorshift(r) % 5];
	m->w[0] = label == FAULT_REPLY_KILL ? xorshift(r) % (FAULT_KILL_MAX + 2)
					    : grant_safe(map_flags(xorshift(r)), m->w[1]);
	m->w[2] = dst[xorshift(r) % 4];
	m->w[3] = size[xorshift(r) % 5];
	for (unsigned int i = 4; i < IPC_REG_WORDS; i++)
		m->w[i] = xorshift(r);
}

/* The fuzz pager thread: answers every message until pager_stop. */
static int pager_main(void *unused __attribute__((unused)))
{
	struct mica_msg m;
	uint32_t from;

	while (!pager_stop) {
		if (mica_wait(&m, 10, &from))
			continue;
		pager_faults += FAULT_IS_PAGE(IPC_TAG_LABEL(m.tag));
		pager_answer(&m);
		pager_taken += !mica_send(from, &m, IPC_TIMEOUT_POLL);
	}
	return 0;
}

/* Asks the fuzz pager to end and waits for it: 0, or -ETIMEDOUT. */
static int pager_end(void)
{
	struct mica_thread_info ti;

	pager_stop = 1;
	for (int i = 0; i < 100; i++) {
		if (mica_thread_info(pager_tid, &ti) == -ESRCH)
			return 0;
		mica_sleep(1);
	}
	return -ETIMEDOUT;
}

/* Destroys the tasks of the list beyond keep (ids may be stale: -ESRCH). */
static void tasks_trim(uint32_t keep)
{
	while (ntasks > keep)
		mica_task_destroy(tasks[--ntasks]);
}

static int known_error(int r)
{
	static const int codes[] = {
		EPERM, ENOENT, ESRCH, EINTR, EIO, E2BIG, ENOEXEC, EAGAIN, ENOMEM,
		EACCES, EFAULT, EBUSY, EEXIST, EINVAL, ENOSPC, ERANGE, ENOSYS,
		EMSGSIZE, ETIMEDOUT, ECANCELED, ESENDTIMEDOUT,
	};

	for (unsigned int i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (r == -codes[i])
			return 1;
	return 0;
}

struct tally {
	uint32_t calls, skipped, nosys_bad, unknown;
	uint32_t by_nr[SYS_COUNT + 1];
};

static void fuzz_one(struct tally *t)
{
	uint32_t nr = rand32() % 4 ? rand32() % SYS_COUNT
				   : pick(interesting, sizeof(interesting) / 4);
	uint32_t a[7];
	int r;

	for (int i = 0; i < 7; i++)
		a[i] = arg();
	if (!filter(nr, a)) {
		t->skipped++;
		return;
	}
	for (unsigned int i = 0; i < SCRATCH_BYTES / 4; i++)
		((uint32_t *)scratch)[i] = rand32() % 2 ? (uintptr_t)park : SYS_SLEEP;
	r = (int)svc(nr, a);
	t->calls++;
	t->by_nr[nr < SYS_COUNT ? nr : SYS_COUNT]++;
	if (nr >= SYS_COUNT && r != -ENOSYS)
		t->nosys_bad++;
	if (nr != SYS_CLOCK && nr != SYS_THREAD_SELF && r < 0 && !known_error(r))
		t->unknown++;
	if (r > 0 && (nr == SYS_TASK_CREATE))
		task_remember((uint32_t)r);
	if (r > 0 && nr == SYS_THREAD_CREATE)
		remember(threads, &nthreads, 64, (uint32_t)r);
}

static uint32_t seed_get(int argc, char **argv)
{
	uint32_t s = 0;

	if (argc < 2)
		return mica_clock(NULL, NULL) | 1;
	for (const char *p = argv[1]; *p >= '0' && *p <= '9'; p++)
		s = s * 10 + (uint32_t)(*p - '0');
	return s ? s : 1;
}

int main(int argc, char **argv)
{
	struct mica_kernel_info k0, k1;
	struct mica_task_info info;
	struct tally t = { 0 };
	uint32_t seed = seed_get(argc, argv), hz, t0;
	int status, tid;

	rng = seed;
	pager_rng = seed ^ 0x5bd1e995u;
	self_tid = mica_thread_self();
	self_task = mica_task_self();
	root_tid = mica_root_tid();
	tap_plan(14);
	printf("# seed %u\n", (unsigned int)seed);
	tap_is_int(mica_root_frames(OWN_PAGES, OWN_VA, &own_pa), 0,
		   "frames of our own from the root task");
	scratch = sbrk(SCRATCH_BYTES);
	tap_ok(scratch != (void *)-1, "scratch pages");
	mica_prefault(scratch, SCRATCH_BYTES);
	tap_is_int(accounts_start(&k0), 0, "kernel info at the start");
	tid = mica_thread_start(pager_main, NULL, pager_stack, sizeof(pager_stack),
				MICA_PRIO_DEFAULT);
	pager_tid = tid > 0 ? (uint32_t)tid : TID_NIL;
	t0 = mica_clock(&hz, NULL);
	while (t.calls < CALLS) {
		if (t.calls % 1000 == 0) {
			tasks_trim(MAX_TASKS - VICTIM_TASKS);
			do	/* a fresh fault walker each time */
				victim_add();
			while (ntasks < VICTIM_TASKS * 2);
		}
		fuzz_one(&t);
	}
	printf("# %u calls (%u skipped) in %u ms; by number:", (unsigned int)t.calls,
	       (unsigned int)t.skipped,
	       (unsigned int)((uint64_t)(mica_clock(NULL, NULL) - t0) * 1000 / hz));
	for (unsigned int i = 0; i <= SYS_COUNT; i++)
		printf(" %u", (unsigned int)t.by_nr[i]);
	printf("\n");
	tap_ok(t.calls == CALLS, "%u calls made", (unsigned int)t.calls);
	tap_is_int(t.nosys_bad, 0, "every out-of-range number gave -ENOSYS");
	tap_is_int(t.unknown, 0, "every error is one of <uapi/errno.h>");
	tap_ok(mica_task_info(MICA_TASK_SELF, &info) == 0 && info.threads == 2 &&
	       canary == CANARY, "this task still has its two threads and its canary");
	tap_ok(tid > 0 && pager_faults > 0, "the fuzz pager answered %u faults, "
	       "%u replies taken", (unsigned int)pager_faults, (unsigned int)pager_taken);
	tap_is_int(pager_end(), 0, "the fuzz pager ends when told");
	tasks_trim(0);
	tap_ok(mica_task_info(MICA_TASK_SELF, &info) == 0 && info.frames == OWN_PAGES,
	       "the %u frames we own are all ours again (granted away: back when "
	       "their task died)", (unsigned int)info.frames);
	tap_is_int(mica_kernel_info(&k1, KINFO_CHECK), 0, "kernel info at the end");
	tap_is_int(k1.check, 0, "the allocators check clean");
	tap_ok(k1.threads == k0.threads && k1.tasks == k0.tasks && k1.tcbs == k0.tcbs,
	       "threads %u tasks %u tcbs %u as at the start (%u %u %u)",
	       k1.threads, k1.tasks, k1.tcbs, k0.threads, k0.tasks, k0.tcbs);
	tap_is_int(k1.frames_kernel_free, k0.frames_kernel_free,
		   "free kernel frames as at the start");
	status = tap_done();
	mica_root_halt(status);
	return status;
}
