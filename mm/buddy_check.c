/*
 * buddy_check(): validates the buddy's invariants.
 *
 * 1. Every free list is a well-formed circular list whose nodes are the
 *    first bytes of FRAME_FREE head frames of the list's order, naturally
 *    aligned, inside RAM, each visited once (marked, so a block on two
 *    lists or a cycle shows); list lengths match the counters and the
 *    nonempty mask.
 * 2. Walking RAM block by block from the first frame: every frame belongs
 *    to exactly one block (reserved frames are blocks of one), heads are
 *    aligned and fit, tails say FRAME_TAIL (or FRAME_SLAB with their slab's
 *    header), every FRAME_FREE head was marked by a list walk, every
 *    FRAME_HOT frame was marked by the hot-cache walk (which marks each
 *    entry once, so a repeated entry shows).
 * 3. Conservation: free + hot + allocated + reserved == total, and the
 *    free and reserved counters agree with what the walk found.
 */
#include <kernel/printk.h>
#include <mm/buddy.h>
#include <uapi/errno.h>

#include "internal.h"

struct walk {
	uint32_t free, hot, allocated, reserved;
};

static int __printf(1, 2) check_fail(const char *fmt, ...)
{
	va_list ap;

	printk("buddy_check: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	return -EINVAL;
}

static int check_list(unsigned int order)
{
	const struct list *head = &buddy.area[order].list;
	const struct list *n, *prev = head;
	uint32_t count = 0;

	for (n = head->next; n != head; prev = n, n = n->next) {
		paddr_t pa = virt_to_phys(n);
		struct frame *f = frame_of(pa);

		if (!f || !IS_ALIGNED(pa, PAGE_SIZE << order))
			return check_fail("order %u list: bad node %p", order, n);
		if (n->prev != prev)
			return check_fail("order %u list: 0x%x has a broken back link",
					  order, pa);
		if (f->state != FRAME_FREE || f->order != order)
			return check_fail("order %u list: 0x%x has state %u order %u",
					  order, pa, f->state, f->order);
		if (f->mark)
			return check_fail("0x%x is on two free lists (or a cycle)", pa);
		if (++count > buddy.area[order].nr_free)
			return check_fail("order %u list longer than its count %u",
					  order, buddy.area[order].nr_free);
		f->mark = 1;
	}
	if (head->prev != prev)
		return check_fail("order %u list: broken tail link", order);
	if (order == BUDDY_TOP_ORDER)
		count += (buddy.lazy_end - buddy.lazy_start) >> BUDDY_TOP_ORDER;
	if (count != buddy.area[order].nr_free)
		return check_fail("order %u list has %u blocks, count says %u",
				  order, count, buddy.area[order].nr_free);
	if (!!(buddy.nonempty & (1u << order)) != !!count)
		return check_fail("order %u nonempty bit wrong", order);
	return 0;
}

static int check_hot(void)
{
	uint32_t i;

	if (buddy.nr_hot > BUDDY_HOT_MAX)
		return check_fail("hot cache count %u", buddy.nr_hot);
	for (i = 0; i < buddy.nr_hot; i++) {
		struct frame *f = frame_of((paddr_t)buddy.hot[i] << PAGE_SHIFT);

		if (!f || f->state != FRAME_HOT)
			return check_fail("hot cache entry %u (pfn 0x%x) not a hot frame",
					  i, buddy.hot[i]);
		if (f->mark)
			return check_fail("pfn 0x%x is twice in the hot cache",
					  buddy.hot[i]);
		f->mark = 1;
	}
	return 0;
}

static int check_tails(pfn_t head, const struct frame *f, uint32_t n)
{
	uint32_t i;

	for (i = 1; i < n; i++) {
		const struct frame *t = &f[i];
		bool ok = f->state == FRAME_SLAB ?
			  t->state == FRAME_SLAB && t->data == f->data &&
			  t->order == f->order :
			  t->state == FRAME_TAIL && t->data == 0;

		if (!ok)
			return check_fail("block 0x%x order %u: frame 0x%x has state %u",
					  head << PAGE_SHIFT, f->order,
					  (head + i) << PAGE_SHIFT, t->state);
	}
	return 0;
}

/* Checks the block whose head is at index i; returns its size or 0. */
static uint32_t walk_block(uint32_t i, struct walk *w, int *err)
{
	struct frame *f = &mm_ram.frames[i];
	pfn_t pfn = mm_ram.base_pfn + i;
	uint32_t n;

	switch (f->state) {
	case FRAME_RESERVED:
		w->reserved++;
		return 1;
	case FRAME_HOT:
		if (!f->mark) {
			*err = check_fail("hot frame 0x%x is not in the hot cache",
					  pfn << PAGE_SHIFT);
			return 0;
		}
		f->mark = 0;
		w->hot++;
		return 1;
	case FRAME_FREE:
	case FRAME_ALLOC:
	case FRAME_TASK:
	case FRAME_KMALLOC:
	case FRAME_SLAB:
		break;
	default:
		*err = check_fail("frame 0x%x: state %u outside any block",
				  pfn << PAGE_SHIFT, f->state);
		return 0;
	}
	n = 1u << f->order;
	if (f->order >= BUDDY_MAX_ORDER || !IS_ALIGNED(pfn, n) ||
	    n > mm_ram.nr_frames - i) {
		*err = check_fail("block 0x%x: bad order %u",
				  pfn << PAGE_SHIFT, f->order);
		return 0;
	}
	if (f->state == FRAME_FREE) {
		if (!f->mark) {
			*err = check_fail("free block 0x%x is on no list",
					  pfn << PAGE_SHIFT);
			return 0;
		}
		f->mark = 0;
		w->free += n;
	} else {
		w->allocated += n;
	}
	if (frame_pristine(i)) {
		if (f->state != FRAME_FREE || f->order != BUDDY_TOP_ORDER) {
			*err = check_fail("pristine block 0x%x has state %u order %u",
					  pfn << PAGE_SHIFT, f->state, f->order);
			return 0;
		}
		return n;	/* its tails are FRAME_TAIL by definition */
	}
	*err = check_tails(pfn, f, n);
	return *err ? 0 : n;
}

/* The lazy run at index i: every block pristine; returns its frames or 0. */
static uint32_t lazy_check(uint32_t i)
{
	uint32_t n = buddy.lazy_end - buddy.lazy_start, k;

	if (!IS_ALIGNED(buddy.lazy_start, 1u << BUDDY_TOP_ORDER) ||
	    !IS_ALIGNED(n, 1u << BUDDY_TOP_ORDER) || n > mm_ram.nr_frames - i) {
		check_fail("lazy run 0x%x-0x%x is not whole top-order blocks in RAM",
			   buddy.lazy_start << PAGE_SHIFT, buddy.lazy_end << PAGE_SHIFT);
		return 0;
	}
	for (k = 0; k < n; k += 1u << BUDDY_TOP_ORDER)
		if (!frame_pristine(i + k)) {
			check_fail("lazy block 0x%x is not pristine",
				   (buddy.lazy_start + k) << PAGE_SHIFT);
			return 0;
		}
	return n;
}

static int check_frames(struct walk *w)
{
	uint32_t i = 0, n;
	int err = 0;

	while (i < mm_ram.nr_frames) {
		if (mm_ram.base_pfn + i == buddy.lazy_start &&
		    buddy.lazy_start != buddy.lazy_end) {
			n = lazy_check(i);
			if (!n)
				return -EINVAL;
			w->free += n;
			i += n;
			continue;
		}
		n = walk_block(i, w, &err);
		if (!n)
			return err;
		i += n;
	}
	return 0;
}

static int check_counts(const struct walk *w)
{
	if (w->free + w->hot != buddy.nr_free)
		return check_fail("%u free + %u hot frames, counter says %u",
				  w->free, w->hot, buddy.nr_free);
	if (w->hot != buddy.nr_hot)
		return check_fail("%u hot frames, hot cache holds %u",
				  w->hot, buddy.nr_hot);
	if (w->reserved != buddy.nr_reserved)
		return check_fail("%u reserved frames, counter says %u",
				  w->reserved, buddy.nr_reserved);
	if (w->free + w->hot + w->allocated + w->reserved != mm_ram.nr_frames)
		return check_fail("free %u + hot %u + allocated %u + reserved %u != total %u",
				  w->free, w->hot, w->allocated, w->reserved,
				  mm_ram.nr_frames);
	return 0;
}

int buddy_check(void)
{
	struct walk w = { 0 };
	unsigned int order;
	int err = 0;
	uint32_t i;

	if (mm_ram.pv_offset != phys_virt_offset)
		return check_fail("linear map offset 0x%lx, was 0x%lx at buddy_init",
				  (unsigned long)phys_virt_offset,
				  (unsigned long)mm_ram.pv_offset);
	for (order = 0; order < BUDDY_MAX_ORDER && !err; order++)
		err = check_list(order);
	if (!err)
		err = check_hot();
	if (!err)
		err = check_frames(&w);
	if (!err)
		err = check_counts(&w);
	if (err)
		for (i = 0; i < mm_ram.nr_frames; i++)
			mm_ram.frames[i].mark = 0;
	return err;
}
