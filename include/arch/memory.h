/*
 * The kernel's virtual memory map (docs/boot.md has the picture). Usable
 * from C and assembly.
 *
 *	0x00000000-0xBFFFFFFF	user space (page 0 never mapped)
 *	0xC0000000-0xCFFFFFFF	linear map of RAM (1 MiB sections, cached; the
 *				first MiB in small pages around the stack guard)
 *	0xF1000000-0xF11FFFFF	device window: physical 0x10000000-0x101FFFFF,
 *				uncached, unbuffered
 *	0xFFFF0000		exception vectors (SCTLR.V)
 */
#ifndef MICA_ARCH_MEMORY_H
#define MICA_ARCH_MEMORY_H

#define PAGE_OFFSET	0xC0000000	/* virtual address of RAM's first byte */
#define PHYS_OFFSET	0x00000000	/* physical address of RAM on this board */
#define RAM_MAX_SIZE	0x10000000	/* the board's RAM window: 256 MiB */
#define KERNEL_PHYS	0x00008000	/* where boot loaders put the image */
#define DEV_PHYS	0x10000000	/* first device section */
#define DEV_VIRT	0xF1000000
#define DEV_SIZE	0x00200000
#define VECTORS_VIRT	0xFFFF0000
#define SECTION_SHIFT	20
#define SECTION_SIZE	(1 << SECTION_SHIFT)

#ifndef __ASSEMBLY__
/* Virtual address of a device register block given its physical address. */
#define DEV_ADDR(pa)	((volatile void *)((pa) - DEV_PHYS + DEV_VIRT))

/* Linker-script symbols: the image's link addresses (see kernel.lds). */
extern char _kernel_start[], _kernel_end[], _text_start[], _text_end[];
extern char __bss_start[], __bss_end[], boot_pgd[];
#endif

#endif
