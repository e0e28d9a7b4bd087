/*
 * The shell's commands but bench: what they print is in docs/shell.md.
 * Task ids are decimal (as the kernel prints them), thread ids hex.
 */
#include <mica.h>
#include <mica/root.h>
#include <stdio.h>
#include <string.h>

#include "shell.h"

static const char *const state_names[] = {
	[MICA_THREAD_READY] = "ready", [MICA_THREAD_SEND] = "send",
	[MICA_THREAD_RECV] = "recv", [MICA_THREAD_SLEEP] = "sleep",
	[MICA_THREAD_STOPPED] = "stopped", [MICA_THREAD_INPUT] = "input",
};

static const char *state_name(uint32_t state)
{
	return state < sizeof(state_names) / sizeof(state_names[0]) ? state_names[state] : "?";
}

/* A decimal number, or hex after 0x: true with *v set, false if not one. */
static bool number_parse(const char *s, uint32_t *v)
{
	unsigned int base = 10;

	if (s[0] == '0' && s[1] == 'x' && s[2]) {
		base = 16;
		s += 2;
	}
	for (*v = 0; *s; s++) {
		unsigned int d = *s >= '0' && *s <= '9' ? (unsigned int)(*s - '0') :
				 *s >= 'a' && *s <= 'f' ? (unsigned int)(*s - 'a' + 10) : 99;

		if (d >= base)
			return false;
		*v = *v * base + d;
	}
	return true;
}

static void help(int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	for (unsigned int i = 0; i < ncommands; i++) {
		char left[32];

		snprintf(left, sizeof(left), "%s%s%s", commands[i].name,
			 commands[i].usage[0] ? " " : "", commands[i].usage);
		printf("%-20s %s\n", left, commands[i].help);
	}
}

/* One task's accounts: its threads, frames, mappings and quota. */
static void task_totals(const struct mica_task_info *t)
{
	printf("task %u %s: %u threads, %u frames, %u pages mapped, "
	       "quota %u of %u bytes used\n", t->id, t->name, t->threads,
	       t->frames, t->mapped, t->used, t->quota);
}

static void ps(int argc, char *argv[])
{
	struct mica_thread_info ti = { .tid = 0 };
	struct mica_task_info t = { .id = 0 };

	(void)argc;
	(void)argv;
	printf(" TASK NAME            THREAD   STATE   PRIO PC       PAGER\n");
	while (mica_thread_next(ti.tid, &ti) == 0) {
		char pager[9] = "-";

		if (mica_task_info(ti.task, &t))
			strlcpy(t.name, "?", sizeof(t.name));
		if (ti.pager != TID_NIL)
			snprintf(pager, sizeof(pager), "%08x", ti.pager);
		printf("%5u %-15s %08x %-7s %4u %08x %s\n", ti.task, t.name,
		       ti.tid, state_name(ti.state), ti.prio, ti.pc, pager);
	}
	t.id = 0;
	while (mica_task_next(t.id, &t) == 0)
		task_totals(&t);
}

static void mem(int argc, char *argv[])
{
	struct mica_kernel_info k;
	struct mica_root_mem r;
	struct mica_task_info t = { .id = 0 };
	int err;

	(void)argc;
	(void)argv;
	err = mica_kernel_info(&k, 0);
	if (err)
		printf("shell: mem: kernel info: %s\n", mica_strerror(err));
	else
		printf("kernel: %u frames, %u free in its reserve, %u granted to tasks\n",
		       k.frames_total, k.frames_kernel_free, k.frames_granted);
	err = mica_root_mem(&r);
	if (err)
		printf("shell: mem: root: %s\n", mica_strerror(err));
	else
		printf("pager: %u frames free, %u managed, %u given\n",
		       r.free, r.managed, r.given);
	while (mica_task_next(t.id, &t) == 0)
		printf("task %u %s: %u frames, %u pages mapped\n", t.id, t.name,
		       t.frames, t.mapped);
}

/* The words from argv[0] on, joined by blanks, into buf. */
static void words_join(char *buf, size_t size, int argc, char *argv[])
{
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 0; i < argc && len < size; i++)
		len += snprintf(buf + len, size - len, "%s%s", i ? " " : "", argv[i]);
}

static void run(int argc, char *argv[])
{
	char cmdline[256];
	uint32_t task;
	int tid;

	if (argc < 2) {
		printf("shell: usage: run PROGRAM [ARGS]\n");
		return;
	}
	words_join(cmdline, sizeof(cmdline), argc - 1, argv + 1);
	tid = mica_root_spawn(cmdline, &task);
	if (tid < 0)
		printf("shell: run %s: %s\n", argv[1], mica_strerror(tid));
	else if (task)
		printf("shell: started %s (task %u)\n", argv[1], task);
	else
		printf("shell: started %s (it has ended already)\n", argv[1]);
}

static void kill(int argc, char *argv[])
{
	uint32_t task;
	int err;

	if (argc != 2 || !number_parse(argv[1], &task)) {
		printf("shell: usage: kill TASK (its id, as ps shows it)\n");
		return;
	}
	err = mica_root_kill(task);
	if (err)
		printf("shell: kill %u: %s\n", task, mica_strerror(err));
	else
		printf("shell: killed task %u\n", task);
}

static void ls(int argc, char *argv[])
{
	char name[16], where[8];
	unsigned int i = 0;
	int err;

	(void)argc;
	(void)argv;
	while ((err = mica_root_ls(i++, name, where)) == 0)
		printf("%-15s %s\n", name, where);
	if (err != -ENOENT)
		printf("shell: ls: %s\n", mica_strerror(err));
}

const struct command commands[] = {
	{ "help", "", "this list", help },
	{ "ps", "", "every thread, then every task's totals", ps },
	{ "mem", "", "frames: the kernel's, the root task's, each task's", mem },
	{ "run", "PROGRAM [ARGS]", "start a program (the shell does not wait)", run },
	{ "kill", "TASK", "destroy a task", kill },
	{ "ls", "", "the programs run can start", ls },
	{ "bench", "", "IPC round trip and page-fault cost, measured now", bench_run },
};

const unsigned int ncommands = sizeof(commands) / sizeof(commands[0]);
