/*
 * The architecture's part of threads: a thread's user context is a
 * struct trap_frame at the start of its TCB. While a thread runs in user
 * mode the SVC sp points just past that frame, so the entry stubs
 * (arch/arm/entry.S) save a trap from user mode straight into the TCB and
 * then move to the kernel stack; arch_user_return() is the one way back.
 */
#ifndef MICA_ARCH_THREAD_H
#define MICA_ARCH_THREAD_H

#include <arch/trap.h>
#include <mm/vm.h>
#include <types.h>
#include <uapi/ipc.h>

/*
 * Copies message words 0..n-1 (n <= 8) of an IPC from s to d: they travel
 * in r4-r6 and r8-r12 (r7 holds the call number). The other registers keep
 * d's values, so nothing of the sender's leaks.
 */
static inline void ctx_copy_mrs(struct trap_frame *d, const struct trap_frame *s,
				unsigned int n)
{
	switch (n) {
	case 8: d->r[12] = s->r[12];	/* fall through */
	case 7: d->r[11] = s->r[11];	/* fall through */
	case 6: d->r[10] = s->r[10];	/* fall through */
	case 5: d->r[9] = s->r[9];	/* fall through */
	case 4: d->r[8] = s->r[8];	/* fall through */
	case 3: d->r[6] = s->r[6];	/* fall through */
	case 2: d->r[5] = s->r[5];	/* fall through */
	case 1: d->r[4] = s->r[4];	/* fall through */
	case 0: break;
	}
}

/* A user-mode context entering at pc with sp and r0 = arg: IRQs on, FIQs off. */
void arch_ctx_init(struct trap_frame *ctx, vaddr_t pc, vaddr_t sp, uint32_t arg);

/*
 * Makes space current (the VIVT switch recipe of vm_space_switch, when it
 * is not current already) and publishes utcb at MICA_UTCB_POINTER, through
 * the vector page's own address: the cache line user code reads.
 */
static inline void arch_thread_switch(struct vm_space *space, const void *utcb)
{
	if (space != vm_space_current())
		vm_space_switch(space);
	*(volatile uint32_t *)MICA_UTCB_POINTER = (uint32_t)(uintptr_t)utcb;
}

/* Loads ctx and returns to user mode (entry.S). */
void __noreturn arch_user_return(struct trap_frame *ctx);

/*
 * Whether the user data abort at tf->pc was a write: ARMv5 does not say,
 * so the instruction is read (from the current space) and decoded.
 */
bool arch_fault_is_write(const struct trap_frame *tf);

/* The same for a data abort at a kernel instruction (a user access: ldrt/strt). */
bool arch_kernel_fault_is_write(const struct trap_frame *tf);

/*
 * Prints a fault message (<uapi/fault.h>: label, words 0-2) decoded, for
 * the console line of a fault nobody mends: "data abort at pc PC, address
 * ADDR (write, translation (page) fault, fsr 007)".
 */
void arch_fault_print(uint32_t label, const uint32_t w[]);

/* Sets message words 0..n-1 (n <= 8) of d from w, as ctx_copy_mrs places them. */
static inline void ctx_set_mrs(struct trap_frame *d, const uint32_t *w,
			       unsigned int n)
{
	static const unsigned char reg[IPC_REG_WORDS] = { 4, 5, 6, 8, 9, 10, 11, 12 };

	for (unsigned int i = 0; i < n; i++)
		d->r[reg[i]] = w[i];
}

#endif
