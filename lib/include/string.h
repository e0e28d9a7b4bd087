/*
 * The kernel's string and memory functions (lib/string.c), with the C
 * library's semantics. Only the freestanding kernel sees this header; host
 * programs use their C library's string.h.
 */
#ifndef MICA_LIB_STRING_H
#define MICA_LIB_STRING_H

#include <stddef.h>

void *memset(void *s, int c, size_t n);
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t maxlen);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);

/*
 * Copies src into dst (size bytes), always NUL-terminating when size > 0;
 * returns strlen(src), so a result >= size means the copy was truncated.
 */
size_t strlcpy(char *restrict dst, const char *restrict src, size_t size);

#endif
