/* In-kernel tests of the buddy allocator over the board's real RAM. */
#include <arch/memory.h>
#include <kernel/ktest.h>
#include <mm/buddy.h>
#include <mm/fault_inject.h>

#include "mm_ktest.h"

KTEST(buddy, boot_state)
{
	struct buddy_stats st;

	buddy_stats(&st);
	KT_ASSERT_EQ(buddy_check(), 0);
	KT_ASSERT(st.free_frames > 0);
	KT_ASSERT(st.free_frames + st.reserved_frames <= st.total_frames);
	KT_ASSERT_EQ(st.meta_bytes, buddy_meta_bytes(st.total_frames));
	KT_ASSERT_EQ(buddy_frame_state(virt_to_phys(_kernel_start), NULL),
		     FRAME_RESERVED);
	KT_ASSERT_EQ(buddy_frame_state(virt_to_phys(_kernel_end) - 1, NULL),
		     FRAME_RESERVED);
	KT_ASSERT_EQ(buddy_frame_state(buddy_meta_end() - PAGE_SIZE, NULL),
		     FRAME_RESERVED);
}

/*
 * Every order the buddy has a block of can be taken, aligned, and every
 * larger one is refused; each block goes back before the next is taken, so
 * that small RAM (2 MiB) has every order it can have.
 */
KTEST(buddy, every_order)
{
	uint64_t before = mm_layout_hash();
	struct buddy_stats st;
	unsigned int o, largest = 0, bad = 0;
	paddr_t pa;

	buddy_drain();
	buddy_stats(&st);
	for (o = 0; o < BUDDY_MAX_ORDER; o++)
		if (st.free_blocks[o])
			largest = o;
	for (o = 0; o < BUDDY_MAX_ORDER; o++) {
		pa = buddy_alloc(o);
		if (o <= largest && (pa == BUDDY_NONE || !IS_ALIGNED(pa, PAGE_SIZE << o)))
			bad++;
		if (o > largest && pa != BUDDY_NONE)
			bad++;
		if (pa != BUDDY_NONE)
			buddy_free(pa, o);
	}
	KT_ASSERT_EQ(bad, 0);
	KT_ASSERT_EQ(buddy_check(), 0);
	KT_ASSERT_EQ(mm_layout_hash(), before);
}

/*
 * Takes blocks of the given order until the buddy has none left, chained
 * through their first word; returns the chain and the count.
 */
static paddr_t exhaust(unsigned int order, uint32_t *count)
{
	paddr_t head = BUDDY_NONE, pa;

	while ((pa = buddy_alloc(order)) != BUDDY_NONE) {
		*(paddr_t *)phys_to_virt(pa) = head;
		head = pa;
		(*count)++;
	}
	return head;
}

static void release(paddr_t head, unsigned int order)
{
	while (head != BUDDY_NONE) {
		paddr_t pa = head;

		head = *(paddr_t *)phys_to_virt(pa);
		buddy_free(pa, order);
	}
}

KTEST(buddy, exhaust_every_frame)
{
	uint64_t before = mm_layout_hash();
	struct buddy_stats st, empty;
	uint32_t n = 0;
	paddr_t chain;
	int err;

	buddy_stats(&st);
	chain = exhaust(0, &n);
	buddy_stats(&empty);
	err = buddy_check();
	release(chain, 0);
	ktest_note("buddy: took and gave back %u frames", n);
	KT_ASSERT_EQ(n, st.free_frames);
	KT_ASSERT_EQ(empty.free_frames, 0);
	KT_ASSERT_EQ(err, 0);
	KT_ASSERT_EQ(buddy_check(), 0);
	KT_ASSERT_EQ(mm_layout_hash(), before);
}

KTEST(buddy, exhaust_largest_first)
{
	uint64_t before = mm_layout_hash();
	struct buddy_stats st;
	paddr_t chain[BUDDY_MAX_ORDER];
	uint32_t frames = 0, n;
	int o;

	buddy_stats(&st);
	for (o = BUDDY_MAX_ORDER - 1; o >= 0; o--) {
		n = 0;
		chain[o] = exhaust(o, &n);
		frames += n << o;
	}
	for (o = 0; o < BUDDY_MAX_ORDER; o++)
		release(chain[o], o);
	KT_ASSERT_EQ(frames, st.free_frames);
	KT_ASSERT_EQ(buddy_check(), 0);
	KT_ASSERT_EQ(mm_layout_hash(), before);
}

KTEST(buddy, fault_injection)
{
	uint64_t before = mm_layout_hash();
	unsigned int i, failed = 0;
	paddr_t pa;

	fault_inject_set(FAULT_EVERY, 2, 0);
	for (i = 0; i < 100; i++) {
		pa = buddy_alloc(i % 3);
		if (pa == BUDDY_NONE)
			failed++;
		else
			buddy_free(pa, i % 3);
	}
	fault_inject_set(FAULT_OFF, 0, 0);
	KT_ASSERT_EQ(failed, 50);
	KT_ASSERT_EQ(buddy_check(), 0);
	KT_ASSERT_EQ(mm_layout_hash(), before);
}
