/*
 * ARM926EJ-S cache, write buffer and TLB maintenance (TRM chapter 2.3.8,
 * "Cache Operations Register c7", and 2.3.9, "TLB Operations Register c8").
 * The caches are virtually indexed and tagged, 32-byte lines; ranges are
 * kernel virtual addresses in the current address space, rounded out to
 * whole lines. The single-instruction operations are inline here; the
 * loops are in arch/arm/cache.c.
 */
#ifndef MICA_ARCH_CACHE_H
#define MICA_ARCH_CACHE_H

#include <types.h>

#define CACHE_LINE_SIZE	32

/* Writes dirty lines of [start, end) back to memory; lines stay valid. */
void dcache_clean_range(vaddr_t start, vaddr_t end);
/*
 * Discards the lines of [start, end) without writing them back; lines only
 * partly inside the range are written back first (they hold other data).
 */
void dcache_inv_range(vaddr_t start, vaddr_t end);
/* Writes back then discards the lines of [start, end). */
void dcache_clean_inv_range(vaddr_t start, vaddr_t end);
/* Writes back and discards the whole D-cache. */
void dcache_clean_inv_all(void);
/* Discards the I-cache lines of [start, end). */
void icache_inv_range(vaddr_t start, vaddr_t end);

/* Writes the line holding va back to memory if it is dirty; it stays valid. */
static inline void dcache_clean_line(vaddr_t va)
{
	__asm__ volatile("mcr p15, 0, %0, c7, c10, 1" : : "r"(va) : "memory");	/* clean D-cache line by MVA */
}

/* Discards the whole I-cache. */
static inline void icache_inv_all(void)
{
	__asm__ volatile("mcr p15, 0, %0, c7, c5, 0" : : "r"(0) : "memory");	/* invalidate I-cache */
}

/* Waits until the write buffer has reached memory. */
static inline void drain_write_buffer(void)
{
	__asm__ volatile("mcr p15, 0, %0, c7, c10, 4" : : "r"(0) : "memory");	/* drain write buffer */
}

/* Discards every TLB entry (instruction and data). */
static inline void tlb_inv_all(void)
{
	__asm__ volatile("mcr p15, 0, %0, c8, c7, 0" : : "r"(0) : "memory");	/* invalidate I-TLB and D-TLB */
}

/* Discards the TLB entries for the page holding va. */
static inline void tlb_inv_va(vaddr_t va)
{
	__asm__ volatile("mcr p15, 0, %0, c8, c7, 1" : : "r"(va & ~0xfffu) : "memory");	/* invalidate TLB entry by MVA */
}

#endif
