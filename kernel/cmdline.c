/*
 * Command-line options; the contract is in include/kernel/cmdline.h.
 * The text is copied once and split in place: keys and values point into
 * cl->buf, and a bare key's value is the empty string at its own end.
 */
#include <string.h>

#include <kernel/cmdline.h>
#include <kernel/printk.h>

static bool cmdline_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Returns how much of the n-character text fits whole; see cmdline.h. */
size_t cmdline_fit(const char *text, size_t n)
{
	if (n < CMDLINE_MAX)
		return n;
	n = CMDLINE_MAX - 1;
	if (!cmdline_is_space(text[n]))
		while (n > 0 && !cmdline_is_space(text[n - 1]))
			n--;
	while (n > 0 && cmdline_is_space(text[n - 1]))
		n--;
	return n;
}

/* Copies text into cl->buf, dropping a last option that does not fit. */
static void cmdline_copy(struct cmdline *cl, const char *text)
{
	size_t len = strnlen(text, CMDLINE_MAX);
	size_t n = cmdline_fit(text, len);

	memcpy(cl->buf, text, n);
	cl->buf[n] = '\0';
	if (n < len)
		printk("cmdline: warning: longer than %u characters, cut to the first %zu\n",
		       CMDLINE_MAX - 1, n);
}

/* Records the option at s (NUL-terminated); returns false if full. */
static bool cmdline_add(struct cmdline *cl, char *s)
{
	char *eq = strchr(s, '=');

	if (eq == s) {
		printk("cmdline: warning: option '%s' has no name, ignored\n", s);
		return true;
	}
	if (cl->n == CMDLINE_MAX_OPTS) {
		printk("cmdline: warning: more than %u options, '%s' and later ignored\n",
		       CMDLINE_MAX_OPTS, s);
		return false;
	}
	cl->opt[cl->n].key = s;
	if (eq) {
		*eq = '\0';
		cl->opt[cl->n].value = eq + 1;
	} else {
		cl->opt[cl->n].value = s + strlen(s);
	}
	cl->n++;
	return true;
}

/* Splits text into options; see cmdline.h. Returns how many were kept. */
int cmdline_parse(struct cmdline *cl, const char *text)
{
	char *p = cl->buf, *word;

	cl->n = 0;
	cmdline_copy(cl, text ? text : "");
	for (;;) {
		while (cmdline_is_space(*p))
			p++;
		if (!*p)
			break;
		word = p;
		while (*p && !cmdline_is_space(*p))
			p++;
		if (*p)
			*p++ = '\0';
		if (!cmdline_add(cl, word))
			break;
	}
	return (int)cl->n;
}

/* Returns the value of the last option named key, or NULL. */
const char *cmdline_get(const struct cmdline *cl, const char *key)
{
	unsigned int i;

	for (i = cl->n; i-- > 0;)
		if (!strcmp(cl->opt[i].key, key))
			return cl->opt[i].value;
	return NULL;
}

static bool cmdline_is_known(const char *key, const char *const known[])
{
	for (; *known; known++)
		if (!strcmp(key, *known))
			return true;
	return false;
}

/* Warns about each option not in known[]; returns how many. */
unsigned int cmdline_warn_unknown(const struct cmdline *cl,
				  const char *const known[])
{
	unsigned int i, n = 0;

	for (i = 0; i < cl->n; i++) {
		if (cmdline_is_known(cl->opt[i].key, known))
			continue;
		printk("cmdline: warning: unknown option '%s' ignored\n",
		       cl->opt[i].key);
		n++;
	}
	return n;
}
