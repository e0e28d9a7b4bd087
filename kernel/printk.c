/* printk: formatted output to the board's console. */
#include <kernel/printk.h>
#include <lib/format.h>
#include <platform.h>

static void console_putc(void *cookie __unused, char c)
{
	platform_console_putc(c);
}

int vprintk(const char *fmt, va_list ap)
{
	return format(console_putc, NULL, fmt, ap);
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}
