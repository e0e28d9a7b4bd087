/*
 * Address spaces: a first-level translation table per space, user mappings
 * below VM_USER_END, the kernel half shared by every space. add_mapping,
 * remove_mapping and change_mapping keep the ARM926's virtually indexed
 * caches, write buffer and TLB coherent with the tables; docs/vm.md gives
 * the rules and their order.
 *
 * One core, kernel not preemptible, IRQs masked in the kernel: no locks.
 * Hardware operations go through include/mm/vm_hw.h.
 */
#ifndef MICA_MM_VM_H
#define MICA_MM_VM_H

#include <mm/memcache.h>
#include <types.h>

/* User space is [0, VM_USER_END); the kernel half is shared. */
#define VM_USER_END		0xC0000000u
#define VM_SECTION_SIZE		0x00100000u
/*
 * The part of the kernel half the API maps: [VM_KMAP_START, VM_KMAP_END).
 * The rest is set up at boot and assumed by other code (the linear map by
 * phys_to_virt, the device window by the drivers, the vectors' MiB by
 * arch/arm/mmu.c); arch/arm/vm_hw.c checks that the window misses them.
 */
#define VM_KMAP_START		0xD0000000u
#define VM_KMAP_END		0xF0000000u

/* Mapping flags. Without VM_USER a mapping is the kernel's only. */
#define VM_USER		(1u << 0)	/* user mode may access */
#define VM_WRITE	(1u << 1)	/* writable; else read-only */
#define VM_EXEC		(1u << 2)	/* holds code: I-cache maintenance */
#define VM_SECTION	(1u << 3)	/* 1 MiB sections where alignment allows */
#define VM_CACHED	(0u << 4)	/* write-back cached RAM (the default) */
#define VM_WRITETHROUGH	(1u << 4)	/* write-through cached */
#define VM_UNCACHED	(2u << 4)	/* uncached, writes buffered */
#define VM_DEVICE	(3u << 4)	/* uncached, unbuffered */
#define VM_CACHE_MASK	(3u << 4)
#define VM_FLAGS_ALL	(VM_USER | VM_WRITE | VM_EXEC | VM_SECTION | VM_CACHE_MASK)

struct vm_space {
	uint32_t *pgd;		/* first-level table, kernel virtual */
	paddr_t pgd_pa;
	struct list link;	/* every space, for kernel-half entries */
	uint32_t nr_tables;	/* second-level tables in the user half */
	/*
	 * Per first-level entry of the user half: the number of valid small
	 * pages in its second-level table modulo 256 (it is only tested for 0
	 * right after a removal, when the table cannot be full), and a bit
	 * that is set when the entry maps code (ARMv5 has no XN bit to read
	 * back). The kernel space holds them for the kernel half too.
	 */
	uint8_t *used;
	uint8_t *exec;
};

/* The kernel's space: the boot table; its kernel half is every space's. */
extern struct vm_space vm_kernel;

/*
 * Takes over the boot table as vm_kernel and makes it current. Needs
 * buddy_init() and mm_caches_init() (the l2pt cache). Boot only.
 */
void vm_init(void);

/*
 * Returns a new space with an empty user half and the kernel half of every
 * other space, or NULL when the buddy has no block for it.
 */
struct vm_space *vm_space_create(void);

/*
 * Frees a space's second-level tables, first-level table and record. The
 * frames it mapped are not freed: their owner decides. Destroying the
 * current space or vm_kernel is a BUG.
 */
void vm_space_destroy(struct vm_space *s);

/*
 * Makes s the current space: cleans and invalidates the D-cache,
 * invalidates the I-cache, drains the write buffer, loads the table base
 * and invalidates the TLB. Does nothing when s is already current.
 */
void vm_space_switch(struct vm_space *s);

/*
 * The switches vm_space_switch() has made (calls that found s current
 * already do not count): each one is a whole-cache clean and invalidate.
 * Wraps at 2^32; SYS_KERNEL_INFO reports it (space_switches).
 */
extern uint32_t vm_space_switches;

/* The current space (mm/vm_space.c owns it): read through vm_space_current(). */
extern struct vm_space *vm_current;

/* Returns the current space. */
static inline struct vm_space *vm_space_current(void)
{
	return vm_current;
}

/*
 * Maps [va, va + size) to [pa, pa + size) in s with flags (VM_*). A range
 * in the kernel half is mapped in every space. va, pa and size must be
 * 4 KiB aligned, size non-zero, the range must lie in the user half or in
 * the kernel mapping window without VM_USER (else -EINVAL; VM_EXEC also
 * needs pa in RAM and a cached mapping). VM_SECTION uses 1 MiB
 * sections for the MiBs where va and pa allow. Returns 0, -EEXIST if
 * anything in the range is mapped, or -ENOMEM; on error nothing changed.
 * With VM_EXEC the frames' kernel alias is cleaned so that code the kernel
 * wrote reaches memory; other aliases are the caller's (docs/vm.md).
 */
int add_mapping(struct vm_space *s, vaddr_t va, paddr_t pa, size_t size,
		unsigned int flags);

/*
 * Unmaps whatever is mapped in [va, va + size) of s (holes are fine) and
 * frees second-level tables that become empty, with the cache and TLB
 * maintenance of docs/vm.md. Returns 0, or -EINVAL for unaligned or empty
 * ranges, ranges outside the user half and the kernel mapping window, or a
 * range that covers part of a section (nothing changed then).
 */
int remove_mapping(struct vm_space *s, vaddr_t va, size_t size);

/*
 * Changes every mapping in [va, va + size) of s in place to pa and flags
 * (a remap or a permission change), with the maintenance of a removal.
 * Returns 0, or -EINVAL as add_mapping, or when part of the range is not
 * mapped, or a section would be split or misaligned (nothing changed then).
 * VM_SECTION in flags is ignored: the granularity stays.
 */
int change_mapping(struct vm_space *s, vaddr_t va, paddr_t pa, size_t size,
		   unsigned int flags);

/*
 * Software walk of s: the physical address va maps to and its flags
 * (VM_SECTION for a section; VM_EXEC when the first-level entry holds
 * code). Returns 0, or -ENOENT when va is not mapped.
 */
int vm_translate(const struct vm_space *s, vaddr_t va, paddr_t *pa,
		 unsigned int *flags);

/*
 * The first-level entries of [va, va + size) that are empty: the most
 * second-level tables add_mapping() of that range can create. size is
 * non-zero and the range lies in the user half.
 */
unsigned int vm_tables_missing(const struct vm_space *s, vaddr_t va, size_t size);

#endif
