/*
 * Kernel entry. Boot loaders (QEMU's -kernel, U-Boot's bootm) jump to the
 * physical address of _start with the MMU and caches off, in SVC mode, and
 * r0 = 0, r1 = machine type (0x183), r2 = physical address of the ATAG list
 * or DTB, or 0 (QEMU's ELF loader passes nothing).
 *
 * Until the MMU is on the code runs at its physical address while linked at
 * PAGE_OFFSET + 0x8000: it only uses pc-relative branches and converts link
 * addresses to physical ones by subtracting PAGE_OFFSET.
 */
#include <arch/asm.h>
#include <arch/cpu.h>
#include <arch/memory.h>
#include <arch/pgtable.h>

#include <arch/stack.h>

	.syntax unified
	.section .text.head, "ax"
	.cfi_sections .debug_frame
/*
 * The outermost frame: the CFI says lr holds no return address, so gdb's
 * backtrace ends here; fp = 0 ends the kernel's own frame-pointer walk.
 */
ENTRY(_start)
	.cfi_startproc
	.cfi_undefined lr
	msr	cpsr_c, #(PSR_MODE_SVC | PSR_I | PSR_F)
	mov	r10, r2				@ keep the boot loader's r2

	/*
	 * Whatever ran before us: MMU, caches off; nothing stale left. The
	 * boot protocol wants the D-cache off already; if a loader left it
	 * on, its dirty lines (the image, the ATAGs) are written back first.
	 */
	mrc	p15, 0, r0, c1, c0, 0		@ read control register
	tst	r0, #SCTLR_C
	beq	9f
8:	mrc	p15, 0, APSR_nzcv, c7, c14, 3	@ test, clean and invalidate D-cache
	bne	8b
9:	bic	r0, r0, #(SCTLR_M | SCTLR_C)
	bic	r0, r0, #SCTLR_I
	mcr	p15, 0, r0, c1, c0, 0		@ write control register
	mov	r0, #0
	mcr	p15, 0, r0, c7, c7, 0		@ invalidate I-cache and D-cache
	mcr	p15, 0, r0, c7, c10, 4		@ drain write buffer
	mcr	p15, 0, r0, c8, c7, 0		@ invalidate I-TLB and D-TLB

	/* r4 = physical address of the boot first-level table; clear it. */
	ldr	r4, =boot_pgd
	sub	r4, r4, #PAGE_OFFSET
	mov	r0, r4
	add	r1, r4, #PGD_SIZE
	mov	r2, #0
	mov	r3, #0
1:	stmia	r0!, {r2, r3}
	cmp	r0, r1
	blo	1b

	/* Identity section for the MiB we are running in, dropped later. */
	mov	r0, pc, lsr #SECTION_SHIFT
	ldr	r2, =PMD_SECT_KERNEL
	orr	r1, r2, r0, lsl #SECTION_SHIFT
	str	r1, [r4, r0, lsl #2]

	/* Linear map: PAGE_OFFSET + x -> PHYS_OFFSET + x for the whole RAM
	 * window; mem_init() trims it to the RAM found. */
	add	r0, r4, #(PAGE_OFFSET >> (SECTION_SHIFT - 2))
	orr	r1, r2, #PHYS_OFFSET
	mov	r3, #(RAM_MAX_SIZE >> SECTION_SHIFT)
2:	str	r1, [r0], #4
	add	r1, r1, #SECTION_SIZE
	subs	r3, r3, #1
	bne	2b

	/* Device window: uncached, unbuffered. */
	add	r0, r4, #(DEV_VIRT >> (SECTION_SHIFT - 2))
	ldr	r1, =(DEV_PHYS | PMD_SECT_DEVICE)
	mov	r3, #(DEV_SIZE >> SECTION_SHIFT)
3:	str	r1, [r0], #4
	add	r1, r1, #SECTION_SIZE
	subs	r3, r3, #1
	bne	3b

	/* MMU on: domain 0 client (permissions checked), caches on. */
	mcr	p15, 0, r4, c2, c0, 0		@ write translation table base
	mov	r0, #1
	mcr	p15, 0, r0, c3, c0, 0		@ write domain access control: D0 client
	mrc	p15, 0, r0, c1, c0, 0		@ read control register
	bic	r0, r0, #(SCTLR_S | SCTLR_R)
	orr	r0, r0, #(SCTLR_M | SCTLR_A | SCTLR_C | SCTLR_W)
	orr	r0, r0, #SCTLR_I
	ldr	r1, =.Lhigh
	mcr	p15, 0, r0, c1, c0, 0		@ write control register: MMU on
	mov	r0, r0
	mov	r0, r0
	mov	pc, r1

.Lhigh:
	/* Running at the link address. Drop the identity section. */
	ldr	r4, =boot_pgd
	ldr	r0, =_start
	sub	r0, r0, #PAGE_OFFSET
	mov	r0, r0, lsr #SECTION_SHIFT
	add	r0, r4, r0, lsl #2
	mov	r1, #0
	str	r1, [r0]
	mcr	p15, 0, r0, c7, c10, 1		@ clean D-cache line by MVA
	mcr	p15, 0, r1, c7, c10, 4		@ drain write buffer
	mcr	p15, 0, r1, c8, c7, 0		@ invalidate I-TLB and D-TLB

	/* Clear BSS (it holds the stacks, so before any of them is used). */
	ldr	r0, =__bss_start
	ldr	r1, =__bss_end
	mov	r2, #0
	mov	r3, #0
4:	cmp	r0, r1
	stmialo	r0!, {r2, r3}
	blo	4b

	/* A small scratch stack for each exception mode, a real one for SVC. */
	ldr	r0, =exc_stacks
	msr	cpsr_c, #(PSR_MODE_IRQ | PSR_I | PSR_F)
	mov	sp, r0				@ the stubs store upwards from sp
	msr	cpsr_c, #(PSR_MODE_ABT | PSR_I | PSR_F)
	add	sp, r0, #(1 * EXC_STACK_SIZE)
	msr	cpsr_c, #(PSR_MODE_UND | PSR_I | PSR_F)
	add	sp, r0, #(2 * EXC_STACK_SIZE)
	msr	cpsr_c, #(PSR_MODE_FIQ | PSR_I | PSR_F)
	add	sp, r0, #(3 * EXC_STACK_SIZE)
	msr	cpsr_c, #(PSR_MODE_SVC | PSR_I | PSR_F)
	ldr	sp, =svc_stack_top

	mov	fp, #0				@ end of the backtrace chain
	mov	r0, r10
	bl	kmain
5:	b	5b
	.cfi_endproc
END(_start)

	.bss
	.align	3
DATA(exc_stacks)
	.space	4 * EXC_STACK_SIZE
END_DATA(exc_stacks)

/*
 * The kernel stacks, in their own page-aligned section (kernel.lds): an
 * unmapped guard page, the SVC stack right above it, then the emergency
 * stack that the exception entry switches to when the SVC stack has run
 * into its guard. Not cleared: nothing reads a stack before writing it.
 */
	.section .stack, "aw", %nobits
	.align	SMALL_PAGE_SHIFT
DATA(stack_guard)
	.space	STACK_GUARD_SIZE
END_DATA(stack_guard)
DATA(svc_stack)
	.space	SVC_STACK_SIZE
END_DATA(svc_stack)
DATA(svc_stack_top)
DATA(emergency_stack)
	.space	EMERGENCY_STACK_SIZE
END_DATA(emergency_stack)
DATA(emergency_stack_top)
