/*
 * What the address-space modules share and nobody else sees:
 * vm_space.c (spaces, the kernel half), vm_map.c (add), vm_unmap.c
 * (remove), vm_change.c (change), vm_walk.c (reading tables).
 *
 * A space is a 16 KiB first-level table (an order-2 buddy block) and a
 * one-page record holding per-entry counters. Small pages go through 1 KiB
 * coarse tables from l2pt_cache; 1 MiB sections are written straight into
 * the first-level table. Entries of the kernel half (VM_USER_END and up)
 * are the same in every space: a change there is written into each space's
 * table, and second-level tables of the kernel half are shared.
 *
 * Maintenance rule for VIVT caches without ASIDs: the caches and the TLB
 * hold lines and entries of the current space's user half and of the
 * kernel half only, because vm_space_switch() cleans and invalidates all of
 * them before it loads another table. So a change is "live" when it is in
 * the current space or in the kernel half, and only live changes need
 * cache, descriptor-line and TLB maintenance; the rest is done by the next
 * switch to that space (its whole-D-cache clean also writes back the table
 * lines the walker will read).
 *
 * The helpers of the one-page fast paths are inline here: they are what
 * bench_vm measures.
 */
#ifndef MICA_MM_VM_INTERNAL_H
#define MICA_MM_VM_INTERNAL_H

#include <mm/buddy.h>
#include <mm/phys.h>
#include <mm/vm.h>
#include <mm/vm_hw.h>
#include <uapi/errno.h>

#include "internal.h"

#define PMD_SHIFT	20
#define USER_PMDS	(VM_USER_END >> PMD_SHIFT)

#define pmd_index(va)	((unsigned int)((va) >> PMD_SHIFT))
#define pte_index(va)	((unsigned int)((va) >> SMALL_PAGE_SHIFT) & (PTE_ENTRIES - 1))
#define pmd_type(pmd)	((pmd) & PMD_TYPE_MASK)

/* What a scan of a range found before anything is changed. */
struct range_info {
	bool mapped;		/* some entry is valid */
	bool holes;		/* some page is not mapped */
	bool partial;		/* a section is only partly in the range */
	bool cached;		/* some mapping has the C bit */
	bool exec;		/* some first-level entry holds code */
};

/*
 * Writes first-level entry i of s, or of every space for the kernel half,
 * and cleans the line holding it where the walker may read it now.
 */
void pmd_set(struct vm_space *s, unsigned int i, uint32_t val);

/* Fills ri for [va, end) of s; changes nothing. */
void range_scan(const struct vm_space *s, vaddr_t va, vaddr_t end,
		struct range_info *ri);

/*
 * Second-level tables waiting to be used or freed are chained through their
 * first word: the next table's physical address with bit 0 set, or 0 at the
 * end. tables_free() frees a whole chain.
 */
void tables_free(uint32_t *chain);

static inline void chain_push(uint32_t **chain, uint32_t *table)
{
	table[0] = *chain ? virt_to_phys(*chain) | 1 : 0;
	*chain = table;
}

/* The table after table in its chain, or NULL. */
static inline uint32_t *chain_next(const uint32_t *table)
{
	return table[0] ? phys_to_virt(table[0] & ~1u) : NULL;
}

/* The space holding the counters of first-level entry i. */
static inline struct vm_space *owner(struct vm_space *s, unsigned int i)
{
	return i >= USER_PMDS ? &vm_kernel : s;
}

static inline bool exec_test(const struct vm_space *s, unsigned int i)
{
	if (i >= USER_PMDS)
		s = &vm_kernel;
	return s->exec[i / 8] & (1u << (i % 8));
}

static inline void exec_set(struct vm_space *s, unsigned int i, bool on)
{
	s = owner(s, i);
	if (on)
		s->exec[i / 8] |= 1u << (i % 8);
	else
		s->exec[i / 8] &= ~(1u << (i % 8));
}

static inline bool vm_live(const struct vm_space *s, vaddr_t va)
{
	return s == vm_current || va >= VM_USER_END;
}

/* The end of va's MiB, or end if that comes first. */
static inline vaddr_t chunk_end(vaddr_t va, vaddr_t end)
{
	vaddr_t next = (va & ~(vaddr_t)(VM_SECTION_SIZE - 1)) + VM_SECTION_SIZE;

	return next < end ? next : end;
}

static inline uint32_t *pte_table(uint32_t pmd)
{
	return phys_to_virt(pmd & PMD_COARSE_BASE_MASK);
}

static inline uint32_t ap_of(unsigned int flags)
{
	static const uint8_t ap[4] = {
		[0] = AP_KRO, [VM_WRITE] = AP_KRW,
		[VM_USER] = AP_URO, [VM_USER | VM_WRITE] = AP_URW,
	};

	return ap[flags & (VM_USER | VM_WRITE)];
}

/* C and B are bits 3 and 2 in section and small-page descriptors alike. */
static inline uint32_t cb_of(unsigned int flags)
{
	static const uint32_t cb[4] = {
		[VM_CACHED >> 4] = PTE_C | PTE_B,
		[VM_WRITETHROUGH >> 4] = PTE_C,
		[VM_UNCACHED >> 4] = PTE_B,
		[VM_DEVICE >> 4] = 0,
	};

	return cb[(flags & VM_CACHE_MASK) >> 4];
}

static inline uint32_t pte_make(paddr_t pa, unsigned int flags)
{
	return pa | PTE_TYPE_SMALL | cb_of(flags) | PTE_AP_ALL(ap_of(flags));
}

static inline uint32_t sect_make(paddr_t pa, unsigned int flags)
{
	return pa | PMD_TYPE_SECT | PMD_BIT4 | cb_of(flags) |
	       PMD_SECT_AP(ap_of(flags));
}

static inline void ptes_write(uint32_t *pte, unsigned int n, paddr_t pa,
			      unsigned int flags)
{
	uint32_t desc = pte_make(pa, flags);

	for (unsigned int k = 0; k < n; k++, desc += SMALL_PAGE_SIZE)
		pte[k] = desc;
}

/*
 * Alignment and size; the range lies within the user half or within the
 * kernel mapping window (no wrap-around either way).
 */
static inline int range_check(vaddr_t va, size_t size)
{
	if (!size || !IS_ALIGNED(va | size, SMALL_PAGE_SIZE))
		return -EINVAL;
	if (va < VM_USER_END)
		return size <= VM_USER_END - va ? 0 : -EINVAL;
	if (va < VM_KMAP_START || va >= VM_KMAP_END || size > VM_KMAP_END - va)
		return -EINVAL;
	return 0;
}

/* range_check() and the checks of pa and flags; see add_mapping(). */
static inline int map_check(vaddr_t va, paddr_t pa, size_t size,
			    unsigned int flags)
{
	int err = range_check(va, size);

	if (err)
		return err;
	if ((flags & ~VM_FLAGS_ALL) || !IS_ALIGNED(pa, SMALL_PAGE_SIZE) ||
	    size - 1 > (paddr_t)-1 - pa)
		return -EINVAL;
	if ((flags & VM_USER) && va >= VM_USER_END)
		return -EINVAL;
	if ((flags & VM_EXEC) &&
	    ((flags & VM_CACHE_MASK) > VM_WRITETHROUGH ||
	     buddy_frame_state(pa, NULL) == FRAME_NONE ||
	     buddy_frame_state(pa + size - 1, NULL) == FRAME_NONE))
		return -EINVAL;
	return 0;
}

static inline void dcache_flush(vaddr_t start, vaddr_t end)
{
	if (end - start > VM_HW_DCACHE_RANGE_MAX)
		vm_hw_dcache_clean_inv_all();
	else
		vm_hw_dcache_clean_inv_range(start, end);
}

static inline void icache_flush(vaddr_t start, vaddr_t end)
{
	if (end - start > VM_HW_ICACHE_RANGE_MAX)
		vm_hw_icache_inv_all();
	else
		vm_hw_icache_inv_range(start, end);
}

static inline void tlb_flush(vaddr_t start, vaddr_t end)
{
	if (end - start > VM_HW_TLB_RANGE_MAX) {
		vm_hw_tlb_inv_all();
		return;
	}
	for (vaddr_t va = start; va < end; va += SMALL_PAGE_SIZE)
		vm_hw_tlb_inv_va(va);
}

/* Makes code the kernel wrote into [pa, pa + size) reach memory. */
static inline void alias_clean(paddr_t pa, size_t size)
{
	vaddr_t start = (vaddr_t)phys_to_virt(pa);

	if (size > VM_HW_DCACHE_RANGE_MAX)
		vm_hw_dcache_clean_inv_all();
	else
		vm_hw_dcache_clean_range(start, start + size);
}

#endif
