/*
 * Kernel stacks and their guard pages. Usable from C and assembly.
 *
 * Every kernel stack has an unmapped page right below it: running off its
 * bottom faults at an address in the guard instead of overwriting what lies
 * below. The boot SVC stack is the only one today (head.S, section .stack);
 * arch_unmap_guard_page() turns its guard page into a hole in the linear map.
 * Per-thread kernel stacks will get theirs the same way: each stack is
 * allocated with one extra page below it, whose PTE is left as a fault.
 *
 * An exception taken with the SVC stack pointer in the guard or within
 * STACK_GUARD_ZONE of it cannot build its frame there; entry.S then builds it
 * on the emergency stack and trap.c reports "kernel stack overflow".
 */
#ifndef MICA_ARCH_STACK_H
#define MICA_ARCH_STACK_H

#include <arch/pgtable.h>

#define STACK_GUARD_SIZE	SMALL_PAGE_SIZE
#define SVC_STACK_SIZE		8192
#define EMERGENCY_STACK_SIZE	4096	/* the panic path: report, backtrace */
#define EXC_STACK_SIZE		32	/* per mode: the stub's r0, pc, spsr,
					   type, then entry.S's sp and r1 */
#define EXC_SCRATCH_CPSR	8	/* offsets in an exception scratch area */
#define EXC_SCRATCH_SP		16
#define EXC_SCRATCH_R1		20
/* From the guard's start: the guard plus room for one trap frame. An
 * immediate ARM can encode (0x11 << 8). */
#define STACK_GUARD_ZONE	(STACK_GUARD_SIZE + 256)

#ifndef __ASSEMBLY__
#include <types.h>

extern char stack_guard[], svc_stack[], svc_stack_top[];

/* True if addr lies in a kernel stack's guard page. */
static inline bool stack_guard_contains(vaddr_t addr)
{
	return addr - (vaddr_t)stack_guard < STACK_GUARD_SIZE;
}

/*
 * Unmaps the page at guard (kernel virtual, page aligned, in the linear
 * map) by splitting its section into small pages. Boot only, MMU on; one
 * section can be split (a static coarse table).
 */
void arch_unmap_guard_page(vaddr_t guard);
#endif

#endif
