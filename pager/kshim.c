/*
 * What the kernel's buddy allocator (mm/buddy*.c, built for the root task
 * with the kernel's own headers) needs from a kernel: printk() is printf(),
 * a BUG prints the kernel's "PANIC at file:line: message" line and stops
 * the machine, as a kernel panic would (the root task is the system's
 * memory manager), and phys_virt_offset is the root task's RAM window,
 * set by frames_init(). Fault injection compiles out (mm/fault_inject.h).
 */
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <mica.h>
#include <mm/phys.h>
#include <stdio.h>

/* The status QEMU exits with after a BUG in the root task. */
#define ROOT_PANIC_STATUS	1

uintptr_t phys_virt_offset;

int vprintk(const char *fmt, va_list ap)
{
	return vprintf(fmt, ap);
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

void panic_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	printf("PANIC at %s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" (root task)\n");
	mica_halt(ROOT_PANIC_STATUS);
	mica_exit(ROOT_PANIC_STATUS);
}
