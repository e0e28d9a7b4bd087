/*
 * What mm/'s allocators share and nobody else sees: the per-frame state
 * table and a circular doubly linked list.
 */
#ifndef MICA_MM_INTERNAL_H
#define MICA_MM_INTERNAL_H

#include <mm/buddy.h>
#include <mm/memcache.h>
#include <mm/phys.h>

/*
 * One per frame, 8 bytes. A block's head frame carries its state and
 * order; its other frames are FRAME_TAIL with data 0, except in a slab,
 * where every frame is FRAME_SLAB with the slab's order and header so that
 * any object finds its slab in O(1).
 *
 * Deferred initialisation: buddy_init() writes the head of every free block
 * but not the tails of the top-order ones (2 MiB with 4 KiB pages), so that
 * boot costs one store per block, not per frame. Such a block is "pristine"
 * (mm_ram.pristine says so, one byte per top-order block): its tail frames
 * hold whatever RAM held and are FRAME_TAIL by definition. Every lookup of a
 * frame that may be a tail checks the byte first (frame_pristine()); the
 * first time a pristine block is taken off its list, area_take() writes its
 * tails and clears the byte. Only top-order blocks can be pristine: they
 * never merge, and splitting one takes it off its list first. The largest
 * run of them is not even put on the list: [buddy.lazy_start, lazy_end)
 * holds pristine blocks whose head frames are unwritten too, counted in
 * area[BUDDY_TOP_ORDER] and taken in address order once its list is empty.
 * A pristine block's head is FRAME_FREE of the top order by definition.
 */
struct frame {
	uint8_t state;		/* enum frame_state */
	uint8_t order;
	uint8_t mark;		/* set only while buddy_check() runs */
	uint8_t unused;
	uint32_t data;		/* FRAME_TASK: owner; FRAME_SLAB: header (phys) */
};

_Static_assert(sizeof(struct frame) == 8, "per-frame state must stay 8 bytes");

/* Free order-0 frames kept uncoalesced for the next order-0 allocation. */
#define BUDDY_HOT_MAX	32
#define BUDDY_HOT_BATCH	(BUDDY_HOT_MAX / 2)

struct free_area {
	struct list list;	/* nodes live in the free blocks' first bytes */
	uint32_t nr_free;	/* blocks */
};

struct buddy {
	struct free_area area[BUDDY_MAX_ORDER];
	uint32_t nonempty;	/* bit o set: area[o] has a block */
	uint32_t nr_hot;
	pfn_t hot[BUDDY_HOT_MAX];
	uint32_t nr_free;	/* frames free, hot ones included */
	uint32_t nr_reserved;
	size_t meta_bytes;
	paddr_t meta_end;
	/* Pristine top-order blocks on no list yet, head frames unwritten:
	 * counted in area[BUDDY_TOP_ORDER], taken from lazy_start up. */
	pfn_t lazy_start, lazy_end;
};

extern struct buddy buddy;
/* Bumped by every buddy_init(): state built on the old RAM is stale. */
extern uint32_t buddy_epoch;

/*
 * Where the per-frame state is and which frames it covers, set by
 * buddy_init(). One structure so that a free reaches all of it with one
 * address load and one ldm. The linear map's offset is kept with it: the
 * frame array's own address was computed with it, and slab lookups by
 * virtual address (vbase_pfn) rely on it staying put, which buddy_check()
 * verifies.
 */
struct mm_ram {
	struct frame *frames;	/* [i]: frame base_pfn + i */
	uintptr_t vbase_pfn;	/* virtual page number of frame base_pfn */
	pfn_t nr_frames;
	uintptr_t pv_offset;	/* phys_virt_offset at buddy_init() */
	pfn_t base_pfn;
	uint8_t *pristine;	/* [(i + top_skew) >> BUDDY_TOP_ORDER] */
	pfn_t top_skew;		/* base_pfn's offset in its top-order block */
	/* pristine minus the top-order block number of base's virtual
	 * address: indexed by va >> (PAGE_SHIFT + BUDDY_TOP_ORDER), valid as
	 * the linear map's offset is a multiple of a top-order block. */
	uintptr_t pristine_vbias;
};

extern struct mm_ram mm_ram;

/* The pristine byte of the top-order block holding frame index i. */
static inline uint8_t *pristine_byte(uintptr_t i)
{
	return &mm_ram.pristine[(i + mm_ram.top_skew) >> BUDDY_TOP_ORDER];
}

/* True if frame index i (in mm_ram.frames) lies in a pristine block. */
static inline bool frame_pristine(uintptr_t i)
{
	return *pristine_byte(i);
}

/* Sets n frames from f to state, order 0, unmarked, data 0. */
static inline void frames_set(struct frame *f, uint32_t n,
			      enum frame_state state)
{
	for (; n; n--, f++) {
		f->state = state;
		f->order = 0;
		f->mark = 0;
		f->data = 0;
	}
}

/* frame_pristine() for the frame holding va, which lies in RAM. */
static inline bool virt_pristine(const void *va)
{
	return *(const uint8_t *)(mm_ram.pristine_vbias +
				  ((uintptr_t)va >> (PAGE_SHIFT + BUDDY_TOP_ORDER)));
}

/* The names the tests know the frame table by. */
#define mm_frames	(mm_ram.frames)
#define mm_base_pfn	(mm_ram.base_pfn)
#define mm_nr_frames	(mm_ram.nr_frames)

/* Returns the state of the frame holding pa, or NULL outside RAM. */
static inline struct frame *frame_of(paddr_t pa)
{
	pfn_t i = (pa >> PAGE_SHIFT) - mm_ram.base_pfn;

	return i < mm_ram.nr_frames ? &mm_ram.frames[i] : NULL;
}

/* memcache flags */
#define MEMCACHE_OFFSLAB	0x1	/* slab headers come from slab_hdr_cache */
#define MEMCACHE_KMALLOC	0x2	/* a kmalloc size class */

#define SLAB_MAP_WORDS	(MEMCACHE_MAX_OBJS / 32)

/*
 * A slab: one buddy block of objects. The header sits at the start of the
 * block (on-slab) or, for big objects where it would cost a slot, in an
 * object of slab_hdr_cache (off-slab); every frame of the block points to
 * it. A set bit means a free slot; bit 31 - i of map[w] is object 32w + i,
 * so CLZ finds the lowest free object.
 */
struct slab {
	struct list node;	/* on its cache's partial or full list */
	struct memcache *cache;
	char *objs;		/* object 0 */
	uint32_t inuse;
	uint32_t summary;	/* bit 31 - w: map[w] has a free slot */
	uint32_t map[];
};

/* Returns the slab whose frame state is f (which says FRAME_SLAB). */
static inline struct slab *frame_slab(const struct frame *f)
{
	return (struct slab *)(f->data + mm_ram.pv_offset);
}

/*
 * Returns the index in mm_ram.frames of the frame holding the kernel-virtual
 * address va, mm_ram.nr_frames or more outside RAM. Indexing by virtual page
 * number saves the free paths a virt_to_phys().
 */
static inline uintptr_t frame_index_virt(const void *va)
{
	return ((uintptr_t)va >> PAGE_SHIFT) - mm_ram.vbase_pfn;
}

/*
 * Sets *s to the slab holding the kernel-virtual address va and returns
 * true, or returns false when va is outside RAM, in a pristine block or in
 * a frame that is not FRAME_SLAB.
 */
static inline __attribute__((always_inline)) bool
slab_lookup(const void *va, struct slab **s)
{
	uintptr_t i = frame_index_virt(va);

	if (unlikely(i >= mm_ram.nr_frames || virt_pristine(va) ||
		     mm_ram.frames[i].state != FRAME_SLAB))
		return false;
	*s = frame_slab(&mm_ram.frames[i]);
	return true;
}

/*
 * memcache_free() for a caller that has looked up s, the slab holding obj,
 * and knows that s belongs to c (kfree()). The other checks and BUGs are
 * memcache_free()'s.
 */
void memcache_slab_free(struct memcache *c, void *obj, struct slab *s);

#endif
