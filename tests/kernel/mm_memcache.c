/* In-kernel tests of memcaches and kmalloc over the board's real RAM. */
#include <kernel/ktest.h>
#include <mm/fault_inject.h>
#include <mm/kmalloc.h>
#include <mm/memcache.h>
#include <string.h>

#include "mm_ktest.h"

#define NOBJ	64

KTEST(memcache, l2pt_four_per_page)
{
	static struct memcache c;
	struct memcache_stats st;
	void *pt[8];
	unsigned int i, misaligned = 0, same_page = 0;

	KT_ASSERT_EQ(memcache_init(&c, "l2pt-test", 1024, 1024), 0);
	for (i = 0; i < 8; i++) {
		pt[i] = memcache_zalloc(&c);
		misaligned += !pt[i] || !IS_ALIGNED((uintptr_t)pt[i], 1024);
	}
	for (i = 0; i < 8; i++)
		same_page += pt[i] && pt[i & ~3u] &&
			     ((uintptr_t)pt[i] & PAGE_MASK) ==
			     ((uintptr_t)pt[i & ~3u] & PAGE_MASK);
	memcache_stats(&c, &st);
	for (i = 0; i < 8; i++)
		if (pt[i])
			memcache_free(&c, pt[i]);
	memcache_destroy(&c);
	KT_ASSERT_EQ(misaligned, 0);
	KT_ASSERT_EQ(same_page, 8);
	KT_ASSERT_EQ(st.objs_per_slab, 4);
	KT_ASSERT_EQ(st.pages, 2);
	pt[0] = memcache_alloc(&l2pt_cache);
	KT_ASSERT(pt[0] && IS_ALIGNED((uintptr_t)pt[0], 1024));
	memcache_free(&l2pt_cache, pt[0]);
	KT_ASSERT_EQ(memcache_check(&l2pt_cache), 0);
}

KTEST(memcache, sizes_and_shrink)
{
	static const size_t sizes[] = { 24, 200, 1000, 3000 };
	static struct memcache c;
	void *obj[NOBJ];
	unsigned int s, i, bad = 0;
	uint64_t before;

	kmalloc_shrink();
	before = mm_layout_hash();

	for (s = 0; s < ARRAY_SIZE(sizes); s++) {
		KT_ASSERT_EQ(memcache_init(&c, "ktest", sizes[s], 0), 0);
		for (i = 0; i < NOBJ; i++) {
			obj[i] = memcache_alloc(&c);
			if (obj[i])
				memset(obj[i], (int)i, sizes[s]);
		}
		for (i = 0; i < NOBJ; i++) {
			if (!obj[i] || *(unsigned char *)obj[i] != (unsigned char)i)
				bad++;
			if (obj[i])
				memcache_free(&c, obj[i]);
		}
		bad += memcache_check(&c) != 0;
		memcache_destroy(&c);
	}
	KT_ASSERT_EQ(bad, 0);
	KT_ASSERT_EQ(buddy_check(), 0);
	KT_ASSERT_EQ(mm_layout_hash(), before);
}

/* kmalloc's alignment promise: the size class, at most a page. */
static bool naturally_aligned(const void *p, size_t size)
{
	size_t align = 16;

	while (align < size && align < PAGE_SIZE)
		align <<= 1;
	return IS_ALIGNED((uintptr_t)p, align);
}

KTEST(kmalloc, classes_and_large)
{
	static const size_t sizes[] = { 1, 16, 17, 100, 1024, 2048, 2049, 70000 };
	void *p[ARRAY_SIZE(sizes)];
	unsigned int i, bad = 0;
	uint64_t before;

	kmalloc_shrink();
	before = mm_layout_hash();
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		p[i] = kzalloc(sizes[i]);
		bad += !p[i] || !naturally_aligned(p[i], sizes[i]);
	}
	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		kfree(p[i]);
	kfree(NULL);
	KT_ASSERT_EQ(bad, 0);
	KT_ASSERT(kmalloc(0) == NULL);
	KT_ASSERT_EQ(kmalloc_check(), 0);
	kmalloc_shrink();
	KT_ASSERT_EQ(mm_layout_hash(), before);
}

KTEST(kmalloc, out_of_memory_paths)
{
	void *p[NOBJ];
	unsigned int i, got = 0;
	uint64_t before;

	kmalloc_shrink();
	before = mm_layout_hash();
	fault_inject_set(FAULT_EVERY, 2, 0);
	for (i = 0; i < NOBJ; i++) {
		p[i] = kmalloc(8192 >> (i % 8));
		got += p[i] != NULL;
	}
	fault_inject_set(FAULT_OFF, 0, 0);
	for (i = 0; i < NOBJ; i++)
		kfree(p[i]);
	KT_ASSERT(got > 0 && got < NOBJ);
	KT_ASSERT_EQ(kmalloc_check(), 0);
	kmalloc_shrink();
	KT_ASSERT_EQ(buddy_check(), 0);
	KT_ASSERT_EQ(mm_layout_hash(), before);
}
