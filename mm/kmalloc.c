/*
 * kmalloc: sizes up to KMALLOC_MAX_SMALL go to the power-of-two memcache
 * of their class (aligned to the class size); larger sizes get a buddy
 * block of the smallest order that holds them, marked FRAME_KMALLOC. kfree
 * tells the two apart from the frame state alone.
 */
#include <kernel/panic.h>
#include <mm/buddy.h>
#include <mm/kmalloc.h>
#include <string.h>

#include "internal.h"

static struct memcache kmalloc_caches[KMALLOC_NR_CLASSES];

static const char *const kmalloc_names[KMALLOC_NR_CLASSES] = {
	"kmalloc-16", "kmalloc-32", "kmalloc-64", "kmalloc-128",
	"kmalloc-256", "kmalloc-512", "kmalloc-1024", "kmalloc-2048",
};

_Static_assert(KMALLOC_MIN_SIZE << (KMALLOC_NR_CLASSES - 1) == KMALLOC_MAX_SMALL,
	       "size classes must reach KMALLOC_MAX_SMALL");

int kmalloc_init(void)
{
	unsigned int i;
	int err;

	for (i = 0; i < KMALLOC_NR_CLASSES; i++) {
		size_t size = KMALLOC_MIN_SIZE << i;

		err = memcache_init(&kmalloc_caches[i], kmalloc_names[i], size, size);
		if (err)
			return err;
		kmalloc_caches[i].flags |= MEMCACHE_KMALLOC;
	}
	return 0;
}

/* Class of 1 <= size <= KMALLOC_MAX_SMALL: 0 for 1..16, 1 for 17..32, ... */
static unsigned int size_class(size_t size)
{
	return 28 - __builtin_clz((uint32_t)(size - 1) | (KMALLOC_MIN_SIZE - 1));
}

static void *kmalloc_large(size_t size)
{
	unsigned int order = 0;
	paddr_t pa;

	if (size > (size_t)PAGE_SIZE << (BUDDY_MAX_ORDER - 1))
		return NULL;
	if (size > PAGE_SIZE)
		order = 32 - __builtin_clz((uint32_t)size - 1) - PAGE_SHIFT;
	pa = buddy_alloc(order);
	if (pa == BUDDY_NONE)
		return NULL;
	buddy_block_set(pa, order, FRAME_KMALLOC, 0);
	return phys_to_virt(pa);
}

void *kmalloc(size_t size)
{
	if (likely(size - 1 < KMALLOC_MAX_SMALL))
		return memcache_alloc(&kmalloc_caches[size_class(size)]);
	if (!size)
		return NULL;
	return kmalloc_large(size);
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

/* The BUG of a kfree(ptr) that cannot be right; f: ptr's frame or NULL. */
static __attribute__((noinline)) void __noreturn
bad_kfree(const void *ptr, const struct frame *f)
{
	if (!f)
		panic("kfree: %p is not in RAM", ptr);
	if (f->state == FRAME_KMALLOC)
		panic("kfree: %p is inside a kmalloc block", ptr);
	if (f->state == FRAME_FREE || f->state == FRAME_HOT)
		panic("kfree: double free of %p", ptr);
	if (f->state == FRAME_SLAB)
		panic("kfree: %p belongs to memcache %s", ptr,
		      frame_slab(f)->cache->name);
	panic("kfree: %p was not returned by kmalloc (frame state %u)",
	      ptr, f->state);
}

/* kfree() of ptr in RAM but not in a slab (frame state f): a large block. */
static __attribute__((noinline)) void kfree_large(void *ptr,
						  const struct frame *f)
{
	paddr_t pa = virt_to_phys(ptr);

	if (unlikely(f->state != FRAME_KMALLOC || !IS_ALIGNED(pa, PAGE_SIZE)))
		bad_kfree(ptr, f);
	buddy_block_set(pa, f->order, FRAME_ALLOC, 0);
	buddy_free(pa, f->order);
}

void kfree(void *ptr)
{
	uintptr_t i = frame_index_virt(ptr);
	const struct frame *f;
	struct memcache *c;

	if (!ptr)
		return;
	if (unlikely(i >= mm_ram.nr_frames))
		bad_kfree(ptr, NULL);
	if (unlikely(virt_pristine(ptr)))
		panic("kfree: double free of %p (never allocated)", ptr);
	f = &mm_ram.frames[i];
	if (unlikely(f->state != FRAME_SLAB)) {
		kfree_large(ptr, f);
		return;
	}
	c = frame_slab(f)->cache;
	if (unlikely(!(c->flags & MEMCACHE_KMALLOC)))
		bad_kfree(ptr, f);
	memcache_slab_free(c, ptr, frame_slab(f));
}

void kmalloc_shrink(void)
{
	unsigned int i;

	for (i = 0; i < KMALLOC_NR_CLASSES; i++)
		memcache_shrink(&kmalloc_caches[i]);
}

int kmalloc_check(void)
{
	unsigned int i;
	int err;

	for (i = 0; i < KMALLOC_NR_CLASSES; i++) {
		err = memcache_check(&kmalloc_caches[i]);
		if (err)
			return err;
	}
	return 0;
}
