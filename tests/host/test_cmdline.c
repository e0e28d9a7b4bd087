/*
 * kernel/cmdline.c: splitting, lookup, the unknown-option warning and the
 * limits on length and count.
 */
#include <stdio.h>
#include <string.h>

#include <kernel/cmdline.h>

#include "shim.h"
#include "tap.h"

static struct cmdline cl;

TAP_TEST(cmdline_splits_options)
{
	shim_quiet = true;
	TAP_ASSERT_EQ(cmdline_parse(&cl, "console=ttyAMA0  test=all\tquiet mem=64M\n"), 4);
	TAP_ASSERT(strcmp(cl.opt[0].key, "console") == 0);
	TAP_ASSERT(strcmp(cl.opt[0].value, "ttyAMA0") == 0);
	TAP_ASSERT(strcmp(cl.opt[1].key, "test") == 0);
	TAP_ASSERT(strcmp(cl.opt[2].key, "quiet") == 0);
	TAP_ASSERT(strcmp(cl.opt[2].value, "") == 0);
	TAP_ASSERT(strcmp(cmdline_get(&cl, "mem"), "64M") == 0);
	TAP_ASSERT(cmdline_get(&cl, "absent") == NULL);
	TAP_ASSERT(cmdline_get(&cl, "mem=64M") == NULL);
	TAP_ASSERT(cmdline_get(&cl, "me") == NULL);
}

TAP_TEST(cmdline_values)
{
	TAP_ASSERT_EQ(cmdline_parse(&cl, "a= b=x=y c==  =d e"), 4);
	TAP_ASSERT(strcmp(cmdline_get(&cl, "a"), "") == 0);
	TAP_ASSERT(strcmp(cmdline_get(&cl, "b"), "x=y") == 0);
	TAP_ASSERT(strcmp(cmdline_get(&cl, "c"), "=") == 0);
	TAP_ASSERT(strcmp(cmdline_get(&cl, "e"), "") == 0);
	TAP_ASSERT(cmdline_get(&cl, "") == NULL);
}

TAP_TEST(cmdline_last_occurrence_wins)
{
	TAP_ASSERT_EQ(cmdline_parse(&cl, "test=a x test=b test"), 4);
	TAP_ASSERT(strcmp(cmdline_get(&cl, "test"), "") == 0);
	TAP_ASSERT_EQ(cmdline_parse(&cl, "test=a x test=b"), 3);
	TAP_ASSERT(strcmp(cmdline_get(&cl, "test"), "b") == 0);
}

TAP_TEST(cmdline_empty)
{
	TAP_ASSERT_EQ(cmdline_parse(&cl, ""), 0);
	TAP_ASSERT_EQ(cmdline_parse(&cl, NULL), 0);
	TAP_ASSERT_EQ(cmdline_parse(&cl, "   \t\n "), 0);
	TAP_ASSERT(cmdline_get(&cl, "x") == NULL);
}

TAP_TEST(cmdline_copies_text)
{
	char text[] = "k=v";

	TAP_ASSERT_EQ(cmdline_parse(&cl, text), 1);
	text[2] = 'w';
	TAP_ASSERT(strcmp(cmdline_get(&cl, "k"), "v") == 0);
}

TAP_TEST(cmdline_warn_unknown_lists_each)
{
	static const char *const known[] = { "console", "test", "mem", NULL };
	const char *out;

	cmdline_parse(&cl, "console=x foo test=all bar=1 mem=1M");
	shim_capture_start();
	TAP_ASSERT_EQ(cmdline_warn_unknown(&cl, known), 2);
	out = shim_capture_end();
	TAP_ASSERT(strcmp(out, "cmdline: warning: unknown option 'foo' ignored\n"
		   "cmdline: warning: unknown option 'bar' ignored\n") == 0);
	cmdline_parse(&cl, "test=1");
	TAP_ASSERT_EQ(cmdline_warn_unknown(&cl, known), 0);
}

TAP_TEST(cmdline_empty_key_warns)
{
	const char *out;

	shim_capture_start();
	TAP_ASSERT_EQ(cmdline_parse(&cl, "=x a=1 ="), 1);
	out = shim_capture_end();
	TAP_ASSERT(strstr(out, "cmdline: warning: option '=x' has no name, ignored\n") == out);
	TAP_ASSERT(strcmp(cl.opt[0].key, "a") == 0);
}

TAP_TEST(cmdline_too_many_options)
{
	char text[CMDLINE_MAX];
	const char *out;
	char *p = text;
	int i;

	for (i = 0; i < CMDLINE_MAX_OPTS + 5; i++)
		p += sprintf(p, "o%d ", i);
	shim_capture_start();
	TAP_ASSERT_EQ(cmdline_parse(&cl, text), CMDLINE_MAX_OPTS);
	out = shim_capture_end();
	TAP_ASSERT(strstr(out, "cmdline: warning: more than 32 options, 'o32' and later ignored\n") == out);
	TAP_ASSERT(strcmp(cl.opt[CMDLINE_MAX_OPTS - 1].key, "o31") == 0);
	TAP_ASSERT(cmdline_get(&cl, "o32") == NULL);
}

TAP_TEST(cmdline_too_long_drops_cut_option)
{
	char text[CMDLINE_MAX + 64];
	const char *out;

	memset(text, 'a', sizeof(text));
	memcpy(text, "x=1 ", 4);
	memcpy(text + CMDLINE_MAX - 10, " tail=123456789012345", 21);
	text[sizeof(text) - 1] = '\0';
	shim_capture_start();
	TAP_ASSERT_EQ(cmdline_parse(&cl, text), 2);
	out = shim_capture_end();
	TAP_ASSERT(strncmp(out, "cmdline: warning: ", 18) == 0);
	TAP_ASSERT(cmdline_get(&cl, "tail") == NULL);
	TAP_ASSERT_EQ(strlen(cl.opt[1].key), CMDLINE_MAX - 14);

	/* cut exactly at a space: nothing is lost but the rest */
	memset(text, 'b', sizeof(text));
	text[CMDLINE_MAX - 1] = ' ';
	text[sizeof(text) - 1] = '\0';
	shim_quiet = true;
	TAP_ASSERT_EQ(cmdline_parse(&cl, text), 1);
	TAP_ASSERT_EQ(strlen(cl.opt[0].key), CMDLINE_MAX - 1);

	/* one word longer than the buffer: nothing kept */
	memset(text, 'c', sizeof(text));
	text[sizeof(text) - 1] = '\0';
	TAP_ASSERT_EQ(cmdline_parse(&cl, text), 0);

	/* exactly CMDLINE_MAX - 1 characters fit */
	memset(text, 'd', CMDLINE_MAX - 1);
	text[CMDLINE_MAX - 1] = '\0';
	shim_capture_start();
	TAP_ASSERT_EQ(cmdline_parse(&cl, text), 1);
	TAP_ASSERT(shim_capture_end()[0] == '\0');
}

int main(void)
{
	shim_quiet = true;
	return tap_main();
}
