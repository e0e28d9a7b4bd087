/*
 * Where user threads begin. Both entries are outermost frames: their CFI
 * marks lr undefined, so gdb's backtrace ends here.
 *
 * _start: a program's first thread. The creator set sp; r0 is the
 * start-up block's address (<mica/startup.h>) or 0. Nothing else is set
 * up here: the loader gives .bss zeroed, as ELF requires of the bytes past
 * a segment's file size.
 */
#include <arch/asm.h>

	.syntax	unified
	.arm
	.cfi_sections .debug_frame
	.text

ENTRY(_start)
	.cfi_startproc
	.cfi_undefined lr
	mov	fp, #0			@ no caller frame
	bl	__mica_start		@ (arg): never returns
	.cfi_endproc
END(_start)

/*
 * A thread made by mica_thread_start(): r0 = its argument, and the word at
 * sp is the function to run (the next word is padding that keeps sp 8-byte
 * aligned once both are popped). The function's result goes to
 * __mica_thread_exit().
 */
ENTRY(__mica_thread_entry)
	.cfi_startproc
	.cfi_undefined lr
	mov	fp, #0
	ldr	r1, [sp], #8		@ fn
	blx	r1			@ fn(arg)
	bl	__mica_thread_exit	@ (status): never returns
	.cfi_endproc
END(__mica_thread_entry)
