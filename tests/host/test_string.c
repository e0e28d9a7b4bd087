/*
 * lib/string.c, the kernel's own string functions, against the C library:
 * every alignment and length up to a few words for the word-at-a-time
 * paths, random alignments and lengths up to several 32-byte blocks,
 * overlapping moves in both directions, and the edge cases of the
 * comparisons and of strlcpy.
 *
 * lib/string.c is compiled for this program with each name prefixed by
 * mica_ (tests/host/lib.mk.inc); the same renaming is applied here around
 * its header so both implementations can be called.
 */
#define memset mica_memset
#define memcpy mica_memcpy
#define memmove mica_memmove
#define memcmp mica_memcmp
#define strlen mica_strlen
#define strnlen mica_strnlen
#define strcmp mica_strcmp
#define strncmp mica_strncmp
#define strchr mica_strchr
#define strlcpy mica_strlcpy
#include "../../lib/include/string.h"
#undef memset
#undef memcpy
#undef memmove
#undef memcmp
#undef strlen
#undef strnlen
#undef strcmp
#undef strncmp
#undef strchr
#undef strlcpy

#include <string.h>

#include <types.h>

#include "tap.h"

#define N	64

static unsigned char src[N], got[N], want[N];

static void pattern(unsigned char *p, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(seed * 31 + i * 7 + 1);
}

static int sign(int x)
{
	return (x > 0) - (x < 0);
}

TAP_TEST(string_memset_all_alignments)
{
	size_t off, len;

	for (off = 0; off < 8; off++)
		for (len = 0; off + len <= N; len++) {
			pattern(got, N, 1);
			pattern(want, N, 1);
			TAP_ASSERT(mica_memset(got + off, 0x1a5, len) == got + off);
			memset(want + off, 0x1a5, len);
			TAP_ASSERT(memcmp(got, want, N) == 0);
		}
}

TAP_TEST(string_memcpy_all_alignments)
{
	size_t so, doff, len;

	pattern(src, N, 2);
	for (so = 0; so < 8; so++)
		for (doff = 0; doff < 8; doff++)
			for (len = 0; so + len <= N && doff + len <= N; len++) {
				pattern(got, N, 3);
				pattern(want, N, 3);
				TAP_ASSERT(mica_memcpy(got + doff, src + so, len) == got + doff);
				memcpy(want + doff, src + so, len);
				TAP_ASSERT(memcmp(got, want, N) == 0);
			}
}

TAP_TEST(string_memmove_overlapping)
{
	size_t so, doff, len;

	for (so = 0; so < 16; so++)
		for (doff = 0; doff < 16; doff++)
			for (len = 0; so + len <= N && doff + len <= N; len++) {
				pattern(got, N, 4);
				pattern(want, N, 4);
				TAP_ASSERT(mica_memmove(got + doff, got + so, len) == got + doff);
				memmove(want + doff, want + so, len);
				TAP_ASSERT(memcmp(got, want, N) == 0);
			}
}

/* Random offsets and lengths over several 32-byte blocks (fixed seed). */
#define BIG		1024
#define RANDOM_RUNS	20000

static unsigned char big_src[BIG], big_got[BIG], big_want[BIG];
static uint32_t rnd_state = 12345;

static uint32_t rnd(uint32_t bound)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (rnd_state >> 8) % bound;
}

static void big_pattern(unsigned char *p, unsigned int seed)
{
	for (size_t i = 0; i < BIG; i++)
		p[i] = (unsigned char)(seed * 131 + i * 13 + (i >> 8));
}

TAP_TEST(string_memset_random)
{
	for (int run = 0; run < RANDOM_RUNS; run++) {
		size_t off = rnd(64), len = rnd(BIG - 64 + 1);
		int c = (int)rnd(512);

		big_pattern(big_got, run);
		big_pattern(big_want, run);
		TAP_ASSERT(mica_memset(big_got + off, c, len) == big_got + off);
		memset(big_want + off, c, len);
		TAP_ASSERT(memcmp(big_got, big_want, BIG) == 0);
	}
}

TAP_TEST(string_memcpy_random)
{
	big_pattern(big_src, 7);
	for (int run = 0; run < RANDOM_RUNS; run++) {
		size_t so = rnd(64), doff = rnd(64), len = rnd(BIG - 64 + 1);

		if (run % 4 == 0)
			doff = (so + 4 * rnd(16)) % 64;	/* same word alignment */
		big_pattern(big_got, run);
		big_pattern(big_want, run);
		TAP_ASSERT(mica_memcpy(big_got + doff, big_src + so, len) ==
			   big_got + doff);
		memcpy(big_want + doff, big_src + so, len);
		TAP_ASSERT(memcmp(big_got, big_want, BIG) == 0);
	}
}

TAP_TEST(string_memmove_random)
{
	for (int run = 0; run < RANDOM_RUNS; run++) {
		size_t len = rnd(BIG / 2), so = rnd(BIG - len + 1), doff;

		/* anywhere, or near the source: overlaps at every distance */
		doff = run % 2 ? rnd(BIG - len + 1)
			       : (so + 4 * rnd(20)) % (BIG - len + 1);
		big_pattern(big_got, run);
		big_pattern(big_want, run);
		TAP_ASSERT(mica_memmove(big_got + doff, big_got + so, len) ==
			   big_got + doff);
		memmove(big_want + doff, big_want + so, len);
		TAP_ASSERT(memcmp(big_got, big_want, BIG) == 0);
	}
}

TAP_TEST(string_memcmp)
{
	TAP_ASSERT_EQ(mica_memcmp("abc", "abd", 0), 0);
	TAP_ASSERT_EQ(mica_memcmp("abc", "abc", 3), 0);
	TAP_ASSERT(mica_memcmp("abc", "abd", 3) < 0);
	TAP_ASSERT(mica_memcmp("abd", "abc", 3) > 0);
	TAP_ASSERT(mica_memcmp("\x80", "\x01", 1) > 0);	/* unsigned */
	TAP_ASSERT_EQ(mica_memcmp("a\0b", "a\0c", 2), 0);
	TAP_ASSERT(mica_memcmp("a\0b", "a\0c", 3) < 0);
}

TAP_TEST(string_lengths)
{
	TAP_ASSERT_EQ(mica_strlen(""), 0);
	TAP_ASSERT_EQ(mica_strlen("mica"), 4);
	TAP_ASSERT_EQ(mica_strnlen("mica", 0), 0);
	TAP_ASSERT_EQ(mica_strnlen("mica", 2), 2);
	TAP_ASSERT_EQ(mica_strnlen("mica", 4), 4);
	TAP_ASSERT_EQ(mica_strnlen("mica", 100), 4);
	TAP_ASSERT_EQ(mica_strnlen((const char[]){ 'a', 'b' }, 2), 2);
}

TAP_TEST(string_compare)
{
	static const char *const s[] = { "", "a", "ab", "abc", "abd", "b", "\x80", "A" };
	size_t i, j, n;

	for (i = 0; i < ARRAY_SIZE(s); i++)
		for (j = 0; j < ARRAY_SIZE(s); j++) {
			TAP_ASSERT_EQ(sign(mica_strcmp(s[i], s[j])), sign(strcmp(s[i], s[j])));
			for (n = 0; n < 5; n++)
				TAP_ASSERT_EQ(sign(mica_strncmp(s[i], s[j], n)),
					      sign(strncmp(s[i], s[j], n)));
		}
}

TAP_TEST(string_strchr)
{
	static const char s[] = "a=b=c";

	TAP_ASSERT(mica_strchr(s, '=') == s + 1);
	TAP_ASSERT(mica_strchr(s, 'c') == s + 4);
	TAP_ASSERT(mica_strchr(s, 'x') == NULL);
	TAP_ASSERT(mica_strchr(s, '\0') == s + 5);
	TAP_ASSERT(mica_strchr(s, 'a' + 256) == s);
}

TAP_TEST(string_strlcpy)
{
	char buf[8];

	memset(buf, 'Z', sizeof(buf));
	TAP_ASSERT_EQ(mica_strlcpy(buf, "hello", 0), 5);
	TAP_ASSERT_EQ(buf[0], 'Z');
	TAP_ASSERT_EQ(mica_strlcpy(buf, "hello", 1), 5);
	TAP_ASSERT_EQ(buf[0], '\0');
	TAP_ASSERT_EQ(buf[1], 'Z');
	TAP_ASSERT_EQ(mica_strlcpy(buf, "hello", 5), 5);
	TAP_ASSERT(strcmp(buf, "hell") == 0);
	TAP_ASSERT_EQ(mica_strlcpy(buf, "hello", 6), 5);
	TAP_ASSERT(strcmp(buf, "hello") == 0);
	TAP_ASSERT_EQ(mica_strlcpy(buf, "", sizeof(buf)), 0);
	TAP_ASSERT_EQ(buf[0], '\0');
}

int main(void)
{
	return tap_main();
}
