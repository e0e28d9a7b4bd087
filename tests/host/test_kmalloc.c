/* Host unit tests for kmalloc/kfree (mm/kmalloc.c) and mm_caches_init(). */
#include <string.h>

#include <mm/buddy.h>
#include <mm/fault_inject.h>
#include <mm/kmalloc.h>
#include <mm/memcache.h>

#include "../../mm/internal.h"
#include "mm_host.h"
#include "shim.h"
#include "tap.h"

#define MiB	(1024u * 1024u)

static struct buddy_stats initial;

static void setup(unsigned int page_shift)
{
	mm_host_arena(0, 16 * MiB, page_shift);
	buddy_init(0, 16 * MiB, 0, NULL, 0);
	buddy_stats(&initial);
	mm_caches_init();
}

static bool buddy_restored(void)
{
	struct buddy_stats st;

	kmalloc_shrink();
	buddy_drain();
	buddy_stats(&st);
	return buddy_check() == 0 && st.free_frames == initial.free_frames &&
	       !memcmp(st.free_blocks, initial.free_blocks, sizeof(st.free_blocks));
}

static size_t natural_align(size_t size)
{
	size_t a = KMALLOC_MIN_SIZE;

	while (a < size)
		a <<= 1;
	return a < PAGE_SIZE ? a : PAGE_SIZE;
}

TAP_TEST(sizes_are_naturally_aligned)
{
	static const size_t sizes[] = {
		1, 15, 16, 17, 31, 32, 33, 100, 128, 129, 1000, 1024, 1025,
		2047, 2048, 2049, 4095, 4096, 4097, 65536, 100000, 1 << 20,
	};
	unsigned int shifts[] = { 10, 12, 16 }, s, i;
	void *p[ARRAY_SIZE(sizes)];

	for (s = 0; s < 3; s++) {
		setup(shifts[s]);
		for (i = 0; i < ARRAY_SIZE(sizes); i++) {
			p[i] = kmalloc(sizes[i]);
			if (sizes[i] > PAGE_SIZE << (BUDDY_MAX_ORDER - 1)) {
				TAP_ASSERT(!p[i]);
				continue;
			}
			TAP_ASSERT(p[i]);
			TAP_ASSERT(IS_ALIGNED((uintptr_t)p[i], natural_align(sizes[i])));
			memset(p[i], 0x5a, sizes[i]);
		}
		TAP_ASSERT_EQ(kmalloc_check(), 0);
		TAP_ASSERT_EQ(buddy_check(), 0);
		for (i = 0; i < ARRAY_SIZE(sizes); i++)
			kfree(p[i]);
		TAP_ASSERT(buddy_restored());
	}
}

TAP_TEST(large_sizes_live_in_the_frame_state)
{
	struct frame_info fi;
	void *p;

	setup(12);
	p = kmalloc(3 * 4096);
	TAP_ASSERT_EQ(buddy_frame_state(virt_to_phys(p), &fi), FRAME_KMALLOC);
	TAP_ASSERT_EQ(fi.order, 2);
	kfree(p);
	p = kmalloc(64);
	TAP_ASSERT_EQ(buddy_frame_state(virt_to_phys(p), NULL), FRAME_SLAB);
	kfree(p);
	TAP_ASSERT(buddy_restored());
}

TAP_TEST(zero_and_impossible_sizes)
{
	setup(12);
	TAP_ASSERT(kmalloc(0) == NULL);
	TAP_ASSERT(kzalloc(0) == NULL);
	TAP_ASSERT(kmalloc(4 * MiB) == NULL);
	TAP_ASSERT(kmalloc((size_t)-1) == NULL);
	kfree(NULL);
	TAP_ASSERT(buddy_restored());
}

TAP_TEST(kzalloc_clears)
{
	static const size_t sizes[] = { 40, 2000, 9000 };
	unsigned char *p;
	unsigned int i, j;

	setup(12);
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		p = kmalloc(sizes[i]);
		memset(p, 0xff, sizes[i]);
		kfree(p);
		p = kzalloc(sizes[i]);
		for (j = 0; j < sizes[i]; j++)
			TAP_ASSERT_EQ(p[j], 0);
		kfree(p);
	}
}

TAP_TEST(out_of_memory_returns_null)
{
	static void *p[70000];
	unsigned int n = 0, i;

	setup(12);
	fault_inject_set(FAULT_EVERY, 3, 0);
	for (i = 0; i < 3000; i++) {
		void *q = kmalloc(16u << (i % 10));

		if (q)
			p[n++] = q;
	}
	fault_inject_set(FAULT_OFF, 0, 0);
	TAP_ASSERT(n < 3000);
	while ((p[n] = kmalloc(4000)) != NULL)
		n++;
	TAP_ASSERT_EQ(kmalloc_check(), 0);
	while (n)
		kfree(p[--n]);
	TAP_ASSERT(buddy_restored());
}

TAP_TEST(boot_caches)
{
	void *a;

	setup(12);
	a = memcache_alloc(&l2pt_cache);
	TAP_ASSERT(a);
	TAP_ASSERT(IS_ALIGNED((uintptr_t)a, 1024));
	memcache_free(&l2pt_cache, a);
	TAP_ASSERT_EQ(memcache_check(&l2pt_cache), 0);
}

static char *victim;

static void double_free_small(void) { victim = kmalloc(32); kfree(victim); kfree(victim); }
static void double_free_large(void) { victim = kmalloc(20000); kfree(victim); kfree(victim); }
static void inside_small(void) { victim = kmalloc(64); kfree(victim + 16); }
static void inside_large(void) { victim = kmalloc(20000); kfree(victim + 4096); }
static void inside_large_head(void) { victim = kmalloc(20000); kfree(victim + 8); }
static void memcache_obj(void) { kfree(memcache_alloc(&l2pt_cache)); }
static void buddy_page(void) { kfree(phys_to_virt(buddy_alloc(0))); }
static void stack(void) { char c; kfree(&c); }
/* A frame in the last top-order block, whose tails buddy_init() deferred. */
static void pristine(void) { kfree(phys_to_virt(16 * MiB - 3 * PAGE_SIZE)); }
static void pristine_obj(void)
{
	memcache_free(&l2pt_cache, phys_to_virt(16 * MiB - 3 * PAGE_SIZE + 1024));
}

TAP_TEST(bugs_have_clear_messages)
{
	static const struct {
		void (*fn)(void);
		const char *msg;
	} cases[] = {
		{ double_free_small, "double free" },
		{ double_free_large, "double free" },
		{ inside_small, "not the start of an object" },
		{ inside_large, "was not returned by kmalloc" },
		{ inside_large_head, "inside a kmalloc block" },
		{ memcache_obj, "belongs to memcache l2pt" },
		{ buddy_page, "was not returned by kmalloc" },
		{ stack, "not in RAM" },
		{ pristine, "double free of" },
		{ pristine_obj, "is not a memcache object" },
	};
	volatile unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		setup(12);
		SHIM_EXPECT_PANIC(cases[i].fn());
		if (!shim_panicked || !strstr(shim_panic_msg, cases[i].msg))
			tap_fail(__FILE__, __LINE__, "case %u: expected \"%s\", got \"%s\"",
				 i, cases[i].msg, shim_panicked ? shim_panic_msg : "none");
	}
}

int main(void)
{
	return tap_main();
}
