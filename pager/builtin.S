/*
 * The archive of built-in programs (cpio newc), embedded in the root
 * task's image; the Makefile passes its path as BUILTIN_CPIO.
 */
	.section .rodata.builtin, "a"
	.balign	4
	.global	builtin_start, builtin_end
	.type	builtin_start, %object
builtin_start:
	.incbin	BUILTIN_CPIO
	.size	builtin_start, . - builtin_start
	.type	builtin_end, %object
builtin_end:
	.size	builtin_end, 0
