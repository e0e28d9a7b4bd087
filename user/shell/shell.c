/*
 * The shell's main loop: prompt, read a line from the console with
 * editing (backspace, Ctrl-U, Ctrl-C), split it into words and run the
 * command named by the first.
 */
#include <mica.h>
#include <stdio.h>
#include <string.h>

#include "shell.h"

#define PROMPT		"mica> "
#define LINE_MAX	128
#define CTRL(c)		((c) & 0x1f)
#define DEL		0x7f
#define BUSY_RETRY_MS	50	/* another thread reads the console: wait */

static char in_buf[64];			/* console input not handled yet */
static unsigned int in_len, in_pos;

/*
 * The next byte typed, waiting for it as long as it takes; while another
 * thread waits for the console (-EBUSY, a program reading it), the shell
 * asks again every BUSY_RETRY_MS.
 */
static char console_getc(void)
{
	while (in_pos == in_len) {
		int n = mica_console_read(in_buf, sizeof(in_buf), IPC_TIMEOUT_NEVER);

		in_pos = 0;
		in_len = n > 0 ? (unsigned int)n : 0;
		if (n < 0)
			mica_sleep(BUSY_RETRY_MS);
	}
	return in_buf[in_pos++];
}

static void echo(const char *s)
{
	printf("%s", s);
	mica_stdout_flush();
}

/* Erases the last of *len characters on the screen and in the line. */
static void rubout(unsigned int *len)
{
	if (!*len)
		return;
	(*len)--;
	echo("\b \b");
}

/*
 * Reads a line into line (NUL-terminated, at most LINE_MAX - 1 bytes);
 * returns false when Ctrl-C dropped it. A CR, LF or CR LF ends a line.
 */
static bool line_read(char *line)
{
	static bool after_cr;
	unsigned int len = 0;

	for (;;) {
		char c = console_getc();
		bool lf_of_crlf = after_cr && c == '\n';

		after_cr = c == '\r';
		if (lf_of_crlf)
			continue;
		if (c == '\r' || c == '\n') {
			echo("\n");
			line[len] = '\0';
			return true;
		} else if (c == DEL || c == '\b') {
			rubout(&len);
		} else if (c == CTRL('U')) {
			while (len)
				rubout(&len);
		} else if (c == CTRL('C')) {
			echo("^C\n");
			return false;
		} else if (c >= ' ' && c < DEL && len < LINE_MAX - 1) {
			line[len++] = c;
			echo((char[]){ c, '\0' });
		}
	}
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Splits line into blank-separated words, in place; returns their count,
 * or -1 for more than SHELL_ARGS_MAX.
 */
static int words_split(char *p, char *argv[SHELL_ARGS_MAX])
{
	int argc = 0;

	for (;;) {
		while (blank(*p))
			*p++ = '\0';
		if (!*p)
			return argc;
		if (argc == SHELL_ARGS_MAX)
			return -1;
		argv[argc++] = p;
		while (*p && !blank(*p))
			p++;
	}
}

static void command_run(int argc, char *argv[])
{
	for (unsigned int i = 0; i < ncommands; i++) {
		if (!strcmp(argv[0], commands[i].name)) {
			commands[i].run(argc, argv);
			return;
		}
	}
	printf("shell: %s: unknown command (try help)\n", argv[0]);
}

/*
 * Lets the programs started before the shell print their start first, so
 * that the first prompt comes last: at the lowest priority the shell runs
 * again only once no other thread is ready, then takes its own back.
 */
static void others_first(void)
{
	struct mica_thread_info self;

	if (mica_thread_info(mica_thread_self(), &self))
		return;
	mica_thread_set_prio(self.tid, MICA_PRIO_MIN);
	mica_thread_set_prio(self.tid, self.prio);
}

int main(void)
{
	static char line[LINE_MAX];
	char *argv[SHELL_ARGS_MAX];

	others_first();
	for (;;) {
		int argc;

		echo(PROMPT);
		if (!line_read(line))
			continue;
		argc = words_split(line, argv);
		if (argc < 0)
			printf("shell: more than %d words\n", SHELL_ARGS_MAX);
		else if (argc)
			command_run(argc, argv);
	}
}
