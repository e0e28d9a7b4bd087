/*
 * lib/cpio.c: an archive written by the real cpio tool at build time
 * (build/host/sample.cpio, from files this program wrote with
 * --write DIR, which must not hold them yet), read back byte for byte; the same archive cut at every
 * length; hand-built entries with each corruption; and seeded random
 * corruption. Archives handed to the reader are heap copies of their exact
 * length, so AddressSanitizer reports any read past it.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <lib/cpio.h>
#include <uapi/errno.h>

#include "fuzz.h"
#include "tap.h"

/* The files --write creates, in the order LC_ALL=C sort lists them. */
static const struct sample_file {
	const char *name;
	uint32_t size;		/* UINT32_MAX: a directory */
} sample_files[] = {
	{ "d", UINT32_MAX }, { "d/f7", 7 }, { "f0", 0 }, { "f1", 1 },
	{ "f3", 3 }, { "f4", 4 }, { "f4096", 4096 }, { "f5", 5 },
};

/* Byte i of a file of size n: random-looking, different per file. */
static unsigned char sample_byte(uint32_t n, uint32_t i)
{
	uint32_t x = (n + 1) * 2654435761u ^ (i + 1) * 40503u;

	return (unsigned char)(x ^ x >> 13 ^ x >> 24);
}

static int sample_write(const char *dir)
{
	const struct sample_file *f;
	char path[4096];
	FILE *out;
	uint32_t i;

	for (f = sample_files; f < sample_files + ARRAY_SIZE(sample_files); f++) {
		snprintf(path, sizeof(path), "%s/%s", dir, f->name);
		if (f->size == UINT32_MAX) {
			if (mkdir(path, 0755))
				return 1;
			continue;
		}
		out = fopen(path, "wb");
		if (!out)
			return 1;
		for (i = 0; i < f->size; i++)
			fputc(sample_byte(f->size, i), out);
		if (fclose(out))
			return 1;
	}
	return 0;
}

static unsigned char *sample_read(size_t *len)
{
	static unsigned char buf[64 * 1024];
	FILE *f = fopen(SAMPLE_CPIO, "rb");

	if (!f)
		return NULL;
	*len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return *len < sizeof(buf) ? buf : NULL;
}

static void *copy_of(const void *p, size_t len)
{
	void *c = malloc(len ? len : 1);

	memcpy(c, p, len);
	return c;
}

static bool entry_inside(const struct cpio_entry *e, const void *a, size_t len)
{
	const char *lo = a, *hi = lo + len;
	const char *name = e->name, *data = e->data;

	return name >= lo && name < hi && strnlen(name, hi - name) < (size_t)(hi - name) &&
	       data >= lo && data <= hi && e->size <= (size_t)(hi - data);
}

static bool sample_matches(const struct sample_file *f, const struct cpio_entry *e)
{
	uint32_t i;

	if (strcmp(e->name, f->name))
		return false;
	if (f->size == UINT32_MAX)
		return (e->mode & CPIO_S_IFMT) == CPIO_S_IFDIR && e->size == 0;
	if ((e->mode & CPIO_S_IFMT) != CPIO_S_IFREG || e->size != f->size)
		return false;
	for (i = 0; i < f->size; i++)
		if (((const unsigned char *)e->data)[i] != sample_byte(f->size, i))
			return false;
	return true;
}

TAP_TEST(cpio_real_archive_walk)
{
	struct cpio_entry e;
	size_t len, off = 0, at;
	unsigned char *a, *buf = sample_read(&len);
	unsigned int i;

	TAP_ASSERT(buf != NULL);
	a = copy_of(buf, len);
	for (i = 0; i < ARRAY_SIZE(sample_files); i++) {
		TAP_ASSERT_EQ(cpio_next(a, len, &off, &e), 1);
		TAP_ASSERT(entry_inside(&e, a, len));
		TAP_ASSERT(sample_matches(&sample_files[i], &e));
	}
	at = off;
	TAP_ASSERT_EQ(cpio_next(a, len, &off, &e), 0);
	TAP_ASSERT_EQ(cpio_next(a, len, &off, &e), 0);
	TAP_ASSERT_EQ(off, at);
	free(a);
}

TAP_TEST(cpio_real_archive_find)
{
	struct cpio_entry e;
	size_t len;
	unsigned char *a, *buf = sample_read(&len);
	unsigned int i;

	TAP_ASSERT(buf != NULL);
	a = copy_of(buf, len);
	for (i = 1; i < ARRAY_SIZE(sample_files); i++) {
		TAP_ASSERT_EQ(cpio_find(a, len, sample_files[i].name, &e), 0);
		TAP_ASSERT(sample_matches(&sample_files[i], &e));
	}
	TAP_ASSERT_EQ(cpio_find(a, len, "d", &e), -ENOENT);
	TAP_ASSERT_EQ(cpio_find(a, len, "./f1", &e), -ENOENT);
	TAP_ASSERT_EQ(cpio_find(a, len, "f", &e), -ENOENT);
	TAP_ASSERT_EQ(cpio_find(a, len, "TRAILER!!!", &e), -ENOENT);
	free(a);
}

/* Walks a; returns the final result, checking each entry lies inside. */
static int walk(const void *a, size_t len, unsigned int *n)
{
	struct cpio_entry e;
	size_t off = 0, prev;
	int r;

	for (*n = 0;; (*n)++) {
		prev = off;
		r = cpio_next(a, len, &off, &e);
		if (r != 1)
			return r == 0 || r == -EINVAL ? r : 99;
		if (!entry_inside(&e, a, len) || off <= prev)
			return 98;
	}
}

/* Cut at every length: -EINVAL until the trailer's name is in, then 0. */
TAP_TEST(cpio_truncated_everywhere)
{
	struct cpio_entry e;
	size_t len, full, whole = 0;
	unsigned char *a, *buf = sample_read(&full);
	unsigned int n;
	int r;

	TAP_ASSERT(buf != NULL);
	while (cpio_next(buf, full, &whole, &e) == 1)
		;
	whole += 124;		/* the trailer's header and padded name */
	TAP_ASSERT(whole <= full);
	for (len = 0; len <= full; len++) {
		a = copy_of(buf, len);
		TAP_ASSERT_EQ(walk(a, len, &n), len < whole ? -EINVAL : 0);
		r = cpio_find(a, len, "f4096", &e);
		TAP_ASSERT(r == 0 || r == -EINVAL);
		free(a);
	}
}

/* ---- hand-built entries ---- */

struct arch {
	char b[4096];
	size_t len;
};

/* Appends an entry; namesize 0 means strlen(name) + 1. */
static void arch_add(struct arch *a, const char *name, uint32_t mode,
		     const char *data, uint32_t size, uint32_t namesize)
{
	if (!namesize)
		namesize = (uint32_t)strlen(name) + 1;
	a->len += (size_t)sprintf(a->b + a->len,
		"070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x",
		1u, mode, 0u, 0u, 1u, 0u, size, 0u, 0u, 0u, 0u, namesize, 0u);
	memcpy(a->b + a->len, name, strlen(name) + 1);
	a->len = (a->len + namesize + 3) & ~(size_t)3;
	memcpy(a->b + a->len, data, size);
	a->len = (a->len + size + 3) & ~(size_t)3;
}

static void arch_build(struct arch *a)
{
	memset(a, 0, sizeof(*a));
	arch_add(a, "hello", CPIO_S_IFREG | 0644, "hi!!x", 5, 0);
	arch_add(a, "TRAILER!!!", 0, "", 0, 0);
}

static int arch_next(const struct arch *a, size_t *off, struct cpio_entry *e)
{
	void *c = copy_of(a->b, a->len);
	int r = cpio_next(c, a->len, off, e);

	if (r == 1 && !entry_inside(e, c, a->len))
		r = 97;
	free(c);
	return r;
}

TAP_TEST(cpio_hand_built)
{
	struct cpio_entry e;
	struct arch a;
	size_t off = 0;

	arch_build(&a);
	TAP_ASSERT_EQ(arch_next(&a, &off, &e), 1);
	TAP_ASSERT_EQ(e.size, 5);
	TAP_ASSERT_EQ(e.mode, CPIO_S_IFREG | 0644);
	TAP_ASSERT_EQ(off, 124);
	TAP_ASSERT_EQ(arch_next(&a, &off, &e), 0);
	a.b[6 + 8 + 7] = 'A';		/* upper-case hex: mode 0x81a4 -> 0x81aa */
	off = 0;
	TAP_ASSERT_EQ(arch_next(&a, &off, &e), 1);
	TAP_ASSERT_EQ(e.mode, 0x81aa);
	off = 2;
	TAP_ASSERT_EQ(arch_next(&a, &off, &e), -EINVAL);
	off = a.len + 4;
	TAP_ASSERT_EQ(arch_next(&a, &off, &e), -EINVAL);
}

/* One corruption of the "hello" entry: bytes at off and the error. */
static const struct cpio_bad {
	const char *what;
	size_t off;
	const char *bytes;
} cpio_bads[] = {
	{ "magic 070702", 5, "2" },
	{ "magic", 0, "x" },
	{ "non-hex digit", 6 + 6 * 8 + 3, "g" },
	{ "space in a field", 6 + 6 * 8, " " },
	{ "0x prefix", 6 + 6 * 8, "0x" },
	{ "sign", 6 + 6 * 8, "+" },
	{ "filesize huge", 6 + 6 * 8, "ffffffff" },
	{ "filesize past len", 6 + 6 * 8, "00000100" },
	{ "namesize 0", 6 + 11 * 8, "00000000" },
	{ "namesize short: no NUL", 6 + 11 * 8, "00000005" },
	{ "namesize long: NUL inside", 6 + 11 * 8, "00000007" },
	{ "namesize past len", 6 + 11 * 8, "00001000" },
	{ "namesize huge", 6 + 11 * 8, "fffffff0" },
	{ "last field non-hex", 6 + 12 * 8 + 7, "z" },
};

TAP_TEST(cpio_corrupt_exact)
{
	const struct cpio_bad *b;
	struct cpio_entry e;
	struct arch a;
	size_t off;
	int r;

	for (b = cpio_bads; b < cpio_bads + ARRAY_SIZE(cpio_bads); b++) {
		arch_build(&a);
		memcpy(a.b + b->off, b->bytes, strlen(b->bytes));
		off = 0;
		r = arch_next(&a, &off, &e);
		if (r != -EINVAL)
			printf("# %s: %d\n", b->what, r);
		TAP_ASSERT_EQ(r, -EINVAL);
		TAP_ASSERT_EQ(off, 0);
	}
}

TAP_TEST(cpio_no_trailer)
{
	struct cpio_entry e;
	struct arch a;
	unsigned int n;

	memset(&a, 0, sizeof(a));
	arch_add(&a, "x", CPIO_S_IFREG | 0600, "abcd", 4, 0);
	TAP_ASSERT_EQ(walk(a.b, a.len, &n), -EINVAL);
	TAP_ASSERT_EQ(n, 1);
	TAP_ASSERT_EQ(cpio_find(a.b, a.len, "y", &e), -EINVAL);
	TAP_ASSERT_EQ(cpio_find(a.b, a.len, "x", &e), 0);
	TAP_ASSERT_EQ(walk(a.b, 0, &n), -EINVAL);
}

TAP_TEST(cpio_fuzz)
{
	static const char digits[] = "0123456789abcdefABCDEFgx \0";
	size_t len, full, j;
	unsigned char *a, *c, *buf = sample_read(&full);
	unsigned int i, k, n;
	int r;

	TAP_ASSERT(buf != NULL);
	fuzz_seed("cpio_fuzz");
	a = malloc(full);
	for (i = 0; i < 100000; i++) {
		memcpy(a, buf, full);
		for (k = 1 + fuzz_rand() % 4; k > 0; k--) {
			j = fuzz_rand() % 2 ? fuzz_rand() % 512 : fuzz_rand() % full;
			a[j] = fuzz_rand() % 2 ? (unsigned char)fuzz_rand()
					       : (unsigned char)digits[fuzz_rand() % 26];
		}
		len = fuzz_rand() % 4 ? full : fuzz_rand() % (full + 1);
		c = copy_of(a, len);
		r = walk(c, len, &n);
		free(c);
		TAP_ASSERT(r == 0 || r == -EINVAL);
	}
	free(a);
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--write"))
		return sample_write(argv[2]);
	return tap_main();
}
