/*
 * The cpio "newc" reader; the contract is include/lib/cpio.h.
 *
 * Each step checks what is left of the archive before it reads, and the
 * offset only grows (by at least a header), so a hostile archive can make
 * the walk fail but never loop or read outside it.
 */
#include <string.h>

#include <uapi/errno.h>
#include <lib/cpio.h>

#define HDR_SIZE	110u
#define FIELD_DIGITS	8u
#define F_MODE		1	/* field numbers after the magic */
#define F_FILESIZE	6
#define F_NAMESIZE	11

static const char cpio_magic[6] = "070701";
static const char cpio_trailer[] = "TRAILER!!!";

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parses field n of the header at h; returns false on a non-hex digit. */
static bool cpio_field(const char *h, unsigned int n, uint32_t *v)
{
	const char *f = h + sizeof(cpio_magic) + n * FIELD_DIGITS;
	unsigned int i;
	int d;

	*v = 0;
	for (i = 0; i < FIELD_DIGITS; i++) {
		d = hex_digit(f[i]);
		if (d < 0)
			return false;
		*v = *v << 4 | (uint32_t)d;
	}
	return true;
}

static bool cpio_header_ok(const char *h)
{
	unsigned int n;
	uint32_t v;

	if (memcmp(h, cpio_magic, sizeof(cpio_magic)))
		return false;
	for (n = 0; n < 13; n++)
		if (!cpio_field(h, n, &v))
			return false;
	return true;
}

/* Reads an archive entry; see cpio.h. */
int cpio_next(const void *archive, size_t len, size_t *offset,
	      struct cpio_entry *e)
{
	uint32_t namesize, size, mode;
	size_t off = *offset, data;
	const char *h;

	if (off % 4 || off > len || len - off < HDR_SIZE)
		return -EINVAL;
	h = (const char *)archive + off;
	if (!cpio_header_ok(h))
		return -EINVAL;
	cpio_field(h, F_MODE, &mode);
	cpio_field(h, F_FILESIZE, &size);
	cpio_field(h, F_NAMESIZE, &namesize);
	if (namesize == 0 || namesize > len - off - HDR_SIZE ||
	    ALIGN_UP(HDR_SIZE + (size_t)namesize, 4) > len - off ||
	    strnlen(h + HDR_SIZE, namesize) != namesize - 1)
		return -EINVAL;
	data = off + ALIGN_UP(HDR_SIZE + (size_t)namesize, 4);
	if (!strcmp(h + HDR_SIZE, cpio_trailer))
		return 0;
	if (size > len - data)
		return -EINVAL;
	e->name = h + HDR_SIZE;
	e->data = (const char *)archive + data;
	e->size = size;
	e->mode = mode;
	*offset = ALIGN_UP(data + size, 4);
	return 1;
}

/* Finds a regular file by name; see cpio.h. */
int cpio_find(const void *archive, size_t len, const char *name,
	      struct cpio_entry *e)
{
	struct cpio_entry cur;
	size_t off = 0;
	int r;

	while ((r = cpio_next(archive, len, &off, &cur)) == 1) {
		if ((cur.mode & CPIO_S_IFMT) == CPIO_S_IFREG &&
		    !strcmp(cur.name, name)) {
			*e = cur;
			return 0;
		}
	}
	return r == 0 ? -ENOENT : r;
}
