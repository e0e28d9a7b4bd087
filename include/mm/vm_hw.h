/*
 * What the portable address-space code (mm/vm_*.c) needs from the MMU: cache,
 * write-buffer and TLB maintenance, the translation table base, and the
 * descriptor format. arch/arm/vm_hw.c implements it for the ARM926EJ-S;
 * tests/host/vm_recorder.c implements it for host tests by recording every
 * call, so that a test can check the order of the maintenance operations.
 *
 * The descriptor format is the ARMv5 one on both sides: host tests build
 * and check real ARM tables. It is the one part of the interface that is a
 * header, not a call, so this header brings in <arch/pgtable.h> (plain
 * macros, no code) for mm/vm_*.c; a port to another MMU replaces this header.
 * The switch recipe is the other (<arch/vm_switch.h>, below).
 *
 * Ranges are virtual addresses in the current address space, [start, end).
 * Called with IRQs masked, one core: nothing here is re-entered.
 */
#ifndef MICA_MM_VM_HW_H
#define MICA_MM_VM_HW_H

#include <arch/pgtable.h>
#include <types.h>

/*
 * Above these sizes a range operation is replaced by its whole-cache or
 * whole-TLB form. The ARM926's D-cache is at most 128 lines per 4 KiB by
 * MVA but a clean of the whole cache walks only its dirty lines (at most
 * the cache size, 4-128 KiB); Linux's proc-arm926.S switches at 16 KiB
 * (CACHE_DLIMIT) and so does mica. The TLB has 64 entries: invalidating
 * more than 32 pages one by one costs more than refilling it.
 */
#define VM_HW_DCACHE_RANGE_MAX	16384
#define VM_HW_ICACHE_RANGE_MAX	16384
#define VM_HW_TLB_RANGE_MAX	(32 * SMALL_PAGE_SIZE)

/* Prepares the MMU for the address-space code (SCTLR.S for AP_KRO). */
void vm_hw_init(void);

/* The boot first-level table (kernel virtual); the kernel space owns it. */
uint32_t *vm_hw_kernel_pgd(void);

/* Writes back and discards the D-cache lines of [start, end). */
void vm_hw_dcache_clean_inv_range(vaddr_t start, vaddr_t end);
/* Writes back and discards the whole D-cache. */
void vm_hw_dcache_clean_inv_all(void);
/* Writes back the D-cache lines of [start, end), e.g. a frame's kernel alias. */
void vm_hw_dcache_clean_range(vaddr_t start, vaddr_t end);
/*
 * Writes back the lines holding len bytes of descriptors at table (kernel
 * virtual): the table walker reads memory, not the D-cache.
 */
void vm_hw_table_clean(const void *table, size_t len);
/* Discards the I-cache lines of [start, end). */
void vm_hw_icache_inv_range(vaddr_t start, vaddr_t end);
/* Discards the whole I-cache. */
void vm_hw_icache_inv_all(void);
/* Waits until the write buffer has reached memory. */
void vm_hw_drain_write_buffer(void);
/* Discards the TLB entry (page or section) translating va. */
void vm_hw_tlb_inv_va(vaddr_t va);
/* Discards every TLB entry. */
void vm_hw_tlb_inv_all(void);
/* Loads the translation table base with the first-level table at pgd. */
void vm_hw_ttb_set(paddr_t pgd);

/*
 * void vm_hw_space_switch(paddr_t pgd): makes the first-level table at pgd
 * the current one, with whatever cache and TLB maintenance the MMU needs so
 * that nothing of the previous space stays visible (on ARMv5 all of the
 * caches and the TLB). mm/ calls only this to switch; the recipe is the
 * MMU's, in <arch/vm_switch.h>, built over the operations above.
 */
#include <arch/vm_switch.h>

#endif
