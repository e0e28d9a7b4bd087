/* Host implementations of printk and panic_at; see shim.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <kernel/panic.h>
#include <kernel/printk.h>
#include <mm/phys.h>

#include "shim.h"

jmp_buf *shim_panic_jmp;
bool shim_panicked;
char shim_panic_msg[512];
bool shim_quiet;
uintptr_t phys_virt_offset;
unsigned int host_page_shift = 12;

static char capture_buf[8192];
static size_t capture_len;
static bool capturing;

void shim_capture_start(void)
{
	capturing = true;
	capture_len = 0;
	capture_buf[0] = '\0';
}

const char *shim_capture_end(void)
{
	capturing = false;
	return capture_buf;
}

int vprintk(const char *fmt, va_list ap)
{
	int n;

	if (capturing) {
		n = vsnprintf(capture_buf + capture_len,
			      sizeof(capture_buf) - capture_len, fmt, ap);
		if (n > 0)
			capture_len += (size_t)n;
		if (capture_len >= sizeof(capture_buf))
			capture_len = sizeof(capture_buf) - 1;
		return n;
	}
	if (shim_quiet)
		return 0;
	return vprintf(fmt, ap);
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

void panic_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(shim_panic_msg, sizeof(shim_panic_msg), "%s:%d: ", file, line);
	va_start(ap, fmt);
	vsnprintf(shim_panic_msg + n, sizeof(shim_panic_msg) - n, fmt, ap);
	va_end(ap);
	shim_panicked = true;
	if (shim_panic_jmp)
		longjmp(*shim_panic_jmp, 1);
	fprintf(stderr, "PANIC at %s\n", shim_panic_msg);
	abort();
}
