/*
 * C side of exception handling: decode what happened, resume through the
 * fixup table where a fault was expected, otherwise report and panic.
 */
#include <arch/cpu.h>
#include <arch/fixup.h>
#include <arch/mmu.h>
#include <arch/semihost.h>
#include <arch/stack.h>
#include <arch/trap.h>
#include <kernel/irq.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <uapi/fault.h>
#include <lib/format.h>
#include <arch/thread.h>
#include <kernel/irq.h>

_Static_assert(offsetof(struct trap_frame, r[0]) == TF_R0, "TF_R0");
_Static_assert(offsetof(struct trap_frame, sp) == TF_SP, "TF_SP");
_Static_assert(offsetof(struct trap_frame, lr) == TF_LR, "TF_LR");
_Static_assert(offsetof(struct trap_frame, pc) == TF_PC, "TF_PC");
_Static_assert(offsetof(struct trap_frame, cpsr) == TF_CPSR, "TF_CPSR");
_Static_assert(offsetof(struct trap_frame, type) == TF_TYPE, "TF_TYPE");
_Static_assert(offsetof(struct trap_frame, ksp) == TF_KSP, "TF_KSP");
_Static_assert(sizeof(struct trap_frame) == TF_SIZE, "TF_SIZE");

static const char *const trap_names[] = {
	[TRAP_RESET] = "reset", [TRAP_UNDEF] = "undefined instruction",
	[TRAP_SWI] = "supervisor call", [TRAP_PABT] = "prefetch abort",
	[TRAP_DABT] = "data abort", [5] = "reserved",
	[TRAP_IRQ] = "interrupt", [TRAP_FIQ] = "fast interrupt",
};

/* ARMv5 fault status, FSR[3:0] (ARM ARM B4.6, TRM 3.3.2). */
static const char *const fsr_names[16] = {
	[0x0] = "vector exception",	[0x1] = "alignment",
	[0x2] = "terminal exception",	[0x3] = "alignment",
	[0x4] = "external abort on linefetch (section)",
	[0x5] = "translation (section)",
	[0x6] = "external abort on linefetch (page)",
	[0x7] = "translation (page)",
	[0x8] = "external abort on non-linefetch (section)",
	[0x9] = "domain (section)",
	[0xa] = "external abort on non-linefetch (page)",
	[0xb] = "domain (page)",
	[0xc] = "external abort on translation (first level)",
	[0xd] = "permission (section)",
	[0xe] = "external abort on translation (second level)",
	[0xf] = "permission (page)",
};

static const char *mode_name(uint32_t psr)
{
	switch (psr & PSR_MODE_MASK) {
	case PSR_MODE_USR: return "usr";
	case PSR_MODE_FIQ: return "fiq";
	case PSR_MODE_IRQ: return "irq";
	case PSR_MODE_SVC: return "svc";
	case PSR_MODE_ABT: return "abt";
	case PSR_MODE_UND: return "und";
	case PSR_MODE_SYS: return "sys";
	default: return "???";
	}
}

static void psr_print(const char *label, uint32_t psr)
{
	printk("%s %08x  [%c%c%c%c mode %s%s%s%s]\n", label, psr,
	       psr & (1u << 31) ? 'N' : 'n', psr & (1 << 30) ? 'Z' : 'z',
	       psr & (1 << 29) ? 'C' : 'c', psr & (1 << 28) ? 'V' : 'v',
	       mode_name(psr), psr & PSR_I ? " I" : "", psr & PSR_F ? " F" : "",
	       psr & PSR_T ? " T" : "");
}

/* An svc is 4 bytes in ARM state, 2 in Thumb state. */
void trap_syscall_restart(struct trap_frame *tf)
{
	tf->pc -= tf->cpsr & PSR_T ? 2 : 4;
}

void trap_syscall_skip(struct trap_frame *tf)
{
	tf->pc += tf->cpsr & PSR_T ? 2 : 4;
}

void trap_dump(const struct trap_frame *tf)
{
	for (int i = 0; i < 13; i++)
		printk("r%-2d %08x%s", i, tf->r[i], i % 4 == 3 ? "\n" : "  ");
	printk("sp  %08x  lr  %08x  pc  %08x\n", tf->sp, tf->lr, tf->pc);
	psr_print("spsr", tf->cpsr);
	psr_print("cpsr", cpsr_get());
}

static void fsr_print(const char *label, uint32_t fsr)
{
	printk("%s %08x: %s fault, domain %u\n", label, fsr,
	       fsr_names[fsr & 0xf], (fsr >> 4) & 0xf);
}

/*
 * The entry code records SVC's sp and lr for every privileged context (the
 * kernel runs in SVC mode only). A trap from another privileged mode has
 * its own banked sp and lr (SYS shares user's): read them by switching to
 * that mode, IRQs and FIQs still masked, so the report shows the trapped
 * context's. When that mode is also the one the trap entered (an abort in
 * ABT mode), its lr is already lost: the hardware and the entry stub have
 * overwritten it.
 */
static void trap_banked_sp_lr(struct trap_frame *tf)
{
	/* r0-r3: banked in no mode, so valid on both sides of the switch. */
	register uint32_t mode __asm__("r0") = tf->cpsr & PSR_MODE_MASK;
	register uint32_t here __asm__("r1") = cpsr_get() & 0xff;
	register uint32_t sp __asm__("r2");
	register uint32_t lr __asm__("r3");

	if (mode == PSR_MODE_USR || mode == PSR_MODE_SVC)
		return;
	mode |= PSR_I | PSR_F;
	__asm__ volatile("msr	cpsr_c, %2\n\t"
			 "mov	%0, sp\n\t"
			 "mov	%1, lr\n\t"
			 "msr	cpsr_c, %3"
			 : "=&r"(sp), "=&r"(lr) : "r"(mode), "r"(here));
	tf->sp = sp;
	tf->lr = lr;
}

static void trap_report(struct trap_frame *tf, const char *why)
{
	trap_banked_sp_lr(tf);
	printk("\nkernel: %s in %s mode at pc %08x\n", why,
	       mode_name(tf->cpsr), tf->pc);
	if (tf->type == TRAP_DABT) {
		fsr_print("fsr ", dfsr_get());
		printk("far  %08x\n", far_get());
	} else if (tf->type == TRAP_PABT) {
		fsr_print("ifsr", ifsr_get());
	}
}

static void __noreturn trap_die(struct trap_frame *tf, const char *why)
{
	trap_report(tf, why);
	panic_frame(tf, "unhandled %s", trap_names[tf->type & 7]);
}

static bool trap_from_user(const struct trap_frame *tf)
{
	return (tf->cpsr & PSR_MODE_MASK) == PSR_MODE_USR;
}

/* The test kernel keeps the last fixed-up fault for its tests to check. */
#ifdef CONFIG_KTEST
struct fault_info trap_last_fixup;

static void fixup_record(const struct fault_info *fi)
{
	trap_last_fixup = *fi;
}
#else
static inline void fixup_record(const struct fault_info *fi)
{
	(void)fi;
}
#endif

/* What the FSR and FAR say; a prefetch abort's address is the pc. */
static void fault_read(const struct trap_frame *tf, struct fault_info *fi)
{
	fi->prefetch = tf->type == TRAP_PABT;
	fi->fsr = fi->prefetch ? ifsr_get() : dfsr_get();
	fi->addr = fi->prefetch ? tf->pc : far_get();
}

static bool fsr_is_alignment(uint32_t fsr)
{
	return (fsr & 0xd) == 0x1;	/* FSR[3:0] 0b0001 or 0b0011 */
}

/* A user abort: a page fault or an alignment fault, for the thread's pager. */
static __attribute__((noinline)) void user_abort(struct tcb *t, struct trap_frame *tf)
{
	struct fault_info fi;
	uint32_t access;

	fault_read(tf, &fi);
	access = fi.prefetch ? FAULT_EXEC :
		 arch_fault_is_write(tf) ? FAULT_WRITE : FAULT_READ;
	thread_fault(t, (fsr_is_alignment(fi.fsr) ? EXC_LABEL_ALIGN : FAULT_LABEL) |
		     access, fi.addr, fi.fsr);
}

void arch_fault_print(uint32_t label, const uint32_t w[])
{
	static const char *const access[] = {
		[FAULT_READ] = "read", [FAULT_WRITE] = "write", [FAULT_EXEC] = "execute",
	};

	if (label == EXC_LABEL_UNDEF && w[2]) {
		printk("%s %08x at pc %08x", trap_names[TRAP_UNDEF], w[2], w[1]);
		return;
	}
	if (label == EXC_LABEL_UNDEF) {
		printk("%s at pc %08x", trap_names[TRAP_UNDEF], w[1]);
		return;
	}
	printk("%s at pc %08x, address %08x (%s, %s fault, fsr %03x)",
	       trap_names[label & FAULT_EXEC ? TRAP_PABT : TRAP_DABT], w[1], w[0],
	       access[label & FAULT_ACCESS], fsr_names[w[2] & 0xf], w[2] & 0xff);
}

/*
 * An interrupt taken in user mode, from trap_call: handled without the
 * rest of trap_dispatch, returning the context to resume (the running
 * thread's, unless the handlers changed the run queues).
 */
struct trap_frame *trap_user_irq(void)
{
	irq_handle();
	return sched_resume();
}

/*
 * An undefined instruction, for the thread's pager with its word when the
 * thread is in ARM state and the word can be read (else 0).
 */
static void user_undef(struct tcb *t, struct trap_frame *tf)
{
	uint32_t insn;

	if ((tf->cpsr & PSR_T) || copy_from_user(&insn, (const void *)tf->pc, 4))
		insn = 0;
	thread_fault(t, EXC_LABEL_UNDEF, tf->pc, insn);
}

/*
 * A trap taken in user mode (system calls and interrupts have their own
 * ways in): tf is the running thread's saved context. Its fault goes to
 * its pager (or stops it, kernel/fault.c), and the kernel leaves through
 * arch_user_return() to whichever thread must run now.
 */
static void __noreturn trap_user(struct trap_frame *tf)
{
	struct tcb *t = sched_current;

	BUG_ON(&t->ctx != tf);
	switch (tf->type) {
	case TRAP_DABT:
	case TRAP_PABT:
		user_abort(t, tf);
		break;
	case TRAP_UNDEF:
		user_undef(t, tf);
		break;
	default:		/* no other trap comes from user mode */
		trap_die(tf, "impossible trap from user mode");
	}
	arch_user_return(sched_resume());
}

/*
 * A semihosting call nobody served (QEMU without -semihosting, a board)
 * arrives as an ordinary SVC from the kernel: it fails with r0 = -1, so
 * semihost_exit() can fall back to halting instead of panicking in a loop.
 */
static bool trap_semihost_unserved(struct trap_frame *tf)
{
	if (*(const uint32_t *)(tf->pc - 4) != SEMIHOST_SVC_INSN)
		return false;
	tf->r[0] = (uint32_t)-1;
	return true;
}

/*
 * A trap taken in a privileged mode is fatal, except an interrupt (taken
 * where the kernel waits with IRQs open, see cpu_idle()), a data abort at
 * an instruction listed in the fixup table (probes, copy_from_user and
 * friends), which resumes at its fixup unless it hit a stack's guard page
 * (an overflow, never a probe), and an unserved semihosting call.
 */
static void trap_kernel(struct trap_frame *tf)
{
	struct fault_info fi;
	uint32_t fixup;

	switch (tf->type) {
	case TRAP_IRQ:
		irq_handle();
		return;
	case TRAP_DABT:
		fault_read(tf, &fi);
		if (stack_guard_contains(fi.addr)) {
			trap_report(tf, trap_names[tf->type & 7]);
			panic_frame(tf, "kernel stack overflow (guard page %08x-%08x)",
				    (unsigned int)(uintptr_t)stack_guard,
				    (unsigned int)((uintptr_t)stack_guard +
						   STACK_GUARD_SIZE - 1));
		}
		fixup = fixup_search(tf->pc);
		if (!fixup)
			break;
		fixup_record(&fi);
		uaccess_fault_record(&fi, arch_kernel_fault_is_write(tf));
		tf->pc = fixup;
		return;
	case TRAP_SWI:
		if (trap_semihost_unserved(tf))
			return;
		break;
	}
	trap_die(tf, trap_names[tf->type & 7]);
}

/*
 * Kernel code runs with IRQs and FIQs masked (an idle loop waiting for an
 * interrupt may unmask them, so interrupts themselves are exempt), and
 * trap frames are 8-byte aligned. The trapped mode picks the path.
 */
void trap_dispatch(struct trap_frame *tf)
{
	BUG_ON((uintptr_t)tf & 7);
	if (trap_from_user(tf))
		trap_user(tf);
	BUG_ON((~tf->cpsr & (PSR_I | PSR_F)) &&
	       tf->type != TRAP_IRQ && tf->type != TRAP_FIQ);
	trap_kernel(tf);
}

extern char vectors_page[];

void trap_init(void)
{
	arch_map_vectors((vaddr_t)vectors_page);
	arch_unmap_guard_page((vaddr_t)stack_guard);
	sctlr_set(sctlr_get() | SCTLR_V);
}
