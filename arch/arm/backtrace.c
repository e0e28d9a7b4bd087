/*
 * Backtraces through APCS frames (-mapcs-frame): fp points at the saved pc
 * of a frame laid out as {fp, sp, lr, pc}, so fp[-1] is the return address
 * and fp[-3] the caller's fp. The walk stops at fp 0 (set by head.S and the
 * trap stubs), at a frame that does not lie above the previous one, or at a
 * depth limit, so a corrupt chain cannot fault or loop.
 */
#include <arch/memory.h>
#include <arch/trap.h>
#include <kernel/printk.h>

#define BACKTRACE_DEPTH	16
#define STACK_SPAN	(64 * 1024)

void backtrace_print(uint32_t fp, uint32_t pc)
{
	uint32_t limit = fp + STACK_SPAN;

	printk("backtrace (resolve with addr2line -e mica.elf):\n");
	printk("  [<%08x>]\n", pc);
	for (int depth = 0; depth < BACKTRACE_DEPTH; depth++) {
		const uint32_t *frame = (const uint32_t *)fp;
		uint32_t next;

		if (fp < PAGE_OFFSET + 12 || fp >= PAGE_OFFSET + RAM_MAX_SIZE ||
		    fp >= limit || (fp & 3))
			break;
		printk("  [<%08x>]\n", frame[-1]);
		next = frame[-3];
		if (next <= fp)
			break;
		fp = next;
	}
}
