/*
 * A tiny TAP version 13 producer for host test programs.
 *
 *	TAP_TEST(format, zero_width) { TAP_ASSERT(...); ... }
 *	int main(void) { return tap_main(); }
 *
 * Every TAP_TEST in the program runs in order; a failed assertion reports
 * file:line and ends that test. tap_main() prints the plan first, returns 0
 * when every test passed and 1 otherwise.
 */
#ifndef MICA_TESTS_HOST_TAP_H
#define MICA_TESTS_HOST_TAP_H

#include <stdio.h>

struct tap_test {
	const char *name;
	void (*fn)(void);
	struct tap_test *next;
};

void tap_register(struct tap_test *t);
void tap_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int tap_main(void);

#define TAP_TEST(name_)							\
	static void tap_fn_##name_(void);				\
	static struct tap_test tap_desc_##name_ = { #name_, tap_fn_##name_, 0 }; \
	__attribute__((constructor)) static void tap_reg_##name_(void)	\
	{								\
		tap_register(&tap_desc_##name_);			\
	}								\
	static void tap_fn_##name_(void)

#define TAP_ASSERT(cond)						\
	do {								\
		if (!(cond)) {						\
			tap_fail(__FILE__, __LINE__, "expected %s", #cond); \
			return;						\
		}							\
	} while (0)

#define TAP_ASSERT_EQ(a, b)						\
	do {								\
		unsigned long long a_ = (unsigned long long)(a);	\
		unsigned long long b_ = (unsigned long long)(b);	\
		if (a_ != b_) {						\
			tap_fail(__FILE__, __LINE__,			\
				 "expected %s == %s (0x%llx != 0x%llx)", \
				 #a, #b, a_, b_);			\
			return;						\
		}							\
	} while (0)

#endif
