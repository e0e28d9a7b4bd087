/* Console output through one line buffer; see user/include/stdio.h. */
#include <mica.h>
#include <stdio.h>

#define STDOUT_BUF	256

static char out_buf[STDOUT_BUF];
static size_t out_len;

int mica_stdout_flush(void)
{
	size_t done = 0;
	int n = 0;

	while (done < out_len) {
		n = mica_debug_write(out_buf + done, out_len - done);
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	out_len = 0;
	return n < 0 ? n : 0;
}

static void out_putc(void *cookie __unused, char c)
{
	out_buf[out_len++] = c;
	if (c == '\n' || out_len == sizeof(out_buf))
		mica_stdout_flush();
}

int vprintf(const char *fmt, va_list ap)
{
	return format(out_putc, NULL, fmt, ap);
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int puts(const char *s)
{
	while (*s)
		out_putc(NULL, *s++);
	out_putc(NULL, '\n');
	return 0;
}

int putchar(int c)
{
	out_putc(NULL, (char)c);
	return (unsigned char)c;
}
