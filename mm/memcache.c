/*
 * Memcaches: fixed-size objects from slabs with a bitmap of free slots.
 *
 * Allocation takes the first slab on the partial list and finds a free slot
 * with two CLZs (summary word, then bitmap word). Freeing finds the slab
 * from the object's frame state, turns the offset into an index with one
 * multiply by a precomputed reciprocal and checks that the slot is the
 * start of an allocated object.
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
	mm_list_init(&c->partial);
	mm_list_init(&c->full);
	c->name = name;
	c->size = ALIGN_UP(size < MIN_SIZE ? MIN_SIZE : size, align);
	c->recip = 0xffffffffu / c->size + 1;
	if (choose_layout(c, align, c != &slab_hdr_cache))
		return -EINVAL;
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
	mm_list_add(&s->node, &c->partial);
	c->nr_slabs++;
	return s;
}

static void slab_release(struct memcache *c, struct slab *s)
{
	bool offslab = c->flags & MEMCACHE_OFFSLAB;
	paddr_t pa = virt_to_phys(offslab ? (void *)s->objs : (void *)s);

	mm_list_del(&s->node);
	c->nr_slabs--;
	buddy_block_set(pa, c->order, FRAME_ALLOC, 0);
	buddy_free(pa, c->order);
	if (offslab)
		memcache_free(&slab_hdr_cache, s);
}

void *memcache_alloc(struct memcache *c)
{
	void *obj = c->hot;
	struct slab *s;
	uint32_t w, b;

	if (obj) {
		c->hot = NULL;
		return obj;
	}
	if (unlikely(mm_list_empty(&c->partial)) && !slab_grow(c))
		return NULL;
	s = (struct slab *)c->partial.next;
	w = __builtin_clz(s->summary);
	b = __builtin_clz(s->map[w]);
	s->map[w] &= ~(TOP_BIT >> b);
	if (!s->map[w])
		s->summary &= ~(TOP_BIT >> w);
	if (++s->inuse == c->nobjs) {
		mm_list_del(&s->node);
		mm_list_add(&s->node, &c->full);
	}
	return s->objs + (w * 32 + b) * c->size;
}

void *memcache_zalloc(struct memcache *c)
{
	void *obj = memcache_alloc(c);

	if (obj)
		memset(obj, 0, c->size);
	return obj;
}

static void __noreturn bad_free(const struct memcache *c, const void *obj,
				const struct slab *s, const char *why)
{
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
	mm_list_del(&s->node);
	mm_list_add_tail(&s->node, &c->partial);
}

/* Returns the slab of obj, an allocated object of c, and its index. */
static struct slab *obj_slot(struct memcache *c, void *obj, uint32_t *index)
{
	struct frame *f = frame_of(virt_to_phys(obj));
	uintptr_t off;
	struct slab *s;
	uint32_t idx;

	if (unlikely(!f || f->state != FRAME_SLAB))
		bad_free(c, obj, NULL, "is not a memcache object");
	s = frame_slab(f);
	if (unlikely(s->cache != c))
		bad_free(c, obj, s, "belongs to cache ");
	off = (uintptr_t)obj - (uintptr_t)s->objs;
	idx = ((uint64_t)(uint32_t)off * c->recip) >> 32;
	if (unlikely(off >= PAGE_SIZE << c->order || idx >= c->nobjs ||
		     idx * c->size != off))
		bad_free(c, obj, s, "is not the start of an object");
	if (unlikely(obj == c->hot || s->map[idx / 32] & (TOP_BIT >> (idx % 32))))
		bad_free(c, obj, s, "is already free (double free)");
	*index = idx;
	return s;
}

/* Marks slot idx of s free. */
static void slab_put(struct memcache *c, struct slab *s, uint32_t idx)
{
	s->map[idx / 32] |= TOP_BIT >> (idx % 32);
	s->summary |= TOP_BIT >> (idx / 32);
	if (s->inuse-- == c->nobjs) {
		mm_list_del(&s->node);
		mm_list_add(&s->node, &c->partial);
	}
	if (!s->inuse)
		slab_empty(c, s);
}

void memcache_free(struct memcache *c, void *obj)
{
	uint32_t idx;
	struct slab *s = obj_slot(c, obj, &idx);

	if (!c->hot) {
		c->hot = obj;
		return;
	}
	slab_put(c, s, idx);
}

static void hot_flush(struct memcache *c)
{
	void *obj = c->hot;
	uint32_t idx;
	struct slab *s;

	if (obj) {
		c->hot = NULL;
		s = obj_slot(c, obj, &idx);
		slab_put(c, s, idx);
	}
}

void memcache_shrink(struct memcache *c)
{
	struct mm_list *n, *next;

	hot_flush(c);
	for (n = c->partial.next; n != &c->partial; n = next) {
		next = n->next;
		if (!((struct slab *)n)->inuse)
			slab_release(c, (struct slab *)n);
	}
	if ((c->flags & MEMCACHE_OFFSLAB) && slab_hdr_epoch == buddy_epoch)
		memcache_shrink(&slab_hdr_cache);
}

static uint32_t count_inuse(const struct mm_list *head)
{
	const struct mm_list *n;
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
