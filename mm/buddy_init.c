/*
 * Handing RAM to the buddy at boot, and its statistics.
 *
 * The reserved ranges (metadata plus the caller's) are turned into sorted,
 * merged frame ranges; the gaps between them are carved into the largest
 * naturally aligned blocks that fit. Only block heads are written, and the
 * tails of blocks below the top order (those near the reserved ranges and
 * the ends of RAM); top-order blocks are left pristine (mm/internal.h), so
 * the cost follows the number of blocks, not frames.
 */
#include <string.h>

#include <kernel/panic.h>
#include <kernel/printk.h>
#include <mm/buddy.h>

#include "internal.h"

struct pfn_range {
	pfn_t start, end;
};

static void set_frames(pfn_t start, pfn_t end, enum frame_state state)
{
	frames_set(&mm_ram.frames[start - mm_ram.base_pfn], end - start, state);
}

/* Largest order of a block at pfn that is aligned and ends by end. */
static unsigned int block_order(pfn_t pfn, pfn_t end)
{
	unsigned int order = 31 - __builtin_clz(end - pfn);

	if (pfn && (unsigned int)__builtin_ctz(pfn) < order)
		order = __builtin_ctz(pfn);
	return order < BUDDY_MAX_ORDER - 1 ? order : BUDDY_MAX_ORDER - 1;
}

/* Makes the top-order blocks in [start, end) the lazy run; returns end. */
static pfn_t lazy_range(pfn_t start, pfn_t end)
{
	uint32_t n = (end - start) >> BUDDY_TOP_ORDER;

	memset(pristine_byte(start - mm_ram.base_pfn), 1, n);
	buddy.lazy_start = start;
	buddy.lazy_end = end;
	buddy.area[BUDDY_TOP_ORDER].nr_free += n;
	buddy.nonempty |= 1u << BUDDY_TOP_ORDER;
	buddy.nr_free += end - start;
	return end;
}

static void free_range(pfn_t start, pfn_t end)
{
	while (start < end) {
		unsigned int order = block_order(start, end);

		if (order == BUDDY_TOP_ORDER && buddy.lazy_start == buddy.lazy_end) {
			start = lazy_range(start, start + ((end - start) &
					   ~((1u << BUDDY_TOP_ORDER) - 1)));
			continue;
		}
		struct frame *f = &mm_ram.frames[start - mm_ram.base_pfn];
		struct list *node = phys_to_virt((paddr_t)start << PAGE_SHIFT);

		f->state = FRAME_FREE;
		f->order = order;
		f->mark = 0;
		f->data = 0;
		if (order == BUDDY_TOP_ORDER)
			*pristine_byte(start - mm_ram.base_pfn) = 1;
		else
			set_frames(start + 1, start + (1u << order), FRAME_TAIL);
		list_add_tail(node, &buddy.area[order].list);
		buddy.area[order].nr_free++;
		buddy.nonempty |= 1u << order;
		buddy.nr_free += 1u << order;
		start += 1u << order;
	}
}

/* Clips [start, end) to RAM in whole frames; false if nothing is left. */
static bool range_to_pfns(paddr_t start, paddr_t end, struct pfn_range *r)
{
	pfn_t ram_end = mm_ram.base_pfn + mm_ram.nr_frames;

	r->start = start >> PAGE_SHIFT;
	r->end = (end >> PAGE_SHIFT) + !IS_ALIGNED(end, PAGE_SIZE);
	if (r->start < mm_ram.base_pfn)
		r->start = mm_ram.base_pfn;
	if (r->end > ram_end)
		r->end = ram_end;
	return r->start < r->end;
}

static void sort_ranges(struct pfn_range *r, unsigned int n)
{
	unsigned int i, j;

	for (i = 1; i < n; i++) {
		struct pfn_range x = r[i];

		for (j = i; j && r[j - 1].start > x.start; j--)
			r[j] = r[j - 1];
		r[j] = x;
	}
}

static void buddy_reset(void)
{
	unsigned int order;

	for (order = 0; order < BUDDY_MAX_ORDER; order++) {
		list_init(&buddy.area[order].list);
		buddy.area[order].nr_free = 0;
	}
	buddy.nonempty = 0;
	buddy.nr_hot = 0;
	buddy.nr_free = 0;
	buddy.nr_reserved = 0;
	buddy.lazy_start = buddy.lazy_end = 0;
	buddy_epoch++;
}

size_t buddy_init(paddr_t ram_base, paddr_t ram_size, paddr_t meta_start,
		  const struct mem_reserve *res, unsigned int nres)
{
	struct pfn_range r[BUDDY_MAX_RESERVE + 1];
	paddr_t start = ALIGN_UP(ram_base, PAGE_SIZE);
	paddr_t end = ALIGN_DOWN(ram_base + ram_size, PAGE_SIZE);
	unsigned int i, n = 0;
	pfn_t next;

	BUG_ON(end <= start || ram_base + ram_size < ram_base);
	BUG_ON(nres > BUDDY_MAX_RESERVE);
	BUG_ON(!IS_ALIGNED(meta_start, PAGE_SIZE) || meta_start < start);
	mm_ram.base_pfn = start >> PAGE_SHIFT;
	mm_ram.nr_frames = (end - start) >> PAGE_SHIFT;
	mm_ram.frames = phys_to_virt(meta_start);
	mm_ram.pv_offset = phys_virt_offset;
	mm_ram.vbase_pfn = (uintptr_t)phys_to_virt(start) >> PAGE_SHIFT;
	_Static_assert(sizeof(struct frame) == BUDDY_META_PER_FRAME, "meta size");
	mm_ram.top_skew = mm_ram.base_pfn & ((1u << BUDDY_TOP_ORDER) - 1);
	mm_ram.pristine = (uint8_t *)(mm_ram.frames + mm_ram.nr_frames);
	BUG_ON(!IS_ALIGNED(phys_virt_offset, PAGE_SIZE << BUDDY_TOP_ORDER));
	mm_ram.pristine_vbias = (uintptr_t)mm_ram.pristine -
				(mm_ram.vbase_pfn >> BUDDY_TOP_ORDER);
	buddy.meta_bytes = buddy_meta_bytes(mm_ram.nr_frames);
	buddy.meta_end = ALIGN_UP(meta_start + buddy.meta_bytes, PAGE_SIZE);
	if (buddy.meta_end > end || buddy.meta_end < meta_start)
		panic("buddy_init: metadata 0x%x-0x%x outside RAM 0x%x-0x%x",
		      meta_start, buddy.meta_end, start, end);
	buddy_reset();
	memset(mm_ram.pristine, 0, buddy.meta_bytes -
	       mm_ram.nr_frames * sizeof(struct frame));

	range_to_pfns(meta_start, buddy.meta_end, &r[n++]);
	for (i = 0; i < nres; i++)
		n += range_to_pfns(res[i].start, res[i].end, &r[n]);
	sort_ranges(r, n);

	next = mm_ram.base_pfn;
	for (i = 0; i < n; i++) {
		if (r[i].end <= next)
			continue;
		if (r[i].start > next)
			free_range(next, r[i].start);
		else
			r[i].start = next;
		set_frames(r[i].start, r[i].end, FRAME_RESERVED);
		buddy.nr_reserved += r[i].end - r[i].start;
		next = r[i].end;
	}
	free_range(next, mm_ram.base_pfn + mm_ram.nr_frames);
	return buddy.meta_bytes;
}

void buddy_unreserve(paddr_t start, paddr_t end)
{
	paddr_t meta_start = virt_to_phys(mm_ram.frames);
	struct pfn_range r;
	pfn_t pfn;

	BUG_ON(!IS_ALIGNED(start | end, PAGE_SIZE) || end <= start);
	BUG_ON(!range_to_pfns(start, end, &r) || r.start != start >> PAGE_SHIFT ||
	       r.end != end >> PAGE_SHIFT);
	BUG_ON(start < buddy.meta_end && end > meta_start);
	for (pfn = r.start; pfn < r.end; pfn++)
		BUG_ON(mm_ram.frames[pfn - mm_ram.base_pfn].state != FRAME_RESERVED);
	buddy.nr_reserved -= r.end - r.start;
	free_range(r.start, r.end);
}

paddr_t buddy_meta_end(void)
{
	return buddy.meta_end;
}

void buddy_stats(struct buddy_stats *st)
{
	unsigned int order;

	for (order = 0; order < BUDDY_MAX_ORDER; order++)
		st->free_blocks[order] = buddy.area[order].nr_free;
	st->hot_frames = buddy.nr_hot;
	st->free_frames = buddy.nr_free;
	st->reserved_frames = buddy.nr_reserved;
	st->total_frames = mm_ram.nr_frames;
	st->meta_bytes = buddy.meta_bytes;
}

void buddy_ram_range(paddr_t *start, paddr_t *end)
{
	*start = (paddr_t)mm_ram.base_pfn << PAGE_SHIFT;
	*end = (paddr_t)(mm_ram.base_pfn + mm_ram.nr_frames) << PAGE_SHIFT;
}

void buddy_print_stats(void)
{
	printk("buddy: %u free, %u reserved of %u frames, metadata %zu bytes\n",
	       buddy.nr_free, buddy.nr_reserved, mm_ram.nr_frames,
	       buddy.meta_bytes);
}
