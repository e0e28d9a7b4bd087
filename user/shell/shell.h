/*
 * The console shell (docs/shell.md): a line editor on SYS_CONSOLE_READ,
 * and commands that read the kernel's accounts (SYS_*_INFO) or ask the
 * root task (<mica/root.h>). Output goes out a whole line at a time
 * (libmica's stdout is line-buffered), so lines of programs that run at
 * the same time interleave but never mix.
 */
#ifndef MICA_SHELL_H
#define MICA_SHELL_H

#include <stdint.h>

#define SHELL_ARGS_MAX	16

struct command {
	const char *name;
	const char *usage;	/* its arguments, for help */
	const char *help;	/* one line */
	void (*run)(int argc, char *argv[]);
};

/* The commands, in help's order (user/shell/commands.c). */
extern const struct command commands[];
extern const unsigned int ncommands;

/* bench: IPC round trips and page faults, measured (user/shell/bench.c). */
void bench_run(int argc, char *argv[]);

#endif
