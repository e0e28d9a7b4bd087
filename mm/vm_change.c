/*
 * change_mapping(): a remap or a permission or cache-attribute change in
 * place, with the maintenance of a removal before the rewrite and that of
 * a new mapping after it (docs/vm.md). See include/mm/vm.h and
 * vm_internal.h.
 */
#include "vm_internal.h"

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
