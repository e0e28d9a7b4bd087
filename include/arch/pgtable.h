/*
 * ARMv5 (ARM926EJ-S) translation table descriptors, TRM section 3.2 and the
 * ARM ARM (DDI 0100I) B4.7. First-level: 4096 entries of 1 MiB, 16 KiB
 * aligned; coarse second-level: 256 entries of 4 KiB, 1 KiB aligned.
 */
#ifndef MICA_ARCH_PGTABLE_H
#define MICA_ARCH_PGTABLE_H

/* First-level descriptor types, bits [1:0]. Bit 4 is set for compatibility
 * with earlier processors (the TRM says "should be 1"). */
#define PMD_TYPE_FAULT		0x0
#define PMD_TYPE_COARSE		0x1
#define PMD_TYPE_SECT		0x2
#define PMD_TYPE_MASK		0x3
#define PMD_BIT4		(1 << 4)
#define PMD_SECT_B		(1 << 2)	/* bufferable */
#define PMD_SECT_C		(1 << 3)	/* cacheable */
#define PMD_DOMAIN(d)		((d) << 5)
#define PMD_SECT_AP(ap)		((ap) << 10)

#define PMD_DOMAIN_MASK		(0xf << 5)
#define PMD_SECT_AP_MASK	(3 << 10)
#define PMD_SECT_BASE_MASK	0xfff00000	/* section: bits [31:20] */
#define PMD_COARSE_BASE_MASK	0xfffffc00	/* coarse table: bits [31:10] */

/*
 * Access permissions (ARM ARM B4.4.1). AP = 0 depends on SCTLR.S and R: no
 * access with S = R = 0 (head.S), privileged read-only with S = 1, R = 0,
 * which vm_init() selects (arch/arm/vm_hw.c) so that AP_KRO works. AP 1-3
 * do not depend on S and R.
 */
#define AP_KRO			0		/* privileged RO, user none (S=1) */
#define AP_KRW			1		/* privileged RW, user none */
#define AP_URO			2		/* privileged RW, user RO */
#define AP_URW			3		/* privileged RW, user RW */

/* Kernel RAM: write-back cached; devices: uncached, unbuffered. */
#define PMD_SECT_KERNEL		(PMD_TYPE_SECT | PMD_BIT4 | PMD_SECT_B | \
				 PMD_SECT_C | PMD_SECT_AP(AP_KRW))
#define PMD_SECT_DEVICE		(PMD_TYPE_SECT | PMD_BIT4 | PMD_SECT_AP(AP_KRW))

/* Second-level small page (4 KiB): bits [1:0] = 2, one AP per 1 KiB. */
#define PTE_TYPE_SMALL		0x2
#define PTE_B			(1 << 2)
#define PTE_C			(1 << 3)
#define PTE_AP_ALL(ap)		(((ap) << 4) | ((ap) << 6) | ((ap) << 8) | ((ap) << 10))
#define PTE_TYPE_MASK		0x3
#define PTE_AP0_SHIFT		4		/* AP of the first 1 KiB subpage */
#define PTE_SMALL_BASE_MASK	0xfffff000	/* small page: bits [31:12] */
#define SMALL_PAGE_SHIFT	12
#define SMALL_PAGE_SIZE		(1 << SMALL_PAGE_SHIFT)

#define PGD_ENTRIES		4096
#define PTE_ENTRIES		256
#define PGD_SIZE		(PGD_ENTRIES * 4)
#define PTE_TABLE_SIZE		(PTE_ENTRIES * 4)

#endif
