/*
 * The victim program (victim.c) and its reports, shared by the tests that
 * start it with ROOT_SPAWN (storm, reclaim): "victim MODE [N...]", the
 * numbers in decimal, the last one the thread id to report to; and what
 * those tests ask the root task.
 *
 *   victim segv           a load from 0x7f12345c, outside every region
 *   victim rowrite        a store into its own text (read-only)
 *   victim jump           a jump to 0x7f12345c
 *   victim stack          a recursion of 4 KiB frames into the guard page
 *   victim touch P PRIO T runs at PRIO, writes and reads back P heap
 *                         pages, reports VICTIM_DONE to T and exits 0
 *   victim block P T      touches P heap pages, reports VICTIM_READY to T
 *                         and blocks for good
 *   victim selfdestroy P T touches P heap pages, reports VICTIM_READY to T
 *                         and destroys its own task (SYS_TASK_DESTROY)
 *   victim work P T       touches P heap pages, reports VICTIM_READY to T,
 *                         then rewrites and checks them in rounds until T
 *                         sends VICTIM_STOP; reports VICTIM_DONE and exits 0
 *   victim oom            grows its heap and stores to each new page until
 *                         killed
 *   victim hoard T        takes every free frame of the root task (heap
 *                         pages, then ROOT_FRAMES grants), reports
 *                         VICTIM_READY (w0 = frames granted) to T and
 *                         blocks for good
 *   victim quota          fills its kernel quota with threads, then stores
 *                         to a new heap page in each of 16 MiBs (victim_store)
 *   victim selfmap T      maps its text read-only over its heap page, has a
 *                         thread write there (refused as mapped already,
 *                         again and again), lowers the break under it and
 *                         reports VICTIM_DONE (w0 = the writer's thread id,
 *                         w1 = the page) to T
 *
 * Each heap page i holds victim_word(seed, i) in its first and last word,
 * the seed being the round (touch and block: 0). The checksum is the sum
 * of the words read back.
 */
#ifndef MICA_TEST_VICTIM_H
#define MICA_TEST_VICTIM_H

#include <mica.h>
#include <mica/root.h>
#include <string.h>

#define VICTIM_READY	0x5601u	/* w0 = pages touched */
#define VICTIM_DONE	0x5602u	/* w0 = pages, w1 = checksum, w2 = wrong words, w3 = rounds */
#define VICTIM_STOP	0x5603u
#define VICTIM_PAGE	4096u
#define VICTIM_FAR	0x7f12345cu	/* not page aligned, so truncation shows */

static inline uint32_t victim_word(uint32_t seed, uint32_t i)
{
	return seed * 0x9e3779b9u + i;
}

/* The checksum of pages pages written with seed: two words each. */
static inline uint32_t victim_sum(uint32_t seed, uint32_t pages)
{
	return 2 * (pages * seed * 0x9e3779b9u + pages * (pages - 1) / 2);
}

/* Appends " n" in decimal to the string at p; returns its new end. */
static inline char *victim_arg(char *p, uint32_t n)
{
	char digits[10];
	int len = 0;

	do
		digits[len++] = (char)('0' + n % 10);
	while ((n /= 10));
	*p++ = ' ';
	while (len)
		*p++ = digits[--len];
	*p = '\0';
	return p;
}

/*
 * Starts "victim mode" with the nargs numbers of args; its task id in
 * *task. Returns its thread id, or ROOT_SPAWN's error.
 */
static inline int victim_spawn(const char *mode, const uint32_t *args,
			       unsigned int nargs, uint32_t *task)
{
	char cmd[80] = "victim ";
	char *p = cmd + strlen(cmd);

	strlcpy(p, mode, sizeof(cmd) - (size_t)(p - cmd));
	p += strlen(p);
	for (unsigned int i = 0; i < nargs; i++)
		p = victim_arg(p, args[i]);
	return mica_root_spawn(cmd, task);
}

/* The root task's ROOT_STATS counters (all 0 if it does not answer). */
static inline void victim_stats(struct mica_root_stats *s)
{
	if (mica_root_stats(s))
		*s = (struct mica_root_stats){ 0 };
}

/* The root task's free frames (ROOT_MEM; 0 if it does not answer). */
static inline uint32_t victim_root_free(void)
{
	struct mica_root_mem m;

	return mica_root_mem(&m) ? 0 : m.free;
}

/* Waits up to ms for the next message; 0 and it in *m when its label is label. */
static inline int victim_report(uint32_t label, struct mica_msg *m, uint32_t ms)
{
	uint32_t from;
	int err = mica_wait(m, ms, &from);

	if (err)
		return err;
	return IPC_TAG_LABEL(m->tag) == label ? 0 : -EINVAL;
}

/* Waits up to ms milliseconds for task to be gone: 0, or -ETIMEDOUT. */
static inline int victim_gone(uint32_t task, uint32_t ms)
{
	struct mica_task_info info;

	for (uint32_t t = 0; t < ms; t++) {
		if (mica_task_info(task, &info) == -ESRCH)
			return 0;
		mica_sleep(1);
	}
	return -ETIMEDOUT;
}

#endif
