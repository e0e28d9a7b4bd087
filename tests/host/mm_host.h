/*
 * RAM for mm/ host programs: an arena that plays physical memory from
 * ram_base on, aligned so that virtual and physical addresses agree modulo
 * the largest buddy block (as they do in the kernel's linear map). The
 * arena starts as RAM may after a warm reboot: every 8 bytes look like the
 * per-frame state of an allocated order-0 frame, so that metadata the buddy
 * defers (mm/internal.h, "pristine") can never pass for valid by luck.
 */
#ifndef MICA_TESTS_HOST_MM_HOST_H
#define MICA_TESTS_HOST_MM_HOST_H

#include <stdlib.h>
#include <string.h>

#include <mm/buddy.h>
#include <mm/phys.h>

static void *mm_host_ram;

/* Returns the virtual address of ram_base, or NULL if out of memory. */
static inline void *mm_host_arena(paddr_t ram_base, size_t size,
				  unsigned int page_shift)
{
	size_t align = (size_t)1 << (page_shift + BUDDY_MAX_ORDER - 1);
	paddr_t low = ram_base & ~(paddr_t)(align - 1);
	size_t bytes = (ram_base - low + size + align - 1) & ~(align - 1);

	free(mm_host_ram);
	host_page_shift = page_shift;
	mm_host_ram = aligned_alloc(align, bytes);
	if (!mm_host_ram)
		return NULL;
	memset(mm_host_ram, 0, bytes);
	for (size_t i = 0; i < bytes; i += 8)
		((unsigned char *)mm_host_ram)[i] = FRAME_ALLOC;
	phys_virt_offset = (uintptr_t)mm_host_ram - low;
	return phys_to_virt(ram_base);
}

#endif
