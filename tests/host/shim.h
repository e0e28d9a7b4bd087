/*
 * The host shim: what portable kernel code needs from "the kernel" when it is
 * compiled into a host program. printk goes to stdout; panic_at prints the
 * message and then either aborts or, inside SHIM_EXPECT_PANIC, jumps back so
 * a test can observe that a BUG fired:
 *
 *	SHIM_EXPECT_PANIC(buddy_free(&b, pa, 3));
 *	TAP_ASSERT(shim_panicked);
 *	TAP_ASSERT(strstr(shim_panic_msg, "double free"));
 *
 * After a caught panic the structure under test may be inconsistent (the
 * kernel would have stopped); tests rebuild it.
 */
#ifndef MICA_TESTS_HOST_SHIM_H
#define MICA_TESTS_HOST_SHIM_H

#include <setjmp.h>
#include <stdbool.h>

extern jmp_buf *shim_panic_jmp;
extern bool shim_panicked;
extern char shim_panic_msg[512];
extern bool shim_quiet;		/* suppress printk output when set */

/*
 * Collects what printk prints (whatever shim_quiet says) from
 * shim_capture_start() until shim_capture_end(), which returns it; the text
 * stays valid until the next capture.
 */
void shim_capture_start(void);
const char *shim_capture_end(void);

#define SHIM_EXPECT_PANIC(stmt)						\
	do {								\
		jmp_buf jb_;						\
		shim_panicked = false;					\
		shim_panic_msg[0] = '\0';				\
		shim_panic_jmp = &jb_;					\
		if (setjmp(jb_) == 0) {					\
			stmt;						\
		}							\
		shim_panic_jmp = NULL;					\
	} while (0)

#endif
