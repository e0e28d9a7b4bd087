/*
 * The root task's requests for a shell or any client (<mica/root.h>,
 * docs/tasks.md): start a program, destroy a task, list the programs,
 * the root task's frame accounts and its pager's counters. Each reply is IPC_TAG(NAME_REPLY, n)
 * with the result in w0.
 */
#include <mica.h>
#include <mica/names.h>
#include <mica/root.h>
#include <string.h>

#include "root.h"

#define LS_WORDS	(1 + NAME_WORDS + 2)	/* result, name, where */

static void reply(struct mica_msg *msg, unsigned int words, int r)
{
	msg->tag = IPC_TAG(NAME_REPLY, words);
	msg->w[0] = (uint32_t)r;
}

/*
 * Copies the request's words to line (the first IPC_REG_WORDS are in msg,
 * the rest in the UTCB) and splits it into argv. Returns argc, or -EINVAL
 * (no NUL, no word), -E2BIG (more than MAX_ARGS words).
 */
static int spawn_args(const struct mica_msg *msg, char *line,
		      const char *argv[MAX_ARGS])
{
	unsigned int n = IPC_TAG_WORDS(msg->tag);
	int argc = 0;
	char *w;

	memcpy(line, msg->w, 4 * (n < IPC_REG_WORDS ? n : IPC_REG_WORDS));
	if (n > IPC_REG_WORDS)
		memcpy(line + 4 * IPC_REG_WORDS, &mica_utcb()->mr[IPC_REG_WORDS],
		       4 * (n - IPC_REG_WORDS));
	if (strnlen(line, 4 * n) == 4 * n)
		return -EINVAL;
	while ((w = next_word(&line))) {
		if (argc == MAX_ARGS)
			return -E2BIG;
		argv[argc++] = w;
	}
	return argc ? argc : -EINVAL;
}

/*
 * ROOT_SPAWN: w0 = the first thread's id, w1 = the task id (0 when the
 * program has ended already).
 */
static void spawn(struct mica_msg *msg)
{
	static char line[IPC_MAX_WORDS * 4];
	const char *argv[MAX_ARGS];
	struct mica_thread_info ti;
	const void *elf;
	size_t len;
	int argc = spawn_args(msg, line, argv);
	int tid = argc < 0 ? argc : program_find(argv[0], &elf, &len);

	if (!tid)
		tid = program_start(elf, len, argv[0], argc, argv, MICA_PRIO_DEFAULT);
	if (tid < 0)
		return reply(msg, 1, tid);
	reply(msg, 2, tid);
	msg->w[1] = mica_thread_info((uint32_t)tid, &ti) ? 0 : ti.task;
}

/* Packs s, cut to fit, NUL-padded, into the words at w. */
static void words_pack(uint32_t *w, unsigned int words, const char *s)
{
	size_t len = strnlen(s, 4 * words - 1);

	memset(w, 0, 4 * words);
	memcpy(w, s, len);
}

/*
 * ROOT_LS: w1-w4 the name (cut to NAME_MAX_LEN), w5-w6 where it is:
 * "image" (built into the root task) or "archive" (the boot loader's).
 */
static void ls(struct mica_msg *msg)
{
	const char *name;
	bool builtin;
	int err = program_nth(msg->w[0], &name, &builtin);

	if (err)
		return reply(msg, 1, err);
	reply(msg, LS_WORDS, 0);
	words_pack(&msg->w[1], NAME_WORDS, name);
	words_pack(&msg->w[1 + NAME_WORDS], LS_WORDS - 1 - NAME_WORDS,
		   builtin ? "image" : "archive");
}

/* ROOT_MEM: the frames the kernel granted the root task, and their use. */
static void mem(struct mica_msg *msg)
{
	reply(msg, 4, 0);
	msg->w[1] = frames_free();
	msg->w[2] = frames_managed();
	msg->w[3] = frames_managed() - frames_free();
}

/* ROOT_STATS: the demand pager's counters (struct paging_stats). */
static void stats_serve(struct mica_msg *msg)
{
	const struct paging_stats *st = paging_stats();

	reply(msg, 6, 0);
	msg->w[1] = st->faults;
	msg->w[2] = st->killed;
	msg->w[3] = st->reclaimed;
	msg->w[4] = st->tasks;
	msg->w[5] = st->raced;
}

/* The task of thread tid: 0 and its id in *task, or -ESRCH. */
static int task_of(uint32_t tid, uint32_t *task)
{
	struct mica_thread_info ti;
	int err = mica_thread_info(tid, &ti);

	*task = ti.task;
	return err;
}

/* ROOT_SBRK: w0 = the caller's old break. */
static void sbrk_serve(uint32_t sender, struct mica_msg *msg)
{
	uint32_t task, old = 0;
	int err = task_of(sender, &task);

	if (!err)
		err = paging_sbrk(task, (int32_t)msg->w[0], &old);
	reply(msg, 1, err ? err : (int)old);
}

/* ROOT_FRAMES: w0 = pages, w1 = where in the caller; w0 = the frames' address. */
static void frames_serve(uint32_t sender, struct mica_msg *msg)
{
	uint32_t task, pa = 0, pages = msg->w[0];
	int err = task_of(sender, &task);

	if (!err)
		err = paging_grant(task, pages, msg->w[1], &pa);
	reply(msg, 2, err ? err : (int)pa);
	msg->w[1] = err ? 0 : pages;
}

bool requests_serve(uint32_t sender, struct mica_msg *msg)
{
	switch (IPC_TAG_LABEL(msg->tag)) {
	case ROOT_SPAWN:
		spawn(msg);
		return true;
	case ROOT_KILL:
		reply(msg, 1, paging_task_remove(msg->w[0]));
		return true;
	case ROOT_SBRK:
		sbrk_serve(sender, msg);
		return true;
	case ROOT_FRAMES:
		frames_serve(sender, msg);
		return true;
	case ROOT_LS:
		ls(msg);
		return true;
	case ROOT_MEM:
		mem(msg);
		return true;
	case ROOT_STATS:
		stats_serve(msg);
		return true;
	default:
		return false;
	}
}
