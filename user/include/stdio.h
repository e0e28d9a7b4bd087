/*
 * libmica's console output: printf-style formatting (the subset of
 * <lib/format.h>) into one line buffer per task, written with
 * SYS_DEBUG_WRITE at each newline, when the buffer fills, on
 * mica_stdout_flush() and at mica_exit(). Not thread-safe: the threads of
 * a task that print at once may mix their lines.
 */
#ifndef MICA_STDIO_H
#define MICA_STDIO_H

#include <stdarg.h>
#include <lib/format.h>

/*
 * These buffer and return at once; a failed write is reported only by the
 * flush that makes it. printf and vprintf return the number of characters
 * produced, puts 0, putchar c as an unsigned char.
 */
int printf(const char *fmt, ...) __printf(1, 2);
int vprintf(const char *fmt, va_list ap);
int puts(const char *s);
int putchar(int c);

/* Writes what the buffer holds; returns 0 or the negated error of the
 * SYS_DEBUG_WRITE that failed (the unwritten rest is dropped). */
int mica_stdout_flush(void);

#endif
