/*
 * The creator side of the start-up block (<mica/startup.h>). Portable C:
 * the root task links it from libmica, and the host tests run it under
 * ASan (tests/host/test_startup.c).
 */
#include <string.h>
#include <uapi/errno.h>
#include <mica/startup.h>

/* The block's size for these strings, or 0 if it overflows a size_t. */
static size_t startup_size(int argc, const char *const argv[])
{
	size_t n = sizeof(struct mica_startup) + ((size_t)argc + 1) * 4;
	int i;

	for (i = 0; i < argc; i++) {
		size_t len = strlen(argv[i]) + 1;

		if (n + len < n)
			return 0;
		n += len;
	}
	if (n + MICA_STARTUP_ALIGN < n)
		return 0;
	return (n + MICA_STARTUP_ALIGN - 1) & ~(size_t)(MICA_STARTUP_ALIGN - 1);
}

/* Writes a word at buf + off in the target's (little-endian) byte order. */
static void put_word(unsigned char *buf, size_t off, uint32_t v)
{
	buf[off] = (unsigned char)v;
	buf[off + 1] = (unsigned char)(v >> 8);
	buf[off + 2] = (unsigned char)(v >> 16);
	buf[off + 3] = (unsigned char)(v >> 24);
}

int mica_startup_build(void *buf, size_t size, uint32_t stack_top,
		       uint32_t root_tid, int argc, const char *const argv[])
{
	unsigned char *b = buf;
	size_t n, str;
	uint32_t base;
	int i;

	if (!buf || argc < 0 || (argc > 0 && !argv) ||
	    stack_top % MICA_STARTUP_ALIGN)
		return -EINVAL;
	for (i = 0; i < argc; i++)
		if (!argv[i])
			return -EINVAL;
	if ((size_t)argc > (SIZE_MAX - sizeof(struct mica_startup)) / 4 - 1)
		return -E2BIG;
	n = startup_size(argc, argv);
	if (n == 0 || n > size || n > stack_top || n > INT32_MAX)
		return -E2BIG;
	base = stack_top - (uint32_t)n;
	memset(b, 0, n);
	put_word(b, 0, root_tid);
	put_word(b, 4, (uint32_t)argc);
	str = sizeof(struct mica_startup) + ((size_t)argc + 1) * 4;
	for (i = 0; i < argc; i++) {
		size_t len = strlen(argv[i]) + 1;

		put_word(b, 8 + (size_t)i * 4, base + (uint32_t)str);
		memcpy(b + str, argv[i], len);
		str += len;
	}
	return (int)n;
}
