/*
 * alloctest: a random test of the buddy, memcaches and kmalloc together.
 *
 * Allocates and frees at random within a RAM arena, fills every allocation
 * with a pattern derived from its address and checks it on free (finding
 * overlaps and stray writes), tracks which allocation owns each page of a
 * page-sized block, checks alignment and frame states, runs the *_check()
 * invariants every K operations, then frees everything and checks that the
 * buddy is back to its starting block layout. On failure (including a BUG
 * or a sanitizer report) it prints the command line that reproduces it.
 * tools/alloc-campaign runs it over many parameter sets.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <sanitizer/common_interface_defs.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mm/buddy.h>
#include <mm/fault_inject.h>
#include <mm/kmalloc.h>
#include <mm/memcache.h>

#include "mm_host.h"
#include "shim.h"

enum kind { BUDDY, MEMCACHE, KMALLOC, NR_KINDS };
enum order { LIFO, FIFO, RANDOM };

#define NR_CACHES	4
#define FULL_FILL_MAX	4096
#define SAMPLES		512

static const char *const kind_names[] = { "buddy", "memcache", "kmalloc", "all" };
static const char *const order_names[] = { "lifo", "fifo", "random" };

static struct params {
	unsigned int kinds;	/* 0..2 one allocator, NR_KINDS all */
	unsigned long mem;
	unsigned int page_shift;
	unsigned int order_lo, order_hi;
	unsigned long size_lo, size_hi;
	unsigned long ops;
	uint64_t seed;
	enum order free_order;
	unsigned long fault_ppm;
	unsigned long check_every;
	unsigned long max_live;
} prm = {
	.kinds = NR_KINDS, .mem = 16 << 20, .page_shift = 12,
	.order_lo = 0, .order_hi = 4, .size_lo = 1, .size_hi = 4096,
	.ops = 100000, .seed = 1, .free_order = RANDOM, .fault_ppm = 0,
	.check_every = 1000, .max_live = 4096,
};

struct alloc {
	char *p;
	size_t size;
	uint32_t id;
	uint8_t kind, idx;	/* idx: buddy order or cache number */
};

static struct alloc *live;
static unsigned long live_head, live_count;
static uint32_t *page_owner;	/* allocation id owning each frame, 0 = none */
static struct memcache caches[NR_CACHES];
static size_t cache_align[NR_CACHES];
static unsigned int nr_caches;
static uint64_t rng_state;
static unsigned long op, nr_allocs, nr_failed, max_live_seen, nr_checks;
static uint32_t nr_injected;
static uint32_t next_id = 1;
static char *progname;

static void print_repro(void)
{
	fprintf(stderr,
		"reproduce: %s --alloc=%s --mem=%lu --page=%u --orders=%u-%u "
		"--size=%lu-%lu --ops=%lu --seed=%" PRIu64 " --free=%s --fault=%lu "
		"--check=%lu --live=%lu\n",
		progname, kind_names[prm.kinds], prm.mem, 1u << prm.page_shift,
		prm.order_lo, prm.order_hi, prm.size_lo, prm.size_hi, prm.ops,
		prm.seed, order_names[prm.free_order], prm.fault_ppm,
		prm.check_every, prm.max_live);
}

static void __attribute__((noreturn, format(printf, 1, 2))) fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "alloctest: FAIL at op %lu: ", op);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	print_repro();
	exit(1);
}

/* splitmix64 */
static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t rnd_range(uint64_t lo, uint64_t hi)
{
	return lo + rnd() % (hi - lo + 1);
}

static uint64_t pattern(const char *base, const char *at)
{
	return ((uintptr_t)base * 0x9e3779b97f4a7c15ull) ^ (uintptr_t)at;
}

static void pattern_word(char *p, size_t off, size_t len, bool check)
{
	uint64_t v = pattern(p, p + off);

	if (check && memcmp(p + off, &v, len))
		fail("allocation %p+%zu overwritten", p, off);
	memcpy(p + off, &v, len);
}

/*
 * Objects up to FULL_FILL_MAX bytes are covered entirely; larger blocks get
 * up to SAMPLES words spread over them plus their last word (their pages
 * are tracked exactly by page_owner).
 */
static void pattern_walk(char *p, size_t size, bool check)
{
	size_t step = size <= FULL_FILL_MAX ? 8 : size / SAMPLES;
	size_t off, last = 0;

	if (size < 8) {
		for (off = 0; off < size; off++)
			pattern_word(p, off, 1, check);
		return;
	}
	for (off = 0; off + 8 <= size; off += step) {
		pattern_word(p, off, 8, check);
		last = off;
	}
	if (size - 8 >= last + 8)
		pattern_word(p, size - 8, 8, check);
	else
		for (off = last + 8; off < size; off++)
			pattern_word(p, off, 1, check);
}

static void check_zero(const char *p, size_t size)
{
	size_t i;

	for (i = 0; i < size; i++)
		if (p[i])
			fail("zalloc'ed %p+%zu not zero", p, i);
}

static void own_pages(const struct alloc *a, bool take)
{
	paddr_t pa = virt_to_phys(a->p);
	uint32_t first = pa >> PAGE_SHIFT, i;
	uint32_t n = (ALIGN_UP(pa + a->size, PAGE_SIZE) >> PAGE_SHIFT) - first;
	bool block = a->kind == BUDDY ||
		     (a->kind == KMALLOC && a->size > KMALLOC_MAX_SMALL);

	for (i = first; i < first + n; i++) {
		if (block && page_owner[i] != (take ? 0 : a->id))
			fail("page 0x%x owned by allocation %u, expected %u",
			     i << PAGE_SHIFT, page_owner[i], take ? 0 : a->id);
		if (!block && page_owner[i])
			fail("object %p on page owned by block %u", a->p, page_owner[i]);
		if (block)
			page_owner[i] = take ? a->id : 0;
	}
}

static size_t pick_size(void)
{
	if (rnd() & 1)
		return rnd_range(prm.size_lo, prm.size_hi);
	/* log-uniform, so that small sizes are well covered */
	return prm.size_lo + rnd() % (1 + rnd() % (prm.size_hi - prm.size_lo + 1));
}

static size_t natural_align(size_t size)
{
	size_t a = KMALLOC_MIN_SIZE;

	while (a < size)
		a <<= 1;
	return a;
}

static bool alloc_one(struct alloc *a)
{
	bool zero = rnd() & 1;
	size_t align;
	paddr_t pa;

	a->kind = prm.kinds == NR_KINDS ? rnd() % NR_KINDS : prm.kinds;
	if (a->kind == MEMCACHE && !nr_caches)
		a->kind = KMALLOC;
	switch (a->kind) {
	case BUDDY:
		a->idx = rnd_range(prm.order_lo, prm.order_hi);
		pa = buddy_alloc(a->idx);
		a->p = pa == BUDDY_NONE ? NULL : phys_to_virt(pa);
		a->size = (size_t)PAGE_SIZE << a->idx;
		align = a->size;
		zero = false;
		break;
	case MEMCACHE:
		a->idx = rnd() % nr_caches;
		a->p = zero ? memcache_zalloc(&caches[a->idx]) :
			      memcache_alloc(&caches[a->idx]);
		a->size = caches[a->idx].size;
		align = cache_align[a->idx];
		break;
	default:
		a->size = pick_size();
		a->p = zero ? kzalloc(a->size) : kmalloc(a->size);
		align = natural_align(a->size);
		break;
	}
	if (!a->p)
		return false;
	if (!IS_ALIGNED((uintptr_t)a->p, align))
		fail("%s allocation %p of %zu bytes not aligned to %zu",
		     kind_names[a->kind], a->p, a->size, align);
	if (zero)
		check_zero(a->p, a->size);
	a->id = next_id++;
	own_pages(a, true);
	pattern_walk(a->p, a->size, false);
	return true;
}

static void free_one(struct alloc *a)
{
	pattern_walk(a->p, a->size, true);
	own_pages(a, false);
	switch (a->kind) {
	case BUDDY:
		buddy_free(virt_to_phys(a->p), a->idx);
		break;
	case MEMCACHE:
		memcache_free(&caches[a->idx], a->p);
		break;
	default:
		kfree(a->p);
		break;
	}
}

static struct alloc *live_at(unsigned long i)
{
	return &live[(live_head + i) % prm.max_live];
}

static void free_pick(void)
{
	unsigned long i;
	struct alloc a, *last = live_at(live_count - 1);

	if (prm.free_order == FIFO) {
		a = *live_at(0);
		live_head = (live_head + 1) % prm.max_live;
	} else {
		i = prm.free_order == LIFO ? live_count - 1 : rnd() % live_count;
		a = *live_at(i);
		*live_at(i) = *last;
	}
	live_count--;
	free_one(&a);
}

static void check_all(void)
{
	unsigned int i;

	nr_checks++;
	if (buddy_check())
		fail("buddy_check");
	if (kmalloc_check())
		fail("kmalloc_check");
	for (i = 0; i < nr_caches; i++)
		if (memcache_check(&caches[i]))
			fail("memcache_check(%s)", caches[i].name);
}

static void caches_create(void)
{
	static const char *const names[NR_CACHES] = { "c0", "c1", "c2", "c3" };
	unsigned int i;

	for (i = 0; i < NR_CACHES; i++) {
		size_t size = pick_size();
		size_t align = (size_t)8 << rnd() % 8;

		if (align > natural_align(size))
			align = natural_align(size);
		if (memcache_init(&caches[nr_caches], names[i], size, align))
			fail("memcache_init(%zu, %zu)", size, align);
		cache_align[nr_caches++] = align;
	}
}

/* The free blocks, as (frame, order) pairs in address order. */
static uint32_t *layout_snapshot(uint32_t *n)
{
	struct buddy_stats st;
	struct frame_info fi;
	uint32_t *v, i, k = 0;

	buddy_stats(&st);
	v = malloc(sizeof(*v) * 2 * st.total_frames);
	for (i = 0; i < st.total_frames; i++)
		if (buddy_frame_state((paddr_t)i << PAGE_SHIFT, &fi) == FRAME_FREE) {
			v[k++] = i;
			v[k++] = fi.order;
		}
	*n = k;
	return v;
}

static void run(void)
{
	unsigned long nframes = prm.mem >> prm.page_shift;
	unsigned long kpages = 1 + prm.seed % 64;
	paddr_t kstart = (prm.seed >> 6) % 16 << prm.page_shift;
	struct mem_reserve kernel = { kstart, kstart + (kpages << prm.page_shift) };
	uint32_t *before, *after, nb, na;
	unsigned int p_alloc = 50, i;

	if (!mm_host_arena(0, prm.mem, prm.page_shift))
		fail("no memory for a %lu-byte arena", prm.mem);
	memset(phys_to_virt(0), 0xdb, prm.mem);
	if (kernel.end + nframes * 8 + PAGE_SIZE > prm.mem)
		fail("--mem too small");
	buddy_init(0, prm.mem, ALIGN_UP(kernel.end, PAGE_SIZE), &kernel, 1);
	buddy_drain();
	before = layout_snapshot(&nb);
	mm_caches_init();
	if (prm.kinds == MEMCACHE || prm.kinds == NR_KINDS)
		caches_create();
	live = calloc(prm.max_live, sizeof(*live));
	page_owner = calloc(nframes, sizeof(*page_owner));
	fault_inject_set(prm.fault_ppm ? FAULT_RANDOM : FAULT_OFF, prm.fault_ppm,
			 (uint32_t)prm.seed);

	for (op = 0; op < prm.ops; op++) {
		if (op % 1000 == 0) {
			static const unsigned int phases[] = { 20, 50, 50, 80, 95 };

			p_alloc = phases[rnd() % ARRAY_SIZE(phases)];
		}
		if (live_count < prm.max_live &&
		    (!live_count || rnd() % 100 < p_alloc)) {
			struct alloc *a = live_at(live_count);

			nr_allocs++;
			if (alloc_one(a))
				live_count++;
			else
				nr_failed++;
		} else {
			free_pick();
		}
		if (live_count > max_live_seen)
			max_live_seen = live_count;
		if (prm.check_every && op % prm.check_every == prm.check_every - 1)
			check_all();
	}
	check_all();
	while (live_count)
		free_pick();
	check_all();
	nr_injected = fault_inject_count();
	fault_inject_set(FAULT_OFF, 0, 0);
	for (i = 0; i < nr_caches; i++)
		memcache_destroy(&caches[i]);
	kmalloc_shrink();
	memcache_shrink(&l2pt_cache);
	buddy_drain();
	if (buddy_check())
		fail("buddy_check after freeing everything");
	after = layout_snapshot(&na);
	if (na != nb || memcmp(before, after, nb * sizeof(*before)))
		fail("free block layout differs from the start (%u vs %u blocks)",
		     na / 2, nb / 2);
	free(before);
	free(after);
}

#define SIZE_FORMS	"a number of bytes, decimal or 0x hex, with an optional " \
			"K or M suffix (4096, 0x1000, 64K, 16M)"

static void __attribute__((noreturn)) bad_value(const char *opt,
						const char *s, const char *forms)
{
	fprintf(stderr, "alloctest: bad --%s value '%s': expected %s\n",
		opt, s, forms);
	exit(2);
}

/*
 * Parses a size from s up to end (or to the string's end if end is NULL):
 * decimal or 0x-prefixed digits, then at most one K or M (either case).
 * Anything else, or a value too large for an unsigned long, is an error.
 */
static unsigned long parse_size_upto(const char *opt, const char *s,
				     const char *stop)
{
	unsigned long v;
	unsigned int shift = 0;
	char *end;
	size_t len = stop ? (size_t)(stop - s) : strlen(s);
	char buf[64];

	if (len == 0 || len >= sizeof(buf) || s[0] == '-' || s[0] == '+' ||
	    s[0] == ' ')
		bad_value(opt, s, SIZE_FORMS);
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	v = strtoul(buf, &end, 0);
	if (end == buf || errno)
		bad_value(opt, s, SIZE_FORMS);
	switch (*end) {
	case 'K': case 'k': shift = 10; end++; break;
	case 'M': case 'm': shift = 20; end++; break;
	}
	if (*end || (shift && v > (~0ul >> shift)))
		bad_value(opt, s, SIZE_FORMS);
	return v << shift;
}

static unsigned long parse_size(const char *opt, const char *s)
{
	return parse_size_upto(opt, s, NULL);
}

static void parse_range(const char *opt, const char *s, unsigned long *lo,
			unsigned long *hi)
{
	const char *dash = strchr(s, '-');

	*lo = parse_size_upto(opt, s, dash);
	*hi = dash ? parse_size(opt, dash + 1) : *lo;
}

/* A plain count: decimal or 0x digits, nothing after them. */
static unsigned long long parse_count(const char *opt, const char *s)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (end == s || *end || errno || s[0] == '-')
		bad_value(opt, s, "a number (decimal or 0x hex)");
	return v;
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: alloctest [options]\n"
		"A random test of the buddy, memcaches and kmalloc in a host arena.\n"
		"  --alloc=buddy|memcache|kmalloc|all  what to allocate (all)\n"
		"  --mem=SIZE           arena size (16M)\n"
		"  --page=1K|4K|64K     page size (4K)\n"
		"  --orders=LO-HI       buddy orders (0-4)\n"
		"  --size=LO-HI         object sizes in bytes (1-4096)\n"
		"  --ops=N              operations (100000)\n"
		"  --seed=S             random seed (1)\n"
		"  --free=lifo|fifo|random  which live allocation to free (random)\n"
		"  --fault=PPM          fail buddy allocations at random, per million (0)\n"
		"  --check=K            run the *_check() invariants every K ops (1000)\n"
		"  --live=N             most allocations alive at once (4096)\n"
		"  --help               print this and exit\n"
		"SIZE is %s.\n", SIZE_FORMS);
}

static int lookup(const char *s, const char *const *names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(s, names[i]))
			return i;
	fprintf(stderr, "alloctest: unknown value %s\n", s);
	exit(2);
}

static void parse_args(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "alloc", 1, 0, 'a' }, { "mem", 1, 0, 'm' }, { "page", 1, 0, 'p' },
		{ "orders", 1, 0, 'o' }, { "size", 1, 0, 's' }, { "ops", 1, 0, 'n' },
		{ "seed", 1, 0, 'S' }, { "free", 1, 0, 'f' }, { "fault", 1, 0, 'F' },
		{ "check", 1, 0, 'c' }, { "live", 1, 0, 'l' }, { "help", 0, 0, 'h' },
		{ 0, 0, 0, 0 },
	};
	unsigned long lo, hi, page;
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'a': prm.kinds = lookup(optarg, kind_names, 4); break;
		case 'm': prm.mem = parse_size("mem", optarg); break;
		case 'p':
			page = parse_size("page", optarg);
			if (page != 1024 && page != 4096 && page != 65536) {
				fprintf(stderr, "alloctest: --page must be 1K, 4K or 64K\n");
				exit(2);
			}
			prm.page_shift = __builtin_ctzl(page);
			break;
		case 'o':
			parse_range("orders", optarg, &lo, &hi);
			prm.order_lo = lo;
			prm.order_hi = hi;
			break;
		case 's': parse_range("size", optarg, &prm.size_lo, &prm.size_hi); break;
		case 'n': prm.ops = parse_count("ops", optarg); break;
		case 'S': prm.seed = parse_count("seed", optarg); break;
		case 'f': prm.free_order = lookup(optarg, order_names, 3); break;
		case 'F': prm.fault_ppm = parse_count("fault", optarg); break;
		case 'c': prm.check_every = parse_count("check", optarg); break;
		case 'l': prm.max_live = parse_count("live", optarg); break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			exit(2);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "alloctest: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		exit(2);
	}
	if (prm.order_lo > prm.order_hi || prm.order_hi >= BUDDY_MAX_ORDER ||
	    !prm.size_lo || prm.size_lo > prm.size_hi || !prm.max_live) {
		fprintf(stderr, "alloctest: bad --orders, --size or --live\n");
		exit(2);
	}
}

int main(int argc, char **argv)
{
	jmp_buf jb;

	progname = argv[0];
	parse_args(argc, argv);
	rng_state = prm.seed;
	shim_quiet = false;
	__sanitizer_set_death_callback(print_repro);
	shim_panic_jmp = &jb;
	if (setjmp(jb)) {
		shim_panic_jmp = NULL;
		fail("PANIC at %s", shim_panic_msg);
	}
	run();
	printf("alloctest: ok: %lu ops, %lu allocations, %lu failed (%u injected), "
	       "max %lu live, %lu checks\n", prm.ops, nr_allocs, nr_failed,
	       nr_injected, max_live_seen, nr_checks);
	return 0;
}
