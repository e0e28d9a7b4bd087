/*
 * victim: a program the fault tests start with ROOT_SPAWN to be paged,
 * killed or run out of memory by the root task, while they go on. The
 * modes and reports are in victim.h. It prints nothing: the kernel's kill
 * lines are the console output the runner checks.
 */
#include <mica.h>
#include <string.h>
#include <unistd.h>

#include "victim.h"

#define HOARD_VA	0x60000000u	/* above any heap the root task can fill */
#define HOARD_BLOCK	512u		/* ROOT_FRAMES' largest block */
#define HOARD_BY_GRANT	2048u		/* frames left to take with ROOT_FRAMES */
#define QUOTA_HEAP_PAGES 4096u		/* 16 MiB: 16 second-level tables */

#define VICTIM_STR_(x)	#x
#define VICTIM_STR(x)	VICTIM_STR_(x)

/*
 * The faulting instructions, each at its own symbol for the runner.
 * victim_overflow aligns sp down to a page, then recurses with 4 KiB
 * frames, storing lr 0x5c bytes into each: the store that reaches the
 * guard page hits PROGRAM_STACK_GUARD + 0x5c exactly. victim_park
 * sleeps a minute, again and again, on no stack (the quota's threads).
 */
__asm__(".text\n\t.balign 4\n"
	".global victim_load\nvictim_load:\n\tldr r0, [r0]\n\tbx lr\n"
	".global victim_store\nvictim_store:\n\tstr r1, [r0]\n\tbx lr\n"
	".global victim_overflow\nvictim_overflow:\n"
	"\tmov r1, sp\n\tbic r1, r1, #0xff0\n\tbic r1, r1, #0xf\n\tmov sp, r1\n"
	".global victim_recurse\nvictim_recurse:\n\tsub sp, sp, #4096\n"
	".global victim_push\nvictim_push:\n\tstr lr, [sp, #0x5c]\n"
	"\tbl victim_recurse\n"
	".global victim_park\nvictim_park:\n\tldr r0, =60000\n"
	"\tmov r7, #" VICTIM_STR(SYS_SLEEP) "\n\tsvc #0\n\tb victim_park\n\t.ltorg\n");
extern const char victim_load[], victim_store[], victim_park[];
void victim_overflow(void);

static void store(uint32_t *at, uint32_t value)
{
	((void (*)(uint32_t *, uint32_t))(uintptr_t)victim_store)(at, value);
}

static uint32_t num(const char *s)
{
	uint32_t n = 0;

	while (s && *s >= '0' && *s <= '9')
		n = n * 10 + (uint32_t)(*s++ - '0');
	return n;
}

static void report(uint32_t to, uint32_t label, uint32_t w0, uint32_t w1,
		   uint32_t w2, uint32_t w3)
{
	struct mica_msg m = { IPC_TAG(label, 4), { w0, w1, w2, w3 } };

	mica_send(to, &m, IPC_TIMEOUT_NEVER);
}

/* pages fresh heap pages, or NULL. */
static uint32_t *heap_get(uint32_t pages)
{
	void *p = sbrk((intptr_t)(pages * VICTIM_PAGE));

	return p == (void *)-1 ? NULL : p;
}

static void pages_write(uint32_t *heap, uint32_t pages, uint32_t seed)
{
	for (uint32_t i = 0; i < pages; i++) {
		uint32_t *page = heap + i * (VICTIM_PAGE / 4);

		page[0] = page[VICTIM_PAGE / 4 - 1] = victim_word(seed, i);
	}
}

/* The checksum of the pages; the words that are not as written in *wrong. */
static uint32_t pages_check(const uint32_t *heap, uint32_t pages, uint32_t seed,
			    uint32_t *wrong)
{
	uint32_t sum = 0;

	for (uint32_t i = 0; i < pages; i++) {
		const uint32_t *page = heap + i * (VICTIM_PAGE / 4);

		for (uint32_t k = 0; k < VICTIM_PAGE / 4; k += VICTIM_PAGE / 4 - 1) {
			sum += page[k];
			*wrong += page[k] != victim_word(seed, i);
		}
	}
	return sum;
}

static int touch(uint32_t pages, uint32_t prio, uint32_t to)
{
	uint32_t *heap, wrong = 0, sum;

	mica_thread_set_prio(mica_thread_self(), prio);
	heap = heap_get(pages);
	if (!heap)
		return 1;
	pages_write(heap, pages, 0);
	sum = pages_check(heap, pages, 0, &wrong);
	report(to, VICTIM_DONE, pages, sum, wrong, 1);
	return 0;
}

static void __attribute__((noreturn)) block(uint32_t pages, uint32_t to)
{
	uint32_t *heap = heap_get(pages);

	if (heap)
		pages_write(heap, pages, 0);
	report(to, VICTIM_READY, heap ? pages : 0, 0, 0, 0);
	for (;;)
		mica_sleep(IPC_TIMEOUT_MAX_MS);
}

static int self_destroy(uint32_t pages, uint32_t to)
{
	uint32_t *heap = heap_get(pages);

	if (heap)
		pages_write(heap, pages, 0);
	report(to, VICTIM_READY, heap ? pages : 0, 0, 0, 0);
	return mica_task_destroy(MICA_TASK_SELF);	/* does not come back */
}

/* Rounds of writing and checking, until to says stop (polled between). */
static int work(uint32_t pages, uint32_t to)
{
	uint32_t *heap = heap_get(pages), wrong = 0, sum = 0, round = 0;
	struct mica_msg m;
	uint32_t from;

	if (!heap)
		return 1;
	do {
		round++;
		pages_write(heap, pages, round);
		sum = pages_check(heap, pages, round, &wrong);
		if (round == 1)
			report(to, VICTIM_READY, pages, 0, 0, 0);
	} while (mica_wait(&m, IPC_TIMEOUT_POLL, &from) ||
		 IPC_TAG_LABEL(m.tag) != VICTIM_STOP);
	report(to, VICTIM_DONE, pages, sum, wrong, round);
	return 0;
}

/*
 * Takes every frame the root task has free: heap pages for the bulk, then
 * ROOT_FRAMES blocks, halving on each refusal down to one frame (so that
 * the root task's 64 grant records suffice), mapped from HOARD_VA on.
 */
static void __attribute__((noreturn)) hoard(uint32_t to)
{
	struct mica_root_mem mem;
	uint32_t va = HOARD_VA, pa, pages = HOARD_BLOCK, *heap = NULL;

	if (!mica_root_mem(&mem) && mem.free > HOARD_BY_GRANT)
		heap = heap_get(mem.free - HOARD_BY_GRANT);
	if (heap)
		pages_write(heap, mem.free - HOARD_BY_GRANT, 0);
	while (pages) {
		if (mica_root_frames(pages, va, &pa))
			pages /= 2;
		else
			va += pages * VICTIM_PAGE;
	}
	report(to, VICTIM_READY, (va - HOARD_VA) / VICTIM_PAGE, 0, 0, 0);
	for (;;)
		mica_sleep(IPC_TIMEOUT_MAX_MS);
}

/*
 * Grows the heap 16 MiB at a time and stores to each new page's first
 * word with victim_store, until the root task has no frame left.
 */
static int oom(void)
{
	const uint32_t chunk = 4096;

	for (;;) {
		uint32_t *heap = heap_get(chunk);

		if (!heap)
			return 1;
		for (uint32_t i = 0; i < chunk; i++)
			store(heap + i * (VICTIM_PAGE / 4), i);
	}
}

/*
 * Fills its kernel quota with threads that sleep (no stack), then stores to
 * a page of each MiB of a fresh heap: a mapping the kernel cannot charge.
 */
static int quota(void)
{
	uint32_t *heap = heap_get(QUOTA_HEAP_PAGES);

	while (mica_thread_create(MICA_TASK_SELF, (uintptr_t)victim_park, 0,
				  MICA_PRIO_MIN, TID_NIL, 0) > 0)
		;
	for (uint32_t i = 0; heap && i < QUOTA_HEAP_PAGES; i += 256)
		store(heap + i * (VICTIM_PAGE / 4), i);
	return 1;
}

static uint32_t selfmap_stack[256] __attribute__((aligned(8)));

static int selfmap_write(void *page)
{
	store(page, 1);
	return 0;
}

/*
 * Maps its own text read-only over its one heap page and has a thread
 * write there: the root task serves it a frame that the kernel refuses as
 * mapped already (-EEXIST), again and again. Then it lowers the break
 * under the page (the root task unmaps it, its frame freed once) and
 * reports the writer's id to T; the writer is killed.
 */
static int selfmap(uint32_t to)
{
	uint32_t *heap = heap_get(1);
	int tid;

	if (!heap || mica_map(MICA_TASK_SELF, (uintptr_t)heap,
			      (uintptr_t)victim_load & ~(VICTIM_PAGE - 1), VICTIM_PAGE,
			      MAP_READ))
		return 1;
	tid = mica_thread_start(selfmap_write, heap, selfmap_stack,
				sizeof(selfmap_stack), MICA_PRIO_DEFAULT);
	mica_sleep(5);
	sbrk(-(intptr_t)VICTIM_PAGE);
	report(to, VICTIM_DONE, (uint32_t)tid, (uintptr_t)heap, 0, 0);
	for (;;)
		mica_sleep(IPC_TIMEOUT_MAX_MS);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (!strcmp(mode, "segv"))
		return (int)((uint32_t (*)(uint32_t))(uintptr_t)victim_load)(VICTIM_FAR);
	if (!strcmp(mode, "rowrite"))
		((void (*)(uintptr_t, uint32_t))(uintptr_t)victim_store)
			((uintptr_t)victim_load, 0);
	if (!strcmp(mode, "jump"))
		return ((int (*)(void))VICTIM_FAR)();
	if (!strcmp(mode, "stack"))
		victim_overflow();
	if (!strcmp(mode, "touch") && argc == 5)
		return touch(num(argv[2]), num(argv[3]), num(argv[4]));
	if (!strcmp(mode, "block") && argc == 4)
		block(num(argv[2]), num(argv[3]));
	if (!strcmp(mode, "selfdestroy") && argc == 4)
		return self_destroy(num(argv[2]), num(argv[3]));
	if (!strcmp(mode, "work") && argc == 4)
		return work(num(argv[2]), num(argv[3]));
	if (!strcmp(mode, "oom"))
		return oom();
	if (!strcmp(mode, "hoard") && argc == 3)
		hoard(num(argv[2]));
	if (!strcmp(mode, "quota"))
		return quota();
	if (!strcmp(mode, "selfmap") && argc == 3)
		return selfmap(num(argv[2]));
	return 2;
}
