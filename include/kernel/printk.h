/*
 * Kernel console output. printk() formats with lib/format.c (see
 * include/lib/format.h for the conversions it supports) and writes to the
 * console (PL011 UART0 on the board, stdout on the host).
 */
#ifndef MICA_KERNEL_PRINTK_H
#define MICA_KERNEL_PRINTK_H

#include <stdarg.h>
#include <types.h>

int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap);

#endif
