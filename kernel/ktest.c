/*
 * The in-kernel test framework; see include/kernel/ktest.h. Tests live in
 * the .ktest section, in link order; the test kernel alone links them.
 */
#include <kernel/boot.h>
#include <kernel/ktest.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <string.h>

extern const struct ktest __ktest_start[], __ktest_end[];

static const struct ktest *ktest_current;
static bool ktest_failed;

void ktest_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	ktest_failed = true;
	printk("# %s_%s: %s:%d: ", ktest_current->suite, ktest_current->name,
	       file, line);
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
}

void ktest_note(const char *fmt, ...)
{
	va_list ap;

	printk("# ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
}

void ktest_bench(const char *name, uint32_t iterations, uint32_t ticks)
{
	printk("# bench: %s: %u iterations, %u ticks\n", name, iterations, ticks);
}

/*
 * Does one comma-separated item select t: "all" (every suite but the
 * benchmarks), "prefix*" (suites starting with prefix), "suite" or
 * "suite:name"?
 */
static bool item_selects(const char *item, size_t len, const struct ktest *t)
{
	size_t slen = strlen(t->suite);

	if (len == 3 && !strncmp(item, "all", 3))
		return strncmp(t->suite, "bench", 5) != 0;
	if (len > 0 && item[len - 1] == '*')
		return !strncmp(item, t->suite, len - 1);
	if (len == slen && !strncmp(item, t->suite, slen))
		return true;
	return len == slen + 1 + strlen(t->name) &&
	       !strncmp(item, t->suite, slen) && item[slen] == ':' &&
	       !strncmp(item + slen + 1, t->name, len - slen - 1);
}

static bool ktest_selected(const char *pattern, const struct ktest *t)
{
	while (*pattern) {
		const char *end = strchr(pattern, ',');
		size_t len = end ? (size_t)(end - pattern) : strlen(pattern);

		if (item_selects(pattern, len, t))
			return true;
		pattern += len + (end != NULL);
	}
	return false;
}

int ktest_run(const char *pattern)
{
	const struct ktest *t;
	int planned = 0, n = 0, failures = 0;

	for (t = __ktest_start; t < __ktest_end; t++)
		planned += ktest_selected(pattern, t);
	if (!planned) {
		printk("ktest: error: test=%s selects no test\n", pattern);
		return 1;
	}
	printk("TAP version 13\n1..%d\n", planned);
	for (t = __ktest_start; t < __ktest_end; t++) {
		if (!ktest_selected(pattern, t))
			continue;
		ktest_current = t;
		ktest_failed = false;
		t->fn();
		failures += ktest_failed;
		printk("%s %d - %s: %s\n", ktest_failed ? "not ok" : "ok", ++n,
		       t->suite, t->name);
	}
	printk("# %d passed, %d failed\n", n - failures, failures);
	return failures;
}

void ktest_main(void)
{
	const char *crash = boot_option("crash");
	const char *pattern = boot_option("test");

	if (crash) {
		printk("ktest: triggering %s\n", crash);
		ktest_crash(crash);
		printk("ktest: unknown crash=%s\n", crash);
		kernel_exit(3);
	}
	if (!pattern || !*pattern) {
		printk("ktest: no test= option, nothing to run\n");
		kernel_exit(0);
	}
	kernel_exit(ktest_run(pattern) ? 1 : 0);
}
