/*
 * The portable parts of libmica on the host: the creator side of the
 * start-up block (user/lib/startup.c), checked word by word against
 * <mica/startup.h>'s layout and, with exact-size buffers under ASan, for
 * never writing past the size it is given; and mica_strerror()'s names.
 */
#include <stdlib.h>
#include <string.h>

#include <mica.h>
#include <mica/startup.h>

#include "tap.h"

#define TOP	0x00080000u
#define ROOT	0x00010005u

static uint32_t word_at(const unsigned char *b, size_t off)
{
	return b[off] | b[off + 1] << 8 | b[off + 2] << 16 | (uint32_t)b[off + 3] << 24;
}

/* Builds into a malloc'd buffer of exactly size bytes; returns the result. */
static int build_exact(size_t size, int argc, const char *const argv[])
{
	unsigned char *buf = malloc(size ? size : 1);
	int n = mica_startup_build(buf, size, TOP, ROOT, argc, argv);

	free(buf);
	return n;
}

TAP_TEST(startup_layout)
{
	const char *argv[] = { "ping", "-n", "10" };
	unsigned char buf[64];
	uint32_t base;
	int n, i;

	memset(buf, 0xa5, sizeof(buf));
	n = mica_startup_build(buf, sizeof(buf), TOP, ROOT, 3, argv);
	TAP_ASSERT_EQ(n, 40);	/* 8 + 4 * 4 + "ping" "-n" "10" (11) = 35 */
	base = TOP - (uint32_t)n;
	TAP_ASSERT_EQ(word_at(buf, 0), ROOT);
	TAP_ASSERT_EQ(word_at(buf, 4), 3);
	for (i = 0; i < 3; i++) {
		uint32_t p = word_at(buf, 8 + 4 * (size_t)i);

		TAP_ASSERT(p >= base + 24 && p < TOP);
		TAP_ASSERT(strcmp((char *)buf + (p - base), argv[i]) == 0);
	}
	TAP_ASSERT_EQ(word_at(buf, 20), 0);
	TAP_ASSERT_EQ(word_at(buf, 8), base + 24);
	for (i = 35; i < 40; i++)
		TAP_ASSERT_EQ(buf[i], 0);
	TAP_ASSERT_EQ(buf[40], 0xa5);
}

TAP_TEST(startup_no_args)
{
	unsigned char buf[16];

	TAP_ASSERT_EQ(mica_startup_build(buf, sizeof(buf), TOP, ROOT, 0, NULL), 16);
	TAP_ASSERT_EQ(word_at(buf, 0), ROOT);
	TAP_ASSERT_EQ(word_at(buf, 4), 0);
	TAP_ASSERT_EQ(word_at(buf, 8), 0);
	TAP_ASSERT_EQ(word_at(buf, 12), 0);
}

TAP_TEST(startup_every_short_buffer_is_e2big)
{
	static char big[1000];
	const char *argv[] = { "a", "", big, "bcdefgh" };
	int n, size;

	memset(big, 'x', sizeof(big) - 1);
	n = build_exact(4096, 4, argv);
	TAP_ASSERT_EQ(n, (8 + 5 * 4 + 2 + 1 + 1000 + 8 + 7) & ~7);
	for (size = 0; size < n; size++)
		TAP_ASSERT_EQ(build_exact((size_t)size, 4, argv), -E2BIG);
	TAP_ASSERT_EQ(build_exact((size_t)n, 4, argv), n);
}

TAP_TEST(startup_bad_arguments)
{
	const char *argv[] = { "a", NULL };
	unsigned char buf[64];

	TAP_ASSERT_EQ(mica_startup_build(buf, 64, TOP + 4, ROOT, 1, argv), -EINVAL);
	TAP_ASSERT_EQ(mica_startup_build(buf, 64, TOP, ROOT, -1, argv), -EINVAL);
	TAP_ASSERT_EQ(mica_startup_build(buf, 64, TOP, ROOT, 1, NULL), -EINVAL);
	TAP_ASSERT_EQ(mica_startup_build(buf, 64, TOP, ROOT, 2, argv), -EINVAL);
	TAP_ASSERT_EQ(mica_startup_build(NULL, 64, TOP, ROOT, 1, argv), -EINVAL);
	TAP_ASSERT_EQ(mica_startup_build(buf, 64, 16, ROOT, 1, argv), -E2BIG);
	TAP_ASSERT_EQ(mica_startup_build(buf, 64, 24, ROOT, 1, argv), 24);
}

TAP_TEST(strerror_names)
{
	TAP_ASSERT(strcmp(mica_strerror(-ESRCH), "ESRCH") == 0);
	TAP_ASSERT(strcmp(mica_strerror(ESRCH), "ESRCH") == 0);
	TAP_ASSERT(strcmp(mica_strerror(-ETIMEDOUT), "ETIMEDOUT") == 0);
	TAP_ASSERT(strcmp(mica_strerror(-ESENDTIMEDOUT), "ESENDTIMEDOUT") == 0);
	TAP_ASSERT(strcmp(mica_strerror(-ECANCELED), "ECANCELED") == 0);
	TAP_ASSERT(strcmp(mica_strerror(-EMSGSIZE), "EMSGSIZE") == 0);
	TAP_ASSERT(strcmp(mica_strerror(-EPERM), "EPERM") == 0);
	TAP_ASSERT(strcmp(mica_strerror(0), "OK") == 0);
	TAP_ASSERT(strcmp(mica_strerror(-6), "E?") == 0);
	TAP_ASSERT(strcmp(mica_strerror(-1000), "E?") == 0);
}

int main(void)
{
	return tap_main();
}
