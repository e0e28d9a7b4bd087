/*
 * Physical-memory costs under -icount (make bench): instructions per
 * alloc+free pair of the buddy, a memcache and kmalloc. "pair" frees the
 * object just allocated (the allocators' fast paths: the buddy's order-0
 * cache, a memcache's last-freed slot); "pair4" allocates four objects then
 * frees them, so three of every four go through the bitmaps; figures are
 * per pair either way.
 *
 * A failed allocation must not become a figure: buddy_free(BUDDY_NONE) and
 * memcache_free(NULL) BUG, kfree(NULL) does nothing, so the kmalloc loops
 * count the NULLs and the benchmark fails on any.
 */
#include <kernel/ktest.h>
#include <lib/format.h>
#include <mm/buddy.h>
#include <mm/kmalloc.h>
#include <mm/memcache.h>
#include <platform.h>

#define ITERATIONS	4000

KTEST(bench_mm, buddy_order0)
{
	uint32_t start = platform_counter_read();

	for (int i = 0; i < ITERATIONS; i++)
		buddy_free(buddy_alloc(0), 0);
	ktest_bench("buddy order-0 alloc+free pair", ITERATIONS,
		    platform_counter_read() - start);
}

KTEST(bench_mm, buddy_order0_pair4)
{
	paddr_t pa[4];
	uint32_t start = platform_counter_read();

	for (int i = 0; i < ITERATIONS / 4; i++) {
		for (int j = 0; j < 4; j++)
			pa[j] = buddy_alloc(0);
		for (int j = 0; j < 4; j++)
			buddy_free(pa[j], 0);
	}
	ktest_bench("buddy order-0 pair, 4 live", ITERATIONS,
		    platform_counter_read() - start);
}

KTEST(bench_mm, buddy_order2)
{
	uint32_t start = platform_counter_read();

	for (int i = 0; i < ITERATIONS; i++)
		buddy_free(buddy_alloc(2), 2);
	ktest_bench("buddy order-2 (16 KiB) alloc+free pair", ITERATIONS,
		    platform_counter_read() - start);
}

static void memcache_bench(const char *name, size_t size, unsigned int fill_pct)
{
	static void *held[MEMCACHE_MAX_OBJS];
	static struct memcache cache;
	struct memcache_stats st;
	unsigned int n = 0;
	uint32_t start;
	void *obj[4];

	KT_ASSERT_EQ(memcache_init(&cache, name, size, 0), 0);
	memcache_stats(&cache, &st);
	if (fill_pct) {
		held[n++] = memcache_alloc(&cache);
		memcache_stats(&cache, &st);
		while (n < st.objs_per_slab * fill_pct / 100)
			held[n++] = memcache_alloc(&cache);
		for (unsigned int i = 0; i < n; i++)
			KT_ASSERT(held[i] != NULL);
	}
	start = platform_counter_read();
	for (int i = 0; i < ITERATIONS; i++)
		memcache_free(&cache, memcache_alloc(&cache));
	ktest_bench(name, ITERATIONS, platform_counter_read() - start);

	start = platform_counter_read();
	for (int i = 0; i < ITERATIONS / 4; i++) {
		for (int j = 0; j < 4; j++)
			obj[j] = memcache_alloc(&cache);
		for (int j = 0; j < 4; j++)
			memcache_free(&cache, obj[j]);
	}
	ktest_bench("  same, 4 live (bitmap path)", ITERATIONS,
		    platform_counter_read() - start);
	while (n)
		memcache_free(&cache, held[--n]);
	memcache_destroy(&cache);
}

KTEST(bench_mm, memcache)
{
	memcache_bench("memcache 32 B alloc+free pair", 32, 0);
	memcache_bench("memcache 1 KiB alloc+free pair", 1024, 0);
	memcache_bench("memcache 32 B pair, slab 90% full", 32, 90);
}

static void kmalloc_bench(size_t size)
{
	static char name[2][48];
	uint32_t start = platform_counter_read(), ticks;
	unsigned int failed = 0;
	void *p[4];

	for (int i = 0; i < ITERATIONS; i++) {
		p[0] = kmalloc(size);
		failed += !p[0];
		kfree(p[0]);
	}
	ticks = platform_counter_read() - start;
	KT_ASSERT_EQ(failed, 0);
	snprintf(name[0], sizeof(name[0]), "kmalloc+kfree %zu B", size);
	ktest_bench(name[0], ITERATIONS, ticks);

	start = platform_counter_read();
	for (int i = 0; i < ITERATIONS / 4; i++) {
		for (int j = 0; j < 4; j++) {
			p[j] = kmalloc(size);
			failed += !p[j];
		}
		for (int j = 0; j < 4; j++)
			kfree(p[j]);
	}
	ticks = platform_counter_read() - start;
	KT_ASSERT_EQ(failed, 0);
	snprintf(name[1], sizeof(name[1]), "  same, 4 live");
	ktest_bench(name[1], ITERATIONS, ticks);
}

KTEST(bench_mm, kmalloc)
{
	static const size_t sizes[] = { 16, 64, 256, 1024, 4096 };

	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++)
		kmalloc_bench(sizes[i]);
}
