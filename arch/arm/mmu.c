/*
 * Boot-time edits of boot_pgd. The table walker reads memory, not the
 * D-cache (TRM 3.2), so every descriptor written through the cached linear
 * map is cleaned to memory, the write buffer drained, and stale TLB entries
 * discarded.
 */
#include <arch/cache.h>
#include <arch/memory.h>
#include <arch/mmu.h>
#include <arch/pgtable.h>
#include <arch/stack.h>
#include <kernel/panic.h>
#include <mm/phys.h>

/* head.S's linear map: PAGE_OFFSET + x is physical PHYS_OFFSET + x. */
uintptr_t phys_virt_offset = PAGE_OFFSET - PHYS_OFFSET;

static uint32_t vectors_pte[PTE_ENTRIES] __attribute__((aligned(PTE_TABLE_SIZE)));
/* The last, partial MiB of RAM, mapped page by page. */
static uint32_t ram_tail_pte[PTE_ENTRIES] __attribute__((aligned(PTE_TABLE_SIZE)));
static uint32_t guard_pte[PTE_ENTRIES] __attribute__((aligned(PTE_TABLE_SIZE)));

static uint32_t *pgd_entry(vaddr_t va)
{
	return (uint32_t *)boot_pgd + (va >> SECTION_SHIFT);
}

static void table_sync(const void *entry, size_t len)
{
	dcache_clean_range((vaddr_t)entry, (vaddr_t)entry + len);
	drain_write_buffer();
}

/* A kernel page as the linear map's sections map it: cached, kernel RW. */
static uint32_t pte_kernel(paddr_t pa)
{
	return pa | PTE_TYPE_SMALL | PTE_B | PTE_C | PTE_AP_ALL(AP_KRW);
}

/* Points pmd at the coarse table pte (written and synced already). */
static void pmd_set_table(uint32_t *pmd, const uint32_t *pte)
{
	*pmd = virt_to_phys(pte) | PMD_TYPE_COARSE | PMD_BIT4 | PMD_DOMAIN(0);
	table_sync(pmd, sizeof(*pmd));
}

void arch_map_vectors(vaddr_t page)
{
	uint32_t *pte = &vectors_pte[(VECTORS_VIRT >> PAGE_SHIFT) % PTE_ENTRIES];
	uint32_t *pmd = pgd_entry(VECTORS_VIRT);

	/* User read-only: it holds the UTCB pointer word (uapi/ipc.h). */
	*pte = (pte_kernel(virt_to_phys((void *)page)) & ~PTE_AP_ALL(3)) |
	       PTE_AP_ALL(AP_URO);
	table_sync(pte, sizeof(*pte));
	pmd_set_table(pmd, vectors_pte);
	tlb_inv_va(VECTORS_VIRT);
}

/*
 * Maps the partial MiB at PAGE_OFFSET + (ram_end rounded down to a MiB) with
 * small pages up to ram_end. The pages that exist are mapped as the section
 * mapped them, so the switch is safe even if we run in that MiB; if that MiB
 * is already a table (the boot stack's guard, RAM below 1 MiB), its entries
 * past ram_end are cleared instead.
 */
static void linear_map_tail(paddr_t ram_end)
{
	paddr_t sect = ALIGN_DOWN(ram_end, SECTION_SIZE);
	uint32_t i, n = (ram_end - sect) >> SMALL_PAGE_SHIFT;
	uint32_t *pmd = pgd_entry(PAGE_OFFSET + sect - PHYS_OFFSET);
	uint32_t *pte = ram_tail_pte;

	if ((*pmd & PMD_TYPE_MASK) == PMD_TYPE_COARSE)	/* the guard's MiB */
		pte = phys_to_virt(*pmd & PMD_COARSE_BASE_MASK);
	for (i = 0; i < PTE_ENTRIES; i++)
		if (i >= n)
			pte[i] = 0;
		else if (pte == ram_tail_pte)
			pte[i] = pte_kernel(sect + (i << SMALL_PAGE_SHIFT));
	table_sync(pte, PTE_TABLE_SIZE);
	pmd_set_table(pmd, pte);
}

void arch_linear_map_trim(paddr_t ram_end)
{
	uint32_t *first = pgd_entry(PAGE_OFFSET - PHYS_OFFSET +
				    ALIGN_UP(ram_end, SECTION_SIZE));
	uint32_t *last = pgd_entry(PAGE_OFFSET + RAM_MAX_SIZE);

	for (uint32_t *pmd = first; pmd < last; pmd++)
		*pmd = 0;
	table_sync(first, (last - first) * sizeof(*first));
	if (!IS_ALIGNED(ram_end, SECTION_SIZE))
		linear_map_tail(ram_end);
	tlb_inv_all();
}

/*
 * The section holding the guard becomes a coarse table of small pages with
 * the section's own frames and attributes (cached, buffered, kernel RW),
 * except the guard's PTE, which stays a fault. One static table: the boot
 * stack's guard is the only one in the linear map.
 */
void arch_unmap_guard_page(vaddr_t guard)
{
	uint32_t *pmd = pgd_entry(guard);
	paddr_t base = virt_to_phys((void *)(guard & ~(vaddr_t)(SECTION_SIZE - 1)));

	BUG_ON((*pmd & PMD_TYPE_MASK) != PMD_TYPE_SECT || (guard & (SMALL_PAGE_SIZE - 1)));
	for (unsigned int i = 0; i < PTE_ENTRIES; i++)
		guard_pte[i] = pte_kernel(base + i * SMALL_PAGE_SIZE);
	guard_pte[(guard >> SMALL_PAGE_SHIFT) % PTE_ENTRIES] = 0;
	table_sync(guard_pte, sizeof(guard_pte));
	pmd_set_table(pmd, guard_pte);
	tlb_inv_all();
}
