/*
 * The root task's ELF file, embedded as read-only data; the Makefile
 * passes its path as ROOT_ELF. kernel/root.c loads it.
 */
#include <arch/asm.h>

	.section .rodata.root_image, "a"
	.balign	4
DATA(root_image_start)
	.incbin	ROOT_ELF
END_DATA(root_image_start)
	.balign	4
DATA(root_image_end)
END_DATA(root_image_end)
