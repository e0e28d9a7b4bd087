/*
 * logpager: a pager that logs every fault (docs/pager.md). It asks the
 * root task for a few frames of its own, creates a child task that runs
 * its image, and starts a worker thread there with itself as the
 * worker's pager. The worker touches a region nobody mapped; each first
 * touch of a page is a fault that the kernel sends here as a message.
 * The pager prints it and replies with a map item: one of its frames,
 * zero-filled, mapped where the worker faulted. When its frames run out,
 * it kills the worker instead.
 */
#include <mica.h>
#include <mica/root.h>
#include <stdio.h>
#include <string.h>
#include <uapi/fault.h>

#define PAGE		4096u
#define REGION		0x30000000u	/* the worker's pages: nothing there */
#define REGION_PAGES	16
#define FRAMES		8		/* ours to hand out: too few for the worker */
#define FRAMES_VA	0x90000000u	/* where we see them */
#define CODE_PAGE	6		/* the page the worker calls */
#define WAIT_MS		1000

/* The code an execute fault gets: return 42. */
#define ARM_MOV_R0_42	0xe3a0002au	/* mov r0, #42 */
#define ARM_BX_LR	0xe12fff1eu	/* bx lr */

extern char __text_start[], __rodata_start[], __data_start[], _end[];

/* The child shares our globals. Its thread must not use stdio (our buffer). */
static volatile uint32_t checksum;
static uint32_t worker_stack[256] __attribute__((aligned(8)));

static volatile uint32_t *page_word(unsigned int page)
{
	return (volatile uint32_t *)(REGION + page * PAGE);
}

/*
 * The worker, in the child task: writes pages 0-3, reads pages 4-5 (they
 * read zero), calls the code in page 6, reads pages 0-3 back and leaves
 * the sum of all it read in checksum. Then it writes page after page
 * until its pager stops it.
 */
static void worker(void)
{
	uint32_t (*code)(void) = (uint32_t (*)(void))(REGION + CODE_PAGE * PAGE);
	uint32_t sum = 0;

	for (unsigned int i = 0; i < 4; i++)
		*page_word(i) = 0x1000 + i;
	for (unsigned int i = 4; i < CODE_PAGE; i++)
		sum += *page_word(i);
	sum += code();
	for (unsigned int i = 0; i < 4; i++)
		sum += *page_word(i);
	checksum = sum;
	for (unsigned int i = CODE_PAGE + 1;; i++)
		*page_word(i) = i;
}

/*
 * A task that runs our image: text, read-only data, data and .bss mapped
 * at our addresses with our rights. We can map on only pages we have, so
 * mica_prefault() has the root task page in all of ours first.
 */
static int child_create(const char *name)
{
	const struct { char *start, *end; unsigned int rights; } part[] = {
		{ __text_start, __rodata_start, MAP_READ | MAP_EXEC },
		{ __rodata_start, __data_start, MAP_READ },
		{ __data_start, _end, MAP_READ | MAP_WRITE },
	};
	int task = mica_task_create(name, 0), err = 0;

	if (task < 0)
		return task;
	mica_prefault(__text_start, _end - __text_start);
	for (unsigned int i = 0; i < 3 && !err; i++) {
		uintptr_t start = (uintptr_t)part[i].start;
		size_t size = part[i].end - part[i].start;

		if (size)
			err = mica_map(task, start, start, size, part[i].rights);
	}
	if (err)
		mica_task_destroy(task);
	return err ? err : task;
}

static const char *access_name(uint32_t label)
{
	return label & FAULT_EXEC ? "execute" : label & FAULT_WRITE ? "write" : "read";
}

/* Ends the fault's log line with why, and returns a kill for reason. */
static struct mica_msg kill_reply(int reason, const char *why)
{
	printf("%s\n", why);
	return (struct mica_msg){ IPC_TAG(FAULT_REPLY_KILL, 1), { (uint32_t)reason } };
}

/*
 * Logs fault message m, the worker's fault number n + 1, and returns the
 * reply: our frame n (frames at pa) mapped at the faulting page, or a kill.
 */
static struct mica_msg fault_answer(const struct mica_msg *m, unsigned int n,
				    uint32_t pa)
{
	uint32_t label = IPC_TAG_LABEL(m->tag), page = m->w[0] & ~(PAGE - 1);
	uint32_t *frame = (uint32_t *)(FRAMES_VA + n * PAGE);

	if (!FAULT_IS_PAGE(label)) {
		printf("logpager: exception %04x at pc 0x%08x -> ", label, m->w[1]);
		return kill_reply(FAULT_KILL_EXCEPTION,
				  "not a page fault: killed (unhandled exception)");
	}
	printf("logpager: fault %u: %s at 0x%08x (pc 0x%08x, fsr %03x) -> ", n + 1,
	       access_name(label), m->w[0], m->w[1], m->w[2]);
	if (page - REGION >= REGION_PAGES * PAGE)
		return kill_reply(FAULT_KILL_SEGV,
				  "outside the region: killed (segmentation fault)");
	if (n == FRAMES)
		return kill_reply(FAULT_KILL_NOMEM, "no frame left: killed (out of memory)");
	memset(frame, 0, PAGE);
	if (label & FAULT_EXEC) {
		frame[0] = ARM_MOV_R0_42;
		frame[1] = ARM_BX_LR;
	}
	printf("frame 0x%08x\n", pa + n * PAGE);
	return (struct mica_msg){ IPC_TAG(FAULT_REPLY_MAP, 4),
		{ MAP_PHYS | MAP_READ | (label & FAULT_EXEC ? MAP_EXEC : MAP_WRITE),
		  pa + n * PAGE, page, PAGE } };
}

/* Answers the worker's faults until we kill it: the faults served, or an error. */
static int serve(uint32_t worker_tid, uint32_t pa)
{
	struct mica_msg m;

	for (unsigned int n = 0;; n++) {
		int err = mica_recv(worker_tid, &m, WAIT_MS, NULL);

		if (!err) {
			m = fault_answer(&m, n, pa);
			err = mica_send(worker_tid, &m, IPC_TIMEOUT_POLL);
		}
		if (err)
			return err;
		if (IPC_TAG_LABEL(m.tag) == FAULT_REPLY_KILL)
			return (int)n;
	}
}

/* Starts the worker in task, paged by us, and serves it. */
static int run(uint32_t task, uint32_t pa)
{
	int tid = mica_thread_create(task, (uintptr_t)worker,
				     (uintptr_t)(worker_stack + 256),
				     MICA_PRIO_DEFAULT, mica_thread_self(), 0);

	if (tid < 0)
		return tid;
	printf("logpager: worker %08x in task %u, %u frames at 0x%08x\n", tid, task,
	       FRAMES, pa);
	return serve((uint32_t)tid, pa);
}

int main(void)
{
	uint32_t pa;
	int err = mica_root_frames(FRAMES, FRAMES_VA, &pa);
	int task = err ? err : child_create("lpchild");
	int served = task < 0 ? task : run((uint32_t)task, pa);

	if (task >= 0)
		mica_task_destroy((uint32_t)task);
	if (served < 0) {
		printf("logpager: %s\n", mica_strerror(served));
		return 1;
	}
	printf("logpager: the worker's checksum 0x%08x\n", checksum);
	printf("logpager: %d faults served, done\n", served);
	return 0;
}
