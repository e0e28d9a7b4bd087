/*
 * The trap frame: what the exception stubs in arch/arm/entry.S save on the
 * SVC stack before calling trap_dispatch(). The layout is r0..r15 followed
 * by the interrupted CPSR, so returning to SVC mode is one
 * "ldmia sp, {r0-pc}^". The TF_* offsets are for entry.S and are checked
 * against the struct in trap.c.
 */
#ifndef MICA_ARCH_TRAP_H
#define MICA_ARCH_TRAP_H

#define TRAP_RESET	0
#define TRAP_UNDEF	1
#define TRAP_SWI	2
#define TRAP_PABT	3
#define TRAP_DABT	4
#define TRAP_IRQ	6
#define TRAP_FIQ	7

#define TF_R0		0
#define TF_SP		52
#define TF_LR		56
#define TF_PC		60
#define TF_CPSR		64
#define TF_TYPE		68
#define TF_KSP		72
#define TF_SIZE		80	/* a multiple of 8: AAPCS stack alignment */

#ifndef __ASSEMBLY__
#include <types.h>

struct trap_frame {
	uint32_t r[13];
	uint32_t sp;
	uint32_t lr;
	uint32_t pc;
	uint32_t cpsr;		/* the interrupted context's CPSR (the SPSR) */
	uint32_t type;		/* TRAP_* */
	uint32_t ksp;		/* the SVC sp before the frame (and its padding) */
	uint32_t pad;
};

/* Called by the stubs with IRQs masked, on the SVC stack. */
void trap_dispatch(struct trap_frame *tf);

/* An interrupt from user mode (entry.S): returns the context to resume. */
struct trap_frame *trap_user_irq(void);

/*
 * Rewinds tf, a thread's context saved by its svc, to the svc: resumed,
 * the thread makes the same system call again (its registers unchanged).
 */
void trap_syscall_restart(struct trap_frame *tf);

/* Undoes trap_syscall_restart: tf resumes after its svc. */
void trap_syscall_skip(struct trap_frame *tf);

/* Prints every register of the frame, CPSR and SPSR. */
void trap_dump(const struct trap_frame *tf);

/* Fills tf with the caller's registers (entry.S). */
void trap_capture(struct trap_frame *tf);

/*
 * Installs the vector page at 0xFFFF0000, turns on SCTLR.V and unmaps the
 * boot stack's guard page, so an overflow is reported from here on.
 */
void trap_init(void);

/* Prints a frame-pointer backtrace of the stack at sp, from fp and pc. */
void backtrace_print(uint32_t fp, uint32_t pc, uint32_t sp);

/* An abort: its decoded cause comes from fsr[3:0] (ARM ARM B4.6). */
struct fault_info {
	uint32_t fsr;		/* DFSR, or IFSR for a prefetch abort */
	uint32_t addr;		/* FAR, or the faulting pc for a prefetch abort */
	bool prefetch;
};

/*
 * The fault behind copy_from_user's (or a friend's) latest -EFAULT, when
 * its last call ended that way because the user page was not there (a
 * translation fault; not a permission fault): true with *fi and whether it
 * was a write in *write, once. A range check that failed without touching
 * memory records nothing.
 */
bool arch_uaccess_fault(struct fault_info *fi, bool *write);

#ifdef CONFIG_KTEST
/* The last kernel fault resumed through the fixup table (test kernel only). */
extern struct fault_info trap_last_fixup;
#endif
#endif

#endif
