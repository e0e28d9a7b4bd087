/*
 * The first tier of errors: a broken kernel invariant. panic() prints
 * "PANIC at file:line: message", the registers at the call and a backtrace,
 * then stops the machine (halts with IRQs off, or under test exits QEMU with
 * a non-zero status). Host builds of portable code link a shim instead
 * (tests/host/shim.c) that lets a test observe the panic.
 */
#ifndef MICA_KERNEL_PANIC_H
#define MICA_KERNEL_PANIC_H

#include <types.h>

void panic_at(const char *file, int line, const char *fmt, ...)
	__noreturn __printf(3, 4);

struct trap_frame;
/* panic() reporting the registers of an exception frame instead of its own. */
void panic_frame_at(const char *file, int line, const struct trap_frame *tf,
		    const char *fmt, ...) __noreturn __printf(4, 5);
#define panic_frame(tf, ...)	panic_frame_at(__FILE__, __LINE__, tf, __VA_ARGS__)

/* Stops the machine: exit status for QEMU under test, else a halted CPU. */
void kernel_exit(int status) __noreturn;

/*
 * Stops the machine because user space asked (SYS_HALT, the root task's
 * exit): QEMU exits with status through semihosting; without semihosting
 * (a board) the CPU halts. Both kernels.
 */
void kernel_power_off(int status) __noreturn;

#define panic(...)	panic_at(__FILE__, __LINE__, __VA_ARGS__)
#define BUG()		panic("BUG")
#define BUG_ON(cond)							\
	do {								\
		if (unlikely(cond))					\
			panic("BUG_ON(%s)", #cond);			\
	} while (0)

#endif
