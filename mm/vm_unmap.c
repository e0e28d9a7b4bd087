/*
 * remove_mapping(), in the order docs/vm.md gives: caches while the old
 * mapping is valid, the entries, the TLB, and only then the tables left
 * empty. See include/mm/vm.h and vm_internal.h.
 */
#include <mm/memcache.h>

#include "vm_internal.h"

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
