/*
 * lib/format.c: exact cases for every conversion, flag, width and length
 * modifier, vsnprintf's truncation contract, and a randomized comparison
 * with the C library's snprintf on the subset both implement.
 *
 * lib/format.c is compiled for this program with snprintf/vsnprintf renamed
 * to mica_snprintf/mica_vsnprintf (tests/host/lib.mk.inc); the same renaming
 * is applied here around format.h so both implementations can be called.
 */
#define snprintf mica_snprintf
#define vsnprintf mica_vsnprintf
#include <lib/format.h>
#undef snprintf
#undef vsnprintf

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "tap.h"

/* Calls mica_vsnprintf without format checking, for deliberately bad formats. */
static int raw_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = mica_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

#define CHECK_WITH(fn, want, ...)					\
	do {								\
		char b_[2048];						\
		int n_ = fn(b_, sizeof(b_), __VA_ARGS__);		\
		if (strcmp(b_, (want)) || n_ != (int)strlen(want)) {	\
			tap_fail(__FILE__, __LINE__,			\
				 "got \"%s\" (%d), want \"%s\"",	\
				 b_, n_, (want));			\
			return;						\
		}							\
	} while (0)

#define CHECK(want, ...)	CHECK_WITH(mica_snprintf, want, __VA_ARGS__)
#define CHECK_RAW(want, ...)	CHECK_WITH(raw_snprintf, want, __VA_ARGS__)

TAP_TEST(format_plain)
{
	CHECK("", "%s", "");
	CHECK("hello, world", "hello, world");
	CHECK("100%", "100%%");
	CHECK("%%", "%%%%");
}

TAP_TEST(format_decimal)
{
	CHECK("0", "%d", 0);
	CHECK("1 -1", "%d %i", 1, -1);
	CHECK("2147483647", "%d", INT_MAX);
	CHECK("-2147483648", "%d", INT_MIN);
	CHECK("42", "%i", 42);
	CHECK("0 4294967295", "%u %u", 0u, UINT_MAX);
	CHECK("4294967295", "%u", -1);
}

TAP_TEST(format_hex)
{
	CHECK("deadbeef", "%x", 0xdeadbeefu);
	CHECK("DEADBEEF", "%X", 0xdeadbeefu);
	CHECK("0", "%x", 0u);
	CHECK("ffffffff", "%x", -1);
	CHECK("0000beef", "%08x", 0xbeefu);
	CHECK("000BEEF", "%07X", 0xbeefu);
}

TAP_TEST(format_width_and_flags)
{
	CHECK("   42", "%5d", 42);
	CHECK("42   |", "%-5d|", 42);
	CHECK("00042", "%05d", 42);
	CHECK("-0042", "%05d", -42);
	CHECK("  -42", "%5d", -42);
	CHECK_RAW("-42  |", "%-05d|", -42);
	CHECK_RAW("-42  |", "%0-5d|", -42);
	CHECK("12345", "%2d", 12345);
	CHECK("12345", "%5d", 12345);
	CHECK("    a", "%5x", 10u);
	CHECK("a    |", "%-5x|", 10u);
	CHECK("   42", "%*d", 5, 42);
	CHECK("42   |", "%*d|", -5, 42);
	CHECK("42   |", "%-*d|", 5, 42);
	CHECK("0000beef", "%0*x", 8, 0xbeefu);
	CHECK("42", "%*d", 0, 42);
	CHECK("00000000000000000000000000000001", "%032u", 1u);
}

TAP_TEST(format_length_modifiers)
{
	CHECK("-1", "%hhd", 255);
	CHECK("7", "%hhu", 263);
	CHECK("ff", "%hhx", -1);
	CHECK("-128", "%hhi", 128);
	CHECK("-1", "%hd", 65535);
	CHECK("4464", "%hu", 70000);
	CHECK("ffff", "%hx", -1);
	CHECK("-32768", "%hd", 32768);
	CHECK("-9223372036854775808", "%ld", LONG_MIN);
	CHECK("18446744073709551615", "%lu", ULONG_MAX);
	CHECK("-9223372036854775808", "%lld", LLONG_MIN);
	CHECK("9223372036854775807", "%lli", LLONG_MAX);
	CHECK("18446744073709551615", "%llu", ULLONG_MAX);
	CHECK("ffffffffffffffff", "%llx", ULLONG_MAX);
	CHECK("123456789ABCDEF0", "%llX", 0x123456789abcdef0ull);
	CHECK("10000000000", "%llu", 10000000000ull);
	CHECK("4294967296", "%llu", 4294967296ull);
	CHECK("18446744073709551615", "%zu", SIZE_MAX);
	CHECK("-5", "%zd", (ssize_t)-5);
	CHECK("1f", "%zx", (size_t)31);
	CHECK("                    -1", "%*lld", 22, -1ll);
	CHECK("-000000000000000000001", "%022lld", -1ll);
}

TAP_TEST(format_pointer)
{
	char want[64], hex[32];

	snprintf(want, sizeof(want), "0x%0*lx", (int)(2 * sizeof(void *)), 0ul);
	CHECK(want, "%p", (void *)0);
	snprintf(hex, sizeof(hex), "0x%0*lx", (int)(2 * sizeof(void *)), 0x1234ul);
	CHECK(hex, "%p", (void *)0x1234);
	snprintf(want, sizeof(want), "%*s|", (int)(2 * sizeof(void *) + 6), hex);
	CHECK(want, "%*p|", (int)(2 * sizeof(void *) + 6), (void *)0x1234);
	snprintf(want, sizeof(want), "0x%0*lx  |", (int)(2 * sizeof(void *)), ~0ul);
	CHECK(want, "%-*p|", (int)(2 * sizeof(void *) + 4), (void *)~0ul);
}

TAP_TEST(format_string_and_char)
{
	const char *volatile none = NULL;

	CHECK("abc", "%s", "abc");
	CHECK_RAW("(null)", "%s", none);
	CHECK("   ab", "%5s", "ab");
	CHECK("ab   |", "%-5s|", "ab");
	CHECK_RAW("   ab", "%05s", "ab");
	CHECK("abcdef", "%3s", "abcdef");
	CHECK("x", "%c", 'x');
	CHECK("  x", "%3c", 'x');
	CHECK("x  |", "%-3c|", 'x');
	CHECK_RAW("  x", "%03c", 'x');
	CHECK("name=mica pid=7 addr=0x00001000 ok%", "name=%s pid=%d addr=0x%08x %s%c",
	      "mica", 7, 0x1000u, "ok", '%');
}

TAP_TEST(format_unknown_printed_as_written)
{
	CHECK_RAW("%q", "%q");
	CHECK_RAW("%f 7", "%f %d", 7);
	CHECK_RAW("%.3d 7", "%.3d %d", 7);
	CHECK_RAW("%lc 7", "%lc %d", 7);
	CHECK_RAW("%ls 7", "%ls %d", 7);
	CHECK_RAW("%hp 7", "%hp %d", 7);
	CHECK_RAW("%-08q", "%-08q");
	CHECK_RAW("%*q 7", "%*q %d", 7);
	CHECK_RAW("abc%", "abc%");
	CHECK_RAW("%-5", "%-5");
	CHECK_RAW("%*", "%*");
	CHECK_RAW("%ll", "%ll");
	CHECK_RAW("%lll 7", "%lll %d", 7);
	CHECK_RAW("%", "%5%");
	CHECK_RAW("%", "%-5%");
}

TAP_TEST(format_width_is_clamped)
{
	char buf[4096];

	TAP_ASSERT_EQ(raw_snprintf(buf, sizeof(buf), "%99999999999d", 1), 1024);
	TAP_ASSERT_EQ(strlen(buf), 1024);
	TAP_ASSERT_EQ(buf[1023], '1');
	TAP_ASSERT_EQ(raw_snprintf(buf, sizeof(buf), "%*d|", INT_MIN, 1), 1025);
	TAP_ASSERT_EQ(buf[0], '1');
	TAP_ASSERT_EQ(buf[1023], ' ');
	TAP_ASSERT_EQ(raw_snprintf(buf, sizeof(buf), "%*d", INT_MAX, 1), 1024);
	TAP_ASSERT_EQ(mica_snprintf(buf, sizeof(buf), "%1024d", 1), 1024);
}

TAP_TEST(vsnprintf_truncates)
{
	char buf[16];

	memset(buf, 'Z', sizeof(buf));
	TAP_ASSERT_EQ(mica_snprintf(buf, 0, "hello"), 5);
	TAP_ASSERT_EQ(buf[0], 'Z');
	TAP_ASSERT_EQ(mica_snprintf(NULL, 0, "%d", 12345), 5);
	TAP_ASSERT_EQ(mica_snprintf(buf, 1, "hello"), 5);
	TAP_ASSERT_EQ(buf[0], '\0');
	TAP_ASSERT_EQ(buf[1], 'Z');
	TAP_ASSERT_EQ(mica_snprintf(buf, 4, "hello"), 5);
	TAP_ASSERT(memcmp(buf, "hel\0Z", 5) == 0);
	TAP_ASSERT_EQ(mica_snprintf(buf, 5, "hello"), 5);
	TAP_ASSERT(memcmp(buf, "hell\0", 5) == 0);
	TAP_ASSERT_EQ(mica_snprintf(buf, 6, "hello"), 5);
	TAP_ASSERT(strcmp(buf, "hello") == 0);
	TAP_ASSERT_EQ(mica_snprintf(buf, 6, "%10d", 7), 10);
	TAP_ASSERT(strcmp(buf, "     ") == 0);
	TAP_ASSERT_EQ(buf[6], 'Z');
}

struct counter {
	char text[64];
	unsigned int n;
};

static void counter_putc(void *cookie, char c)
{
	struct counter *ct = cookie;

	if (ct->n < sizeof(ct->text) - 1)
		ct->text[ct->n] = c;
	ct->n++;
}

static int format_to(struct counter *ct, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = format(counter_putc, ct, fmt, ap);
	va_end(ap);
	return n;
}

TAP_TEST(format_calls_putc_per_character)
{
	struct counter ct = { .n = 0 };

	TAP_ASSERT_EQ(format_to(&ct, "a%dz%s", -12, "xy"), 7);
	TAP_ASSERT_EQ(ct.n, 7);
	TAP_ASSERT(memcmp(ct.text, "a-12zxy", 7) == 0);
}

/* ---- randomized comparison with the C library ---- */

enum arg_kind { ARG_INT, ARG_LONG, ARG_LLONG, ARG_SIZE, ARG_STR, ARG_CHAR, ARG_NONE };

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static unsigned int rng_below(unsigned int n)
{
	return (unsigned int)(rng() % n);
}

/* Mostly values near the edges of the integer types. */
static uint64_t rng_value(void)
{
	static const uint64_t edges[] = {
		0, 1, 9, 10, 99, 100, 127, 128, 255, 256, 32767, 32768, 65535,
		65536, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
		999999999, 1000000000, 9999999999ull, 0x7fffffffffffffffull,
		0x8000000000000000ull, 10000000000000000000ull,
	};
	uint64_t v;

	switch (rng_below(4)) {
	case 0:
		v = edges[rng_below(ARRAY_SIZE(edges))];
		break;
	case 1:
		v = rng() >> rng_below(64);
		break;
	default:
		v = rng();
		break;
	}
	return rng_below(3) == 0 ? 0 - v : v;
}

static void rng_text(char **p)
{
	static const char chars[] = "ab =:-0x9\t";
	unsigned int n = rng_below(4);

	while (n--)
		*(*p)++ = chars[rng_below(sizeof(chars) - 1)];
}

/* Appends a random directive; returns the kind of argument it takes. */
static enum arg_kind rng_directive(char **p, int *star)
{
	static const char convs[] = "diuxXsc%";
	static const char *const lens[] = { "", "", "hh", "h", "l", "ll", "z" };
	static const enum arg_kind len_kind[] = {
		ARG_INT, ARG_INT, ARG_INT, ARG_INT, ARG_LONG, ARG_LLONG, ARG_SIZE,
	};
	char conv = convs[rng_below(sizeof(convs) - 1)];
	unsigned int i, len = rng_below(ARRAY_SIZE(lens));

	*(*p)++ = '%';
	*star = 0;
	if (conv == '%') {
		*(*p)++ = '%';
		return ARG_NONE;
	}
	for (i = rng_below(4); i > 0; i--)
		*(*p)++ = rng_below(2) ? '-' : '0';
	if (rng_below(4) == 0)
		*star = 1, *(*p)++ = '*';
	else if (rng_below(2))
		*p += sprintf(*p, "%u", rng_below(40));
	if (conv == 's' || conv == 'c') {
		*(*p)++ = conv;
		return conv == 's' ? ARG_STR : ARG_CHAR;
	}
	*p += sprintf(*p, "%s%c", lens[len], conv);
	return len_kind[len];
}

struct pair {
	char mine[96], libc[96];
	int n_mine, n_libc;
	size_t size;
};

#define BOTH(pr, fmt, ...)						\
	do {								\
		(pr)->n_mine = mica_snprintf((pr)->mine, (pr)->size, fmt, __VA_ARGS__); \
		(pr)->n_libc = snprintf((pr)->libc, (pr)->size, fmt, __VA_ARGS__); \
	} while (0)

#define BOTH_STAR(pr, star, w, fmt, arg)				\
	do {								\
		if (star)						\
			BOTH(pr, fmt, w, arg);				\
		else							\
			BOTH(pr, fmt, arg);				\
	} while (0)

static void compare_one(struct pair *pr, const char *fmt, enum arg_kind k,
			int star)
{
	static const char *const strs[] = { "", "a", "mica", "hello world", "%d" };
	const char *str = strs[rng_below(ARRAY_SIZE(strs))];
	int w = (int)rng_below(81) - 40;
	uint64_t v = rng_value();

	switch (k) {
	case ARG_INT:
		BOTH_STAR(pr, star, w, fmt, (int)v);
		break;
	case ARG_LONG:
		BOTH_STAR(pr, star, w, fmt, (long)v);
		break;
	case ARG_LLONG:
		BOTH_STAR(pr, star, w, fmt, (long long)v);
		break;
	case ARG_SIZE:
		BOTH_STAR(pr, star, w, fmt, (size_t)v);
		break;
	case ARG_STR:
		BOTH_STAR(pr, star, w, fmt, str);
		break;
	case ARG_CHAR:
		BOTH_STAR(pr, star, w, fmt, (int)(v & 0xff));
		break;
	case ARG_NONE:
		BOTH(pr, fmt, 0);
		break;
	}
}

static int pair_differs(const struct pair *pr)
{
	size_t n;

	if (pr->n_mine != pr->n_libc)
		return 1;
	if (pr->size == 0)
		return 0;
	n = (size_t)pr->n_mine < pr->size ? (size_t)pr->n_mine + 1 : pr->size;
	return memcmp(pr->mine, pr->libc, n) != 0;
}

TAP_TEST(format_matches_libc_randomized)
{
	char fmt[64], *p;
	struct pair pr;
	enum arg_kind k;
	int star, i;

	for (i = 0; i < 50000; i++) {
		p = fmt;
		rng_text(&p);
		k = rng_directive(&p, &star);
		rng_text(&p);
		*p = '\0';
		pr.size = rng_below(8) ? sizeof(pr.mine) : rng_below(12);
		compare_one(&pr, fmt, k, star);
		if (pair_differs(&pr)) {
			tap_fail(__FILE__, __LINE__,
				 "case %d fmt \"%s\" size %zu: mine \"%s\" (%d), libc \"%s\" (%d)",
				 i, fmt, pr.size, pr.size ? pr.mine : "",
				 pr.n_mine, pr.size ? pr.libc : "", pr.n_libc);
			return;
		}
	}
}

/* Several 64-bit directives in one format, all reading long long. */
TAP_TEST(format_matches_libc_multi)
{
	static const char convs[] = "diuxX";
	char fmt[96], *p;
	struct pair pr;
	long long a[4];
	int i, j;

	pr.size = sizeof(pr.mine);
	for (i = 0; i < 20000; i++) {
		p = fmt;
		for (j = 0; j < 4; j++) {
			rng_text(&p);
			p += sprintf(p, "%%%s%u%s%c", rng_below(2) ? "-" : "0",
				     rng_below(24), "ll",
				     convs[rng_below(sizeof(convs) - 1)]);
			a[j] = (long long)rng_value();
		}
		*p = '\0';
		BOTH(&pr, fmt, a[0], a[1], a[2], a[3]);
		if (pair_differs(&pr)) {
			tap_fail(__FILE__, __LINE__, "fmt \"%s\": mine \"%s\", libc \"%s\"",
				 fmt, pr.mine, pr.libc);
			return;
		}
	}
}

int main(void)
{
	return tap_main();
}
