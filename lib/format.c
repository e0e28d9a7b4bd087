/*
 * printf-style formatting; include/lib/format.h specifies the subset.
 *
 * A directive is parsed completely before any argument is read, so one that
 * is not understood (a precision, %f, %ls, ...) is printed as written and
 * consumes nothing. Field widths are clamped to FORMAT_WIDTH_MAX: a larger
 * one is a bug (or a garbage '*' argument), and printing it in full would
 * stall the console for minutes.
 */
#include <lib/format.h>

#define FORMAT_WIDTH_MAX	1024u

enum fmt_len { LEN_HH, LEN_H, LEN_INT, LEN_L, LEN_LL, LEN_Z };

struct fmt_spec {
	bool left;		/* '-': pad on the right */
	bool zero;		/* '0': pad numbers with zeros after the sign */
	bool star;		/* the width is the next int argument */
	unsigned int width;
	enum fmt_len len;
	char conv;		/* 0 when the directive is not supported */
};

struct fmt_out {
	format_putc_fn putc;
	void *cookie;
	size_t count;
	va_list ap;
};

static const char hex_lower[] = "0123456789abcdef";
static const char hex_upper[] = "0123456789ABCDEF";

static void out_char(struct fmt_out *o, char c)
{
	o->putc(o->cookie, c);
	o->count++;
}

static void out_mem(struct fmt_out *o, const char *s, size_t n)
{
	while (n--)
		out_char(o, *s++);
}

static void out_repeat(struct fmt_out *o, char c, unsigned int n)
{
	while (n--)
		out_char(o, c);
}

/* Pads prefix+body to the field width: "  -12", "-0012" or "-12  ". */
static void out_field(struct fmt_out *o, const struct fmt_spec *s,
		      const char *prefix, size_t plen,
		      const char *body, size_t blen)
{
	unsigned int pad = 0;

	if (s->width > plen + blen)
		pad = s->width - plen - blen;
	if (!s->left && !s->zero)
		out_repeat(o, ' ', pad);
	out_mem(o, prefix, plen);
	if (!s->left && s->zero)
		out_repeat(o, '0', pad);
	out_mem(o, body, blen);
	if (s->left)
		out_repeat(o, ' ', pad);
}

static const char *len_parse(const char *p, enum fmt_len *len)
{
	if (*p == 'h') {
		*len = LEN_H;
		if (*++p == 'h') {
			*len = LEN_HH;
			p++;
		}
	} else if (*p == 'l') {
		*len = LEN_L;
		if (*++p == 'l') {
			*len = LEN_LL;
			p++;
		}
	} else if (*p == 'z') {
		*len = LEN_Z;
		p++;
	}
	return p;
}

static bool conv_valid(char c, enum fmt_len len)
{
	switch (c) {
	case 'd': case 'i': case 'u': case 'x': case 'X':
		return true;
	case 'p': case 's': case 'c': case '%':
		return len == LEN_INT;
	default:
		return false;
	}
}

/* Parses the directive after a '%'; returns the first character after it. */
static const char *spec_parse(const char *p, struct fmt_spec *s)
{
	*s = (struct fmt_spec){ .len = LEN_INT };
	for (;; p++) {
		if (*p == '-')
			s->left = true;
		else if (*p == '0')
			s->zero = true;
		else
			break;
	}
	if (*p == '*') {
		s->star = true;
		p++;
	}
	for (; !s->star && *p >= '0' && *p <= '9'; p++)
		if (s->width < FORMAT_WIDTH_MAX)
			s->width = s->width * 10 + (unsigned int)(*p - '0');
	if (s->width > FORMAT_WIDTH_MAX)
		s->width = FORMAT_WIDTH_MAX;
	p = len_parse(p, &s->len);
	if (*p == '\0')
		return p;
	if (conv_valid(*p, s->len))
		s->conv = *p;
	return p + 1;
}

static unsigned long long arg_unsigned(struct fmt_out *o, enum fmt_len len)
{
	switch (len) {
	case LEN_HH:
		return (unsigned char)va_arg(o->ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(o->ap, unsigned int);
	case LEN_L:
		return va_arg(o->ap, unsigned long);
	case LEN_LL:
		return va_arg(o->ap, unsigned long long);
	case LEN_Z:
		return va_arg(o->ap, size_t);
	default:
		return va_arg(o->ap, unsigned int);
	}
}

static long long arg_signed(struct fmt_out *o, enum fmt_len len)
{
	switch (len) {
	case LEN_HH:
		return (signed char)va_arg(o->ap, int);
	case LEN_H:
		return (short)va_arg(o->ap, int);
	case LEN_L:
		return va_arg(o->ap, long);
	case LEN_LL:
		return va_arg(o->ap, long long);
	case LEN_Z:
		return (ptrdiff_t)va_arg(o->ap, size_t);
	default:
		return va_arg(o->ap, int);
	}
}

/*
 * Divides *n by 10 and returns the remainder. Values that fit in 32 bits
 * take the single-register path (a multiply on ARM); larger ones use the
 * shift-and-add reciprocal from Hacker's Delight (10-17), which is at most
 * one too small, instead of libgcc's 64-bit division.
 */
static unsigned int div10(unsigned long long *n)
{
	unsigned long long q;
	unsigned int r;

	if (*n <= 0xffffffffu) {
		uint32_t x = (uint32_t)*n;

		*n = x / 10;
		return x % 10;
	}
	q = (*n >> 1) + (*n >> 2);
	q += q >> 4;
	q += q >> 8;
	q += q >> 16;
	q += q >> 32;
	q >>= 3;
	r = (unsigned int)(*n - q * 10);
	if (r > 9) {
		q++;
		r -= 10;
	}
	*n = q;
	return r;
}

/* Writes v's digits backwards ending before end; returns the first one. */
static char *digits_put(char *end, unsigned long long v, char conv)
{
	const char *set = conv == 'X' ? hex_upper : hex_lower;

	do {
		if (conv == 'x' || conv == 'X') {
			*--end = set[v & 15];
			v >>= 4;
		} else {
			*--end = (char)('0' + div10(&v));
		}
	} while (v);
	return end;
}

static void conv_int(struct fmt_out *o, const struct fmt_spec *s)
{
	char buf[20];
	char *end = buf + sizeof(buf), *p;
	unsigned long long v;
	bool neg = false;

	if (s->conv == 'd' || s->conv == 'i') {
		long long sv = arg_signed(o, s->len);

		neg = sv < 0;
		v = neg ? 0ull - (unsigned long long)sv : (unsigned long long)sv;
	} else {
		v = arg_unsigned(o, s->len);
	}
	p = digits_put(end, v, s->conv);
	out_field(o, s, "-", neg, p, (size_t)(end - p));
}

static void conv_ptr(struct fmt_out *o, const struct fmt_spec *s)
{
	char buf[2 * sizeof(void *)];
	uintptr_t v = (uintptr_t)va_arg(o->ap, void *);
	size_t i;

	for (i = sizeof(buf); i-- > 0; v >>= 4)
		buf[i] = hex_lower[v & 15];
	out_field(o, s, "0x", 2, buf, sizeof(buf));
}

static void conv_str(struct fmt_out *o, struct fmt_spec *s)
{
	const char *str = va_arg(o->ap, const char *);
	size_t n = 0;

	if (!str)
		str = "(null)";
	while (str[n])
		n++;
	s->zero = false;
	out_field(o, s, "", 0, str, n);
}

static void conv_char(struct fmt_out *o, struct fmt_spec *s)
{
	char c = (char)va_arg(o->ap, int);

	s->zero = false;
	out_field(o, s, "", 0, &c, 1);
}

/* Reads a '*' width: a negative one means '-' and its magnitude. */
static void width_fetch(struct fmt_out *o, struct fmt_spec *s)
{
	unsigned int w = (unsigned int)va_arg(o->ap, int);

	if ((int)w < 0) {
		s->left = true;
		w = 0u - w;
	}
	s->width = w > FORMAT_WIDTH_MAX ? FORMAT_WIDTH_MAX : w;
}

static void conv_do(struct fmt_out *o, struct fmt_spec *s)
{
	if (s->star)
		width_fetch(o, s);
	switch (s->conv) {
	case 'p':
		conv_ptr(o, s);
		break;
	case 's':
		conv_str(o, s);
		break;
	case 'c':
		conv_char(o, s);
		break;
	case '%':
		out_char(o, '%');
		break;
	default:
		conv_int(o, s);
		break;
	}
}

/* Formats fmt through putc; returns the number of characters produced. */
int format(format_putc_fn putc, void *cookie, const char *fmt, va_list ap)
{
	struct fmt_out o = { .putc = putc, .cookie = cookie };
	struct fmt_spec s;
	const char *start;

	va_copy(o.ap, ap);
	while (*fmt) {
		if (*fmt != '%') {
			out_char(&o, *fmt++);
			continue;
		}
		start = fmt;
		fmt = spec_parse(fmt + 1, &s);
		if (s.conv)
			conv_do(&o, &s);
		else
			out_mem(&o, start, (size_t)(fmt - start));
	}
	va_end(o.ap);
	return (int)o.count;
}

struct snbuf {
	char *buf;
	size_t size;
	size_t len;
};

static void snbuf_putc(void *cookie, char c)
{
	struct snbuf *b = cookie;

	if (b->len + 1 < b->size)
		b->buf[b->len] = c;
	b->len++;
}

/*
 * Writes at most size-1 characters and a NUL (if size > 0); returns the
 * length the whole output would have had.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct snbuf b = { .buf = buf, .size = size };
	int n = format(snbuf_putc, &b, fmt, ap);

	if (size)
		buf[b.len < size ? b.len : size - 1] = '\0';
	return n;
}

/* snprintf over vsnprintf; see there. */
int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
