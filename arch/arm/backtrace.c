/*
 * Backtraces through APCS frames (-mapcs-frame): fp points at the saved pc
 * of a frame laid out as {fp, sp, lr, pc}, so fp[-1] is the return address
 * and fp[-3] the caller's fp. Code built without frame records (mm/, the
 * cache operations) keeps r11 untouched (-ffixed-r11), so the chain runs
 * through it. The walk reads through the fixup table and stays on the stack
 * it started on (frames above sp, each above the last, at most a stack's
 * size away), so a corrupt chain can neither fault nor loop.
 */
#include <arch/fixup.h>
#include <arch/trap.h>
#include <kernel/printk.h>

#define BACKTRACE_DEPTH	16
#define STACK_SPAN	(16 * 1024)	/* at least any kernel stack's size */

static bool frame_read(uint32_t fp, uint32_t *lr, uint32_t *next)
{
	const uint32_t *frame = (const uint32_t *)fp;

	return probe_read32(&frame[-1], lr) == 0 &&
	       probe_read32(&frame[-3], next) == 0;
}

void backtrace_print(uint32_t fp, uint32_t pc, uint32_t sp)
{
	uint32_t lr, next;

	printk("backtrace (resolve with addr2line -e mica.elf):\n");
	printk("  [<%08x>]\n", pc);
	for (int depth = 0; depth < BACKTRACE_DEPTH; depth++) {
		if (fp < sp + 12 || fp - sp >= STACK_SPAN || (fp & 3) ||
		    !frame_read(fp, &lr, &next))
			break;
		printk("  [<%08x>]\n", lr);
		if (next <= fp)
			break;
		fp = next;
	}
}
