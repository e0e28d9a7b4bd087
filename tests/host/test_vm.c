/*
 * Host tests for address spaces (mm/vm_*.c) over the real buddy and memcache,
 * with the hardware interface implemented by the recorder: the order of
 * cache, write-buffer and TLB operations, table freeing, errors with
 * nothing half-done, fault injection on every allocation, and random
 * sequences checked against a model and against a walker that only sees
 * cleaned descriptor lines.
 */
#include <stdlib.h>
#include <string.h>

#include <mm/buddy.h>
#include <mm/fault_inject.h>
#include <mm/kmalloc.h>
#include <mm/memcache.h>
#include <mm/vm.h>
#include <mm/vm_hw.h>
#include <uapi/errno.h>

#include "mm_host.h"
#include "shim.h"
#include "tap.h"
#include "vm_recorder.h"

#define MiB		(1024u * 1024u)
#define RAM		(16 * MiB)
#define PG		4096u
#define UVA		0x00400000u	/* a user address with no table yet */
#define KVA		0xE0000000u	/* in the kernel mapping window */
#define RW		(VM_USER | VM_WRITE)

static struct buddy_stats initial;

static void setup(void)
{
	fault_inject_set(FAULT_OFF, 0, 0);
	mm_host_arena(0, RAM, 12);
	buddy_init(0, RAM, PAGE_SIZE, NULL, 0);
	mm_caches_init();
	rec_setup(RAM);
	vm_init();
	buddy_drain();
	buddy_stats(&initial);
	rec_reset();
}

static uint32_t l2_inuse(void)
{
	struct memcache_stats st;

	memcache_stats(&l2pt_cache, &st);
	return st.inuse;
}

/* Every table and space freed: the buddy is back where setup() left it. */
static bool restored(void)
{
	struct buddy_stats st;

	memcache_shrink(&l2pt_cache);
	kmalloc_shrink();
	buddy_drain();
	buddy_stats(&st);
	return l2_inuse() == 0 && buddy_check() == 0 &&
	       memcache_check(&l2pt_cache) == 0 &&
	       st.free_frames == initial.free_frames;
}

/* Is op i of the log what we expect? */
static bool rec_is(unsigned int i, enum rec_op op, uintptr_t a, uintptr_t b)
{
	return i < rec_len && rec_log[i].op == op && rec_log[i].a == a &&
	       rec_log[i].b == b;
}

static bool rec_covers(unsigned int i, const void *p)
{
	uintptr_t a = (uintptr_t)p;

	return i < rec_len && rec_log[i].op == REC_TABLE_CLEAN &&
	       rec_log[i].a <= a && a + 4 <= rec_log[i].b;
}

static uint32_t *pgd_entry(struct vm_space *s, vaddr_t va)
{
	return &s->pgd[va >> 20];
}

static uint32_t *pte_entry(struct vm_space *s, vaddr_t va)
{
	uint32_t *table = phys_to_virt(*pgd_entry(s, va) & PMD_COARSE_BASE_MASK);

	return &table[(va >> 12) & 0xff];
}

static bool walk_is(vaddr_t va, paddr_t want)
{
	paddr_t pa;

	return rec_walk(rec_ttb, va, &pa) == 0 && pa == want;
}

static bool walk_faults(vaddr_t va)
{
	paddr_t pa;

	return rec_walk(rec_ttb, va, &pa) != 0;
}

TAP_TEST(map_page_order)
{
	paddr_t pa;
	unsigned int fl;

	setup();
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, UVA, 0x123000, PG, RW), 0);
	/* the new table, its first-level entry, then the drain; no TLB op */
	TAP_ASSERT_EQ(rec_len, 3);
	TAP_ASSERT(rec_covers(0, pte_entry(&vm_kernel, UVA)));
	TAP_ASSERT_EQ(rec_log[0].b - rec_log[0].a, PTE_TABLE_SIZE);
	TAP_ASSERT(rec_covers(1, pgd_entry(&vm_kernel, UVA)));
	TAP_ASSERT(rec_is(2, REC_DRAIN, 0, 0));
	TAP_ASSERT(walk_is(UVA + 8, 0x123008));
	TAP_ASSERT_EQ(vm_translate(&vm_kernel, UVA + 4, &pa, &fl), 0);
	TAP_ASSERT_EQ(pa, 0x123004);
	TAP_ASSERT_EQ(fl, RW | VM_CACHED);
	TAP_ASSERT_EQ(l2_inuse(), 1);

	/* a second page in the same table: only its line */
	rec_reset();
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, UVA + PG, 0x200000, PG, VM_USER), 0);
	TAP_ASSERT_EQ(rec_len, 2);
	TAP_ASSERT(rec_covers(0, pte_entry(&vm_kernel, UVA + PG)));
	TAP_ASSERT(rec_is(1, REC_DRAIN, 0, 0));
	TAP_ASSERT_EQ(vm_translate(&vm_kernel, UVA + PG, &pa, &fl), 0);
	TAP_ASSERT_EQ(fl, VM_USER);
	TAP_ASSERT_EQ(l2_inuse(), 1);
}

TAP_TEST(unmap_page_order)
{
	setup();
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, UVA, 0x123000, PG, RW), 0);
	rec_reset();
	TAP_ASSERT_EQ(remove_mapping(&vm_kernel, UVA, PG), 0);
	/*
	 * D-cache while the mapping is valid, the entry and its line, the
	 * emptied table's first-level entry, drain, then the TLB entry.
	 */
	TAP_ASSERT_EQ(rec_len, 5);
	TAP_ASSERT(rec_is(0, REC_DC_CLEAN_INV_RANGE, UVA, UVA + PG));
	TAP_ASSERT_EQ(rec_log[1].op, REC_TABLE_CLEAN);
	TAP_ASSERT(rec_covers(2, pgd_entry(&vm_kernel, UVA)));
	TAP_ASSERT(rec_is(3, REC_DRAIN, 0, 0));
	TAP_ASSERT(rec_is(4, REC_TLB_INV_VA, UVA, 0));
	TAP_ASSERT(walk_faults(UVA));
	TAP_ASSERT_EQ(l2_inuse(), 0);
	TAP_ASSERT(restored());
}

TAP_TEST(unmap_keeps_table_in_use)
{
	setup();
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, UVA, 0x100000, 2 * PG, RW), 0);
	rec_reset();
	TAP_ASSERT_EQ(remove_mapping(&vm_kernel, UVA, PG), 0);
	TAP_ASSERT_EQ(rec_len, 4);	/* no first-level change */
	TAP_ASSERT_EQ(l2_inuse(), 1);
	TAP_ASSERT(walk_faults(UVA));
	TAP_ASSERT(walk_is(UVA + PG, 0x101000));
	TAP_ASSERT_EQ(remove_mapping(&vm_kernel, UVA, 2 * PG), 0);
	TAP_ASSERT_EQ(l2_inuse(), 0);
	/* nothing mapped: nothing to do */
	rec_reset();
	TAP_ASSERT_EQ(remove_mapping(&vm_kernel, UVA, 16 * PG), 0);
	TAP_ASSERT_EQ(rec_len, 0);
}

TAP_TEST(exec_order)
{
	paddr_t pa;
	unsigned int fl;
	int i;

	setup();
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, UVA, 0x123000, PG,
				  VM_USER | VM_EXEC), 0);
	/* tables, the kernel alias of the code cleaned, drain, I-cache */
	i = rec_find(REC_DC_CLEAN_RANGE, 0);
	TAP_ASSERT(i == 2);
	TAP_ASSERT(rec_is(2, REC_DC_CLEAN_RANGE, (uintptr_t)phys_to_virt(0x123000),
			  (uintptr_t)phys_to_virt(0x124000)));
	TAP_ASSERT(rec_is(3, REC_DRAIN, 0, 0));
	TAP_ASSERT(rec_is(4, REC_IC_INV_RANGE, UVA, UVA + PG));
	TAP_ASSERT_EQ(rec_len, 5);
	TAP_ASSERT_EQ(vm_translate(&vm_kernel, UVA, &pa, &fl), 0);
	TAP_ASSERT(fl & VM_EXEC);

	rec_reset();
	TAP_ASSERT_EQ(remove_mapping(&vm_kernel, UVA, PG), 0);
	TAP_ASSERT(rec_is(0, REC_DC_CLEAN_INV_RANGE, UVA, UVA + PG));
	TAP_ASSERT(rec_is(1, REC_IC_INV_RANGE, UVA, UVA + PG));
	TAP_ASSERT_EQ(rec_log[2].op, REC_TABLE_CLEAN);
	TAP_ASSERT(rec_is(rec_len - 2, REC_DRAIN, 0, 0));
	TAP_ASSERT(rec_is(rec_len - 1, REC_TLB_INV_VA, UVA, 0));

	/* code must be in RAM and cached */
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, UVA, RAM, PG, VM_EXEC), -EINVAL);
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, UVA, 0, PG, VM_EXEC | VM_DEVICE),
		      -EINVAL);
}

TAP_TEST(uncached_unmap_skips_dcache)
{
	setup();
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, UVA, 0x10000000, PG,
				  VM_WRITE | VM_DEVICE), 0);
	rec_reset();
	TAP_ASSERT_EQ(remove_mapping(&vm_kernel, UVA, PG), 0);
	TAP_ASSERT_EQ(rec_count(REC_DC_CLEAN_INV_RANGE), 0);
	TAP_ASSERT_EQ(rec_count(REC_DC_CLEAN_INV_ALL), 0);
	TAP_ASSERT_EQ(rec_count(REC_TLB_INV_VA), 1);
}

TAP_TEST(large_unmap_uses_whole_cache_and_tlb)
{
	setup();
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, UVA, 0x100000, 5 * PG, RW), 0);
	rec_reset();
	TAP_ASSERT_EQ(remove_mapping(&vm_kernel, UVA, 5 * PG), 0);
	TAP_ASSERT(rec_is(0, REC_DC_CLEAN_INV_ALL, 0, 0));	/* 20 KiB > 16 */
	TAP_ASSERT_EQ(rec_count(REC_TLB_INV_VA), 5);
	TAP_ASSERT_EQ(rec_count(REC_TLB_INV_ALL), 0);

	TAP_ASSERT_EQ(add_mapping(&vm_kernel, UVA, 0x100000, 33 * PG, RW), 0);
	rec_reset();
	TAP_ASSERT_EQ(remove_mapping(&vm_kernel, UVA, 33 * PG), 0);
	TAP_ASSERT_EQ(rec_count(REC_TLB_INV_VA), 0);
	TAP_ASSERT(rec_is(rec_len - 1, REC_TLB_INV_ALL, 0, 0));
	TAP_ASSERT(rec_is(rec_len - 2, REC_DRAIN, 0, 0));
	TAP_ASSERT(restored());
}

TAP_TEST(remap_and_protect_order)
{
	paddr_t pa;
	unsigned int fl;

	setup();
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, UVA, 0x100000, 2 * PG, RW), 0);
	rec_reset();
	TAP_ASSERT_EQ(change_mapping(&vm_kernel, UVA, 0x300000, 2 * PG,
				     VM_USER), 0);
	TAP_ASSERT_EQ(rec_len, 5);
	TAP_ASSERT(rec_is(0, REC_DC_CLEAN_INV_RANGE, UVA, UVA + 2 * PG));
	TAP_ASSERT(rec_covers(1, pte_entry(&vm_kernel, UVA)));
	TAP_ASSERT(rec_covers(1, pte_entry(&vm_kernel, UVA + PG)));
	TAP_ASSERT(rec_is(2, REC_DRAIN, 0, 0));
	TAP_ASSERT(rec_is(3, REC_TLB_INV_VA, UVA, 0));
	TAP_ASSERT(rec_is(4, REC_TLB_INV_VA, UVA + PG, 0));
	TAP_ASSERT_EQ(vm_translate(&vm_kernel, UVA + PG, &pa, &fl), 0);
	TAP_ASSERT_EQ(pa, 0x301000);
	TAP_ASSERT_EQ(fl, VM_USER);
	TAP_ASSERT(walk_is(UVA + PG, 0x301000));
	/* a hole in the range: refused, nothing changed */
	rec_reset();
	TAP_ASSERT_EQ(change_mapping(&vm_kernel, UVA, 0, 3 * PG, RW), -EINVAL);
	TAP_ASSERT_EQ(rec_len, 0);
	TAP_ASSERT_EQ(vm_translate(&vm_kernel, UVA, &pa, &fl), 0);
	TAP_ASSERT_EQ(pa, 0x300000);
	/* new code: alias cleaned, TLB, then the I-cache */
	rec_reset();
	TAP_ASSERT_EQ(change_mapping(&vm_kernel, UVA, 0x300000, PG,
				     VM_USER | VM_EXEC), 0);
	TAP_ASSERT(rec_is(rec_len - 1, REC_IC_INV_RANGE, UVA, UVA + PG));
	TAP_ASSERT(rec_is(rec_len - 2, REC_TLB_INV_VA, UVA, 0));
	TAP_ASSERT(rec_is(rec_len - 3, REC_DRAIN, 0, 0));
}

TAP_TEST(switch_order)
{
	struct vm_space *s;

	setup();
	s = vm_space_create();
	TAP_ASSERT(s);
	TAP_ASSERT_EQ(rec_len, 0);
	vm_space_switch(s);
	TAP_ASSERT_EQ(rec_len, 5);
	TAP_ASSERT(rec_is(0, REC_DC_CLEAN_INV_ALL, 0, 0));
	TAP_ASSERT(rec_is(1, REC_IC_INV_ALL, 0, 0));
	TAP_ASSERT(rec_is(2, REC_DRAIN, 0, 0));
	TAP_ASSERT(rec_is(3, REC_TTB_SET, s->pgd_pa, 0));
	TAP_ASSERT(rec_is(4, REC_TLB_INV_ALL, 0, 0));
	TAP_ASSERT(vm_space_current() == s);
	/* the kernel half came along and the walker sees it */
	TAP_ASSERT(walk_is(0xC0001234, 0x1234));
	rec_reset();
	vm_space_switch(s);
	TAP_ASSERT_EQ(rec_len, 0);
	vm_space_switch(&vm_kernel);
	SHIM_EXPECT_PANIC(vm_space_destroy(&vm_kernel));
	TAP_ASSERT(shim_panicked);
	vm_space_destroy(s);
	TAP_ASSERT(restored());
}

/* A new space's counters start at zero whatever its record page held. */
TAP_TEST(create_clears_counters)
{
	paddr_t frames[64];
	struct vm_space *s;
	bool clear = true;

	setup();
	for (int i = 0; i < 64; i++) {
		frames[i] = buddy_alloc(0);
		TAP_ASSERT(frames[i] != BUDDY_NONE);
		memset(phys_to_virt(frames[i]), 0xa5, PG);
	}
	for (int i = 63; i >= 0; i--)
		buddy_free(frames[i], 0);
	s = vm_space_create();
	TAP_ASSERT(s);
	for (unsigned int i = 0; i < VM_USER_END >> 20; i++)
		clear &= s->used[i] == 0 && s->exec[i / 8] == 0;
	TAP_ASSERT(clear);
	vm_space_destroy(s);
	TAP_ASSERT(restored());
}

TAP_TEST(not_current_space_defers_to_switch)
{
	struct vm_space *s;

	setup();
	s = vm_space_create();
	TAP_ASSERT(s);
	TAP_ASSERT_EQ(add_mapping(s, UVA, 0x100000, 3 * PG, RW), 0);
	TAP_ASSERT_EQ(remove_mapping(s, UVA + PG, PG), 0);
	TAP_ASSERT_EQ(change_mapping(s, UVA, 0x200000, PG, VM_USER), 0);
	TAP_ASSERT_EQ(rec_len, 0);
	vm_space_switch(s);
	TAP_ASSERT(walk_is(UVA, 0x200000));
	TAP_ASSERT(walk_faults(UVA + PG));
	TAP_ASSERT(walk_is(UVA + 2 * PG, 0x102000));
	/* now current: maintenance is back */
	rec_reset();
	TAP_ASSERT_EQ(remove_mapping(s, UVA, 3 * PG), 0);
	TAP_ASSERT(rec_count(REC_TLB_INV_VA) == 3);
	vm_space_switch(&vm_kernel);
	vm_space_destroy(s);
	TAP_ASSERT(restored());
}

TAP_TEST(kernel_half_reaches_every_space)
{
	struct vm_space *a, *b, *c;
	paddr_t pa;
	unsigned int fl;

	setup();
	a = vm_space_create();
	b = vm_space_create();
	TAP_ASSERT(a && b);
	vm_space_switch(a);
	TAP_ASSERT_EQ(add_mapping(b, KVA, 0x5000, PG, VM_WRITE), 0);
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, KVA + MiB, 0x100000, MiB,
				  VM_WRITE | VM_SECTION), 0);
	c = vm_space_create();
	TAP_ASSERT(c);
	TAP_ASSERT(walk_is(KVA, 0x5000));	/* live in a, the current one */
	TAP_ASSERT(walk_is(KVA + MiB + 8, 0x100008));
	TAP_ASSERT_EQ(vm_translate(c, KVA, &pa, &fl), 0);
	TAP_ASSERT_EQ(pa, 0x5000);
	TAP_ASSERT_EQ(fl, VM_WRITE);
	TAP_ASSERT_EQ(vm_translate(&vm_kernel, KVA + MiB, &pa, &fl), 0);
	TAP_ASSERT_EQ(fl, VM_WRITE | VM_SECTION);
	/* a user mapping may not reach the kernel half */
	TAP_ASSERT_EQ(add_mapping(a, KVA + 4 * PG, 0, PG, RW), -EINVAL);
	TAP_ASSERT_EQ(add_mapping(a, VM_USER_END - PG, 0, 2 * PG, 0), -EINVAL);

	TAP_ASSERT_EQ(remove_mapping(c, KVA, PG), 0);
	TAP_ASSERT_EQ(remove_mapping(a, KVA + MiB, MiB), 0);
	TAP_ASSERT(walk_faults(KVA));
	TAP_ASSERT(walk_faults(KVA + MiB));
	TAP_ASSERT_EQ(vm_translate(b, KVA, &pa, &fl), -ENOENT);
	TAP_ASSERT_EQ(vm_translate(&vm_kernel, KVA + MiB, &pa, &fl), -ENOENT);
	TAP_ASSERT_EQ(*pgd_entry(b, KVA), 0);
	vm_space_switch(&vm_kernel);
	vm_space_destroy(a);
	vm_space_destroy(b);
	vm_space_destroy(c);
	TAP_ASSERT(restored());
}

/* What task_map() charges against a quota: only first-level entries still empty. */
TAP_TEST(tables_missing)
{
	setup();
	TAP_ASSERT_EQ(vm_tables_missing(&vm_kernel, 0x10000000, 3 * MiB), 3);
	TAP_ASSERT_EQ(vm_tables_missing(&vm_kernel, 0x100ff000, 2 * PG), 2);
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, 0x10100000, 0x200000, PG, RW), 0);
	TAP_ASSERT_EQ(vm_tables_missing(&vm_kernel, 0x10000000, 3 * MiB), 2);
	TAP_ASSERT_EQ(vm_tables_missing(&vm_kernel, 0x101ff000, PG), 0);
	TAP_ASSERT_EQ(vm_tables_missing(&vm_kernel, 0x100ff000, 2 * PG), 1);
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, 0x10200000, 0x300000, MiB,
				  RW | VM_SECTION), 0);
	TAP_ASSERT_EQ(vm_tables_missing(&vm_kernel, 0x10000000, 3 * MiB), 1);
	TAP_ASSERT_EQ(remove_mapping(&vm_kernel, 0x10100000, 2 * MiB), 0);
	TAP_ASSERT_EQ(vm_tables_missing(&vm_kernel, 0x10000000, 3 * MiB), 3);
	TAP_ASSERT(restored());
}

TAP_TEST(sections)
{
	paddr_t pa;
	unsigned int fl;

	setup();
	/* 2 MiB + 8 KiB at an aligned va and pa: two sections and pages */
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, 0x10000000, 0x200000,
				  2 * MiB + 2 * PG, RW | VM_SECTION), 0);
	TAP_ASSERT_EQ(l2_inuse(), 1);
	TAP_ASSERT_EQ(vm_translate(&vm_kernel, 0x10100010, &pa, &fl), 0);
	TAP_ASSERT_EQ(pa, 0x300010);
	TAP_ASSERT_EQ(fl, RW | VM_SECTION);
	TAP_ASSERT_EQ(vm_translate(&vm_kernel, 0x10201000, &pa, &fl), 0);
	TAP_ASSERT_EQ(pa, 0x401000);
	TAP_ASSERT_EQ(fl, RW);
	TAP_ASSERT(walk_is(0x10000004, 0x200004));
	/* overlaps and partial sections */
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, 0x10080000, 0, PG, RW), -EEXIST);
	TAP_ASSERT_EQ(remove_mapping(&vm_kernel, 0x10080000, PG), -EINVAL);
	TAP_ASSERT_EQ(change_mapping(&vm_kernel, 0x10000000, 0x1000, MiB, RW),
		      -EINVAL);
	TAP_ASSERT_EQ(change_mapping(&vm_kernel, 0x10000000, 0x500000, MiB,
				     VM_USER), 0);
	TAP_ASSERT_EQ(vm_translate(&vm_kernel, 0x10000000, &pa, &fl), 0);
	TAP_ASSERT_EQ(pa, 0x500000);
	TAP_ASSERT_EQ(fl, VM_USER | VM_SECTION);
	/* unaligned pa: small pages even when asked for sections */
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, 0x20000000, 0x1000, MiB,
				  RW | VM_SECTION), 0);
	TAP_ASSERT_EQ(vm_translate(&vm_kernel, 0x20000000, &pa, &fl), 0);
	TAP_ASSERT_EQ(fl, RW);
	rec_reset();
	TAP_ASSERT_EQ(remove_mapping(&vm_kernel, 0x10000000, 3 * MiB), 0);
	TAP_ASSERT(rec_is(0, REC_DC_CLEAN_INV_ALL, 0, 0));
	TAP_ASSERT(rec_is(rec_len - 1, REC_TLB_INV_ALL, 0, 0));
	TAP_ASSERT(walk_faults(0x10100000));
	TAP_ASSERT_EQ(remove_mapping(&vm_kernel, 0x20000000, MiB), 0);
	TAP_ASSERT(restored());
}

TAP_TEST(argument_errors)
{
	setup();
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, UVA + 1, 0, PG, RW), -EINVAL);
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, UVA, 0x10, PG, RW), -EINVAL);
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, UVA, 0, PG + 1, RW), -EINVAL);
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, UVA, 0, 0, RW), -EINVAL);
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, UVA, 0, PG, 1u << 12), -EINVAL);
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, UVA, 0xFFFFF000, 2 * PG, 0),
		      -EINVAL);
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, 0xFFFF0000, 0, PG, 0), -EINVAL);
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, 0xFFF00000 - PG, 0, 2 * PG, 0),
		      -EINVAL);
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, 0xFFFFF000, 0, 2 * PG, 0), -EINVAL);
	TAP_ASSERT_EQ(remove_mapping(&vm_kernel, UVA, 0), -EINVAL);
	TAP_ASSERT_EQ(remove_mapping(&vm_kernel, UVA + 4, PG), -EINVAL);
	/* one page takes a short path: the same checks */
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, 0xD0000000, 0, PG, VM_USER),
		      -EINVAL);
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, UVA, 0, PG, VM_EXEC | VM_UNCACHED),
		      -EINVAL);
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, 0xFFF00000, 0, PG, 0), -EINVAL);
	TAP_ASSERT_EQ(remove_mapping(&vm_kernel, 0xFFF00000, PG), -EINVAL);
	TAP_ASSERT_EQ(remove_mapping(&vm_kernel, 0xFFFFF000, PG), -EINVAL);
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, UVA, 0, 4 * PG, RW), 0);
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, UVA - PG, 0, 2 * PG, RW), -EEXIST);
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, UVA + 3 * PG, 0, PG, RW), -EEXIST);
	/* the linear map is not the API's */
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, 0xC0000000, 0, PG, VM_WRITE),
		      -EINVAL);
	TAP_ASSERT_EQ(rec_count(REC_DC_CLEAN_INV_RANGE), 0);
	TAP_ASSERT_EQ(l2_inuse(), 1);
	TAP_ASSERT_EQ(remove_mapping(&vm_kernel, UVA, 4 * PG), 0);
	TAP_ASSERT(restored());
}

/*
 * The kernel half outside the mapping window belongs to head.S and mmu.c:
 * the linear map (phys_to_virt relies on all of it, trimmed part
 * included), the device window and the vectors' MiB.
 */
TAP_TEST(kernel_half_outside_window_refused)
{
	paddr_t pa;
	unsigned int fl;

	setup();
	TAP_ASSERT_EQ(remove_mapping(&vm_kernel, 0xC0000000, MiB), -EINVAL);
	TAP_ASSERT_EQ(remove_mapping(&vm_kernel, 0xC0008000, PG), -EINVAL);
	TAP_ASSERT_EQ(change_mapping(&vm_kernel, 0xC0000000, 0, MiB, VM_WRITE),
		      -EINVAL);
	TAP_ASSERT_EQ(change_mapping(&vm_kernel, 0xC0000000, 0x100000, MiB,
				     VM_WRITE | VM_DEVICE), -EINVAL);
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, 0xC0000000 + RAM, 0, PG,
				  VM_WRITE), -EINVAL);
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, 0xCFF00000, 0, MiB,
				  VM_WRITE | VM_SECTION), -EINVAL);
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, 0xF1000000, 0x10000000, PG,
				  VM_WRITE | VM_DEVICE), -EINVAL);
	TAP_ASSERT_EQ(remove_mapping(&vm_kernel, 0xF1000000, 2 * MiB), -EINVAL);
	TAP_ASSERT_EQ(change_mapping(&vm_kernel, 0xF1000000, 0x10000000, PG,
				     VM_WRITE | VM_DEVICE), -EINVAL);
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, 0xFFF00000, 0, PG, 0), -EINVAL);
	TAP_ASSERT_EQ(remove_mapping(&vm_kernel, 0xFFFF0000, PG), -EINVAL);
	TAP_ASSERT_EQ(change_mapping(&vm_kernel, 0xFFFF0000, 0, PG, 0), -EINVAL);
	TAP_ASSERT_EQ(rec_len, 0);
	TAP_ASSERT(walk_is(0xC0000010, 0x10));
	TAP_ASSERT_EQ(vm_translate(&vm_kernel, 0xC0000000, &pa, &fl), 0);
	TAP_ASSERT_EQ(fl, VM_WRITE | VM_SECTION);
	/* the window's edges, and ranges that leave it */
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, VM_KMAP_START - PG, 0, PG, 0),
		      -EINVAL);
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, VM_KMAP_START - PG, 0, 2 * PG, 0),
		      -EINVAL);
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, VM_KMAP_END - PG, 0, 2 * PG, 0),
		      -EINVAL);
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, VM_KMAP_END, 0, PG, 0), -EINVAL);
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, VM_KMAP_START, 0, PG, 0), 0);
	TAP_ASSERT_EQ(add_mapping(&vm_kernel, VM_KMAP_END - PG, 0, PG, 0), 0);
	TAP_ASSERT_EQ(remove_mapping(&vm_kernel, VM_KMAP_START, PG), 0);
	TAP_ASSERT_EQ(remove_mapping(&vm_kernel, VM_KMAP_END - PG, PG), 0);
	TAP_ASSERT(restored());
}

static bool range_unmapped(struct vm_space *s, vaddr_t va, size_t size)
{
	paddr_t pa;
	unsigned int fl;

	for (vaddr_t v = va; v < va + size; v += PG)
		if (vm_translate(s, v, &pa, &fl) != -ENOENT)
			return false;
	return true;
}

TAP_TEST(fault_injection_every_allocation)
{
	/* 5 MiB across six MiBs: six tables to allocate */
	const vaddr_t va = 0x00F00000 + 3 * PG;
	const size_t size = 5 * MiB;
	struct vm_space *s;
	int err;

	setup();
	for (uint32_t n = 1;; n++) {
		fault_inject_set(FAULT_NTH, n, 0);
		err = add_mapping(&vm_kernel, va, 0, size, RW);
		fault_inject_set(FAULT_OFF, 0, 0);
		if (!err)
			break;
		TAP_ASSERT_EQ(err, -ENOMEM);
		TAP_ASSERT(range_unmapped(&vm_kernel, va, size));
		TAP_ASSERT(restored());
	}
	TAP_ASSERT_EQ(l2_inuse(), 6);
	TAP_ASSERT_EQ(remove_mapping(&vm_kernel, va, size), 0);
	TAP_ASSERT(restored());
	/* space creation: two allocations */
	for (uint32_t n = 1; n <= 2; n++) {
		fault_inject_set(FAULT_NTH, n, 0);
		s = vm_space_create();
		fault_inject_set(FAULT_OFF, 0, 0);
		TAP_ASSERT(s == NULL);
		TAP_ASSERT(restored());
	}
}

/*
 * The random test's model: a window of user pages in each space and one
 * window of the kernel half, shared. Sections are 1 MiB-aligned groups of
 * pages that all carry VM_SECTION.
 */
#define NSPACES		4
#define WIN_PAGES	2048		/* 8 MiB */
#define UWIN		0x00100000u
#define KWIN		0xE0000000u

struct model_page {
	bool mapped;
	paddr_t pa;
	unsigned int flags;
};

static struct vm_space *spaces[NSPACES + 1];	/* [NSPACES] = vm_kernel */
static struct model_page user_model[NSPACES + 1][WIN_PAGES];
static struct model_page kernel_model[WIN_PAGES];
static uint32_t rng = 12345;

static uint32_t rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng % n;
}

static struct model_page *model_of(int sp, vaddr_t va)
{
	if (va >= KWIN)
		return &kernel_model[(va - KWIN) / PG];
	return &user_model[sp][(va - UWIN) / PG];
}

static int expect_add(int sp, vaddr_t va, size_t size)
{
	for (vaddr_t v = va; v < va + size; v += PG)
		if (model_of(sp, v)->mapped)
			return -EEXIST;
	return 0;
}

static void model_add(int sp, vaddr_t va, paddr_t pa, size_t size,
		      unsigned int flags)
{
	for (vaddr_t v = va; v < va + size; v += PG) {
		struct model_page *m = model_of(sp, v);
		vaddr_t mb = v & ~(MiB - 1);
		bool sect = (flags & VM_SECTION) && mb >= va &&
			    mb + MiB <= va + size &&
			    ((pa + (mb - va)) & (MiB - 1)) == 0;

		*m = (struct model_page){ true, pa + (v - va),
			(flags & ~(VM_SECTION | VM_EXEC)) | (sect ? VM_SECTION : 0) |
			(flags & VM_EXEC) };
	}
}

/* -EINVAL if [va, va + size) holds part of a section. */
static int expect_partial(int sp, vaddr_t va, size_t size)
{
	vaddr_t first = va & ~(MiB - 1), last = (va + size - 1) & ~(MiB - 1);

	for (vaddr_t mb = first; mb <= last; mb += MiB) {
		struct model_page *m = model_of(sp, mb);

		if (m->mapped && (m->flags & VM_SECTION) &&
		    (mb < va || mb + MiB > va + size))
			return -EINVAL;
	}
	return 0;
}

static int expect_change(int sp, vaddr_t va, paddr_t pa, size_t size)
{
	if (expect_partial(sp, va, size))
		return -EINVAL;
	for (vaddr_t v = va; v < va + size; v += PG) {
		struct model_page *m = model_of(sp, v);

		if (!m->mapped)
			return -EINVAL;
		if ((m->flags & VM_SECTION) && !(v & (MiB - 1)) &&
		    ((pa + (v - va)) & (MiB - 1)))
			return -EINVAL;
	}
	return 0;
}

static bool page_ok(int sp, vaddr_t va)
{
	struct model_page *m = model_of(sp, va);
	paddr_t pa;
	unsigned int fl;
	int err = vm_translate(spaces[sp], va, &pa, &fl);

	if (!m->mapped)
		return err == -ENOENT;
	if (err || pa != m->pa || (fl & ~VM_EXEC) != (m->flags & ~VM_EXEC))
		return false;
	if ((m->flags & VM_EXEC) && !(fl & VM_EXEC))
		return false;
	if (spaces[sp] == vm_space_current() || va >= KWIN)
		return m->mapped ? walk_is(va, m->pa) : walk_faults(va);
	return true;
}

static bool range_ok(int sp, vaddr_t va, size_t size)
{
	for (vaddr_t v = va; v < va + size; v += PG)
		if (!page_ok(sp, v))
			return false;
	return true;
}

static unsigned int random_flags(void)
{
	static const unsigned int cache[] = {
		VM_CACHED, VM_WRITETHROUGH, VM_UNCACHED, VM_DEVICE,
	};
	unsigned int f = cache[rnd(4)] | (rnd(2) ? VM_WRITE : 0) |
			 (rnd(3) ? VM_SECTION : 0);

	if ((f & VM_CACHE_MASK) <= VM_WRITETHROUGH && !rnd(4))
		f |= VM_EXEC;
	return f;
}

static void random_range(int sp, bool kernel, vaddr_t *va, size_t *size)
{
	vaddr_t base = kernel ? KWIN : UWIN;
	uint32_t first, n;

	(void)sp;
	if (rnd(5) == 0) {		/* whole MiBs, for sections */
		first = rnd(WIN_PAGES / 256) * 256;
		n = 256 * (1 + rnd(2));
	} else {
		first = rnd(WIN_PAGES);
		n = 1 + rnd(rnd(8) ? 16 : 700);
	}
	if (first + n > WIN_PAGES)
		n = WIN_PAGES - first;
	*va = base + first * PG;
	*size = n * PG;
}

static paddr_t random_pa(size_t size, bool section)
{
	paddr_t pa = section ? rnd(RAM / MiB) * MiB : rnd(RAM / PG) * PG;

	if (pa + size > RAM)
		pa = 0;
	return pa;
}

static int random_step(void)
{
	int sp = rnd(NSPACES + 1), err, want;
	bool kernel = rnd(6) == 0;
	unsigned int flags = random_flags() | (kernel ? 0 : VM_USER);
	vaddr_t va;
	size_t size;
	paddr_t pa;

	random_range(sp, kernel, &va, &size);
	pa = random_pa(size, !(size & (MiB - 1)));
	switch (rnd(7)) {
	case 0: case 1: case 2:
		want = expect_add(sp, va, size);
		err = add_mapping(spaces[sp], va, pa, size, flags);
		if (err == -ENOMEM && fault_inject_armed) {
			if (!range_ok(sp, va, size))
				return -1;
			return 0;
		}
		if (err != want)
			return -2;
		if (!err)
			model_add(sp, va, pa, size, flags);
		break;
	case 3: case 4:
		want = expect_partial(sp, va, size);
		err = remove_mapping(spaces[sp], va, size);
		if (err != want)
			return -3;
		for (vaddr_t v = va; !err && v < va + size; v += PG)
			model_of(sp, v)->mapped = false;
		break;
	case 5:
		want = expect_change(sp, va, pa, size);
		err = change_mapping(spaces[sp], va, pa, size, flags);
		if (err != want)
			return -4;
		for (vaddr_t v = va; !err && v < va + size; v += PG) {
			struct model_page *m = model_of(sp, v);

			m->pa = pa + (v - va);
			m->flags = (flags & ~VM_SECTION) | (m->flags & VM_SECTION);
		}
		break;
	default:
		vm_space_switch(spaces[sp]);
		return 0;
	}
	return range_ok(sp, va, size) ? 0 : -5;
}

static bool all_ok(void)
{
	for (int sp = 0; sp <= NSPACES; sp++)
		if (!range_ok(sp, UWIN, WIN_PAGES * PG) ||
		    !range_ok(sp, KWIN, WIN_PAGES * PG))
			return false;
	return true;
}

static void random_run(uint32_t steps, uint32_t fault_ppm)
{
	int err;

	setup();
	memset(user_model, 0, sizeof(user_model));
	memset(kernel_model, 0, sizeof(kernel_model));
	for (int sp = 0; sp < NSPACES; sp++) {
		spaces[sp] = vm_space_create();
		TAP_ASSERT(spaces[sp]);
	}
	spaces[NSPACES] = &vm_kernel;
	fault_inject_set(fault_ppm ? FAULT_RANDOM : FAULT_OFF, fault_ppm, 99);
	for (uint32_t i = 0; i < steps; i++) {
		err = random_step();
		if (err) {
			tap_fail(__FILE__, __LINE__, "step %u failed (%d)", i, err);
			return;
		}
		if (i % 500 == 0)
			TAP_ASSERT(all_ok());
	}
	fault_inject_set(FAULT_OFF, 0, 0);
	TAP_ASSERT(all_ok());
	vm_space_switch(&vm_kernel);
	TAP_ASSERT_EQ(remove_mapping(&vm_kernel, UWIN, WIN_PAGES * PG), 0);
	TAP_ASSERT_EQ(remove_mapping(&vm_kernel, KWIN, WIN_PAGES * PG), 0);
	for (int sp = 0; sp < NSPACES; sp++)
		vm_space_destroy(spaces[sp]);
	TAP_ASSERT(restored());
}

TAP_TEST(random_against_model)
{
	random_run(20000, 0);
}

TAP_TEST(random_with_fault_injection)
{
	random_run(20000, 200000);
}

int main(void)
{
	shim_quiet = true;
	return tap_main();
}
