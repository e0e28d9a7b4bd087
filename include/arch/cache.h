/*
 * ARM926EJ-S cache, write buffer and TLB maintenance (TRM chapter 2.3.8,
 * "Cache Operations Register c7", and 2.3.9, "TLB Operations Register c8").
 * The caches are virtually indexed and tagged, 32-byte lines; ranges are
 * kernel virtual addresses in the current address space, rounded out to
 * whole lines.
 */
#ifndef MICA_ARCH_CACHE_H
#define MICA_ARCH_CACHE_H

#include <types.h>

#define CACHE_LINE_SIZE	32

/* Writes dirty lines of [start, end) back to memory; lines stay valid. */
void dcache_clean_range(vaddr_t start, vaddr_t end);
/* Discards lines of [start, end) without writing them back. */
void dcache_inv_range(vaddr_t start, vaddr_t end);
/* Writes back then discards the lines of [start, end). */
void dcache_clean_inv_range(vaddr_t start, vaddr_t end);
/* Writes back and discards the whole D-cache. */
void dcache_clean_inv_all(void);
/* Discards the whole I-cache. */
void icache_inv_all(void);
/* Discards the I-cache lines of [start, end). */
void icache_inv_range(vaddr_t start, vaddr_t end);
/* Waits until the write buffer has reached memory. */
void drain_write_buffer(void);
/* Discards every TLB entry (instruction and data). */
void tlb_inv_all(void);
/* Discards the TLB entries for the page holding va. */
void tlb_inv_va(vaddr_t va);

#endif
