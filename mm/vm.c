/*
 * Address spaces and mappings; see include/mm/vm.h and docs/vm.md.
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
 */
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <mm/buddy.h>
#include <mm/memcache.h>
#include <mm/phys.h>
#include <mm/vm.h>
#include <mm/vm_hw.h>
#include <string.h>
#include <uapi/errno.h>

#include "internal.h"

#define PMD_SHIFT	20
#define USER_PMDS	(VM_USER_END >> PMD_SHIFT)
#define PGD_ORDER	2		/* 16 KiB = 4 pages */

#define pmd_index(va)	((unsigned int)((va) >> PMD_SHIFT))
#define pte_index(va)	((unsigned int)((va) >> SMALL_PAGE_SHIFT) & (PTE_ENTRIES - 1))
#define pmd_type(pmd)	((pmd) & PMD_TYPE_MASK)

_Static_assert(sizeof(struct vm_space) + USER_PMDS + USER_PMDS / 8 <=
	       SMALL_PAGE_SIZE, "a space's record must fit in one page");

struct vm_space vm_kernel;
static struct vm_space *vm_current;
static struct mm_list vm_spaces;	/* every space, vm_kernel included */
static uint8_t kernel_used[PGD_ENTRIES];
static uint8_t kernel_exec[PGD_ENTRIES / 8];

/* What a scan of a range found before anything is changed. */
struct range_info {
	bool mapped;		/* some entry is valid */
	bool holes;		/* some page is not mapped */
	bool partial;		/* a section is only partly in the range */
	bool cached;		/* some mapping has the C bit */
	bool exec;		/* some first-level entry holds code */
};

/* The space holding the counters of first-level entry i. */
static struct vm_space *owner(struct vm_space *s, unsigned int i)
{
	return i >= USER_PMDS ? &vm_kernel : s;
}

static bool exec_test(const struct vm_space *s, unsigned int i)
{
	if (i >= USER_PMDS)
		s = &vm_kernel;
	return s->exec[i / 8] & (1u << (i % 8));
}

static void exec_set(struct vm_space *s, unsigned int i, bool on)
{
	s = owner(s, i);
	if (on)
		s->exec[i / 8] |= 1u << (i % 8);
	else
		s->exec[i / 8] &= ~(1u << (i % 8));
}

static bool vm_live(const struct vm_space *s, vaddr_t va)
{
	return s == vm_current || va >= VM_USER_END;
}

/* The end of va's MiB, or end if that comes first. */
static vaddr_t chunk_end(vaddr_t va, vaddr_t end)
{
	vaddr_t next = (va & ~(vaddr_t)(VM_SECTION_SIZE - 1)) + VM_SECTION_SIZE;

	return next < end ? next : end;
}

static uint32_t *pte_table(uint32_t pmd)
{
	return phys_to_virt(pmd & PMD_COARSE_BASE_MASK);
}

static uint32_t ap_of(unsigned int flags)
{
	static const uint8_t ap[4] = {
		[0] = AP_KRO, [VM_WRITE] = AP_KRW,
		[VM_USER] = AP_URO, [VM_USER | VM_WRITE] = AP_URW,
	};

	return ap[flags & (VM_USER | VM_WRITE)];
}

/* C and B are bits 3 and 2 in section and small-page descriptors alike. */
static uint32_t cb_of(unsigned int flags)
{
	static const uint32_t cb[4] = {
		[VM_CACHED >> 4] = PTE_C | PTE_B,
		[VM_WRITETHROUGH >> 4] = PTE_C,
		[VM_UNCACHED >> 4] = PTE_B,
		[VM_DEVICE >> 4] = 0,
	};

	return cb[(flags & VM_CACHE_MASK) >> 4];
}

static unsigned int flags_of(uint32_t desc, uint32_t ap)
{
	static const unsigned int cache[4] = {
		[0] = VM_DEVICE, [PTE_B >> 2] = VM_UNCACHED,
		[PTE_C >> 2] = VM_WRITETHROUGH, [(PTE_C | PTE_B) >> 2] = VM_CACHED,
	};
	static const unsigned int access[4] = {
		[AP_KRO] = 0, [AP_KRW] = VM_WRITE,
		[AP_URO] = VM_USER, [AP_URW] = VM_USER | VM_WRITE,
	};

	return cache[(desc >> 2) & 3] | access[ap & 3];
}

static uint32_t pte_make(paddr_t pa, unsigned int flags)
{
	return pa | PTE_TYPE_SMALL | cb_of(flags) | PTE_AP_ALL(ap_of(flags));
}

static uint32_t sect_make(paddr_t pa, unsigned int flags)
{
	return pa | PMD_TYPE_SECT | PMD_BIT4 | cb_of(flags) |
	       PMD_SECT_AP(ap_of(flags));
}

static uint32_t coarse_make(const uint32_t *table)
{
	return virt_to_phys(table) | PMD_TYPE_COARSE | PMD_BIT4 | PMD_DOMAIN(0);
}

/*
 * Writes first-level entry i of s, or of every space for the kernel half,
 * and cleans the line holding it where the walker may read it now.
 */
static void pmd_set(struct vm_space *s, unsigned int i, uint32_t val)
{
	struct mm_list *n;

	if (i < USER_PMDS) {
		s->pgd[i] = val;
		if (s == vm_current)
			vm_hw_table_clean(&s->pgd[i], sizeof(uint32_t));
		return;
	}
	for (n = vm_spaces.next; n != &vm_spaces; n = n->next) {
		struct vm_space *t = (struct vm_space *)((char *)n -
					offsetof(struct vm_space, link));

		t->pgd[i] = val;
		if (t == vm_current)
			vm_hw_table_clean(&t->pgd[i], sizeof(uint32_t));
	}
}

static void dcache_flush(vaddr_t start, vaddr_t end)
{
	if (end - start > VM_HW_DCACHE_RANGE_MAX)
		vm_hw_dcache_clean_inv_all();
	else
		vm_hw_dcache_clean_inv_range(start, end);
}

static void icache_flush(vaddr_t start, vaddr_t end)
{
	if (end - start > VM_HW_ICACHE_RANGE_MAX)
		vm_hw_icache_inv_all();
	else
		vm_hw_icache_inv_range(start, end);
}

static void tlb_flush(vaddr_t start, vaddr_t end)
{
	if (end - start > VM_HW_TLB_RANGE_MAX) {
		vm_hw_tlb_inv_all();
		return;
	}
	for (vaddr_t va = start; va < end; va += SMALL_PAGE_SIZE)
		vm_hw_tlb_inv_va(va);
}

/* Makes code the kernel wrote into [pa, pa + size) reach memory. */
static void alias_clean(paddr_t pa, size_t size)
{
	vaddr_t start = (vaddr_t)phys_to_virt(pa);

	if (size > VM_HW_DCACHE_RANGE_MAX)
		vm_hw_dcache_clean_inv_all();
	else
		vm_hw_dcache_clean_range(start, start + size);
}

/* Alignment, size, wrap-around, the user/kernel boundary, the top MiB. */
static int range_check(vaddr_t va, size_t size)
{
	if (!size || !IS_ALIGNED(va | size, SMALL_PAGE_SIZE))
		return -EINVAL;
	if (size > VM_VECTORS_MB || va > VM_VECTORS_MB - size)
		return -EINVAL;
	if (va < VM_USER_END && va + size > VM_USER_END)
		return -EINVAL;
	return 0;
}

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

static void scan_ptes(const uint32_t *pte, unsigned int n,
		      struct range_info *ri)
{
	for (unsigned int k = 0; k < n; k++) {
		if (pte[k]) {
			ri->mapped = true;
			ri->cached |= (pte[k] & PTE_C) != 0;
		} else {
			ri->holes = true;
		}
	}
}

/* Fills ri for [va, end) of s; changes nothing. */
static void range_scan(const struct vm_space *s, vaddr_t va, vaddr_t end,
		       struct range_info *ri)
{
	*ri = (struct range_info){ 0 };
	for (vaddr_t e; va < end; va = e) {
		uint32_t pmd = s->pgd[pmd_index(va)];

		e = chunk_end(va, end);
		if (pmd_type(pmd) == PMD_TYPE_SECT) {
			ri->mapped = true;
			ri->cached |= (pmd & PMD_SECT_C) != 0;
			ri->partial |= e - va != VM_SECTION_SIZE;
		} else if (pmd_type(pmd) == PMD_TYPE_COARSE) {
			scan_ptes(pte_table(pmd) + pte_index(va),
				  (e - va) >> SMALL_PAGE_SHIFT, ri);
		} else {
			ri->holes = true;
			continue;
		}
		ri->exec |= exec_test(s, pmd_index(va));
	}
}

static bool use_section(vaddr_t va, vaddr_t e, paddr_t pa, unsigned int flags)
{
	return (flags & VM_SECTION) && e - va == VM_SECTION_SIZE &&
	       IS_ALIGNED(pa, VM_SECTION_SIZE);
}

/*
 * Tables waiting to be used or freed are chained through their first word:
 * the next table's physical address with bit 0 set, or 0 at the end.
 */
static void chain_push(uint32_t **chain, uint32_t *table)
{
	table[0] = *chain ? virt_to_phys(*chain) | 1 : 0;
	*chain = table;
}

static uint32_t *chain_pop(uint32_t **chain)
{
	uint32_t *table = *chain;

	*chain = table[0] ? phys_to_virt(table[0] & ~1u) : NULL;
	table[0] = 0;
	return table;
}

static void tables_free(uint32_t *chain)
{
	while (chain) {
		uint32_t *next = chain[0] ? phys_to_virt(chain[0] & ~1u) : NULL;

		memcache_free(&l2pt_cache, chain);
		chain = next;
	}
}

/*
 * Allocates the second-level tables a mapping of [va, end) needs. Returns
 * 0 or -ENOMEM with nothing left allocated.
 */
static int tables_alloc(const struct vm_space *s, vaddr_t va, vaddr_t end,
			paddr_t pa, unsigned int flags, uint32_t **chain)
{
	*chain = NULL;
	for (vaddr_t e; va < end; pa += e - va, va = e) {
		uint32_t *t;

		e = chunk_end(va, end);
		if (pmd_type(s->pgd[pmd_index(va)]) != PMD_TYPE_FAULT ||
		    use_section(va, e, pa, flags))
			continue;
		t = memcache_zalloc(&l2pt_cache);
		if (!t) {
			tables_free(*chain);
			*chain = NULL;
			return -ENOMEM;
		}
		chain_push(chain, t);
	}
	return 0;
}

static void ptes_write(uint32_t *pte, unsigned int n, paddr_t pa,
		       unsigned int flags)
{
	uint32_t desc = pte_make(pa, flags);

	for (unsigned int k = 0; k < n; k++, desc += SMALL_PAGE_SIZE)
		pte[k] = desc;
}

/* Counts n new small pages in entry i's table; notes code. */
static void used_add(struct vm_space *s, unsigned int i, unsigned int n,
		     unsigned int flags)
{
	owner(s, i)->used[i] += n;
	if (flags & VM_EXEC)
		exec_set(s, i, true);
}

/*
 * Uncounts removed small pages of entry i's table. A table left empty is
 * detached and returned, to be freed once the TLB forgot it; else NULL.
 */
static inline uint32_t *used_sub(struct vm_space *s, unsigned int i,
				 unsigned int removed)
{
	uint8_t *used = &owner(s, i)->used[i];
	uint32_t *table;

	*used -= removed;
	if (!removed || *used)
		return NULL;
	table = pte_table(s->pgd[i]);
	pmd_set(s, i, PMD_TYPE_FAULT);
	s->nr_tables -= i < USER_PMDS;
	return table;
}

/* Fills n free entries of an installed table from va on. */
static void ptes_add(struct vm_space *s, uint32_t *pte, vaddr_t va,
		     unsigned int n, paddr_t pa, unsigned int flags)
{
	ptes_write(pte, n, pa, flags);
	if (vm_live(s, va))
		vm_hw_table_clean(pte, n * sizeof(uint32_t));
	used_add(s, pmd_index(va), n, flags);
}

/* Maps one MiB's share [va, e) with small pages; may install a table. */
static void chunk_map_pages(struct vm_space *s, vaddr_t va, vaddr_t e,
			    paddr_t pa, unsigned int flags, uint32_t **chain)
{
	unsigned int i = pmd_index(va), n = (e - va) >> SMALL_PAGE_SHIFT;
	uint32_t pmd = s->pgd[i];
	uint32_t *table;

	if (pmd_type(pmd) == PMD_TYPE_COARSE) {
		ptes_add(s, pte_table(pmd) + pte_index(va), va, n, pa, flags);
		return;
	}
	table = chain_pop(chain);
	ptes_write(table + pte_index(va), n, pa, flags);
	if (vm_live(s, va))
		vm_hw_table_clean(table, PTE_TABLE_SIZE);
	owner(s, i)->used[i] = n;
	exec_set(s, i, flags & VM_EXEC);
	s->nr_tables += i < USER_PMDS;
	pmd_set(s, i, coarse_make(table));
}

/* Scans, allocates tables for, and maps a range spanning any MiBs. */
static int map_range(struct vm_space *s, vaddr_t va, vaddr_t end, paddr_t pa,
		     unsigned int flags)
{
	struct range_info ri;
	uint32_t *chain;

	range_scan(s, va, end, &ri);
	if (ri.mapped)
		return -EEXIST;
	if (tables_alloc(s, va, end, pa, flags, &chain))
		return -ENOMEM;
	for (vaddr_t v = va, e; v < end; v = e) {
		paddr_t p = pa + (v - va);

		e = chunk_end(v, end);
		if (use_section(v, e, p, flags)) {
			exec_set(s, pmd_index(v), flags & VM_EXEC);
			pmd_set(s, pmd_index(v), sect_make(p, flags));
		} else {
			chunk_map_pages(s, v, e, p, flags, &chain);
		}
	}
	BUG_ON(chain);
	return 0;
}

/* What a successful map needs after the writes: code reaches the I-cache. */
static inline int map_sync(struct vm_space *s, vaddr_t va, paddr_t pa,
			   size_t size, unsigned int flags)
{
	if (flags & VM_EXEC)
		alias_clean(pa, size);
	if (!vm_live(s, va))
		return 0;
	vm_hw_drain_write_buffer();
	if (flags & VM_EXEC)
		icache_flush(va, va + size);
	return 0;
}

/*
 * add_mapping() of one page, nearly every call: the checks are those of
 * any size with the size constant, and a page whose MiB has a table needs
 * no scan and no loop.
 */
static int page_add(struct vm_space *s, vaddr_t va, paddr_t pa,
		    unsigned int flags)
{
	uint32_t pmd, *pte;
	int err;

	err = map_check(va, pa, SMALL_PAGE_SIZE, flags);
	if (err)
		return err;
	pmd = s->pgd[pmd_index(va)];
	if (pmd_type(pmd) != PMD_TYPE_COARSE) {
		err = map_range(s, va, va + SMALL_PAGE_SIZE, pa, flags);
		return err ? err : map_sync(s, va, pa, SMALL_PAGE_SIZE, flags);
	}
	pte = pte_table(pmd) + pte_index(va);
	if (*pte)
		return -EEXIST;
	*pte = pte_make(pa, flags);
	if (vm_live(s, va))
		vm_hw_table_clean(pte, sizeof(*pte));
	used_add(s, pmd_index(va), 1, flags);
	return map_sync(s, va, pa, SMALL_PAGE_SIZE, flags);
}

int add_mapping(struct vm_space *s, vaddr_t va, paddr_t pa, size_t size,
		unsigned int flags)
{
	int err;

	if (size == SMALL_PAGE_SIZE)
		return page_add(s, va, pa, flags);
	err = map_check(va, pa, size, flags);
	if (!err)
		err = map_range(s, va, va + size, pa, flags);
	return err ? err : map_sync(s, va, pa, size, flags);
}

/*
 * Clears the small pages of one MiB's share [va, e). A table left empty is
 * detached and pushed on *chain, to be freed once the TLB forgot it.
 */
static void chunk_unmap_pages(struct vm_space *s, vaddr_t va, vaddr_t e,
			      uint32_t **chain)
{
	unsigned int i = pmd_index(va), n = (e - va) >> SMALL_PAGE_SHIFT;
	uint32_t *pte = pte_table(s->pgd[i]) + pte_index(va), *table;
	unsigned int removed = 0;

	for (unsigned int k = 0; k < n; k++) {
		removed += pte[k] != 0;
		pte[k] = 0;
	}
	if (vm_live(s, va))
		vm_hw_table_clean(pte, n * sizeof(uint32_t));
	table = used_sub(s, i, removed);
	if (table)
		chain_push(chain, table);
}

/* Clears every mapping of [va, end); returns the tables left empty. */
static uint32_t *unmap_range(struct vm_space *s, vaddr_t va, vaddr_t end)
{
	uint32_t *chain = NULL;

	for (vaddr_t e; va < end; va = e) {
		uint32_t pmd = s->pgd[pmd_index(va)];

		e = chunk_end(va, end);
		if (pmd_type(pmd) == PMD_TYPE_SECT)
			pmd_set(s, pmd_index(va), PMD_TYPE_FAULT);
		else if (pmd_type(pmd) == PMD_TYPE_COARSE)
			chunk_unmap_pages(s, va, e, &chain);
	}
	return chain;
}

/* Unmaps a checked range [va, end) spanning any MiBs. */
static int unmap_sync(struct vm_space *s, vaddr_t va, vaddr_t end)
{
	bool live = vm_live(s, va);
	struct range_info ri;
	uint32_t *chain;

	range_scan(s, va, end, &ri);
	if (ri.partial)
		return -EINVAL;
	if (!ri.mapped)
		return 0;
	if (live && ri.cached)
		dcache_flush(va, end);
	if (live && ri.exec)
		icache_flush(va, end);
	chain = unmap_range(s, va, end);
	if (live) {
		vm_hw_drain_write_buffer();
		tlb_flush(va, end);
	}
	tables_free(chain);
	return 0;
}

/*
 * remove_mapping() of one page, nearly every call: as unmap_sync() in the
 * same order, without the scan and the loops when the page's MiB has a
 * table, and with the checks specialised for the constant size.
 */
static int page_remove(struct vm_space *s, vaddr_t va)
{
	vaddr_t end = va + SMALL_PAGE_SIZE;
	unsigned int i = pmd_index(va);
	uint32_t pmd, *pte, *table;
	bool live;
	int err;

	err = range_check(va, SMALL_PAGE_SIZE);
	if (err)
		return err;
	pmd = s->pgd[i];
	if (pmd_type(pmd) != PMD_TYPE_COARSE)
		return unmap_sync(s, va, end);
	pte = pte_table(pmd) + pte_index(va);
	if (!*pte)
		return 0;
	live = vm_live(s, va);
	if (live && (*pte & PTE_C))
		dcache_flush(va, end);
	if (live && exec_test(s, i))
		icache_flush(va, end);
	*pte = 0;
	if (live)
		vm_hw_table_clean(pte, sizeof(*pte));
	table = used_sub(s, i, 1);
	if (live) {
		vm_hw_drain_write_buffer();
		tlb_flush(va, end);
	}
	if (table)
		memcache_free(&l2pt_cache, table);
	return 0;
}

int remove_mapping(struct vm_space *s, vaddr_t va, size_t size)
{
	int err;

	if (size == SMALL_PAGE_SIZE)
		return page_remove(s, va);
	err = range_check(va, size);
	return err ? err : unmap_sync(s, va, va + size);
}

/* Rewrites one MiB's share [va, e) of a fully mapped range. */
static void chunk_change(struct vm_space *s, vaddr_t va, vaddr_t e,
			 paddr_t pa, unsigned int flags)
{
	unsigned int i = pmd_index(va), n = (e - va) >> SMALL_PAGE_SHIFT;
	uint32_t pmd = s->pgd[i];
	uint32_t *pte;

	if (pmd_type(pmd) == PMD_TYPE_SECT) {
		exec_set(s, i, flags & VM_EXEC);
		pmd_set(s, i, sect_make(pa, flags));
		return;
	}
	pte = pte_table(pmd) + pte_index(va);
	ptes_write(pte, n, pa, flags);
	if (vm_live(s, va))
		vm_hw_table_clean(pte, n * sizeof(uint32_t));
	if (flags & VM_EXEC)
		exec_set(s, i, true);
}

/* Sections in [va, end) must stay whole and pa section-aligned there. */
static bool sections_fit(const struct vm_space *s, vaddr_t va, vaddr_t end,
			 paddr_t pa)
{
	for (vaddr_t v = va; v < end; v = chunk_end(v, end))
		if (pmd_type(s->pgd[pmd_index(v)]) == PMD_TYPE_SECT &&
		    !IS_ALIGNED(pa + (v - va), VM_SECTION_SIZE))
			return false;
	return true;
}

int change_mapping(struct vm_space *s, vaddr_t va, paddr_t pa, size_t size,
		   unsigned int flags)
{
	vaddr_t end = va + size;
	bool live = vm_live(s, va);
	struct range_info ri;
	int err;

	err = map_check(va, pa, size, flags & ~VM_SECTION);
	if (err)
		return err;
	range_scan(s, va, end, &ri);
	if (ri.holes || ri.partial || !sections_fit(s, va, end, pa))
		return -EINVAL;
	if (live && ri.cached)
		dcache_flush(va, end);
	if (live && ri.exec)
		icache_flush(va, end);
	for (vaddr_t v = va, e; v < end; v = e) {
		e = chunk_end(v, end);
		chunk_change(s, v, e, pa + (v - va), flags);
	}
	if (flags & VM_EXEC)
		alias_clean(pa, size);
	if (!live)
		return 0;
	vm_hw_drain_write_buffer();
	tlb_flush(va, end);
	if (flags & VM_EXEC)
		icache_flush(va, end);
	return 0;
}

int vm_translate(const struct vm_space *s, vaddr_t va, paddr_t *pa,
		 unsigned int *flags)
{
	uint32_t pmd, pte;

	if (va > (paddr_t)-1)
		return -ENOENT;
	pmd = s->pgd[pmd_index(va)];
	if (pmd_type(pmd) == PMD_TYPE_SECT) {
		*pa = (pmd & PMD_SECT_BASE_MASK) | (va & (VM_SECTION_SIZE - 1));
		*flags = flags_of(pmd, (pmd >> 10) & 3) | VM_SECTION;
	} else if (pmd_type(pmd) == PMD_TYPE_COARSE) {
		pte = pte_table(pmd)[pte_index(va)];
		if ((pte & PTE_TYPE_MASK) != PTE_TYPE_SMALL)
			return -ENOENT;
		*pa = (pte & PTE_SMALL_BASE_MASK) | (va & (SMALL_PAGE_SIZE - 1));
		*flags = flags_of(pte, (pte >> PTE_AP0_SHIFT) & 3);
	} else {
		return -ENOENT;
	}
	if (exec_test(s, pmd_index(va)))
		*flags |= VM_EXEC;
	return 0;
}

struct vm_space *vm_space_create(void)
{
	paddr_t pgd_pa = buddy_alloc(PGD_ORDER), rec_pa;
	struct vm_space *s;

	if (pgd_pa == BUDDY_NONE)
		return NULL;
	rec_pa = buddy_alloc(0);
	if (rec_pa == BUDDY_NONE) {
		buddy_free(pgd_pa, PGD_ORDER);
		return NULL;
	}
	s = phys_to_virt(rec_pa);
	s->pgd = phys_to_virt(pgd_pa);
	s->pgd_pa = pgd_pa;
	s->nr_tables = 0;
	s->used = (uint8_t *)(s + 1);
	s->exec = s->used + USER_PMDS;
	memset(s->pgd, 0, USER_PMDS * sizeof(uint32_t));
	memcpy(s->pgd + USER_PMDS, vm_kernel.pgd + USER_PMDS,
	       (PGD_ENTRIES - USER_PMDS) * sizeof(uint32_t));
	mm_list_add(&s->link, &vm_spaces);
	return s;
}

void vm_space_destroy(struct vm_space *s)
{
	BUG_ON(s == vm_current || s == &vm_kernel);
	for (unsigned int i = 0; s->nr_tables && i < USER_PMDS; i++) {
		if (pmd_type(s->pgd[i]) != PMD_TYPE_COARSE)
			continue;
		memcache_free(&l2pt_cache, pte_table(s->pgd[i]));
		s->nr_tables--;
	}
	mm_list_del(&s->link);
	buddy_free(s->pgd_pa, PGD_ORDER);
	buddy_free(virt_to_phys(s), 0);
}

void vm_space_switch(struct vm_space *s)
{
	if (s == vm_current)
		return;
	vm_hw_dcache_clean_inv_all();
	vm_hw_icache_inv_all();
	vm_hw_drain_write_buffer();
	vm_hw_ttb_set(s->pgd_pa);
	vm_hw_tlb_inv_all();
	vm_current = s;
}

struct vm_space *vm_space_current(void)
{
	return vm_current;
}

void vm_init(void)
{
	BUG_ON(PAGE_SIZE != SMALL_PAGE_SIZE);
	vm_hw_init();
	vm_kernel.pgd = vm_hw_kernel_pgd();
	vm_kernel.pgd_pa = virt_to_phys(vm_kernel.pgd);
	vm_kernel.nr_tables = 0;
	vm_kernel.used = kernel_used;
	vm_kernel.exec = kernel_exec;
	mm_list_init(&vm_spaces);
	mm_list_add(&vm_kernel.link, &vm_spaces);
	vm_current = &vm_kernel;
	printk("vm: kernel space, first-level table at 0x%08x, kernel half "
	       "shared with every space\n", vm_kernel.pgd_pa);
}
