/*
 * Memcaches: fixed-size objects from slabs with a bitmap of free slots.
 *
 * Allocation takes the first slab on the partial list and finds a free slot
 * with two CLZs (summary word, then bitmap word). Freeing finds the slab
 * from the object's frame state and turns the offset from object 0 into an
 * index: a mask and a shift when the size is a power of two (every kmalloc
 * class, the page-table cache), else, out of line, one multiply by a
 * precomputed reciprocal and one to check that the offset is the start of
 * a slot.
 *
 * The object freed last is not put back in its bitmap at once but kept in
 * c->hot and handed out by the next alloc: an alloc/free ping-pong then
 * costs a pointer swap instead of two CLZ-and-update chains that each wait
 * for the other's stores. A double free of the hot object is caught by
 * comparing with it; its slot stays allocated in the bitmap until the
 * object is allocated again or flushed (another free finds c->hot taken,
 * memcache_shrink(), memcache_destroy()).
 *
 * Partial slabs are kept before the empty
 * one: a cache keeps one completely free slab, last on its partial list,
 * and gives further empty slabs back to the buddy at once. Nothing else is
 * counted on the fast paths; statistics walk the slabs.
 */
#include <kernel/panic.h>
#include <mm/buddy.h>
#include <mm/memcache.h>
#include <string.h>
#include <uapi/errno.h>

#include "internal.h"

#define TOP_BIT		0x80000000u
#define MIN_SIZE	4u

static struct memcache slab_hdr_cache;
static uint32_t slab_hdr_epoch;

static uint32_t slab_hdr_size(uint32_t nobjs)
{
	return sizeof(struct slab) + sizeof(uint32_t) * ((nobjs + 31) / 32);
}

static uint32_t min_u32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

/*
 * Lays out slabs of the given order: on-slab when the header costs at most
 * an eighth of the objects, else off-slab. Returns the bytes left unused.
 */
static uint32_t layout(struct memcache *c, unsigned int order, uint32_t align,
		       bool offslab_ok)
{
	uint32_t bytes = PAGE_SIZE << order;
	uint32_t n = min_u32(bytes / c->size, MEMCACHE_MAX_OBJS);
	uint32_t off = ALIGN_UP(slab_hdr_size(n), align);
	uint32_t n_on = off < bytes ?
			min_u32((bytes - off) / c->size, MEMCACHE_MAX_OBJS) : 0;

	c->order = order;
	if (!offslab_ok || n_on * 8 >= n * 7) {
		c->flags &= ~MEMCACHE_OFFSLAB;
		c->nobjs = n_on;
		c->obj_offset = off;
	} else {
		c->flags |= MEMCACHE_OFFSLAB;
		c->nobjs = n;
		c->obj_offset = 0;
	}
	return bytes - c->nobjs * c->size;
}

/*
 * Picks the smallest slab order wasting at most 1/8, trying four orders
 * from the smallest that holds an object; else the least wasteful of them.
 */
static int choose_layout(struct memcache *c, uint32_t align, bool offslab_ok)
{
	uint32_t need = c->size > align ? c->size : align;
	unsigned int order = 0, o, best = BUDDY_MAX_ORDER;
	uint64_t best_waste = 0, best_bytes = 1;

	while (order < BUDDY_MAX_ORDER && (PAGE_SIZE << order) < need)
		order++;
	for (o = order; o < BUDDY_MAX_ORDER && o <= order + 3; o++) {
		uint32_t waste = layout(c, o, align, offslab_ok);
		uint32_t bytes = PAGE_SIZE << o;

		if (!c->nobjs)
			continue;
		if (waste * 8ull <= bytes)
			return 0;
		if (best == BUDDY_MAX_ORDER || waste * best_bytes < best_waste * bytes) {
			best = o;
			best_waste = waste;
			best_bytes = bytes;
		}
	}
	if (best == BUDDY_MAX_ORDER)
		return -EINVAL;
	layout(c, best, align, offslab_ok);
	return 0;
}

/* Sets up the header cache once per buddy_init(). */
static void slab_hdr_cache_ready(void)
{
	if (slab_hdr_epoch == buddy_epoch)
		return;
	BUG_ON(memcache_init(&slab_hdr_cache, "slab-header",
			     slab_hdr_size(MEMCACHE_MAX_OBJS), 0));
	slab_hdr_epoch = buddy_epoch;
}

int memcache_init(struct memcache *c, const char *name, size_t size,
		  size_t align)
{
	if (!align)
		align = MEMCACHE_MIN_ALIGN;
	if (!size || (align & (align - 1)) ||
	    size > PAGE_SIZE << (BUDDY_MAX_ORDER - 1) ||
	    align > PAGE_SIZE << (BUDDY_MAX_ORDER - 1))
		return -EINVAL;
	memset(c, 0, sizeof(*c));
	list_init(&c->partial);
	list_init(&c->full);
	c->name = name;
	c->size = ALIGN_UP(size < MIN_SIZE ? MIN_SIZE : size, align);
	c->recip = 0xffffffffu / c->size + 1;
	if (choose_layout(c, align, c != &slab_hdr_cache))
		return -EINVAL;
	c->off_mask = ~0u;
	if (!(c->size & (c->size - 1))) {
		c->off_mask = c->size - 1;
		c->shift = __builtin_ctz(c->size);
	}
	if (c->flags & MEMCACHE_OFFSLAB)
		slab_hdr_cache_ready();
	return 0;
}

static void slab_fill_map(struct slab *s, uint32_t nobjs)
{
	uint32_t words = (nobjs + 31) / 32, w;

	for (w = 0; w < words; w++)
		s->map[w] = ~0u;
	if (nobjs % 32)
		s->map[words - 1] = ~0u << (32 - nobjs % 32);
	s->summary = ~0u << (32 - words);
}

static __attribute__((noinline)) struct slab *slab_grow(struct memcache *c)
{
	paddr_t pa = buddy_alloc(c->order);
	struct slab *s;

	if (pa == BUDDY_NONE)
		return NULL;
	if (c->flags & MEMCACHE_OFFSLAB) {
		s = memcache_alloc(&slab_hdr_cache);
		if (!s) {
			buddy_free(pa, c->order);
			return NULL;
		}
		s->objs = phys_to_virt(pa);
	} else {
		s = phys_to_virt(pa);
		s->objs = (char *)s + c->obj_offset;
	}
	s->cache = c;
	s->inuse = 0;
	slab_fill_map(s, c->nobjs);
	buddy_block_set(pa, c->order, FRAME_SLAB, virt_to_phys(s));
	list_add(&s->node, &c->partial);
	c->nr_slabs++;
	return s;
}

static void slab_release(struct memcache *c, struct slab *s)
{
	bool offslab = c->flags & MEMCACHE_OFFSLAB;
	paddr_t pa = virt_to_phys(offslab ? (void *)s->objs : (void *)s);

	list_del(&s->node);
	c->nr_slabs--;
	buddy_block_set(pa, c->order, FRAME_ALLOC, 0);
	buddy_free(pa, c->order);
	if (offslab)
		memcache_free(&slab_hdr_cache, s);
}

/* memcache_alloc() when there is no hot object: a slot from a bitmap. */
static __attribute__((noinline)) void *slab_alloc(struct memcache *c)
{
	struct slab *s;
	uint32_t w, b;

	if (unlikely(list_empty(&c->partial)) && !slab_grow(c))
		return NULL;
	s = (struct slab *)c->partial.next;
	w = __builtin_clz(s->summary);
	b = __builtin_clz(s->map[w]);
	s->map[w] &= ~(TOP_BIT >> b);
	if (!s->map[w])
		s->summary &= ~(TOP_BIT >> w);
	if (++s->inuse == c->nobjs) {
		list_del(&s->node);
		list_add(&s->node, &c->full);
	}
	return s->objs + (w * 32 + b) * c->size;
}

void *memcache_alloc(struct memcache *c)
{
	void *obj = c->hot;

	if (unlikely(!obj))
		return slab_alloc(c);
	c->hot = NULL;
	return obj;
}

void *memcache_zalloc(struct memcache *c)
{
	void *obj = memcache_alloc(c);

	if (obj)
		memset(obj, 0, c->size);
	return obj;
}

/*
 * The BUG of a memcache_free(c, obj) that cannot be right. Finds obj's slab
 * itself, so that the fast paths need not keep it for this call.
 */
static __attribute__((noinline)) void __noreturn
bad_free(const struct memcache *c, const void *obj, const char *why)
{
	struct slab *s;

	if (!slab_lookup(obj, &s))
		s = NULL;
	panic("memcache_free: %s: %p %s%s", c->name, obj, why,
	      s && s->cache != c ? s->cache->name : "");
}

/*
 * s has just become empty. The reserve, if there is one, is the last slab
 * on the partial list: give s back if that is another empty slab, else
 * make s the reserve.
 */
static __attribute__((noinline)) void slab_empty(struct memcache *c,
						 struct slab *s)
{
	struct slab *last = (struct slab *)c->partial.prev;

	if (last == s)
		return;
	if (!last->inuse) {
		slab_release(c, s);
		return;
	}
	list_del(&s->node);
	list_add_tail(&s->node, &c->partial);
}

/* Returns the slab of obj, which must be an object of c. */
static inline __attribute__((always_inline)) struct slab *
obj_slab(struct memcache *c, void *obj)
{
	struct slab *s;

	if (unlikely(!slab_lookup(obj, &s)))
		bad_free(c, obj, "is not a memcache object");
	if (unlikely(s->cache != c))
		bad_free(c, obj, "belongs to cache ");
	return s;
}

/* BUGs unless slot idx of s, which holds obj, is allocated. */
static inline __attribute__((always_inline)) void
obj_check_busy(struct memcache *c, struct slab *s, void *obj, uint32_t idx)
{
	/* Bit 31 - idx % 32 of the map word, moved to the sign bit. */
	if (unlikely(obj == c->hot ||
		     (int32_t)(s->map[idx / 32] << (idx % 32)) < 0))
		bad_free(c, obj, "is already free (double free)");
}

/*
 * Returns the index of obj in s, a slab of c, after checking that obj is
 * the start of an allocated object: one multiply by the reciprocal, then
 * a check that idx * size gives the offset back. Any size.
 */
static __attribute__((noinline)) uint32_t obj_index(struct memcache *c,
						    struct slab *s, void *obj)
{
	uint32_t off = (uintptr_t)obj - (uintptr_t)s->objs;
	uint32_t idx = ((uint64_t)off * c->recip) >> 32;

	if (unlikely(idx >= c->nobjs || idx * c->size != off))
		bad_free(c, obj, "is not the start of an object");
	obj_check_busy(c, s, obj, idx);
	return idx;
}

/* Marks slot idx of s free. */
static __attribute__((noinline)) void slab_put(struct memcache *c,
					       struct slab *s, uint32_t idx)
{
	s->map[idx / 32] |= TOP_BIT >> (idx % 32);
	s->summary |= TOP_BIT >> (idx / 32);
	if (s->inuse-- == c->nobjs) {
		list_del(&s->node);
		list_add(&s->node, &c->partial);
	}
	if (!s->inuse)
		slab_empty(c, s);
}

/* Frees obj, slot idx of s, checked: to c->hot if that is empty. */
static inline __attribute__((always_inline)) void
slab_free_idx(struct memcache *c, struct slab *s, void *obj, uint32_t idx)
{
	if (!c->hot) {
		c->hot = obj;
		return;
	}
	slab_put(c, s, idx);
}

/*
 * slab_free() when the mask and shift cannot index obj (an odd size or a
 * BUG). Finds the slab again: the fast paths need not keep it for this.
 */
static __attribute__((noinline)) void slab_free_recip(struct memcache *c,
						      void *obj)
{
	struct slab *s = obj_slab(c, obj);

	slab_free_idx(c, s, obj, obj_index(c, s, obj));
}

/*
 * Frees obj, in s, a slab of c. The offset from object 0 becomes an index
 * by a mask and a shift when the size is a power of two; an offset of 0
 * passes the mask of any size (and indexes object 0 with shift 0), an
 * offset below object 0 wraps to an index of nobjs or more, and whatever
 * fails here is left to obj_index(), which serves any size and BUGs.
 */
static inline __attribute__((always_inline)) void
slab_free(struct memcache *c, void *obj, struct slab *s)
{
	uint32_t off = (uintptr_t)obj - (uintptr_t)s->objs;
	uint32_t idx = off >> c->shift;

	if (unlikely((off & c->off_mask) || idx >= c->nobjs)) {
		slab_free_recip(c, obj);
		return;
	}
	obj_check_busy(c, s, obj, idx);
	slab_free_idx(c, s, obj, idx);
}

void memcache_free(struct memcache *c, void *obj)
{
	slab_free(c, obj, obj_slab(c, obj));
}

void memcache_slab_free(struct memcache *c, void *obj, struct slab *s)
{
	slab_free(c, obj, s);
}

static void hot_flush(struct memcache *c)
{
	void *obj = c->hot;
	struct slab *s;

	if (obj) {
		c->hot = NULL;
		s = obj_slab(c, obj);
		slab_put(c, s, obj_index(c, s, obj));
	}
}

void memcache_shrink(struct memcache *c)
{
	struct list *n, *next;

	hot_flush(c);
	for (n = c->partial.next; n != &c->partial; n = next) {
		next = n->next;
		if (!((struct slab *)n)->inuse)
			slab_release(c, (struct slab *)n);
	}
	if ((c->flags & MEMCACHE_OFFSLAB) && slab_hdr_epoch == buddy_epoch)
		memcache_shrink(&slab_hdr_cache);
}

static uint32_t count_inuse(const struct list *head)
{
	const struct list *n;
	uint32_t inuse = 0;

	for (n = head->next; n != head; n = n->next)
		inuse += ((const struct slab *)n)->inuse;
	return inuse;
}

void memcache_destroy(struct memcache *c)
{
	uint32_t inuse;

	hot_flush(c);
	inuse = count_inuse(&c->partial) + count_inuse(&c->full);
	if (inuse)
		panic("memcache_destroy: %s still has %u objects in use",
		      c->name, inuse);
	memcache_shrink(c);
	memset(c, 0, sizeof(*c));
}

void memcache_stats(const struct memcache *c, struct memcache_stats *st)
{
	st->inuse = count_inuse(&c->partial) + count_inuse(&c->full) - !!c->hot;
	st->free = c->nr_slabs * c->nobjs - st->inuse;
	st->slabs = c->nr_slabs;
	st->pages = c->nr_slabs << c->order;
	st->objs_per_slab = c->nobjs;
	st->size = c->size;
}
