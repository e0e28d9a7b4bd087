/*
 * String and memory functions for the freestanding kernel; see
 * lib/include/string.h.
 *
 * gcc's loop distribution recognises a byte-filling or byte-copying loop and
 * replaces it with a call to memset or memcpy, which inside memset itself
 * would recurse forever (gcc 12 also spots strlen loops). The functions with
 * such loops are compiled without that pass (__no_libcall).
 */
#include <stdint.h>
#include <string.h>

#define __no_libcall	__attribute__((optimize("no-tree-loop-distribute-patterns")))

typedef uint32_t __attribute__((may_alias)) word_t;

#define WORD_SIZE	sizeof(word_t)
#define BLOCK_SIZE	(8 * WORD_SIZE)

static inline int word_aligned(const void *p)
{
	return ((uintptr_t)p & (WORD_SIZE - 1)) == 0;
}

static inline int same_alignment(const void *a, const void *b)
{
	return (((uintptr_t)a ^ (uintptr_t)b) & (WORD_SIZE - 1)) == 0;
}

/*
 * 32-byte blocks for the large aligned copies and fills (a space's 12 KiB
 * of first-level entries is zeroed and 4 KiB copied on every create).
 * gcc 12 copies a block as two ldm/stm pairs of four registers; it cannot
 * be talked into one eight-register stm of a repeated value from C, so a
 * fill is eight str in a row, still a third of a word loop's instructions.
 */
struct block {
	word_t w[8];
} __attribute__((may_alias));

static inline void block_copy(void *d, const void *s)
{
	*(struct block *)d = *(const struct block *)s;
}

static inline void block_fill(void *d, word_t w)
{
	*(struct block *)d = (struct block){ { w, w, w, w, w, w, w, w } };
}

/*
 * Copies n bytes upwards: when source and destination have the same
 * alignment, bytes up to a word boundary, then 32-byte blocks (unless the
 * destination is less than a block below the source), words, and the bytes
 * left; otherwise byte by byte.
 */
__no_libcall static void copy_forward(unsigned char *d, const unsigned char *s,
				      size_t n)
{
	if (same_alignment(d, s)) {
		for (; n && !word_aligned(d); n--)
			*d++ = *s++;
		/* A block's source and destination may not overlap (memmove). */
		if ((uintptr_t)s - (uintptr_t)d >= BLOCK_SIZE)
			for (; n >= BLOCK_SIZE; n -= BLOCK_SIZE, d += BLOCK_SIZE,
			     s += BLOCK_SIZE)
				block_copy(d, s);
		for (; n >= WORD_SIZE; n -= WORD_SIZE, d += WORD_SIZE, s += WORD_SIZE)
			*(word_t *)d = *(const word_t *)s;
	}
	while (n--)
		*d++ = *s++;
}

/* Fills s with n bytes of c; returns s. */
__no_libcall void *memset(void *s, int c, size_t n)
{
	unsigned char *p = s;
	word_t w = (word_t)(unsigned char)c * 0x01010101u;

	for (; n && !word_aligned(p); n--)
		*p++ = (unsigned char)c;
	for (; n >= BLOCK_SIZE; n -= BLOCK_SIZE, p += BLOCK_SIZE)
		block_fill(p, w);
	for (; n >= WORD_SIZE; n -= WORD_SIZE, p += WORD_SIZE)
		*(word_t *)p = w;
	while (n--)
		*p++ = (unsigned char)c;
	return s;
}

/* Copies n bytes between non-overlapping buffers; returns dst. */
void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	copy_forward(dst, src, n);
	return dst;
}

/* Copies n bytes, correct for overlapping buffers; returns dst. */
__no_libcall void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n) {
		copy_forward(d, s, n);
		return dst;
	}
	while (n--)
		d[n] = s[n];
	return dst;
}

/* Compares n bytes as unsigned char; returns <0, 0 or >0. */
int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

/* Returns the length of s. */
__no_libcall size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

/* Returns the length of s, at most maxlen; reads no further. */
__no_libcall size_t strnlen(const char *s, size_t maxlen)
{
	size_t n = 0;

	while (n < maxlen && s[n])
		n++;
	return n;
}

/* Compares two strings as unsigned char; returns <0, 0 or >0. */
int strcmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	while (*x && *x == *y) {
		x++;
		y++;
	}
	return *x - *y;
}

/* Compares at most n characters; returns <0, 0 or >0. */
int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	for (; n; n--, x++, y++)
		if (*x != *y || !*x)
			return *x - *y;
	return 0;
}

/* Returns the first c in s (c may be '\0'), or NULL. */
char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

/* Bounded copy; see string.h. Returns strlen(src). */
__no_libcall size_t strlcpy(char *restrict dst, const char *restrict src,
			    size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		copy_forward((unsigned char *)dst, (const unsigned char *)src, n);
		dst[n] = '\0';
	}
	return len;
}
