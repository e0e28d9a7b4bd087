/*
 * Reading a space's tables: vm_translate() and the scan every change
 * starts with; and freeing chains of second-level tables. See
 * vm_internal.h.
 */
#include <mm/memcache.h>

#include "vm_internal.h"

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

unsigned int vm_tables_missing(const struct vm_space *s, vaddr_t va, size_t size)
{
	unsigned int n = 0;

	for (unsigned int i = pmd_index(va); i <= pmd_index(va + size - 1); i++)
		n += pmd_type(s->pgd[i]) == PMD_TYPE_FAULT;
	return n;
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

void range_scan(const struct vm_space *s, vaddr_t va, vaddr_t end,
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

void tables_free(uint32_t *chain)
{
	while (chain) {
		uint32_t *next = chain_next(chain);

		memcache_free(&l2pt_cache, chain);
		chain = next;
	}
}
