/*
 * allocbench: mica's allocators beside the host's malloc/free, same
 * workload, same run; each figure is the median of 7 repetitions.
 *
 *	W1  one 4 KiB block allocated and freed 10^7 times, 64 MiB arena
 *	W2  up to 8,192 live 4 KiB blocks, random alloc/free 50/50, 10^7 ops
 *	W3  blocks of 4 KiB << k (k = 0..8), up to 1,024 live, random
 *	    alloc/free, 2*10^6 ops in a 256 MiB arena (the board's largest
 *	    RAM); mica's failure rate shown
 *	W4  alloc+free pairs from a memcache (32 B, 1 KiB) and kmalloc/kfree
 *
 * An "op" is an alloc+free pair in W1 and W4 and a single alloc or free in
 * W2 and W3. Every allocator runs under the same driver loop, called
 * through the same function pointers; the driver's own cost (mostly the
 * mispredicted 50/50 branch of W2/W3) is measured with a null allocator and
 * taken out of the ratio. Built with -O2 and no sanitizers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mm/buddy.h>
#include <mm/kmalloc.h>
#include <mm/memcache.h>

#include "mm_host.h"
#include "shim.h"

#define REPS		7
#define MiB		(1024u * 1024u)

/*
 * An allocator under test: alloc returns NULL on failure; arg is the order
 * (W1-W3) or the size (W4).
 */
struct allocator {
	void *(*alloc)(size_t arg);
	void (*free)(void *p, size_t arg);
};

struct workload {
	const char *name;
	double target;
	unsigned long ops;
	void (*driver)(const struct allocator *a, unsigned long ops);
	const struct allocator *mica;
	size_t arg;		/* W4: object size */
};

static size_t bench_arg;
static struct memcache bench_cache;
static unsigned long fails, tries;

/* Keeps the compiler from dropping an allocation it sees unused. */
static inline void use(void *p)
{
	__asm__ volatile("" : : "r"(p) : "memory");
}

static uint32_t rng;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* A random index below n without a division. */
static uint32_t rnd_below(uint32_t n)
{
	return (uint64_t)rnd() * n >> 32;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void ram_init(size_t bytes)
{
	mm_host_arena(0, bytes, 12);
	memset(phys_to_virt(0), 0, bytes);
	buddy_init(0, bytes, 0x8000, &(struct mem_reserve){ 0, 0x8000 }, 1);
	mm_caches_init();
}

static void *buddy_get(size_t order)
{
	paddr_t pa = buddy_alloc(order);

	return pa == BUDDY_NONE ? NULL : phys_to_virt(pa);
}

static void buddy_put(void *p, size_t order)
{
	buddy_free(virt_to_phys(p), order);
}

/* An ideal buddy: every free coalesces at once (no order-0 hot cache). */
static void buddy_put_coalesced(void *p, size_t order)
{
	buddy_free(virt_to_phys(p), order);
	buddy_drain();
}

static void *libc_pages_get(size_t order)
{
	return malloc((size_t)4096 << order);
}

static void *libc_get(size_t size)
{
	return malloc(size);
}

static void libc_put(void *p, size_t arg __unused)
{
	free(p);
}

static void *cache_get(size_t size __unused)
{
	return memcache_alloc(&bench_cache);
}

static void cache_put(void *p, size_t size __unused)
{
	memcache_free(&bench_cache, p);
}

static void *kmalloc_get(size_t size)
{
	return kmalloc(size);
}

static void kmalloc_put(void *p, size_t size __unused)
{
	kfree(p);
}

/* The driver's own cost: an allocator that does nothing. */
static void *null_get(size_t arg __unused)
{
	static char dummy;

	use(&dummy);
	return &dummy;
}

static void null_put(void *p, size_t arg __unused)
{
	use(p);
}

static const struct allocator mica_buddy = { buddy_get, buddy_put };
static const struct allocator mica_cache = { cache_get, cache_put };
static const struct allocator mica_kmalloc = { kmalloc_get, kmalloc_put };
static const struct allocator ideal_buddy = { buddy_get, buddy_put_coalesced };
static const struct allocator libc_pages = { libc_pages_get, libc_put };
static const struct allocator libc = { libc_get, libc_put };
static const struct allocator null = { null_get, null_put };

static void pairs(const struct allocator *a, unsigned long ops)
{
	size_t x = bench_arg;

	while (ops--)
		a->free(a->alloc(x), x);
}

#define MAX_LIVE	8192
static void *live_p[MAX_LIVE];
static unsigned char live_order[MAX_LIVE];

/* Random alloc/free, 50/50, up to max live blocks of random order. */
static void random_mix(const struct allocator *a, unsigned long ops,
		       unsigned int max, unsigned int orders)
{
	unsigned int live = 0, i, k;

	rng = 12345;
	while (ops--) {
		if (!live || (live < max && (rnd() & 1))) {
			k = orders > 1 ? rnd_below(orders) : 0;
			tries++;
			live_p[live] = a->alloc(k);
			if (!live_p[live]) {
				fails++;
				continue;
			}
			live_order[live++] = k;
		} else {
			i = rnd_below(live);
			a->free(live_p[i], live_order[i]);
			live_p[i] = live_p[--live];
			live_order[i] = live_order[live];
		}
	}
	while (live--)
		a->free(live_p[live], live_order[live]);
}

static void w2(const struct allocator *a, unsigned long ops)
{
	random_mix(a, ops, 8192, 1);
}

static void w3(const struct allocator *a, unsigned long ops)
{
	random_mix(a, ops, 1024, 9);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median_ns(void (*driver)(const struct allocator *, unsigned long),
			const struct allocator *a, unsigned long ops)
{
	double t[REPS];
	int i;

	for (i = 0; i < REPS; i++) {
		double t0 = now_ns();

		driver(a, ops);
		t[i] = (now_ns() - t0) / ops;
	}
	qsort(t, REPS, sizeof(t[0]), cmp_double);
	return t[REPS / 2];
}

static void run(const struct workload *w)
{
	const struct allocator *host = w->arg ? &libc : &libc_pages;
	double mica, libc_ns, base, ratio, raw;
	char name[40];

	bench_arg = w->arg;
	if (w->mica == &mica_cache)
		memcache_init(&bench_cache, "bench", w->arg, 0);
	if (w->arg)
		snprintf(name, sizeof(name), "%s %zu B", w->name, w->arg);
	else
		snprintf(name, sizeof(name), "%s", w->name);
	base = median_ns(w->driver, &null, w->ops);
	tries = fails = 0;
	mica = median_ns(w->driver, w->mica, w->ops);
	if (fails)
		printf("# %s: mica failed %lu of %lu allocations (%.5f%%)\n",
		       name, fails, tries, 100.0 * fails / tries);
	libc_ns = median_ns(w->driver, host, w->ops);
	raw = mica / libc_ns;
	ratio = (mica - base) / (libc_ns - base);
	printf("%-22s %10.2f %10.2f %10.2f %7.2f %7.2f %7.2f  %s\n", name, mica,
	       libc_ns, base, raw, ratio, w->target,
	       raw <= w->target ? "met" : "not met");
	if (buddy_check())
		printf("# buddy_check failed after %s\n", name);
}

int main(void)
{
	static const struct workload w12[] = {
		{ "W1 4K alloc+free", 0.5, 10000000, pairs, &mica_buddy, 0 },
		{ "W2 8192 live 4K", 0.4, 10000000, w2, &mica_buddy, 0 },
	};
	static const struct workload w3_256 = {
		"W3 4K<<0..8", 0.3, 2000000, w3, &mica_buddy, 0,
	};
	static const struct workload w4[] = {
		{ "W4 memcache", 1.0, 5000000, pairs, &mica_cache, 32 },
		{ "W4 memcache", 1.0, 5000000, pairs, &mica_cache, 1024 },
		{ "W4 kmalloc", 1.0, 5000000, pairs, &mica_kmalloc, 16 },
		{ "W4 kmalloc", 1.0, 5000000, pairs, &mica_kmalloc, 64 },
		{ "W4 kmalloc", 1.0, 5000000, pairs, &mica_kmalloc, 256 },
		{ "W4 kmalloc", 1.0, 5000000, pairs, &mica_kmalloc, 1024 },
		{ "W4 kmalloc", 1.0, 5000000, pairs, &mica_kmalloc, 4096 },
	};
	unsigned int i;

	shim_quiet = true;
	printf("# ns/op: median of %d runs; an op is an alloc+free pair in W1/W4,\n"
	       "# one alloc or free in W2/W3. driver: the same loop with a null\n"
	       "# allocator. raw = mica / libc, judged against the target;\n"
	       "# net = (mica - driver) / (libc - driver), the allocators alone.\n",
	       REPS);
	printf("%-22s %10s %10s %10s %7s %7s %7s  %s\n", "workload", "mica",
	       "libc", "driver", "raw", "net", "target", "result");
	ram_init(64 * MiB);
	for (i = 0; i < ARRAY_SIZE(w12); i++)
		run(&w12[i]);
	ram_init(256 * MiB);
	run(&w3_256);
	tries = fails = 0;
	w3(&ideal_buddy, w3_256.ops);
	printf("# W3 4K<<0..8: an ideal buddy (every free coalesced) failed %lu of "
	       "%lu allocations (%.5f%%)\n", fails, tries, 100.0 * fails / tries);
	ram_init(64 * MiB);
	for (i = 0; i < ARRAY_SIZE(w4); i++)
		run(&w4[i]);
	return 0;
}
