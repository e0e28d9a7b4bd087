/*
 * Exception vectors and entry stubs.
 *
 * The vector page (section .vectors, mapped at 0xFFFF0000) jumps through a
 * literal table to the stubs. A stub for an exception taken in IRQ, ABT or
 * UND mode stashes r0, the return address, the SPSR and the trap type in that
 * mode's scratch stack, switches to SVC mode with IRQs and FIQs masked and
 * builds a struct trap_frame (include/arch/trap.h). From user mode the frame
 * is the running thread's context in its TCB (trap_entry_user, and
 * vector_swi for system calls); the kernel then runs on its empty stack and
 * leaves through arch_user_return. From kernel mode the frame goes on the
 * SVC stack (on the emergency stack when the SVC stack has overflowed, see
 * trap_entry_overflow), trap_dispatch() handles it, and returning restores
 * it, as trap_dispatch may have changed it (the fixup table moves pc).
 */
#include <arch/asm.h>
#include <arch/cpu.h>
#include <arch/stack.h>
#include <arch/memory.h>
#include <arch/trap.h>
#include <uapi/ipc.h>
#include <uapi/syscall.h>

	.syntax	unified
	.cfi_sections .debug_frame

	.section .vectors, "ax"
ENTRY(vectors_start)
	ldr	pc, .Lvec_reset
	ldr	pc, .Lvec_undef
	ldr	pc, .Lvec_swi
	ldr	pc, .Lvec_pabt
	ldr	pc, .Lvec_dabt
	b	.				@ reserved (address exception on 26-bit cores)
	ldr	pc, .Lvec_irq
	ldr	pc, .Lvec_fiq
.Lvec_reset:	.word	vector_reset
.Lvec_undef:	.word	vector_undef
.Lvec_swi:	.word	vector_swi
.Lvec_pabt:	.word	vector_pabt
.Lvec_dabt:	.word	vector_dabt
.Lvec_irq:	.word	vector_irq
.Lvec_fiq:	.word	vector_fiq
END(vectors_start)

/*
 * The running thread's UTCB address, at MICA_UTCB_POINTER: the vector page
 * is mapped user read-only, and arch_thread_switch() writes this word.
 */
	.org	MICA_UTCB_POINTER - VECTORS_VIRT
DATA(utcb_pointer)
	.word	0
END_DATA(utcb_pointer)

	.text

/* vector_stub name, mode-entered, return-address correction, trap type */
	.macro	vector_stub name, correction, type
LOCAL_ENTRY(\name)
	.if	\correction
	sub	lr, lr, #\correction
	.endif
	stmia	sp, {r0, lr}			@ scratch: r0, return address
	mrs	lr, spsr
	str	lr, [sp, #EXC_SCRATCH_CPSR]	@ scratch: interrupted CPSR
	mov	lr, #\type
	str	lr, [sp, #12]			@ scratch: trap type
	mov	r0, sp
	msr	cpsr_c, #(PSR_MODE_SVC | PSR_I | PSR_F)
	b	trap_entry
END(\name)
	.endm

	vector_stub vector_undef, 4, TRAP_UNDEF
	vector_stub vector_pabt, 4, TRAP_PABT
	vector_stub vector_dabt, 8, TRAP_DABT
	vector_stub vector_irq, 4, TRAP_IRQ
	vector_stub vector_fiq, 4, TRAP_FIQ

/*
 * frame_alloc: room for a trap frame on the SVC stack, 8-byte aligned as
 * AAPCS wants at calls even when the exception came between a push and its
 * pop; after the registers are saved, frame_pad puts the padding (0 or 4)
 * in r6 for trap_save_sp_lr, which records the SVC sp from before the frame
 * in TF_KSP. Neither store nor load in between changes the flags. Every
 * return restores that sp, so the padding never leaks.
 */
	.macro	frame_alloc
	tst	sp, #4
	subeq	sp, sp, #TF_SIZE
	subne	sp, sp, #(TF_SIZE + 4)
	.endm

	.macro	frame_pad
	moveq	r6, #0
	movne	r6, #4
	.endm

/* Reset through the vector means a jump to 0xFFFF0000: report it. */
LOCAL_ENTRY(vector_reset)
	msr	cpsr_c, #(PSR_MODE_SVC | PSR_I | PSR_F)
	frame_alloc
	stmia	sp, {r0-r12}
	frame_pad
	mvn	r0, #0xff00
	bic	r0, r0, #0xff			@ r0 = 0xffff0000, the reset vector
	str	r0, [sp, #TF_PC]
	mrs	r0, cpsr
	str	r0, [sp, #TF_CPSR]
	mov	r0, #TRAP_RESET
	str	r0, [sp, #TF_TYPE]
	b	trap_save_sp_lr
END(vector_reset)

/*
 * In SVC mode, r0 = the scratch area of the mode we came from; every other
 * register is the interrupted context's (lr too, when it was SVC mode).
 */
LOCAL_ENTRY(trap_entry)
	str	r1, [r0, #EXC_SCRATCH_R1]	@ r1 free for the checks
	ldr	r1, [r0, #EXC_SCRATCH_CPSR]	@ the interrupted CPSR
	tst	r1, #0xf			@ user mode?
	beq	trap_entry_user
	ldr	r1, =stack_guard
	sub	r1, sp, r1
	cmp	r1, #STACK_GUARD_ZONE		@ sp in or just above the guard?
	ldr	r1, [r0, #EXC_SCRATCH_R1]
	blo	trap_entry_overflow
	frame_alloc
	stmib	sp, {r1-r12}			@ frame r1..r12
	frame_pad
	ldmia	r0, {r1-r4}			@ r0, pc, cpsr, type
	str	r1, [sp, #TF_R0]
	add	r5, sp, #TF_PC
	stmia	r5, {r2-r4}			@ frame pc, cpsr, type
	b	trap_save_sp_lr
END(trap_entry)

/*
 * From user mode the SVC sp is the end of the running thread's context
 * (include/arch/thread.h), always 8-byte aligned and never near the stack
 * guard: save the frame there, with the user-bank sp and lr, and go on on
 * the empty kernel stack. An interrupt takes its short way
 * (trap_user_irq, which returns the context to resume); anything else goes
 * to trap_dispatch, which never returns for a user frame.
 */
LOCAL_ENTRY(trap_entry_user)
	.cfi_startproc
	.cfi_undefined lr
	ldr	r1, [r0, #EXC_SCRATCH_R1]
	sub	sp, sp, #TF_SIZE
	stmib	sp, {r1-r12}			@ frame r1..r12
	ldmia	r0, {r1-r4}			@ r0, pc, cpsr, type
	str	r1, [sp, #TF_R0]
	add	r5, sp, #TF_PC
	stmia	r5, {r2-r4}			@ frame pc, cpsr, type
	add	r0, sp, #TF_SP
	stmia	r0, {sp, lr}^			@ user-bank sp, lr
	ldr	r1, =svc_stack_top		@ (no banked access right after stm^)
	mov	r0, sp
	mov	sp, r1
	mov	fp, #0				@ backtraces stop here
	cmp	r4, #TRAP_IRQ
	bne	1f
	bl	trap_user_irq
	b	arch_user_return
1:	bl	trap_dispatch
	.cfi_endproc
END(trap_entry_user)

/*
 * The SVC stack has no room for a frame: it overflowed into its guard page,
 * or is about to. Build the frame on the emergency stack instead, with the
 * real SVC sp in TF_SP (the report shows it) and TF_KSP (a return, after a
 * trap that was not the overflow itself, goes back to it). The interrupted
 * mode is SVC: no other mode's exception finds the SVC sp this low.
 */
LOCAL_ENTRY(trap_entry_overflow)
	str	sp, [r0, #EXC_SCRATCH_SP]
	ldr	sp, =(emergency_stack_top - TF_SIZE)
	stmib	sp, {r1-r12}			@ frame r1..r12
	ldmia	r0, {r1-r5}			@ r0, pc, cpsr, type, SVC sp
	str	r1, [sp, #TF_R0]
	add	r6, sp, #TF_PC
	stmia	r6, {r2-r4}			@ frame pc, cpsr, type
	str	r5, [sp, #TF_SP]
	str	r5, [sp, #TF_KSP]
	str	lr, [sp, #TF_LR]
	b	trap_call
END(trap_entry_overflow)

/*
 * SVC from user mode, a system call: the SVC sp is the end of the running
 * thread's context (include/arch/thread.h), so the registers go straight
 * into its TCB. On the empty kernel stack, SYS_IPC first tries the fast
 * path (ipc_fastpath), then every call goes to syscall_entry(); both
 * return the context to resume, the caller's or another thread's. The frame's
 * type word is left as it was: nothing reads it for a system call.
 */
LOCAL_ENTRY(vector_swi)
	.cfi_startproc
	.cfi_undefined lr
	sub	sp, sp, #TF_SIZE
	stmia	sp, {r0-r12}
	mrs	r0, spsr
	tst	r0, #0xf			@ from user mode?
	bne	swi_kernel
	str	lr, [sp, #TF_PC]
	str	r0, [sp, #TF_CPSR]
	add	r0, sp, #TF_SP
	stmia	r0, {sp, lr}^			@ user-bank sp, lr
	ldr	r1, =svc_stack_top		@ (no banked access right after stm^)
	mov	r0, sp				@ the TCB: its context comes first
	mov	sp, r1
	mov	fp, #0				@ backtraces stop here
	cmp	r7, #SYS_IPC
	bne	1f
	mov	r4, r0
	bl	ipc_fastpath			@ the partner's context, or NULL
	cmp	r0, #0
	bne	arch_user_return
	mov	r0, r4
1:	bl	syscall_entry
	b	arch_user_return
	.cfi_endproc
END(vector_swi)

/*
 * SVC from kernel mode: a semihosting call that QEMU did not serve. Only r0
 * changed above; restore it and build a trap frame as for any exception.
 * The hardware masked IRQs only: mask FIQs too, as every other entry does.
 */
LOCAL_ENTRY(swi_kernel)
	ldr	r0, [sp]
	add	sp, sp, #TF_SIZE
	msr	cpsr_c, #(PSR_MODE_SVC | PSR_I | PSR_F)
	frame_alloc
	stmia	sp, {r0-r12}
	frame_pad
	str	lr, [sp, #TF_PC]
	mrs	r0, spsr
	str	r0, [sp, #TF_CPSR]
	mov	r0, #TRAP_SWI
	str	r0, [sp, #TF_TYPE]
	/* fall through */
END(swi_kernel)

/*
 * The interrupted SVC sp and lr (traps from user mode never come here; the
 * kernel never runs in system mode, so "not user" means SVC).
 */
LOCAL_ENTRY(trap_save_sp_lr)
	add	r7, sp, #TF_SIZE
	add	r7, r7, r6
	str	r7, [sp, #TF_KSP]		@ SVC sp before the frame
	str	r7, [sp, #TF_SP]		@ the interrupted SVC sp
	str	lr, [sp, #TF_LR]
	/* fall through */
END(trap_save_sp_lr)

/*
 * sp = a complete trap frame of a trap taken in kernel mode, on the kernel
 * stack: hand it to trap_dispatch and return to it. (Traps from user mode
 * go through trap_entry_user and vector_swi, and leave through
 * arch_user_return.)
 * For gdb this is the outermost frame: lr is the interrupted context's,
 * not a return address into a caller.
 */
LOCAL_ENTRY(trap_call)
	.cfi_startproc
	.cfi_undefined lr
	mov	fp, #0				@ backtraces stop at the frame
	mov	r0, sp
	bl	trap_dispatch
	ldr	r0, [sp, #TF_CPSR]
	msr	spsr_cxsf, r0
	ldmia	sp, {r0-pc}^			@ SVC: sp from the frame, CPSR = SPSR
	.cfi_endproc
END(trap_call)

/*
 * void arch_user_return(struct trap_frame *ctx): loads a thread's user
 * context and leaves the SVC sp just past it, where the next trap from
 * user mode saves the context again. The frame's CPSR is a user-mode PSR
 * (arch_ctx_init and SYS_THREAD_REGS allow nothing else).
 */
ENTRY(arch_user_return)
	.cfi_startproc
	.cfi_undefined lr
	mov	sp, r0
	ldr	r0, [sp, #TF_CPSR]
	msr	spsr_cxsf, r0
	ldr	lr, [sp, #TF_PC]
	ldmia	sp, {r0-lr}^			@ r0-r12, user-bank sp, lr
	mov	r0, r0				@ no banked access right after ldm^
	add	sp, sp, #TF_SIZE
	movs	pc, lr				@ return, CPSR = SPSR
	.cfi_endproc
END(arch_user_return)

/*
 * void trap_capture(struct trap_frame *tf): the caller's registers as at the
 * call (pc = the return address, sp = the caller's sp) for panic's dump.
 */
ENTRY(trap_capture)
	stmia	r0, {r0-r12}
	str	sp, [r0, #TF_SP]
	str	lr, [r0, #TF_LR]
	str	lr, [r0, #TF_PC]
	mrs	r1, cpsr
	str	r1, [r0, #TF_CPSR]
	mov	r1, #TRAP_RESET
	str	r1, [r0, #TF_TYPE]
	mov	pc, lr
END(trap_capture)
