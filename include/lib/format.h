/*
 * Freestanding printf-style formatting, shared by printk, user space and
 * host tests.
 *
 * Conversions: %d %i %u %x %X %p %s %c %%; flags '0' and '-'; a field
 * width (digits or '*'); length modifiers hh h l ll z. %p prints 0x and
 * eight (or sixteen on a 64-bit host) hex digits; %s of NULL prints "(null)".
 * An unknown conversion is printed as written, so a bad format is visible
 * rather than silently consuming arguments.
 */
#ifndef MICA_LIB_FORMAT_H
#define MICA_LIB_FORMAT_H

#include <stdarg.h>
#include <types.h>

/* Called once per output character with the cookie given to format(). */
typedef void (*format_putc_fn)(void *cookie, char c);

/* Formats fmt through putc; returns the number of characters produced. */
int format(format_putc_fn putc, void *cookie, const char *fmt, va_list ap);

/*
 * Like C's vsnprintf/snprintf: writes at most size-1 characters and a
 * terminating NUL (if size > 0); returns the length the full output would
 * have had.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif
