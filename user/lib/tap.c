/* TAP version 13 for user test programs; see user/include/mica/tap.h. */
#include <stdio.h>
#include <mica/tap.h>

static int planned, ran, failed;

void tap_plan(int n)
{
	planned = n;
	printf("TAP version 13\n1..%d\n", n);
}

static void tap_result(int cond)
{
	ran++;
	if (!cond)
		failed++;
	printf("%s %d - ", cond ? "ok" : "not ok", ran);
}

int tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tap_result(cond);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return cond;
}

int tap_is_int(long got, long want, const char *name)
{
	tap_ok(got == want, "%s", name);
	if (got != want)
		printf("#   got:  %ld (0x%lx)\n#   want: %ld (0x%lx)\n",
		       got, got, want, want);
	return got == want;
}

int tap_done(void)
{
	if (ran != planned)
		printf("# planned %d tests, ran %d\n", planned, ran);
	return failed || ran != planned;
}
