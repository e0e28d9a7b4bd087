/*
 * The root task's frames: the kernel's buddy allocator (mm/buddy.c,
 * buddy_init.c and buddy_check.c, the same sources built a second time for
 * user space, pager/kshim.c) over the frames the kernel granted
 * (bootinfo->ranges).
 *
 * The buddy reaches memory through phys_to_virt(): its per-frame state
 * (the metadata) and its free lists, whose nodes are the first bytes of
 * the free blocks. So the root task maps every granted range read-write at
 * ROOT_RAM_VA + (pa - base), base being the first granted frame rounded
 * down to the buddy's largest block (the buddy wants the offset aligned to
 * it): the window is the root task's one view of its frames, and it fills
 * the frames it hands out through it too (frame_va()), so that no frame has
 * two cached addresses in its space (VIVT, docs/vm.md).
 *
 * The buddy covers the span from the first granted frame to the end of the
 * last; the frames between the ranges are the kernel's and stay reserved
 * (and unmapped). The grant may have up to MICA_BOOTINFO_RANGES ranges,
 * more than buddy_init() takes reserved ranges, so all of the span is
 * reserved at init and each range handed over with buddy_unreserve(). The
 * metadata takes the first pages of the first range that holds it.
 *
 * A block given to a task is FRAME_TASK with the task's slot as its owner
 * (frames_set_user()), so frames_reclaim() finds every frame of a dead task.
 */
#include <kernel/panic.h>
#include <mica.h>
#include <mm/buddy.h>
#include <stdio.h>

#include "root.h"

static uint32_t managed;	/* frames granted at boot */

/* Sets [*start, *end) to the span of the granted ranges; returns their frames. */
static uint32_t grant_span(paddr_t *start, paddr_t *end)
{
	uint32_t frames = 0;

	*start = BUDDY_NONE;
	*end = 0;
	for (unsigned int i = 0; i < bootinfo->nr_ranges; i++) {
		const struct mica_frame_range *r = &bootinfo->ranges[i];

		if (r->pa < *start)
			*start = r->pa;
		if (r->pa + r->pages * PAGE_SIZE > *end)
			*end = r->pa + r->pages * PAGE_SIZE;
		frames += r->pages;
	}
	return frames;
}

/* Maps every granted range at its place in the window. */
static void window_map(void)
{
	for (unsigned int i = 0; i < bootinfo->nr_ranges; i++) {
		const struct mica_frame_range *r = &bootinfo->ranges[i];
		int err = mica_map(MICA_TASK_SELF, (uintptr_t)phys_to_virt(r->pa),
				   r->pa, r->pages * PAGE_SIZE,
				   MAP_PHYS | MAP_READ | MAP_WRITE);

		if (err)
			panic("frames: cannot map 0x%08x (%u pages): %s", r->pa,
			      r->pages, mica_strerror(err));
	}
}

/* The first granted frame of a range of at least pages frames. */
static paddr_t meta_place(uint32_t pages)
{
	for (unsigned int i = 0; i < bootinfo->nr_ranges; i++)
		if (bootinfo->ranges[i].pages >= pages)
			return bootinfo->ranges[i].pa;
	panic("frames: no granted range holds the buddy's %u pages of metadata",
	      pages);
}

void frames_init(void)
{
	struct mem_reserve span;
	paddr_t meta, base;

	BUG_ON(!bootinfo->nr_ranges);
	managed = grant_span(&span.start, &span.end);
	base = ALIGN_DOWN(span.start, PAGE_SIZE << BUDDY_TOP_ORDER);
	if (span.end - base > ROOT_RAM_SIZE)
		panic("frames: the grant 0x%08x-0x%08x is larger than the window",
		      span.start, span.end);
	phys_virt_offset = ROOT_RAM_VA - base;
	window_map();
	meta = meta_place(buddy_meta_size(span.end - span.start) >> PAGE_SHIFT);
	buddy_init(span.start, span.end - span.start, meta, &span, 1);
	for (unsigned int i = 0; i < bootinfo->nr_ranges; i++) {
		const struct mica_frame_range *r = &bootinfo->ranges[i];
		paddr_t start = r->pa == meta ? buddy_meta_end() : r->pa;

		if (start < r->pa + r->pages * PAGE_SIZE)
			buddy_unreserve(start, r->pa + r->pages * PAGE_SIZE);
	}
	printf("root: buddy over 0x%08x-0x%08x: %u frames granted, %u for metadata\n",
	       span.start, span.end, managed,
	       (uint32_t)((buddy_meta_end() - meta) >> PAGE_SHIFT));
}

int frames_alloc(unsigned int order, uint32_t *pa)
{
	paddr_t p = buddy_alloc(order);

	if (p == BUDDY_NONE)
		return -ENOMEM;
	*pa = p;
	return 0;
}

int frame_alloc(uint32_t *pa)
{
	return frames_alloc(0, pa);
}

void frames_free_block(uint32_t pa, unsigned int order)
{
	buddy_free(pa, order);
}

void *frame_va(uint32_t pa)
{
	return phys_to_virt(pa);
}

void frames_set_user(uint32_t pa, unsigned int order, uint32_t task_slot)
{
	buddy_block_set(pa, order, FRAME_TASK, task_slot);
}

/*
 * Walks the span block by block and counts the frames of the blocks given
 * to task_slot, freeing them when reclaim says so.
 */
static uint32_t user_frames(uint32_t task_slot, bool reclaim)
{
	struct frame_info fi;
	paddr_t pa, end;
	uint32_t n = 0;

	buddy_ram_range(&pa, &end);
	while (pa < end) {
		enum frame_state st = buddy_frame_state(pa, &fi);
		uint32_t size = st == FRAME_FREE || st == FRAME_ALLOC ||
				st == FRAME_TASK ? 1u << fi.order : 1;

		if (st == FRAME_TASK && fi.data == task_slot) {
			n += size;
			if (reclaim)
				buddy_free(pa, fi.order);
		}
		pa += size * PAGE_SIZE;
	}
	return n;
}

uint32_t frames_reclaim(uint32_t task_slot)
{
	return user_frames(task_slot, true);
}

uint32_t frames_used_by(uint32_t task_slot)
{
	return user_frames(task_slot, false);
}

uint32_t frames_free(void)
{
	struct buddy_stats st;

	buddy_stats(&st);
	return st.free_frames;
}

uint32_t frames_managed(void)
{
	return managed;
}

int frames_check(void)
{
	return buddy_check();
}
