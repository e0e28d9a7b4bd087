/*
 * exhaust: running out of kernel memory is a clean -ENOMEM. A task
 * creates threads until its quota (1 MiB by default) refuses: exactly
 * -ENOMEM, and only when the next thread no longer fits (a TCB, plus a
 * UTCB page for every eighth). The system goes on: another task's thread
 * runs, and the full task gets a thread again once one is destroyed.
 * Tasks with small quotas are refused sooner; mapping one new MiB after
 * another until the quota's second-level tables run out gives -ENOMEM.
 * Destroying the tasks gives everything back (SYS_KERNEL_INFO).
 */
#include <mica.h>
#include <mica/root.h>
#include <mica/tap.h>
#include <stdio.h>

#include "child.h"
#include "accounts.h"

#define PAGE		4096u
#define PGD_BYTES	16384u	/* a task's first-level table */
#define L2PT_BYTES	1024u	/* a second-level table: one MiB of mappings */
#define UTCBS_PER_PAGE	8u
#define MAGIC		0x1234abcdu

#define STR_(x)		#x
#define STR(x)		STR_(x)

/* Threads that never need a stack: they sleep a minute at a time. */
__asm__(".text\n\t.balign 4\n"
	".global park\npark:\n\tldr r0, =60000\n\tmov r7, #" STR(SYS_SLEEP) "\n"
	"\tsvc #0\n\tb park\n\t.ltorg\n");
void park(uint32_t arg) __attribute__((noreturn));

static volatile uint32_t worker_seen;
static uint32_t worker_stack[128] __attribute__((aligned(8)));

/* Runs in another task (our image, shared data): says it ran. */
static void worker(uint32_t arg)
{
	worker_seen = arg;
	park(0);
}

static uint32_t used(uint32_t task)
{
	struct mica_task_info i;

	return mica_task_info(task, &i) ? 0 : i.used;
}

static int park_thread(uint32_t task)
{
	return mica_thread_create(task, (uintptr_t)park, 0x1000, MICA_PRIO_MIN,
				  TID_NIL, 0);
}

/*
 * Creates threads in task until refused; returns how many, *err the
 * refusal, *tcb the bytes the second thread cost, *last the last one's id.
 */
static unsigned int fill(uint32_t task, int *err, uint32_t *tcb, uint32_t *last)
{
	unsigned int n = 0;
	uint32_t u1 = 0;
	int tid;

	while ((tid = park_thread(task)) > 0) {
		*last = (uint32_t)tid;
		if (++n == 1)
			u1 = used(task);
		else if (n == 2)
			*tcb = used(task) - u1;
	}
	*err = tid;
	return n;
}

/* Whether the refusal came when the next thread would not fit. */
static int refused_right(uint32_t task, unsigned int n, uint32_t tcb)
{
	struct mica_task_info i;
	uint32_t next = tcb + (n % UTCBS_PER_PAGE ? 0 : PAGE);

	if (mica_task_info(task, &i))
		return 0;
	printf("# %u threads: %u of %u bytes used, the next needs %u\n", n,
	       i.used, i.quota, next);
	return i.threads == n && i.used <= i.quota && i.quota - i.used < next;
}

static unsigned int test_default_quota(void)
{
	int big = child_task_create("exhaust-big", 0), other, err = 0;
	uint32_t tcb = 0, last = 0;
	unsigned int n;

	if (!tap_ok(big > 0, "a task with the default quota"))
		return 0;
	n = fill((uint32_t)big, &err, &tcb, &last);
	tap_is_int(err, -ENOMEM, "threads until refused: -ENOMEM");
	tap_ok(n > 1000 && tcb > 0 && tcb < 512, "%u threads of %u bytes each fit in 1 MiB",
	       n, tcb);
	tap_ok(refused_right((uint32_t)big, n, tcb),
	       "refused only when the next thread would not fit");
	tap_is_int(park_thread((uint32_t)big), -ENOMEM, "refused again");

	other = child_task_create("exhaust-other", 0);
	tap_ok(other > 0, "another task can be created");
	err = child_thread_create((uint32_t)other, worker, worker_stack,
				  sizeof(worker_stack), MICA_PRIO_DEFAULT + 1, MAGIC);
	tap_ok(err > 0, "a thread in it can be created");
	mica_sleep(10);
	tap_is_int(worker_seen, MAGIC, "and it runs");

	tap_is_int(mica_thread_destroy(last), 0, "the full task loses a thread");
	tap_ok(park_thread((uint32_t)big) > 0, "and can make one again");
	tap_is_int(park_thread((uint32_t)big), -ENOMEM, "but only one");
	tap_is_int(mica_task_destroy((uint32_t)other), 0, "the other task destroyed");
	tap_is_int(mica_task_destroy((uint32_t)big), 0, "the full task destroyed");
	return n;
}

static void test_small_quota(unsigned int n_big)
{
	int small = child_task_create("exhaust-small", 32768), tiny, err = 0;
	uint32_t tcb = 0, last = 0;
	unsigned int n;

	if (!tap_ok(small > 0, "a task with a 32 KiB quota"))
		return;
	n = fill((uint32_t)small, &err, &tcb, &last);
	tap_is_int(err, -ENOMEM, "its threads until refused: -ENOMEM");
	tap_ok(n > 0 && n < n_big / 16, "%u threads, far fewer than %u", n, n_big);
	tap_ok(refused_right((uint32_t)small, n, tcb),
	       "refused only when the next thread would not fit its quota");
	tap_is_int(mica_task_destroy((uint32_t)small), 0, "destroyed");

	tap_is_int(mica_task_create("exhaust-tiny", PAGE), -EINVAL,
		   "a quota less than the first-level table is refused");
	tiny = mica_task_create("exhaust-tiny", PGD_BYTES);
	if (!tap_ok(tiny > 0, "a task whose quota is just its first-level table"))
		return;
	tap_is_int(park_thread((uint32_t)tiny), -ENOMEM, "it gets no thread");
	tap_is_int(mica_map((uint32_t)tiny, 0x01000000, (uintptr_t)worker_stack & ~(PAGE - 1),
			    PAGE, MAP_READ), -ENOMEM, "and no mapping");
	tap_is_int(mica_task_destroy((uint32_t)tiny), 0, "destroyed");
}

/*
 * Each new MiB mapped needs a second-level table from the quota, and each
 * page its mapping record. Room for three MiBs with a page each, and one
 * more page.
 */
static void test_map_quota(void)
{
	const uint32_t rec = MICA_MAP_RECORD_BYTES;
	uint32_t page = (uintptr_t)worker_stack & ~(PAGE - 1);
	int task = mica_task_create("exhaust-map", PGD_BYTES + 3 * (L2PT_BYTES + rec) + rec);
	unsigned int i;
	int err = 0;

	if (!tap_ok(task > 0, "a task with room for 3 page tables"))
		return;
	for (i = 1; i <= 4 && !err; i++)
		err = mica_map((uint32_t)task, i << 20, page, PAGE, MAP_READ | MAP_WRITE);
	tap_is_int(err, -ENOMEM, "mapping a 4th MiB: -ENOMEM");
	tap_is_int(i - 1, 4, "after 3 MiB mapped");
	tap_is_int(used((uint32_t)task), PGD_BYTES + 3 * (L2PT_BYTES + rec),
		   "the tables and records of three pages are charged");
	tap_is_int(mica_map((uint32_t)task, (3 << 20) + PAGE, page, PAGE, MAP_READ), 0,
		   "a page in a MiB that has its table still maps");
	tap_is_int(mica_map((uint32_t)task, (3 << 20) + 2 * PAGE, page, PAGE, MAP_READ),
		   -ENOMEM, "but no more: the quota is used up");
	tap_is_int(mica_unmap((uint32_t)task, 1 << 20, 3 << 20), 0, "unmap all three");
	tap_is_int(used((uint32_t)task), PGD_BYTES, "the tables are given back");
	tap_is_int(mica_task_destroy((uint32_t)task), 0, "destroyed");
}

int main(void)
{
	struct mica_kernel_info k0;
	unsigned int n;
	int status;

	tap_plan(36);
	tap_is_int(mica_kernel_info(&k0, KINFO_CHECK), 0, "kernel info at the start");
	n = test_default_quota();
	test_small_quota(n);
	test_map_quota();
	accounts_back(&k0);
	status = tap_done();
	mica_root_halt(status);
	return status;
}
