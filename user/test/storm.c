/*
 * storm: the root task as the pager of the programs it loads, under load
 * (docs/tasks.md), seen through its counters (ROOT_STATS) and its frames
 * (ROOT_MEM). This program's heap takes a storm of STORM_PAGES faults:
 * each page served exactly once, each holding what was written. Victims
 * (victim.c, started with ROOT_SPAWN) read outside every region, write to
 * their text, jump nowhere and overflow their stack: each is killed with
 * the reason while this program goes on, and each frame it was given comes
 * back. A victim that maps its own page over its heap page is refused the
 * root task's frame there, again and again, until it lowers its break:
 * that frame is freed once. Victims at three priorities fault thousands of
 * pages at once; all finish with the right checksums, the highest first
 * and the lowest last.
 *
 * tools/run-tests checks the kernel's kill line of each victim, named by
 * the `# MODE: task N thread TID` lines printed here.
 */
#include <mica.h>
#include <mica/root.h>
#include <mica/tap.h>
#include <stdio.h>
#include <unistd.h>

#include "accounts.h"
#include "victim.h"

#define PAGE		VICTIM_PAGE
#define STORM_PAGES	10000u
#define RACERS		4
#define RACER_PAGES	2500u
#define RACER_TABLE	4	/* frames of a racer's heap table: 2500 entries */
#define WAIT_MS		10000
#define STACK_PAGES	256	/* a program's 1 MiB stack (pager/root.h) */

static uint32_t self_tid;

/* Page i gets i in its word i % 1024; the words not read back as written. */
static uint32_t storm_touch(uint32_t *heap)
{
	uint32_t wrong = 0;

	for (uint32_t i = 0; i < STORM_PAGES; i++)
		heap[i * (PAGE / 4) + i % (PAGE / 4)] = i;
	for (uint32_t i = 0; i < STORM_PAGES; i++)
		wrong += heap[i * (PAGE / 4) + i % (PAGE / 4)] != i;
	return wrong;
}

static void test_storm(void)
{
	struct mica_root_stats s0, s1;
	uint32_t *heap = sbrk(STORM_PAGES * PAGE), free0 = victim_root_free(), free1;
	uint32_t hz, t0, t1;

	tap_ok(heap != (void *)-1, "sbrk of %u pages", STORM_PAGES);
	if (heap == (void *)-1)
		return;
	victim_stats(&s0);
	t0 = mica_clock(&hz, NULL);
	tap_is_int(storm_touch(heap), 0, "each page reads back the number written");
	t1 = mica_clock(NULL, NULL);
	victim_stats(&s1);
	printf("# %u faults in %u ms\n", STORM_PAGES,
	       (unsigned int)((uint64_t)(t1 - t0) * 1000 / hz));
	free1 = victim_root_free();
	tap_is_int(s1.faults - s0.faults, STORM_PAGES,
		   "the root task served each page's fault exactly once");
	tap_is_int(s1.raced - s0.raced, 0, "no map reply refused");
	tap_is_int(free0 - free1, STORM_PAGES, "one frame per page left the root task");
	tap_ok(sbrk(-(intptr_t)(STORM_PAGES * PAGE)) == heap + STORM_PAGES * (PAGE / 4),
	       "the break moves back down");
	tap_is_int(victim_root_free(), free0, "and every frame of the heap is free again");
}

/*
 * A victim in mode that the root task kills: it is gone, counted once as
 * killed, and every frame it had (its faults and the loader's stack page)
 * comes back.
 */
static void test_kill(const char *mode, uint32_t min_faults)
{
	struct mica_root_stats s0, s1;
	uint32_t free0 = victim_root_free(), task = 0;
	int tid;

	victim_stats(&s0);
	tid = victim_spawn(mode, NULL, 0, &task);
	printf("# %s: task %u thread %08x\n", mode, (unsigned int)task, tid);
	tap_is_int(victim_gone(task, WAIT_MS), 0, "victim gone");
	victim_stats(&s1);
	tap_ok(tid > 0 && s1.killed - s0.killed == 1 && s1.faults - s0.faults >= min_faults,
	       "%s: killed once by the root task after %u faults", mode,
	       (unsigned int)(s1.faults - s0.faults));
	tap_is_int(s1.reclaimed - s0.reclaimed, s1.faults - s0.faults + 1,
		   "each frame it was given came back");
	tap_is_int(victim_root_free(), free0, "the root task's free frames as before");
}

/*
 * A victim maps its text read-only over its heap page and has a thread
 * write there: the root task's map item for the page is refused as mapped
 * already, again and again, until the victim lowers its break under it.
 * The page's frame is freed once, the writer killed (the page is outside
 * the heap now), every frame back.
 */
static void test_selfmap(void)
{
	struct mica_root_stats s0, s1;
	uint32_t free0 = victim_root_free(), task = 0;
	struct mica_msg m = { 0, { 0 } };
	int tid;

	victim_stats(&s0);
	tid = victim_spawn("selfmap", &self_tid, 1, &task);
	tap_ok(tid > 0 && !victim_report(VICTIM_DONE, &m, WAIT_MS),
	       "selfmap: the victim lowered its break under the page");
	printf("# selfmap: task %u thread %08x\n", (unsigned int)task,
	       (unsigned int)m.w[0]);
	tap_is_int(victim_gone(task, WAIT_MS), 0, "its writer killed, the victim is gone");
	victim_stats(&s1);
	tap_ok(s1.killed - s0.killed == 1 && s1.raced - s0.raced > 0,
	       "killed once, after %u map items refused as mapped already",
	       (unsigned int)(s1.raced - s0.raced));
	tap_is_int(victim_root_free(), free0, "the root task's free frames as before");
}

/* The next racer's report; its index by sender in *who (or RACERS). */
static int racer_report(const int *tids, unsigned int *who, struct mica_msg *m)
{
	uint32_t from = 0;
	int err = mica_wait(m, WAIT_MS, &from);

	*who = RACERS;
	for (unsigned int i = 0; i < RACERS; i++)
		if (tids[i] > 0 && from == (uint32_t)tids[i])
			*who = i;
	if (err || IPC_TAG_LABEL(m->tag) != VICTIM_DONE || *who == RACERS)
		return err ? err : -EINVAL;
	return 0;
}

/*
 * RACERS victims touching RACER_PAGES heap pages each at once, at
 * priorities 110, 100, 100 and 90 (this program runs at 100 and waits):
 * strict priorities make the first to finish the one at 110, the last
 * the one at 90. Their frames come back: every fault's, each stack page,
 * each heap table.
 */
static void test_racers(void)
{
	static const uint32_t prio[RACERS] = { 90, 100, 100, 110 };
	struct mica_root_stats s0, s1;
	uint32_t free0 = victim_root_free(), task[RACERS], good = 0;
	unsigned int order[RACERS], who;
	int tids[RACERS];
	struct mica_msg m;

	victim_stats(&s0);
	for (unsigned int i = 0; i < RACERS; i++) {
		uint32_t args[] = { RACER_PAGES, prio[i], self_tid };

		tids[i] = victim_spawn("touch", args, 3, &task[i]);
	}
	for (unsigned int n = 0; n < RACERS; n++) {
		int err = racer_report(tids, &who, &m);

		order[n] = who;
		good += !err && m.w[0] == RACER_PAGES &&
			m.w[1] == victim_sum(0, RACER_PAGES) && m.w[2] == 0;
	}
	tap_is_int(good, RACERS, "every racer read back its pages: checksums right");
	tap_ok(order[0] == 3 && order[RACERS - 1] == 0,
	       "the racer at 110 finished first, the one at 90 last (%u ... %u)",
	       order[0], order[RACERS - 1]);
	for (unsigned int i = 0; i < RACERS; i++)
		good += !victim_gone(task[i], WAIT_MS);
	victim_stats(&s1);
	tap_is_int(good, 2 * RACERS, "and every racer exited");
	tap_ok(s1.faults - s0.faults >= RACERS * RACER_PAGES && s1.killed == s0.killed,
	       "%u faults served, none killed", (unsigned int)(s1.faults - s0.faults));
	tap_is_int(s1.reclaimed - s0.reclaimed,
		   s1.faults - s0.faults + RACERS * (1 + RACER_TABLE),
		   "each frame they had came back");
	tap_is_int(victim_root_free(), free0, "the root task's free frames as before");
}

int main(void)
{
	struct mica_kernel_info k0;
	int status;

	tap_plan(36);
	self_tid = mica_thread_self();
	accounts_start(&k0);	/* pages our image in: the storm's faults are the heap's */
	test_storm();
	accounts_start(&k0);	/* the heap's page tables stay: count from here */
	test_kill("segv", 1);
	test_kill("rowrite", 1);
	test_kill("jump", 1);
	test_kill("stack", STACK_PAGES - 1);
	test_selfmap();
	test_racers();
	accounts_back(&k0);
	status = tap_done();
	mica_root_halt(status);		/* the test image stops here */
	return status;
}
