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

static inline int word_aligned(const void *p)
{
	return ((uintptr_t)p & (WORD_SIZE - 1)) == 0;
}

/* Copies n bytes upwards, a word at a time when both ends are aligned. */
__no_libcall static void copy_forward(unsigned char *d, const unsigned char *s,
				      size_t n)
{
	if (word_aligned(d) && word_aligned(s))
		for (; n >= WORD_SIZE; n -= WORD_SIZE, d += WORD_SIZE, s += WORD_SIZE)
			*(word_t *)d = *(const word_t *)s;
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
