/*
 * Boot-time changes to the kernel's own translation table (boot_pgd, built
 * by head.S). Address spaces and add_mapping/remove_mapping live in mm/vm_*.c.
 */
#ifndef MICA_ARCH_MMU_H
#define MICA_ARCH_MMU_H

#include <types.h>

/* Maps the kernel page at `page` (kernel virtual) at 0xFFFF0000. */
void arch_map_vectors(vaddr_t page);

/*
 * Ends the linear map at ram_end (page aligned): the sections beyond it are
 * unmapped, and a last partial MiB is mapped page by page, so that a kernel
 * access past the last RAM page faults.
 */
void arch_linear_map_trim(paddr_t ram_end);

#endif
