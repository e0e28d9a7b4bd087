/*
 * add_mapping(): every second-level table a range needs is allocated before
 * any entry is written, so a failure leaves nothing half-done. See
 * include/mm/vm.h, docs/vm.md and vm_internal.h.
 */
#include <kernel/panic.h>
#include <mm/memcache.h>

#include "vm_internal.h"

static uint32_t *chain_pop(uint32_t **chain)
{
	uint32_t *table = *chain;

	*chain = chain_next(table);
	table[0] = 0;
	return table;
}

static bool use_section(vaddr_t va, vaddr_t e, paddr_t pa, unsigned int flags)
{
	return (flags & VM_SECTION) && e - va == VM_SECTION_SIZE &&
	       IS_ALIGNED(pa, VM_SECTION_SIZE);
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

/* Counts n new small pages in entry i's table; notes code. */
static void used_add(struct vm_space *s, unsigned int i, unsigned int n,
		     unsigned int flags)
{
	owner(s, i)->used[i] += n;
	if (flags & VM_EXEC)
		exec_set(s, i, true);
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

static uint32_t coarse_make(const uint32_t *table)
{
	return virt_to_phys(table) | PMD_TYPE_COARSE | PMD_BIT4 | PMD_DOMAIN(0);
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
