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

/* Message word i (0-7) of an IPC: r4-r6, r8-r12 (r7 holds the call number). */
static inline uint32_t *ctx_mr(struct trap_frame *ctx, unsigned int i)
{
	return &ctx->r[i < 3 ? 4 + i : 5 + i];
}

/* A user-mode context entering at pc with sp and r0 = arg, IRQs on. */
void arch_ctx_init(struct trap_frame *ctx, vaddr_t pc, vaddr_t sp, uint32_t arg);

/*
 * Makes space current (the VIVT switch recipe of vm_space_switch, when it
 * is not current already) and publishes utcb at MICA_UTCB_POINTER.
 */
void arch_thread_switch(struct vm_space *space, const void *utcb);

/* Loads ctx and returns to user mode (entry.S). */
void __noreturn arch_user_return(struct trap_frame *ctx);

/*
 * Whether the user data abort at tf->pc was a write: ARMv5 does not say,
 * so the instruction is read (from the current space) and decoded.
 */
bool arch_fault_is_write(const struct trap_frame *tf);

#endif
