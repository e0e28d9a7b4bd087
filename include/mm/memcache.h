/*
 * Memcaches: objects of one size and alignment served from slabs (buddy
 * blocks) with a two-level bitmap of free slots, so that alloc and free are
 * O(1) with CLZ; the last object freed is kept aside for the next alloc. A cache grows from the buddy on demand and keeps at most
 * one completely free slab (the reserve, last on its partial list); further
 * empty slabs go back at once. See docs/mm.md.
 *
 * A struct memcache is static storage (no allocation is needed to create
 * one), so caches can be set up at boot before kmalloc exists.
 */
#ifndef MICA_MM_MEMCACHE_H
#define MICA_MM_MEMCACHE_H

#include <lib/list.h>
#include <types.h>

/* Objects per slab at most: 32 words of 32 bits behind one summary word. */
#define MEMCACHE_MAX_OBJS	1024
/* Alignment when none is asked for. */
#define MEMCACHE_MIN_ALIGN	8

/* Fields are private to mm/; read them through memcache_stats(). */
struct memcache {
	struct list partial;	/* slabs with a free slot, empty last */
	struct list full;
	void *hot;			/* last object freed, not yet in its bitmap */
	uint32_t size;			/* object stride */
	uint32_t off_mask;		/* size - 1 if a power of two, else ~0 */
	uint32_t shift;			/* log2(size) if a power of two, else 0 */
	uint32_t recip;			/* ceil(2^32 / size): offset -> index */
	uint32_t nobjs;			/* objects per slab */
	uint32_t obj_offset;		/* first object within the slab */
	uint32_t order;			/* slab block order */
	uint32_t flags;
	uint32_t nr_slabs;
	const char *name;
};

struct memcache_stats {
	uint32_t inuse;		/* objects allocated */
	uint32_t free;		/* free slots in the cache's slabs */
	uint32_t slabs;
	uint32_t pages;
	uint32_t objs_per_slab;
	uint32_t size;		/* object stride in bytes */
};

/*
 * Sets up an empty cache of objects of size bytes aligned to align (a
 * power of two; 0 means MEMCACHE_MIN_ALIGN). Returns 0, or -EINVAL when the
 * size or alignment cannot be served.
 */
int memcache_init(struct memcache *c, const char *name, size_t size,
		  size_t align);

/* Gives every slab back; objects still in use are a BUG. */
void memcache_destroy(struct memcache *c);

/* Returns an object, or NULL when the buddy has no block for a new slab. */
void *memcache_alloc(struct memcache *c);

/* As memcache_alloc(), with the object cleared. */
void *memcache_zalloc(struct memcache *c);

/*
 * Gives obj back to c. A pointer not from c, not at the start of a slot or
 * already free is a BUG.
 */
void memcache_free(struct memcache *c, void *obj);

/*
 * Gives every completely free slab back to the buddy, reserve included (and
 * those of the internal cache of off-slab headers).
 */
void memcache_shrink(struct memcache *c);

/* Fills st in (walks the slabs); cannot fail. */
void memcache_stats(const struct memcache *c, struct memcache_stats *st);

/*
 * Validates the cache's slabs, bitmaps, frame states and counters. Returns
 * 0, or -EINVAL after printing the first violation; never panics.
 */
int memcache_check(const struct memcache *c);

/* The caches later subsystems need, created by mm_caches_init(). */
extern struct memcache l2pt_cache;	/* 1 KiB coarse page tables, 4 a page */

/*
 * Creates kmalloc's size classes and the caches above; needs buddy_init().
 * A cache that cannot be created is a BUG.
 */
void mm_caches_init(void);

#endif
