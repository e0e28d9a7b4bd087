/*
 * The in-kernel test framework. A test is a function registered with
 * KTEST(suite, name); the test kernel (CONFIG_KTEST) runs the tests that the
 * command line option test=<pattern> selects ("all", a suite name,
 * "prefix*" or "suite:name", comma separated) and reports TAP version 13 on the console:
 *
 *	TAP version 13
 *	1..N
 *	ok 1 - buddy: alloc_free
 *	not ok 2 - buddy: exhaust
 *	# buddy_exhaust: tests/kernel/buddy.c:42: expected free == 0 (3 != 0)
 *
 * then exits QEMU through semihosting with status 0 only if every test
 * passed. A failed check records the failure and returns from the test.
 */
#ifndef MICA_KERNEL_KTEST_H
#define MICA_KERNEL_KTEST_H

#include <types.h>

struct ktest {
	const char *suite;
	const char *name;
	void (*fn)(void);
};

#define KTEST(suite_, name_)						\
	static void ktest_##suite_##_##name_(void);			\
	static const struct ktest ktest_desc_##suite_##_##name_		\
	__attribute__((used, section(".ktest"), aligned(4))) = {	\
		.suite = #suite_, .name = #name_,			\
		.fn = ktest_##suite_##_##name_,				\
	};								\
	static void ktest_##suite_##_##name_(void)

/* Records a failure with a printf-style explanation. */
void ktest_fail(const char *file, int line, const char *fmt, ...) __printf(3, 4);
/* Prints a "# ..." diagnostic line. */
void ktest_note(const char *fmt, ...) __printf(1, 2);

#define KT_ASSERT(cond)							\
	do {								\
		if (!(cond)) {						\
			ktest_fail(__FILE__, __LINE__, "expected %s", #cond); \
			return;						\
		}							\
	} while (0)

#define KT_ASSERT_EQ(a, b)						\
	do {								\
		unsigned long long a_ = (unsigned long long)(a);	\
		unsigned long long b_ = (unsigned long long)(b);	\
		if (a_ != b_) {						\
			ktest_fail(__FILE__, __LINE__,			\
				   "expected %s == %s (%lld != %lld, "	\
				   "0x%llx != 0x%llx)", #a, #b,		\
				   (long long)a_, (long long)b_, a_, b_); \
			return;						\
		}							\
	} while (0)

/*
 * Benchmarks are KTESTs in suites whose name starts with "bench": "all"
 * does not select them, tools/run-bench names them under -icount shift=0.
 * Reports "# bench: <name>: <iterations> iterations, <ticks> ticks" of the
 * 24 MHz counter; one tick is 1000/24 instructions under -icount shift=0.
 */
void ktest_bench(const char *name, uint32_t iterations, uint32_t ticks);

/* Runs the tests selected by pattern, prints TAP; returns failures. */
int ktest_run(const char *pattern);

/*
 * The test kernel's last boot step: with crash=<what>, triggers that fault
 * (tests/kernel/crash.c) and expects never to return; otherwise runs the
 * tests that test= selects, then exits QEMU with 0 only if all passed.
 */
void ktest_main(void) __attribute__((noreturn));

/* Triggers the deliberate fault named what; returns only if unknown. */
void ktest_crash(const char *what);

#endif
