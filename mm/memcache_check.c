/*
 * memcache_check(): every slab of the cache is on the list matching its
 * fill (full, or partial with empty ones counted), points back to the
 * cache, is a FRAME_SLAB block of the cache's order whose frames point to
 * its header, has a bitmap whose free bits stay below nobjs and agree with
 * the summary word and the in-use count; at most one slab is empty, the
 * last on the partial list; the slab count adds up; the hot object is an
 * allocated slot of the cache.
 */
#include <kernel/printk.h>
#include <mm/memcache.h>
#include <uapi/errno.h>

#include "internal.h"

struct tally {
	uint32_t slabs;
};

static int __printf(2, 3) check_fail(const struct memcache *c,
				     const char *fmt, ...)
{
	va_list ap;

	printk("memcache_check: %s: ", c->name);
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n");
	return -EINVAL;
}

static int check_frames(const struct memcache *c, const struct slab *s)
{
	paddr_t hdr = virt_to_phys(s);
	paddr_t base = virt_to_phys(s->objs) - c->obj_offset;
	uint32_t i, n = 1u << c->order;
	const struct frame *f = frame_of(base);

	if (!f || !IS_ALIGNED(base, PAGE_SIZE << c->order) ||
	    mm_ram.nr_frames - (uint32_t)(f - mm_ram.frames) < n)
		return check_fail(c, "slab %p: objects at bad address %p", s,
				  s->objs);
	for (i = 0; i < n; i++)
		if (f[i].state != FRAME_SLAB || f[i].order != c->order ||
		    f[i].data != hdr)
			return check_fail(c, "slab %p: frame 0x%x has state %u",
					  s, base + (i << PAGE_SHIFT), f[i].state);
	return 0;
}

static int check_map(const struct memcache *c, const struct slab *s)
{
	uint32_t words = (c->nobjs + 31) / 32, w, nfree = 0;

	for (w = 0; w < SLAB_MAP_WORDS; w++) {
		uint32_t map = w < words ? s->map[w] : 0;
		bool listed = s->summary & (0x80000000u >> w);

		if (w == words - 1 && c->nobjs % 32 &&
		    (map & ~(~0u << (32 - c->nobjs % 32))))
			return check_fail(c, "slab %p: free bits past the last object", s);
		if (listed != (map != 0))
			return check_fail(c, "slab %p: summary bit %u wrong", s, w);
		nfree += __builtin_popcount(map);
	}
	if (s->inuse + nfree != c->nobjs)
		return check_fail(c, "slab %p: %u in use + %u free != %u objects",
				  s, s->inuse, nfree, c->nobjs);
	return 0;
}

static int check_list(const struct memcache *c, const struct list *head,
		      bool full, struct tally *t)
{
	const struct list *n, *prev = head;
	int err;

	for (n = head->next; n != head; prev = n, n = n->next) {
		const struct slab *s = (const struct slab *)n;

		if (n->prev != prev || ++t->slabs > c->nr_slabs)
			return check_fail(c, "slab lists broken at %p", n);
		if (s->cache != c)
			return check_fail(c, "slab %p belongs to another cache", s);
		err = check_frames(c, s);
		if (!err)
			err = check_map(c, s);
		if (err)
			return err;
		if (full != (s->inuse == c->nobjs))
			return check_fail(c, "slab %p with %u in use on the %s list",
					  s, s->inuse, full ? "full" : "partial");
		if (!s->inuse && (full || n != head->prev))
			return check_fail(c, "empty slab %p is not last on the partial list", s);
	}
	return 0;
}

static int check_hot(const struct memcache *c)
{
	const struct frame *f = frame_of(virt_to_phys(c->hot));
	const struct slab *s;
	uintptr_t off;

	if (!c->hot)
		return 0;
	if (!f || f->state != FRAME_SLAB)
		return check_fail(c, "hot object %p is not in a slab", c->hot);
	s = frame_slab(f);
	off = (uintptr_t)c->hot - (uintptr_t)s->objs;
	if (s->cache != c || off % c->size || off / c->size >= c->nobjs)
		return check_fail(c, "hot object %p is not a slot of the cache", c->hot);
	if (s->map[off / c->size / 32] & (0x80000000u >> (off / c->size % 32)))
		return check_fail(c, "hot object %p is free in its bitmap", c->hot);
	return 0;
}

/* Whether memcache_free()'s mask and shift agree with the size (if any). */
static bool index_fits(const struct memcache *c)
{
	if (!c->size)
		return true;
	if (c->size & (c->size - 1))
		return c->off_mask == ~0u && !c->shift;
	return c->off_mask == c->size - 1 && 1u << c->shift == c->size;
}

int memcache_check(const struct memcache *c)
{
	struct tally t = { 0 };
	int err;

	if (!index_fits(c))
		return check_fail(c, "mask 0x%x and shift %u do not fit size %u",
				  c->off_mask, c->shift, c->size);
	err = check_list(c, &c->partial, false, &t);
	if (!err)
		err = check_list(c, &c->full, true, &t);
	if (!err)
		err = check_hot(c);
	if (err)
		return err;
	if (t.slabs != c->nr_slabs)
		return check_fail(c, "%u slabs on the lists, counter says %u",
				  t.slabs, c->nr_slabs);
	return 0;
}
