/*
 * The ARMv5 address-space switch, OpenBSD's armv5_setttb: VIVT caches and
 * no ASIDs, so nothing cached under the old translation may survive it.
 * Dirty lines are written back while the old translation still reaches
 * them, the I-cache and write buffer are emptied, then the new table is
 * loaded and every TLB entry of the old one discarded.
 *
 * Brought in by include/mm/vm_hw.h and built over its operations, so the
 * host build runs this exact recipe against the recorder. Inline: the
 * switch is five maintenance calls and bench_vm measures it.
 */
#ifndef MICA_ARCH_VM_SWITCH_H
#define MICA_ARCH_VM_SWITCH_H

static inline void vm_hw_space_switch(paddr_t pgd)
{
	vm_hw_dcache_clean_inv_all();
	vm_hw_icache_inv_all();
	vm_hw_drain_write_buffer();
	vm_hw_ttb_set(pgd);
	vm_hw_tlb_inv_all();
}

#endif
