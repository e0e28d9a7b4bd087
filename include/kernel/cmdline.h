/*
 * The kernel command line: options "key=value" separated by spaces (or
 * tabs and newlines); a bare "key" has the value "". No quoting: a value
 * cannot contain a space. Portable C, also built and tested on the host.
 */
#ifndef MICA_KERNEL_CMDLINE_H
#define MICA_KERNEL_CMDLINE_H

#include <kernel/bootinfo.h>
#include <types.h>

#define CMDLINE_MAX_OPTS	32

struct cmdline_opt {
	const char *key;
	const char *value;
};

struct cmdline {
	char buf[CMDLINE_MAX];		/* the text, split in place */
	struct cmdline_opt opt[CMDLINE_MAX_OPTS];	/* in command-line order */
	unsigned int n;
};

/*
 * Copies text (NULL means "") into cl and splits it into options. A line
 * longer than CMDLINE_MAX-1 characters is cut before the option that does
 * not fit whole; options past CMDLINE_MAX_OPTS and options with an empty key
 * ("=x") are dropped. Each of these prints a "cmdline: warning: ..." line.
 * Returns the number of options kept.
 */
int cmdline_parse(struct cmdline *cl, const char *text);

/*
 * Returns how many of the first n characters of text to keep so that no
 * option is cut: n itself if n < CMDLINE_MAX, else the length of the
 * options that lie whole within the first CMDLINE_MAX-1 characters, without
 * the separators after them (0 if there is none). Every reader of a boot-loader command line cuts with it.
 */
size_t cmdline_fit(const char *text, size_t n);

/* Returns the value of the last option named key, or NULL if none is. */
const char *cmdline_get(const struct cmdline *cl, const char *key);

/*
 * Prints "cmdline: warning: unknown option 'foo' ignored" for each option
 * whose key is not in known[] (NULL-terminated); returns how many there were.
 */
unsigned int cmdline_warn_unknown(const struct cmdline *cl,
				  const char *const known[]);

#endif
