/*
 * ARM926EJ-S cache and TLB maintenance; see include/arch/cache.h.
 * QEMU does not model caches, so these are right by construction: each
 * operation is the TRM's (DDI 0198E, 2.3.8 and 2.3.9).
 */
#include <arch/cache.h>

#define line_start(a)	((a) & ~(vaddr_t)(CACHE_LINE_SIZE - 1))

void dcache_clean_range(vaddr_t start, vaddr_t end)
{
	for (vaddr_t a = line_start(start); a < end; a += CACHE_LINE_SIZE)
		__asm__ volatile("mcr p15, 0, %0, c7, c10, 1" : : "r"(a) : "memory");	/* clean D-cache line by MVA */
}

void dcache_inv_range(vaddr_t start, vaddr_t end)
{
	for (vaddr_t a = line_start(start); a < end; a += CACHE_LINE_SIZE)
		__asm__ volatile("mcr p15, 0, %0, c7, c6, 1" : : "r"(a) : "memory");	/* invalidate D-cache line by MVA */
}

void dcache_clean_inv_range(vaddr_t start, vaddr_t end)
{
	for (vaddr_t a = line_start(start); a < end; a += CACHE_LINE_SIZE)
		__asm__ volatile("mcr p15, 0, %0, c7, c14, 1" : : "r"(a) : "memory");	/* clean+invalidate D-cache line by MVA */
}

void dcache_clean_inv_all(void)
{
	__asm__ volatile(
		"1:	mrc	p15, 0, APSR_nzcv, c7, c14, 3\n"	/* test, clean and invalidate D-cache */
		"	bne	1b\n" : : : "memory", "cc");
}

void icache_inv_all(void)
{
	__asm__ volatile("mcr p15, 0, %0, c7, c5, 0" : : "r"(0) : "memory");	/* invalidate I-cache */
}

void icache_inv_range(vaddr_t start, vaddr_t end)
{
	for (vaddr_t a = line_start(start); a < end; a += CACHE_LINE_SIZE)
		__asm__ volatile("mcr p15, 0, %0, c7, c5, 1" : : "r"(a) : "memory");	/* invalidate I-cache line by MVA */
}

void drain_write_buffer(void)
{
	__asm__ volatile("mcr p15, 0, %0, c7, c10, 4" : : "r"(0) : "memory");	/* drain write buffer */
}

void tlb_inv_all(void)
{
	__asm__ volatile("mcr p15, 0, %0, c8, c7, 0" : : "r"(0) : "memory");	/* invalidate I-TLB and D-TLB */
}

void tlb_inv_va(vaddr_t va)
{
	__asm__ volatile("mcr p15, 0, %0, c8, c7, 1" : : "r"(va & ~0xfffu) : "memory");	/* invalidate TLB entry by MVA */
}
