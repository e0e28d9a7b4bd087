/*
 * The buddy page allocator: owns every frame of RAM and hands out naturally
 * aligned blocks of 2^order pages. See docs/mm.md.
 *
 * Single core, kernel not preemptible: no locking. Physical address 0 is
 * real RAM, so failure is BUDDY_NONE, never 0.
 */
#ifndef MICA_MM_BUDDY_H
#define MICA_MM_BUDDY_H

#include <mm/phys.h>
#include <types.h>

/* Orders 0..BUDDY_MAX_ORDER-1: 4 KiB .. 2 MiB blocks with 4 KiB pages. */
#define BUDDY_MAX_ORDER		10
#define BUDDY_NONE		((paddr_t)-1)
/* At most this many ranges may be passed to buddy_init(). */
#define BUDDY_MAX_RESERVE	16

/* A physical range [start, end) that the buddy must never hand out. */
struct mem_reserve {
	paddr_t start, end;
};

/* What a frame is used for, kept in its 8-byte per-frame state. */
enum frame_state {
	FRAME_NONE,	/* not RAM the buddy owns (query result only) */
	FRAME_RESERVED,	/* kernel image, boot page tables, metadata, ... */
	FRAME_FREE,	/* head of a free block on the free list of its order */
	FRAME_HOT,	/* a free frame in the order-0 hot cache */
	FRAME_TAIL,	/* a frame of a block other than its head */
	FRAME_ALLOC,	/* head of a block from buddy_alloc() */
	FRAME_TASK,	/* head of an allocated block owned by a task */
	FRAME_KMALLOC,	/* head of a large kmalloc() block */
	FRAME_SLAB,	/* every frame of a memcache slab */
};

struct frame_info {
	enum frame_state state;
	unsigned int order;	/* block order (heads and slab frames) */
	uint32_t data;		/* FRAME_TASK: owner; FRAME_SLAB: slab header */
};

struct buddy_stats {
	uint32_t free_blocks[BUDDY_MAX_ORDER];	/* blocks on each free list */
	uint32_t hot_frames;	/* free order-0 frames not yet coalesced */
	uint32_t free_frames;	/* all free frames, hot ones included */
	uint32_t reserved_frames;
	uint32_t total_frames;
	size_t meta_bytes;
};

/* Bytes of per-frame state for each frame of RAM. */
#define BUDDY_META_PER_FRAME	8
/* The largest order; buddy_init() defers the tails of blocks this large. */
#define BUDDY_TOP_ORDER		(BUDDY_MAX_ORDER - 1)

/*
 * The metadata bytes for nr_frames frames: their state, and one byte per
 * top-order block they touch (at most nr_frames / 2^BUDDY_TOP_ORDER + 2).
 */
static inline size_t buddy_meta_bytes(size_t nr_frames)
{
	return nr_frames * BUDDY_META_PER_FRAME +
	       (nr_frames >> BUDDY_TOP_ORDER) + 2;
}

/* The metadata buddy_init() needs for ram_bytes of RAM, in whole pages. */
static inline size_t buddy_meta_size(paddr_t ram_bytes)
{
	return ALIGN_UP(buddy_meta_bytes(ram_bytes >> PAGE_SHIFT),
			(size_t)PAGE_SIZE);
}

/*
 * Takes ownership of the RAM [ram_base, ram_base + ram_size): places the
 * per-frame state at physical meta_start (page aligned, inside RAM, usually
 * right after the kernel image), reserves it and the nres ranges in res, and
 * frees every other frame. Calling it again starts over. Returns the number
 * of metadata bytes; a layout that cannot work (metadata outside RAM, too
 * many ranges) is a BUG.
 */
size_t buddy_init(paddr_t ram_base, paddr_t ram_size, paddr_t meta_start,
		  const struct mem_reserve *res, unsigned int nres);

/*
 * Gives the reserved frames [start, end) (page aligned, inside RAM, outside
 * the metadata) to the buddy as free blocks: for a caller with more ranges
 * to keep out than BUDDY_MAX_RESERVE, who reserves all RAM in buddy_init()
 * and then hands over each usable range (the root task, pager/frames.c).
 * The blocks do not merge with free blocks outside the range. A frame that
 * is not FRAME_RESERVED, or is metadata, is a BUG.
 */
void buddy_unreserve(paddr_t start, paddr_t end);

/* Returns the first physical address after the (page-rounded) metadata. */
paddr_t buddy_meta_end(void);

/*
 * Returns a block of 2^order pages aligned to its size, in state
 * FRAME_ALLOC, or BUDDY_NONE when no block is free, order is too large or
 * fault injection says so. The memory is not cleared.
 */
paddr_t buddy_alloc(unsigned int order);

/*
 * Gives back a block from buddy_alloc() (state FRAME_ALLOC or FRAME_TASK),
 * coalescing it with its free buddies. A double free, a wrong order, a
 * misaligned, reserved, foreign or out-of-RAM address is a BUG.
 */
void buddy_free(paddr_t pa, unsigned int order);

/*
 * Hands the allocated block at pa (head frame, given order) to another
 * owner: state is FRAME_ALLOC, FRAME_TASK, FRAME_KMALLOC or FRAME_SLAB
 * (data goes to every frame of a slab). Anything but an allocated block of
 * that order is a BUG.
 */
void buddy_block_set(paddr_t pa, unsigned int order, enum frame_state state,
		     uint32_t data);

/*
 * Returns the state of the frame holding pa (FRAME_NONE outside RAM) and,
 * when info is not NULL, fills it in.
 */
enum frame_state buddy_frame_state(paddr_t pa, struct frame_info *info);

/* Returns every hot-cached order-0 frame to the free lists, coalescing. */
void buddy_drain(void);

/* Fills st in; cannot fail. */
void buddy_stats(struct buddy_stats *st);

/* The RAM buddy_init() manages, in whole frames: [*start, *end). */
void buddy_ram_range(paddr_t *start, paddr_t *end);

/* Prints "buddy: <free> free, <reserved> reserved of <total> frames, ...". */
void buddy_print_stats(void);

/*
 * Validates every invariant (free lists against frame states, block
 * layout, counters, conservation). Returns 0, or -EINVAL after printing
 * the first violation found; never panics.
 */
int buddy_check(void);

#endif
