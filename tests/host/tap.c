/* TAP version 13 output for host test programs; see tap.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "tap.h"

static struct tap_test *tap_head, **tap_tail = &tap_head;
static int tap_failed_current;

void tap_register(struct tap_test *t)
{
	*tap_tail = t;
	tap_tail = &t->next;
}

void tap_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	tap_failed_current = 1;
	printf("# %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

int tap_main(void)
{
	struct tap_test *t;
	int n = 0, i = 0, failed = 0;

	for (t = tap_head; t; t = t->next)
		n++;
	printf("TAP version 13\n1..%d\n", n);
	for (t = tap_head; t; t = t->next) {
		tap_failed_current = 0;
		fflush(stdout);
		t->fn();
		failed += tap_failed_current;
		printf("%s %d - %s\n", tap_failed_current ? "not ok" : "ok", ++i, t->name);
	}
	fflush(stdout);
	return failed ? 1 : 0;
}
