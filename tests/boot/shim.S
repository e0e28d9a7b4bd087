/*
 * A stand-in boot loader for the negative boot tests. QEMU loads this ELF
 * (-kernel) and the kernel image as raw data at 0x8000 (-device loader);
 * the shim enters the kernel as bootm would, with r0 = 0, r1 = 0x183 and
 * r2 = the boot parameters of one VARIANT:
 *   atags-corrupt   ATAG_CORE, ATAG_MEM 64 MiB, then a tag of size 0
 *   atags-nocore    a list that does not start with ATAG_CORE
 *   atags-huge      ATAG_MEM of 1 GiB (beyond the board's 256 MiB)
 *   atags-overlap   ATAG_MEM starting inside the kernel image
 *   dtb             a flattened device tree (tests/boot/board.dts)
 *   atags-nometa    ATAG_MEM ending right at the kernel image's end
 *                   (KERNEL_END, from the test kernel's symbols): no room
 *                   for the allocator's metadata
 *   r2-image        r2 pointing into the kernel image's BSS
 *   r2-outside      r2 pointing at the last word of the 256 MiB window
 *   atags-initrd-outside  32 MiB and an initrd running past its end
 *   atags-initrd-low      32 MiB and an initrd below the kernel image
 */
#define ATAG_NONE	0x00000000
#define ATAG_CORE	0x54410001
#define ATAG_MEM	0x54410002
#define ATAG_CMDLINE	0x54410009
#define ATAG_INITRD2	0x54420005

#include <arch/asm.h>

	.syntax	unified
	.text
ENTRY(_start)
	mov	r0, #0
	ldr	r1, =0x183
#if defined(VARIANT_r2_image)
	ldr	r2, =(KERNEL_END - 0x1000)
#elif defined(VARIANT_r2_outside)
	ldr	r2, =0x0ffffffc
#else
	adr	r2, params
#endif
	ldr	pc, =0x8000
	.ltorg
END(_start)

	.align	3
DATA(params)
#if defined(VARIANT_atags_corrupt)
	.word	5, ATAG_CORE, 1, 4096, 0
	.word	4, ATAG_MEM, 0x04000000, 0
	.word	5, ATAG_CMDLINE
	.ascii	"test=boot\0\0\0"
	.word	0, 0x12345678			@ size 0: corrupt
	.word	4, ATAG_MEM, 0x10000000, 0	@ never reached
	.word	0, ATAG_NONE
#elif defined(VARIANT_atags_nocore)
	.word	4, ATAG_MEM, 0x02000000, 0
	.word	0, ATAG_NONE
#elif defined(VARIANT_atags_huge)
	.word	2, ATAG_CORE
	.word	4, ATAG_MEM, 0x40000000, 0
	.word	5, ATAG_CMDLINE
	.ascii	"test=boot\0\0\0"
	.word	0, ATAG_NONE
#elif defined(VARIANT_atags_overlap)
	.word	2, ATAG_CORE
	.word	4, ATAG_MEM, 0x01000000, 0x00010000
	.word	5, ATAG_CMDLINE
	.ascii	"test=boot\0\0\0"
	.word	0, ATAG_NONE
#elif defined(VARIANT_dtb)
	.incbin	DTB_FILE
#elif defined(VARIANT_atags_nometa)
	.word	2, ATAG_CORE
	.word	4, ATAG_MEM, KERNEL_END, 0
	.word	5, ATAG_CMDLINE
	.ascii	"test=boot\0\0\0"
	.word	0, ATAG_NONE
#elif defined(VARIANT_atags_initrd_outside) || defined(VARIANT_atags_initrd_low)
	.word	2, ATAG_CORE
	.word	4, ATAG_MEM, 0x02000000, 0
#if defined(VARIANT_atags_initrd_outside)
	.word	4, ATAG_INITRD2, 0x01f00000, 0x00200000
#else
	.word	4, ATAG_INITRD2, 0x00004000, 0x00001000
#endif
	.word	7, ATAG_CMDLINE
	.ascii	"test=boot,initrd\0\0\0\0"
	.word	0, ATAG_NONE
#elif defined(VARIANT_r2_image) || defined(VARIANT_r2_outside)
#else
#error "unknown shim VARIANT"
#endif
END_DATA(params)
