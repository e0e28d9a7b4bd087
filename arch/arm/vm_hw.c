/*
 * The ARM926EJ-S side of include/mm/vm_hw.h: cache, write-buffer and TLB
 * maintenance from include/arch/cache.h and arch/arm/cache.c, and the
 * translation table base.
 * TRM references are to the ARM926EJ-S TRM, DDI 0198E.
 */
#include <arch/cache.h>
#include <arch/cpu.h>
#include <arch/memory.h>
#include <mm/vm.h>
#include <mm/vm_hw.h>

_Static_assert(VM_USER_END == PAGE_OFFSET, "user space ends at the linear map");
_Static_assert(VM_SECTION_SIZE == SECTION_SIZE, "sections are 1 MiB");
_Static_assert(VM_KMAP_START % SECTION_SIZE == 0 &&
	       VM_KMAP_END % SECTION_SIZE == 0, "the window is whole MiBs");
_Static_assert(VM_KMAP_START >= PAGE_OFFSET + RAM_MAX_SIZE,
	       "the kernel mapping window misses the linear map");
_Static_assert(VM_KMAP_END <= DEV_VIRT || VM_KMAP_START >= DEV_VIRT + DEV_SIZE,
	       "the kernel mapping window misses the device window");
_Static_assert(VM_KMAP_END <= (VECTORS_VIRT & ~(SECTION_SIZE - 1)),
	       "the kernel mapping window misses the vectors' MiB");

/*
 * SCTLR.S = 1, R = 0 makes AP = 0 mean "privileged read-only, user no
 * access" (ARM ARM B4.4.1), the only way to have a kernel read-only page
 * on ARMv5; AP 1-3 keep their meaning. No AP = 0 entry exists yet, but the
 * TLB may cache permissions, so it is emptied after the change.
 */
void vm_hw_init(void)
{
	sctlr_set((sctlr_get() | SCTLR_S) & ~SCTLR_R);
	tlb_inv_all();
}

uint32_t *vm_hw_kernel_pgd(void)
{
	return (uint32_t *)boot_pgd;
}

void vm_hw_dcache_clean_inv_range(vaddr_t start, vaddr_t end)
{
	dcache_clean_inv_range(start, end);
}

void vm_hw_dcache_clean_inv_all(void)
{
	dcache_clean_inv_all();
}

void vm_hw_dcache_clean_range(vaddr_t start, vaddr_t end)
{
	dcache_clean_range(start, end);
}

/* Usually one descriptor: one line, without cache.c's loop. */
void vm_hw_table_clean(const void *table, size_t len)
{
	vaddr_t start = (vaddr_t)table;

	if (len <= sizeof(uint32_t)) {
		dcache_clean_line(start);
		return;
	}
	dcache_clean_range(start, start + len);
}

void vm_hw_icache_inv_range(vaddr_t start, vaddr_t end)
{
	icache_inv_range(start, end);
}

void vm_hw_icache_inv_all(void)
{
	icache_inv_all();
}

void vm_hw_drain_write_buffer(void)
{
	drain_write_buffer();
}

void vm_hw_tlb_inv_va(vaddr_t va)
{
	tlb_inv_va(va);
}

void vm_hw_tlb_inv_all(void)
{
	tlb_inv_all();
}

void vm_hw_ttb_set(paddr_t pgd)
{
	__asm__ volatile("mcr p15, 0, %0, c2, c0, 0" : : "r"(pgd) : "memory");	/* write translation table base */
}
