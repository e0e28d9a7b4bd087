/*
 * The flattened-device-tree reader: big-endian tokens in the structure
 * block, property names in the strings block. The contract is dtb_parse() in
 * include/kernel/bootinfo.h.
 *
 * The walk's offset only grows, by at least one token per step, and every
 * length is checked against what is left before reading, so garbage can stop
 * it early but never make it loop or read outside the buffer.
 */
#include <string.h>

#include <uapi/errno.h>

#include "bootinfo_internal.h"

#define FDT_HEADER_SIZE	40
#define FDT_BEGIN_NODE	1u
#define FDT_END_NODE	2u
#define FDT_PROP	3u
#define FDT_NOP		4u
#define FDT_END		9u

enum fdt_node { NODE_OTHER, NODE_ROOT, NODE_MEMORY, NODE_CHOSEN };

struct fdt {
	const unsigned char *blob;
	size_t off;		/* cursor in the structure block */
	size_t end;		/* end of the structure block */
	size_t strings;		/* start of the strings block */
	size_t strings_len;
	unsigned int depth;	/* 1 inside the root node */
	enum fdt_node node;	/* the node the cursor is in */
	uint32_t addr_cells;
	uint32_t size_cells;
	uint64_t initrd[2];	/* /chosen's linux,initrd-start and -end */
	unsigned int initrd_seen;	/* bit i: initrd[i] was given */
	struct bootinfo *bi;
};

static const char *const initrd_props[2] = {
	"linux,initrd-start", "linux,initrd-end",
};

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint64_t fdt_cells(const unsigned char *p, uint32_t cells)
{
	if (cells == 2)
		return (uint64_t)be32(p) << 32 | be32(p + 4);
	return be32(p);
}

/* Advances past n bytes (n fits before end) and the padding after them. */
static void fdt_skip(struct fdt *f, size_t n)
{
	f->off = ALIGN_UP(f->off + n, 4);
	if (f->off > f->end)
		f->off = f->end;
}

static bool fdt_block_ok(uint32_t off, uint32_t size, uint32_t total)
{
	return off <= total && size <= total - off;
}

static int fdt_open(struct fdt *f, const unsigned char *b, size_t len)
{
	uint32_t total;

	if (len < FDT_HEADER_SIZE || be32(b) != FDT_MAGIC)
		return -EINVAL;
	total = be32(b + 4);
	if (total < FDT_HEADER_SIZE || total > len ||
	    be32(b + 20) < 17 || be32(b + 24) > 17 ||
	    !fdt_block_ok(be32(b + 8), be32(b + 36), total) ||
	    !fdt_block_ok(be32(b + 12), be32(b + 32), total))
		return -EINVAL;
	f->blob = b;
	f->off = be32(b + 8);
	f->end = f->off + be32(b + 36);
	f->strings = be32(b + 12);
	f->strings_len = be32(b + 32);
	f->depth = 0;
	f->node = NODE_OTHER;
	f->addr_cells = 2;
	f->size_cells = 1;
	f->initrd_seen = 0;
	return 0;
}

static void fdt_reg(struct fdt *f, const unsigned char *val, uint32_t len)
{
	uint32_t ac = f->addr_cells, sc = f->size_cells, entry;

	if (ac < 1 || ac > 2 || sc < 1 || sc > 2) {
		bootinfo_warn(f->bi, "dtb: #address-cells %u, #size-cells %u not supported, memory ignored\n",
			      ac, sc);
		return;
	}
	entry = (ac + sc) * 4;
	if (len % entry)
		bootinfo_warn(f->bi, "dtb: memory reg of %u bytes is not whole (address, size) pairs\n",
			      len);
	for (; len >= entry; len -= entry, val += entry)
		bootinfo_mem_add(f->bi, "dtb", fdt_cells(val, ac),
				 fdt_cells(val + ac * 4, sc));
}

/* linux,initrd-start (i = 0) or -end (i = 1): a u32 or a u64. */
static void fdt_initrd_prop(struct fdt *f, unsigned int i,
			    const unsigned char *val, uint32_t len)
{
	if (len != 4 && len != 8) {
		bootinfo_warn(f->bi, "dtb: %s of %u bytes, ignored\n",
			      initrd_props[i], len);
		return;
	}
	f->initrd[i] = fdt_cells(val, len / 4);
	f->initrd_seen |= 1u << i;
}

/* The initrd from /chosen's two properties, once the walk is over. */
static void fdt_initrd_set(struct fdt *f)
{
	if (f->initrd_seen == 0)
		return;
	if (f->initrd_seen != 3)
		bootinfo_warn(f->bi, "dtb: %s without %s, initrd ignored\n",
			      initrd_props[f->initrd_seen - 1],
			      initrd_props[2 - f->initrd_seen]);
	else if (f->initrd[1] < f->initrd[0])
		bootinfo_warn(f->bi, "dtb: initrd ends at 0x%llx before its start 0x%llx, ignored\n",
			      (unsigned long long)f->initrd[1],
			      (unsigned long long)f->initrd[0]);
	else
		bootinfo_initrd_set(f->bi, "dtb", f->initrd[0],
				    f->initrd[1] - f->initrd[0]);
}

static void fdt_prop_use(struct fdt *f, const char *name,
			 const unsigned char *val, uint32_t len)
{
	if (f->node == NODE_ROOT && len == 4 && !strcmp(name, "#address-cells"))
		f->addr_cells = be32(val);
	else if (f->node == NODE_ROOT && len == 4 && !strcmp(name, "#size-cells"))
		f->size_cells = be32(val);
	else if (f->node == NODE_MEMORY && !strcmp(name, "reg"))
		fdt_reg(f, val, len);
	else if (f->node == NODE_CHOSEN && !strcmp(name, "bootargs"))
		bootinfo_cmdline_set(f->bi, "dtb", (const char *)val, len);
	else if (f->node == NODE_CHOSEN && !strcmp(name, initrd_props[0]))
		fdt_initrd_prop(f, 0, val, len);
	else if (f->node == NODE_CHOSEN && !strcmp(name, initrd_props[1]))
		fdt_initrd_prop(f, 1, val, len);
}

/* FDT_PROP: {len, nameoff, value}; returns false if malformed. */
static bool fdt_prop(struct fdt *f)
{
	const unsigned char *val;
	const char *name;
	uint32_t len, nameoff;

	if (f->end - f->off < 8)
		return false;
	len = be32(f->blob + f->off);
	nameoff = be32(f->blob + f->off + 4);
	f->off += 8;
	if (len > f->end - f->off || nameoff >= f->strings_len)
		return false;
	name = (const char *)f->blob + f->strings + nameoff;
	if (strnlen(name, f->strings_len - nameoff) == f->strings_len - nameoff)
		return false;
	val = f->blob + f->off;
	fdt_skip(f, len);
	fdt_prop_use(f, name, val, len);
	return true;
}

static bool fdt_name_is(const char *name, const char *want)
{
	size_t n = strlen(want);

	return !strncmp(name, want, n) && (name[n] == '\0' || name[n] == '@');
}

/* FDT_BEGIN_NODE: {name}; returns false if malformed. */
static bool fdt_begin_node(struct fdt *f)
{
	const char *name = (const char *)f->blob + f->off;
	size_t n = strnlen(name, f->end - f->off);

	if (n == f->end - f->off)
		return false;
	fdt_skip(f, n + 1);
	f->depth++;
	if (f->depth == 1)
		f->node = NODE_ROOT;
	else if (f->depth == 2 && fdt_name_is(name, "memory"))
		f->node = NODE_MEMORY;
	else if (f->depth == 2 && fdt_name_is(name, "chosen"))
		f->node = NODE_CHOSEN;
	else
		f->node = NODE_OTHER;
	return true;
}

/* Takes in one token; returns 1 at FDT_END, 0 to go on, -1 if malformed. */
static int fdt_step(struct fdt *f)
{
	uint32_t tok = be32(f->blob + f->off);

	f->off += 4;
	switch (tok) {
	case FDT_BEGIN_NODE:
		return fdt_begin_node(f) ? 0 : -1;
	case FDT_END_NODE:
		if (f->depth == 0)
			return -1;
		f->depth--;
		f->node = f->depth == 1 ? NODE_ROOT : NODE_OTHER;
		return 0;
	case FDT_PROP:
		return fdt_prop(f) ? 0 : -1;
	case FDT_NOP:
		return 0;
	case FDT_END:
		return 1;
	default:
		return -1;
	}
}

/* Reads a flattened device tree; see bootinfo.h. */
int dtb_parse(const void *dtb, size_t len, struct bootinfo *bi)
{
	struct fdt f;
	size_t at;
	int r = 0;

	bootinfo_clear(bi);
	if (fdt_open(&f, dtb, len) < 0)
		return -EINVAL;
	f.bi = bi;
	bi->source = BOOT_SRC_DTB;
	while (r == 0 && f.end - f.off >= 4) {
		at = f.off;
		r = fdt_step(&f);
	}
	if (r == 0)
		bootinfo_warn(bi, "dtb: structure block ends without FDT_END\n");
	else if (r < 0)
		bootinfo_warn(bi, "dtb: malformed token at +0x%zx, rest ignored\n", at);
	fdt_initrd_set(&f);
	return 0;
}
