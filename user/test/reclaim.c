/*
 * reclaim: the frames of the tasks the root task pages come back when they
 * die. KILLS times a victim (victim.c) touches BLOCK_PAGES heap pages and
 * blocks, and is destroyed with ROOT_KILL: after each kill the root task's
 * free frames are exactly as at the start, after all of them the kernel's
 * accounts too. Then a victim grows its heap until the root task has no
 * frame left and is killed with "out of memory", while a worker that has
 * its pages already keeps rewriting and checking them; afterwards the root
 * task pages a new victim and every account is back. Last a victim takes
 * every free frame (ROOT_FRAMES grants for the last ones): the root task
 * answers, refuses a spawn and a heap table with -ENOMEM, and has every
 * frame back once the victim is killed. And a victim whose kernel quota is
 * full has its map item refused by the kernel: the root task removes it.
 *
 * tools/run-tests checks the kernel's lines of the victims named by the
 * `# oom|quota: task N thread TID` lines printed here.
 */
#include <mica.h>
#include <mica/root.h>
#include <mica/tap.h>
#include <stdio.h>

#include "accounts.h"
#include "victim.h"

#define KILLS		100
#define BLOCK_PAGES	16
#define WORK_PAGES	256
#define CHECK_PAGES	64
#define WAIT_MS		10000
#define OOM_WAIT_MS	20000

static uint32_t self_tid;

/* One victim that touches its pages, blocks and is killed: 1 if all went as told. */
static int kill_one(uint32_t free0)
{
	const uint32_t args[] = { BLOCK_PAGES, self_tid };
	struct mica_msg m;
	uint32_t task = 0;
	int tid = victim_spawn("block", args, 2, &task);

	if (tid < 0 || victim_report(VICTIM_READY, &m, WAIT_MS) || m.w[0] != BLOCK_PAGES)
		return 0;
	if (mica_root_kill(task) || mica_root_kill(task) != -ESRCH)
		return 0;
	return victim_root_free() == free0;
}

static void test_kills(void)
{
	struct mica_root_stats s0, s1;
	uint32_t free0 = victim_root_free(), good = 0;

	victim_stats(&s0);
	for (unsigned int i = 0; i < KILLS; i++)
		good += kill_one(free0);
	victim_stats(&s1);
	tap_is_int(good, KILLS, "each victim touched its pages, was killed (then -ESRCH) "
		   "and left the root task's free frames as at the start");
	tap_ok(s1.killed == s0.killed && s1.tasks == s0.tasks,
	       "none counted as killed for a fault; %u tasks paged as before",
	       (unsigned int)s1.tasks);
	/* Each victim's frames: its faults, the loader's stack page, a heap table. */
	tap_is_int(s1.reclaimed - s0.reclaimed, s1.faults - s0.faults + 2 * KILLS,
		   "every frame the victims had came back");
}

/* A task that destroys itself: an exit to its pager, so its frames come back. */
static void test_self_destroy(void)
{
	const uint32_t args[] = { BLOCK_PAGES, self_tid };
	uint32_t free0 = victim_root_free(), task = 0;
	struct mica_msg m;
	int tid = victim_spawn("selfdestroy", args, 2, &task);

	tap_ok(tid > 0 && !victim_report(VICTIM_READY, &m, WAIT_MS) &&
	       m.w[0] == BLOCK_PAGES, "a victim touched %u pages", BLOCK_PAGES);
	tap_is_int(victim_gone(task, WAIT_MS), 0, "then destroyed its own task");
	tap_is_int(victim_root_free(), free0,
		   "and the root task has its frames back (it learnt of the end)");
}

/* A victim that touches pages pages and exits: 1 if its checksum is right. */
static int pages_ok(uint32_t pages)
{
	const uint32_t args[] = { pages, MICA_PRIO_DEFAULT, self_tid };
	struct mica_msg m;
	uint32_t task = 0;

	if (victim_spawn("touch", args, 3, &task) < 0 ||
	    victim_report(VICTIM_DONE, &m, WAIT_MS))
		return 0;
	return m.w[0] == pages && m.w[1] == victim_sum(0, pages) && !m.w[2] &&
	       !victim_gone(task, WAIT_MS);
}

static void test_oom(void)
{
	const uint32_t args[] = { WORK_PAGES, self_tid };
	struct mica_root_stats s0, s1;
	struct mica_msg m = { 0, { 0 } };
	uint32_t free0 = victim_root_free(), worker = 0, task = 0;
	int wtid, tid;

	victim_stats(&s0);
	wtid = victim_spawn("work", args, 2, &worker);
	tap_is_int(wtid > 0 ? victim_report(VICTIM_READY, &m, WAIT_MS) : wtid, 0,
		   "a worker has its pages");
	tid = victim_spawn("oom", NULL, 0, &task);
	printf("# oom: task %u thread %08x\n", (unsigned int)task, tid);
	tap_is_int(tid > 0 ? victim_gone(task, OOM_WAIT_MS) : tid, 0,
		   "a victim that takes every frame is gone");
	victim_stats(&s1);
	tap_is_int(s1.killed - s0.killed, 1, "killed by the root task");
	m = (struct mica_msg){ IPC_TAG(VICTIM_STOP, 0), { 0 } };
	tap_ok(!mica_send((uint32_t)wtid, &m, WAIT_MS) &&
	       !victim_report(VICTIM_DONE, &m, WAIT_MS) && m.w[0] == WORK_PAGES &&
	       m.w[1] == victim_sum(m.w[3], WORK_PAGES) && !m.w[2] && m.w[3] > 1,
	       "the worker kept working meanwhile: %u rounds, checksum %08x, "
	       "%u words wrong", (unsigned int)m.w[3], (unsigned int)m.w[1],
	       (unsigned int)m.w[2]);
	tap_is_int(victim_gone(worker, WAIT_MS), 0, "the worker exited");
	tap_is_int(victim_root_free(), free0, "the root task's free frames as at the start");
	tap_is_int(pages_ok(CHECK_PAGES), 1, "the root task pages a new victim");
	tap_is_int(victim_root_free(), free0, "and gets its frames back");
}

/*
 * A victim holds every free frame of the root task: the root task goes on
 * serving, and refuses with -ENOMEM what needs a frame (a spawn, a heap
 * table), leaving nothing behind; once the victim is killed all is back.
 */
static void test_empty_pool(void)
{
	const uint32_t touch[] = { 1, MICA_PRIO_DEFAULT, self_tid };
	struct mica_root_stats s0, s1;
	uint32_t free0 = victim_root_free(), task = 0, other = 0;
	struct mica_msg m = { 0, { 0 } };
	void *old;
	int tid;

	victim_stats(&s0);
	tid = victim_spawn("hoard", &self_tid, 1, &task);
	tap_ok(tid > 0 && !victim_report(VICTIM_READY, &m, WAIT_MS) && m.w[0] > 0,
	       "a victim holds every free frame (%u of them granted)",
	       (unsigned int)m.w[0]);
	tap_is_int(victim_root_free(), 0, "the root task has no frame free");
	tap_is_int(victim_spawn("touch", touch, 3, &other), -ENOMEM,
		   "it refuses a spawn: -ENOMEM");
	tap_is_int(mica_root_sbrk(VICTIM_PAGE, &old), -ENOMEM,
		   "and a break that needs a heap table: -ENOMEM");
	victim_stats(&s1);
	tap_ok(s1.tasks == s0.tasks + 1 && s1.killed == s0.killed && victim_root_free() == 0,
	       "the refused spawn left no task and no frame behind (%u paged)",
	       (unsigned int)s1.tasks);
	tap_is_int(mica_root_kill(task), 0, "the victim is killed");
	tap_is_int(victim_root_free(), free0, "every frame is free again");
	tap_is_int(pages_ok(CHECK_PAGES), 1, "and the root task pages a new victim");
}

/*
 * A victim whose kernel quota is full of threads: the kernel refuses the
 * root task's map item for its next page and stops the thread; the root
 * task removes the task, counts it as killed and has every frame back.
 */
static void test_quota(void)
{
	struct mica_root_stats s0, s1;
	uint32_t free0 = victim_root_free(), task = 0;
	int tid;

	victim_stats(&s0);
	tid = victim_spawn("quota", NULL, 0, &task);
	printf("# quota: task %u thread %08x\n", (unsigned int)task, tid);
	tap_is_int(tid > 0 ? victim_gone(task, WAIT_MS) : tid, 0,
		   "a victim out of quota is removed when its map is refused");
	victim_stats(&s1);
	tap_is_int(s1.killed - s0.killed, 1, "counted as killed");
	tap_is_int(victim_root_free(), free0, "the root task's free frames as at the start");
}

int main(void)
{
	struct mica_kernel_info k0;
	int status;

	tap_plan(34);
	self_tid = mica_thread_self();
	accounts_start(&k0);
	test_kills();
	test_self_destroy();
	accounts_back(&k0);
	test_oom();
	accounts_back(&k0);
	test_empty_pool();
	test_quota();
	accounts_back(&k0);
	status = tap_done();
	mica_root_halt(status);		/* the test image stops here */
	return status;
}
