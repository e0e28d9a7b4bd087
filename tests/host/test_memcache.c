/* Host unit tests for memcaches (mm/memcache*.c). */
#include <string.h>

#include <mm/buddy.h>
#include <mm/fault_inject.h>
#include <mm/memcache.h>
#include <uapi/errno.h>

#include "../../mm/internal.h"
#include "mm_host.h"
#include "shim.h"
#include "tap.h"

#define MiB	(1024u * 1024u)
#define MAXOBJ	32768

static struct buddy_stats initial;
static struct memcache cache, other;
static void *objs[MAXOBJ];

static void setup(size_t ram, unsigned int page_shift)
{
	mm_host_arena(0, ram, page_shift);
	buddy_init(0, ram, PAGE_SIZE, NULL, 0);
	buddy_stats(&initial);
}

static bool buddy_restored(void)
{
	struct buddy_stats st;

	buddy_drain();
	buddy_stats(&st);
	return buddy_check() == 0 && st.free_frames == initial.free_frames &&
	       !memcmp(st.free_blocks, initial.free_blocks, sizeof(st.free_blocks));
}

TAP_TEST(l2pt_four_per_page)
{
	struct memcache_stats st;
	uint32_t i;

	setup(MiB, 12);
	TAP_ASSERT_EQ(memcache_init(&cache, "l2pt", 1024, 1024), 0);
	for (i = 0; i < 4; i++) {
		objs[i] = memcache_alloc(&cache);
		TAP_ASSERT(objs[i]);
		TAP_ASSERT(IS_ALIGNED((uintptr_t)objs[i], 1024));
	}
	memcache_stats(&cache, &st);
	TAP_ASSERT_EQ(st.objs_per_slab, 4);
	TAP_ASSERT_EQ(st.slabs, 1);
	TAP_ASSERT_EQ(st.pages, 1);
	TAP_ASSERT_EQ(st.inuse, 4);
	TAP_ASSERT_EQ(st.free, 0);
	TAP_ASSERT_EQ(buddy_frame_state(virt_to_phys(objs[0]), NULL), FRAME_SLAB);
	TAP_ASSERT_EQ(memcache_check(&cache), 0);
	for (i = 0; i < 4; i++)
		memcache_free(&cache, objs[i]);
	memcache_destroy(&cache);
	TAP_ASSERT(buddy_restored());
}

/* Fills n objects, checks alignment and that no two overlap, frees them. */
static void churn(size_t size, size_t align, uint32_t n)
{
	uint32_t i, j;
	size_t a = align ? align : MEMCACHE_MIN_ALIGN;

	TAP_ASSERT_EQ(memcache_init(&cache, "churn", size, align), 0);
	for (i = 0; i < n; i++) {
		objs[i] = memcache_alloc(&cache);
		TAP_ASSERT(objs[i]);
		TAP_ASSERT(IS_ALIGNED((uintptr_t)objs[i], a));
		memset(objs[i], (int)i, size);
	}
	TAP_ASSERT_EQ(memcache_check(&cache), 0);
	TAP_ASSERT_EQ(buddy_check(), 0);
	for (i = 0; i < n; i += 2)
		memcache_free(&cache, objs[i]);
	for (i = 0; i < n; i += 2) {
		TAP_ASSERT((objs[i] = memcache_alloc(&cache)) != NULL);
		memset(objs[i], (int)i, size);
	}
	for (i = 0; i < n; i++) {
		for (j = 0; j < size; j++)
			TAP_ASSERT_EQ(((unsigned char *)objs[i])[j], (unsigned char)i);
		memcache_free(&cache, objs[i]);
	}
	TAP_ASSERT_EQ(memcache_check(&cache), 0);
	memcache_destroy(&cache);
	TAP_ASSERT(buddy_restored());
}

TAP_TEST(sizes_alignments_page_sizes)
{
	static const size_t sizes[] = { 1, 8, 24, 100, 192, 512, 1000, 3000, 5000 };
	static const size_t aligns[] = { 0, 1, 64, 1024 };
	unsigned int shifts[] = { 10, 12, 16 }, s, i, k;

	for (s = 0; s < 3; s++)
		for (i = 0; i < ARRAY_SIZE(sizes); i++)
			for (k = 0; k < ARRAY_SIZE(aligns); k++) {
				setup(16 * MiB, shifts[s]);
				churn(sizes[i], aligns[k], 300);
			}
}

TAP_TEST(zalloc_clears)
{
	unsigned char *p;
	uint32_t i;

	setup(MiB, 12);
	TAP_ASSERT_EQ(memcache_init(&cache, "z", 200, 0), 0);
	p = memcache_alloc(&cache);
	memset(p, 0xa5, 200);
	memcache_free(&cache, p);
	p = memcache_zalloc(&cache);
	for (i = 0; i < 200; i++)
		TAP_ASSERT_EQ(p[i], 0);
	memcache_free(&cache, p);
	memcache_destroy(&cache);
}

TAP_TEST(keeps_one_empty_slab)
{
	struct memcache_stats st;
	uint32_t i, per;

	setup(MiB, 12);
	TAP_ASSERT_EQ(memcache_init(&cache, "r", 512, 0), 0);
	objs[0] = memcache_alloc(&cache);
	memcache_stats(&cache, &st);
	per = st.objs_per_slab;
	for (i = 1; i < 3 * per; i++)
		objs[i] = memcache_alloc(&cache);
	memcache_stats(&cache, &st);
	TAP_ASSERT_EQ(st.slabs, 3);
	for (i = 0; i < 3 * per; i++)
		memcache_free(&cache, objs[i]);
	memcache_stats(&cache, &st);
	/* the reserve, and the slab of the hot object (freed first) */
	TAP_ASSERT_EQ(st.inuse, 0);
	TAP_ASSERT_EQ(st.slabs, 2);
	TAP_ASSERT_EQ(memcache_check(&cache), 0);
	memcache_shrink(&cache);
	memcache_stats(&cache, &st);
	TAP_ASSERT_EQ(st.slabs, 0);
	TAP_ASSERT(buddy_restored());
}

TAP_TEST(out_of_memory_and_fault_injection)
{
	static const size_t sizes[] = { 16, 1024, 3000 };
	uint32_t i, n, s;

	for (s = 0; s < ARRAY_SIZE(sizes); s++) {
		setup(256 * 1024, 12);
		TAP_ASSERT_EQ(memcache_init(&cache, "oom", sizes[s], 0), 0);
		for (n = 0; n < MAXOBJ && (objs[n] = memcache_alloc(&cache)); n++)
			;
		TAP_ASSERT(n > 0 && n < MAXOBJ);
		TAP_ASSERT_EQ(memcache_check(&cache), 0);
		for (i = 0; i < n; i++)
			memcache_free(&cache, objs[i]);
		memcache_shrink(&cache);
		TAP_ASSERT(buddy_restored());

		fault_inject_set(FAULT_RANDOM, 300000, s + 1);
		for (i = 0, n = 0; i < 2000; i++) {
			void *p = memcache_alloc(&cache);

			if (p)
				objs[n++] = p;
			if (n && (i % 3 == 0 || !p))
				memcache_free(&cache, objs[--n]);
		}
		fault_inject_set(FAULT_OFF, 0, 0);
		TAP_ASSERT_EQ(memcache_check(&cache), 0);
		while (n)
			memcache_free(&cache, objs[--n]);
		memcache_destroy(&cache);
		TAP_ASSERT(buddy_restored());
	}
}

TAP_TEST(init_rejects_bad_parameters)
{
	setup(MiB, 12);
	TAP_ASSERT_EQ(memcache_init(&cache, "x", 0, 0), -EINVAL);
	TAP_ASSERT_EQ(memcache_init(&cache, "x", 64, 3), -EINVAL);
	TAP_ASSERT_EQ(memcache_init(&cache, "x", 64 * MiB, 0), -EINVAL);
	TAP_ASSERT_EQ(memcache_init(&cache, "x", 64, 64 * MiB), -EINVAL);
}

static char *victim;
static struct memcache *victim_cache;

static void double_free(void) { memcache_free(victim_cache, victim); memcache_free(victim_cache, victim); }
static void foreign(void) { memcache_free(&other, victim); }
static void misaligned(void) { memcache_free(victim_cache, victim + 8); }
static void header(void) { memcache_free(victim_cache, (char *)frame_slab(frame_of(virt_to_phys(victim)))); }
static void page(void) { memcache_free(victim_cache, phys_to_virt(buddy_alloc(0))); }
static void outside(void) { memcache_free(victim_cache, phys_to_virt(64 * MiB)); }
static void busy_destroy(void) { memcache_destroy(victim_cache); }

TAP_TEST(bugs_have_clear_messages)
{
	static const struct {
		void (*fn)(void);
		const char *msg;
	} cases[] = {
		{ double_free, "double free" },
		{ foreign, "belongs to cache small" },
		{ misaligned, "not the start of an object" },
		{ header, "not the start of an object" },
		{ page, "not a memcache object" },
		{ outside, "not a memcache object" },
		{ busy_destroy, "still has 1 objects in use" },
	};
	volatile unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		setup(MiB, 12);
		TAP_ASSERT_EQ(memcache_init(&cache, "small", 48, 0), 0);
		TAP_ASSERT_EQ(memcache_init(&other, "other", 48, 0), 0);
		victim_cache = &cache;
		victim = memcache_alloc(&cache);
		SHIM_EXPECT_PANIC(cases[i].fn());
		if (!shim_panicked || !strstr(shim_panic_msg, cases[i].msg))
			tap_fail(__FILE__, __LINE__, "case %u: expected \"%s\", got \"%s\"",
				 i, cases[i].msg, shim_panicked ? shim_panic_msg : "none");
	}
}

/* Returns whether memcache_free(&cache, p) is a BUG saying msg. */
static bool free_bugs(void *p, const char *msg)
{
	SHIM_EXPECT_PANIC(memcache_free(&cache, p));
	return shim_panicked && strstr(shim_panic_msg, msg);
}

/*
 * memcache_free() of every byte of a full slab that is not the start of a
 * slot is a BUG, before anything changes; then every object frees once
 * and is a double free the second time. Covers the mask-and-shift path of
 * power-of-two sizes and the reciprocal of the others, on- and off-slab.
 */
TAP_TEST(only_slot_starts_free)
{
	static const struct {
		uint32_t size, align, page_shift;
	} cases[] = {
		{ 16, 0, 12 }, { 48, 0, 12 }, { 64, 64, 12 }, { 1024, 1024, 12 },
		{ 3000, 0, 12 }, { 24, 0, 10 }, { 4096, 0, 16 }, { 40000, 0, 16 },
	};
	unsigned int k;

	for (k = 0; k < ARRAY_SIZE(cases); k++) {
		struct memcache_stats st;
		char *block, *p;
		uint32_t i, n, bytes;
		uintptr_t off;

		setup(4 * MiB, cases[k].page_shift);
		TAP_ASSERT_EQ(memcache_init(&cache, "c", cases[k].size,
					    cases[k].align), 0);
		objs[0] = memcache_alloc(&cache);
		memcache_stats(&cache, &st);
		n = st.objs_per_slab;
		for (i = 1; i < n; i++)
			objs[i] = memcache_alloc(&cache);
		bytes = PAGE_SIZE << cache.order;
		block = (char *)ALIGN_DOWN((uintptr_t)objs[0], bytes);
		for (p = block; p < block + bytes; p++) {
			off = (uintptr_t)(p - (char *)objs[0]);
			if (p >= (char *)objs[0] && off % st.size == 0 &&
			    off / st.size < n)
				continue;
			if (!free_bugs(p, "not the start of an object")) {
				tap_fail(__FILE__, __LINE__, "size %u offset %ld: got \"%s\"",
					 cases[k].size, (long)(p - block),
					 shim_panicked ? shim_panic_msg : "none");
				return;
			}
		}
		TAP_ASSERT_EQ(memcache_check(&cache), 0);
		for (i = 0; i < n; i++)
			memcache_free(&cache, objs[i]);
		for (i = 0; i < n; i++)
			TAP_ASSERT(free_bugs(objs[i], "double free"));
		TAP_ASSERT_EQ(memcache_check(&cache), 0);
		memcache_destroy(&cache);
		TAP_ASSERT(buddy_restored());
	}
}

TAP_TEST(check_sees_corruption)
{
	struct slab *s;

	shim_quiet = true;
	setup(MiB, 12);
	TAP_ASSERT_EQ(memcache_init(&cache, "c", 64, 0), 0);
	victim = memcache_alloc(&cache);
	s = frame_slab(frame_of(virt_to_phys(victim)));
	s->map[0] ^= 0x80000000u;
	TAP_ASSERT(memcache_check(&cache) != 0);
	s->map[0] ^= 0x80000000u;
	TAP_ASSERT_EQ(memcache_check(&cache), 0);
	cache.nr_slabs++;
	TAP_ASSERT(memcache_check(&cache) != 0);
	cache.nr_slabs--;
	cache.shift++;
	TAP_ASSERT(memcache_check(&cache) != 0);
	cache.shift--;
	frame_of(virt_to_phys(victim))->data ^= 8;
	TAP_ASSERT(memcache_check(&cache) != 0);
	shim_quiet = false;
}

int main(void)
{
	return tap_main();
}
