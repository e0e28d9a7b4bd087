/*
 * Page size and the conversion between physical and kernel-virtual
 * addresses, the only contract mm/ needs from the machine to reach memory.
 *
 * All RAM is mapped linearly, so a physical address becomes a pointer by
 * adding one offset. The architecture defines phys_virt_offset with its
 * linear map (arch/arm/mmu.c: PAGE_OFFSET - PHYS_OFFSET, fixed at link
 * time); host tests set it to the base of their arena.
 */
#ifndef MICA_MM_PHYS_H
#define MICA_MM_PHYS_H

#include <types.h>

/*
 * The kernel's page is 4 KiB. Host test builds (MICA_HOST) make the page
 * size a run-time choice so the allocators can be exercised with 1, 4 and
 * 64 KiB pages by one executable.
 */
#ifdef MICA_HOST
extern unsigned int host_page_shift;
#define PAGE_SHIFT	host_page_shift
#else
#define PAGE_SHIFT	12u
#endif
#define PAGE_SIZE	(1u << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))

extern uintptr_t phys_virt_offset;

static inline void *phys_to_virt(paddr_t pa)
{
	return (void *)((uintptr_t)pa + phys_virt_offset);
}

static inline paddr_t virt_to_phys(const void *va)
{
	return (paddr_t)((uintptr_t)va - phys_virt_offset);
}

#endif
