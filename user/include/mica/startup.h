/*
 * The start-up block: what a program finds on its stack when its first
 * thread starts at _start (user/lib/crt0.S). The creator (the root task)
 * writes it at the top of the new thread's stack and starts the thread with
 * sp = r0 = the block's address, which is 8-byte aligned:
 *
 *   sp + 0              root_tid     the root task's thread id (its name
 *                                    service, <mica/names.h>)
 *   sp + 4              argc
 *   sp + 8              argv[0] .. argv[argc - 1]   addresses of the strings
 *   sp + 8 + 4 * argc   0            (argv[argc], as in C)
 *   after that          the strings, each NUL-terminated, in argv order,
 *                       then zero padding to a multiple of 8 bytes
 *
 * The program's stack grows down from sp, below the block, so argv stays
 * valid for the program's life. r0 = 0 means no block: argc is 0 and
 * mica_root_tid() is TID_NIL.
 */
#ifndef MICA_STARTUP_H
#define MICA_STARTUP_H

#include <stddef.h>
#include <stdint.h>

#define MICA_STARTUP_ALIGN	8u

struct mica_startup {
	uint32_t root_tid;
	uint32_t argc;
	uint32_t argv[];	/* argc string addresses, then 0 */
};

/*
 * Creator side: lays out the block for root_tid and argv[0..argc-1] in
 * buf[0..size), as the target will see it when the block's last byte is
 * just below stack_top (a target address, MICA_STARTUP_ALIGN aligned).
 * The caller copies buf[0..n) to stack_top - n in the new task and starts
 * its thread with sp = r0 = stack_top - n. Returns n (a multiple of
 * MICA_STARTUP_ALIGN), -EINVAL for a misaligned stack_top, a negative argc
 * or a NULL argument, or -E2BIG when the block needs more than size bytes
 * or more than stack_top bytes of address space.
 */
int mica_startup_build(void *buf, size_t size, uint32_t stack_top,
		       uint32_t root_tid, int argc, const char *const argv[]);

#endif
