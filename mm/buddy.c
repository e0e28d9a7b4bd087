/*
 * The buddy page allocator.
 *
 * RAM is cut into naturally aligned blocks of 2^order frames. A free block
 * sits on the free list of its order; the list node lives in the block's
 * first bytes, and the block's head frame says FRAME_FREE and its order.
 * Allocating takes the smallest free block that is large enough and splits
 * it, putting the upper halves back on the lists below. Freeing looks at the
 * buddy, the block at pfn ^ (1 << order): if it is a free block of the same
 * order the two merge into one block of the next order, and so on up.
 *
 * Order-0 frees go first to a small hot cache (a stack of frame numbers)
 * and order-0 allocations take from it, so the common single-page case
 * neither splits nor merges. An empty cache is refilled with
 * BUDDY_HOT_BATCH frames from the lists, a full one gives BUDDY_HOT_BATCH
 * back, so a random alloc/free mix rarely reaches either end. The cache is
 * drained into the lists when a larger block cannot be found and by
 * buddy_drain().
 */
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <mm/buddy.h>
#include <mm/fault_inject.h>

#include "internal.h"

#define NO_PFN	((pfn_t)-1)

struct buddy buddy;
struct mm_ram mm_ram;
uint32_t buddy_epoch;

static struct frame *pfn_frame(pfn_t pfn)
{
	return &mm_ram.frames[pfn - mm_ram.base_pfn];
}

static struct list *pfn_node(pfn_t pfn)
{
	return phys_to_virt((paddr_t)pfn << PAGE_SHIFT);
}

static void area_add(pfn_t pfn, unsigned int order)
{
	struct frame *f = pfn_frame(pfn);

	f->state = FRAME_FREE;
	f->order = order;
	f->data = 0;
	list_add(pfn_node(pfn), &buddy.area[order].list);
	buddy.area[order].nr_free++;
	buddy.nonempty |= 1u << order;
}

static void area_del(pfn_t pfn, unsigned int order)
{
	list_del(pfn_node(pfn));
	if (--buddy.area[order].nr_free == 0)
		buddy.nonempty &= ~(1u << order);
}

/* Puts the upper halves of the block at pfn back, from order high to low. */
static void split(pfn_t pfn, unsigned int high, unsigned int low)
{
	while (high > low) {
		high--;
		area_add(pfn + (1u << high), high);
	}
}

/* Writes the frames of the pristine block at pfn (off its list by now). */
static void pristine_init(pfn_t pfn)
{
	pfn_t i = pfn - mm_ram.base_pfn;
	struct frame *f = &mm_ram.frames[i];

	frames_set(f, 1, FRAME_FREE);
	f->order = BUDDY_TOP_ORDER;
	frames_set(f + 1, (1u << BUDDY_TOP_ORDER) - 1, FRAME_TAIL);
	*pristine_byte(i) = 0;
}

/*
 * Takes a top-order block: from its list, else from the lazy run; a
 * pristine one gets its frames written.
 */
static __attribute__((noinline)) pfn_t top_take(void)
{
	struct free_area *a = &buddy.area[BUDDY_TOP_ORDER];
	pfn_t pfn;

	if (list_empty(&a->list)) {
		pfn = buddy.lazy_start;
		buddy.lazy_start += 1u << BUDDY_TOP_ORDER;
		if (--a->nr_free == 0)
			buddy.nonempty &= ~(1u << BUDDY_TOP_ORDER);
	} else {
		pfn = virt_to_phys(a->list.next) >> PAGE_SHIFT;
		area_del(pfn, BUDDY_TOP_ORDER);
	}
	if (frame_pristine(pfn - mm_ram.base_pfn))
		pristine_init(pfn);
	return pfn;
}

/* Takes a block of the given order off the lists, splitting a larger one. */
static pfn_t area_take(unsigned int order)
{
	uint32_t avail = buddy.nonempty >> order;
	unsigned int high;
	pfn_t pfn;

	if (!avail)
		return NO_PFN;
	high = order + __builtin_ctz(avail);
	if (unlikely(high == BUDDY_TOP_ORDER)) {
		pfn = top_take();
	} else {
		pfn = virt_to_phys(buddy.area[high].list.next) >> PAGE_SHIFT;
		area_del(pfn, high);
	}
	split(pfn, high, order);
	return pfn;
}

static bool page_is_buddy(pfn_t pfn, unsigned int order)
{
	pfn_t i = pfn - mm_ram.base_pfn;

	return i < mm_ram.nr_frames && mm_ram.frames[i].state == FRAME_FREE &&
	       mm_ram.frames[i].order == order;
}

/*
 * Frees the block at pfn and merges it with its buddy for as long as the
 * buddy is a free block of the same order. The absorbed head frames become
 * tails; the merged block's head goes on the list of the final order.
 */
static void free_one(pfn_t pfn, unsigned int order)
{
	while (order < BUDDY_MAX_ORDER - 1) {
		pfn_t buddy_pfn = pfn ^ (1u << order);

		if (!page_is_buddy(buddy_pfn, order))
			break;
		area_del(buddy_pfn, order);
		pfn_frame(buddy_pfn)->state = FRAME_TAIL;
		pfn_frame(pfn)->state = FRAME_TAIL;
		pfn &= ~(1u << order);
		order++;
	}
	area_add(pfn, order);
}

/* Moves up to BUDDY_HOT_BATCH order-0 frames from the lists to the cache. */
static void hot_refill(void)
{
	pfn_t pfn;

	while (buddy.nr_hot < BUDDY_HOT_BATCH && (pfn = area_take(0)) != NO_PFN) {
		pfn_frame(pfn)->state = FRAME_HOT;
		buddy.hot[buddy.nr_hot++] = pfn;
	}
}

static void hot_flush(unsigned int n)
{
	while (n--)
		free_one(buddy.hot[--buddy.nr_hot], 0);
}

static pfn_t take(unsigned int order)
{
	pfn_t pfn;

	if (order == 0) {
		if (unlikely(!buddy.nr_hot))
			hot_refill();
		if (likely(buddy.nr_hot))
			return buddy.hot[--buddy.nr_hot];
	}
	if (order >= BUDDY_MAX_ORDER)
		return NO_PFN;
	pfn = area_take(order);
	if (pfn == NO_PFN && buddy.nr_hot) {
		buddy_drain();
		pfn = area_take(order);
	}
	return pfn;
}

paddr_t buddy_alloc(unsigned int order)
{
	struct frame *f;
	pfn_t pfn;

	if (fault_inject_should_fail())
		return BUDDY_NONE;
	pfn = take(order);
	if (pfn == NO_PFN)
		return BUDDY_NONE;
	f = pfn_frame(pfn);
	f->state = FRAME_ALLOC;
	f->order = order;
	buddy.nr_free -= 1u << order;
	return (paddr_t)pfn << PAGE_SHIFT;
}

/* Returns the head of the free block containing pfn, or NO_PFN. */
static pfn_t free_block_of(pfn_t pfn)
{
	unsigned int order;

	if (frame_pristine(pfn - mm_ram.base_pfn))
		return pfn & ~((1u << BUDDY_TOP_ORDER) - 1);
	for (order = 0; order < BUDDY_MAX_ORDER; order++) {
		pfn_t head = pfn & ~((1u << order) - 1);
		struct frame *f = frame_of((paddr_t)head << PAGE_SHIFT);

		if (f && f->state == FRAME_FREE && f->order >= order)
			return head;
	}
	return NO_PFN;
}

/* Explains why pa cannot be freed (or re-owned) as a block of this order. */
static void __noreturn bad_block(const char *who, paddr_t pa,
				 unsigned int order)
{
	struct frame *f = frame_of(pa);
	pfn_t head;

	if (!f)
		panic("%s: 0x%x is outside RAM", who, pa);
	if (order >= BUDDY_MAX_ORDER)
		panic("%s: 0x%x: order %u out of range", who, pa, order);
	if (!IS_ALIGNED(pa, PAGE_SIZE << order))
		panic("%s: 0x%x is not aligned to order %u", who, pa, order);
	head = free_block_of(pa >> PAGE_SHIFT);
	if (head != NO_PFN && (head != pa >> PAGE_SHIFT ||
			       frame_pristine(f - mm_ram.frames)))
		panic("%s: double free of 0x%x (inside free block 0x%x)",
		      who, pa, head << PAGE_SHIFT);
	switch (f->state) {
	case FRAME_FREE:
	case FRAME_HOT:
		panic("%s: double free of 0x%x", who, pa);
	case FRAME_RESERVED:
		panic("%s: 0x%x is reserved", who, pa);
	case FRAME_TAIL:
		panic("%s: 0x%x is not the head of an allocated block", who, pa);
	case FRAME_KMALLOC:
		panic("%s: 0x%x belongs to kmalloc", who, pa);
	case FRAME_SLAB:
		panic("%s: 0x%x belongs to a memcache slab", who, pa);
	default:
		panic("%s: 0x%x freed with order %u, allocated with order %u",
		      who, pa, order, f->order);
	}
}

void buddy_free(paddr_t pa, unsigned int order)
{
	struct frame *f = frame_of(pa);

	if (unlikely(!f || order >= BUDDY_MAX_ORDER ||
		     !IS_ALIGNED(pa, PAGE_SIZE << order) ||
		     frame_pristine(f - mm_ram.frames) ||
		     (f->state != FRAME_ALLOC && f->state != FRAME_TASK) ||
		     f->order != order))
		bad_block("buddy_free", pa, order);
	f->data = 0;
	buddy.nr_free += 1u << order;
	if (order == 0) {
		if (unlikely(buddy.nr_hot == BUDDY_HOT_MAX))
			hot_flush(BUDDY_HOT_BATCH);
		f->state = FRAME_HOT;
		buddy.hot[buddy.nr_hot++] = pa >> PAGE_SHIFT;
		return;
	}
	free_one(pa >> PAGE_SHIFT, order);
}

void buddy_drain(void)
{
	hot_flush(buddy.nr_hot);
}

static bool state_is_allocated(unsigned int state)
{
	return state == FRAME_ALLOC || state == FRAME_TASK ||
	       state == FRAME_KMALLOC || state == FRAME_SLAB;
}

void buddy_block_set(paddr_t pa, unsigned int order, enum frame_state state,
		     uint32_t data)
{
	struct frame *f = frame_of(pa);
	uint32_t i, n = 1u << order;

	BUG_ON(!state_is_allocated(state));
	if (unlikely(!f || order >= BUDDY_MAX_ORDER ||
		     !IS_ALIGNED(pa, PAGE_SIZE << order) ||
		     frame_pristine(f - mm_ram.frames) ||
		     !state_is_allocated(f->state) || f->order != order))
		bad_block("buddy_block_set", pa, order);
	if (state == FRAME_SLAB || f->state == FRAME_SLAB) {
		for (i = 1; i < n; i++) {
			f[i].state = state == FRAME_SLAB ? FRAME_SLAB : FRAME_TAIL;
			f[i].order = state == FRAME_SLAB ? order : 0;
			f[i].data = state == FRAME_SLAB ? data : 0;
		}
	}
	f->state = state;
	f->data = data;
}

enum frame_state buddy_frame_state(paddr_t pa, struct frame_info *info)
{
	struct frame *f = frame_of(pa);

	if (!f)
		return FRAME_NONE;
	if (frame_pristine(f - mm_ram.frames)) {
		bool head = IS_ALIGNED(pa >> PAGE_SHIFT, 1u << BUDDY_TOP_ORDER);
		struct frame_info fi = {
			.state = head ? FRAME_FREE : FRAME_TAIL,
			.order = head ? BUDDY_TOP_ORDER : 0,
		};

		if (info)
			*info = fi;
		return fi.state;
	}
	if (info) {
		info->state = f->state;
		info->order = f->order;
		info->data = f->data;
	}
	return f->state;
}
