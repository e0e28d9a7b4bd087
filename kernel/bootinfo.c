/*
 * Boot information: the ATAG and flattened-device-tree readers and the RAM
 * policy; the contract is in include/kernel/bootinfo.h.
 *
 * Both readers walk their input with an offset that only grows, by at least
 * one word per step, and check every length against what is left before
 * reading, so garbage can stop them early but never make them loop or read
 * outside the buffer.
 */
#include <stdarg.h>
#include <string.h>

#include <kernel/bootinfo.h>
#include <kernel/printk.h>
#include <uapi/errno.h>

/* Regions are clipped to end at the last whole page below 4 GiB. */
#define PHYS_LIMIT	0xfffff000u

#define FDT_HEADER_SIZE	40
#define FDT_BEGIN_NODE	1u
#define FDT_END_NODE	2u
#define FDT_PROP	3u
#define FDT_NOP		4u
#define FDT_END		9u

static __printf(2, 3) void bootinfo_warn(struct bootinfo *bi,
					 const char *fmt, ...)
{
	va_list ap;

	bi->warnings++;
	printk("warning: ");
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

/* Empties bi: no memory, no command line, no warnings, source PROBE. */
void bootinfo_init(struct bootinfo *bi)
{
	memset(bi, 0, sizeof(*bi));
	bi->source = BOOT_SRC_PROBE;
}

static void bootinfo_clear(struct bootinfo *bi)
{
	bi->nr_mem = 0;
	bi->cmdline[0] = '\0';
}

static void bootinfo_mem_add(struct bootinfo *bi, const char *who,
			     unsigned long long base,
			     unsigned long long size)
{
	if (bi->nr_mem == BOOTINFO_MAX_MEM) {
		bootinfo_warn(bi, "%s: more than %u memory regions, 0x%llx+0x%llx ignored\n",
			      who, BOOTINFO_MAX_MEM, base, size);
		return;
	}
	if (base >= PHYS_LIMIT) {
		bootinfo_warn(bi, "%s: memory at 0x%llx is above 32-bit physical addresses, ignored\n",
			      who, base);
		return;
	}
	if (size > PHYS_LIMIT - base) {
		bootinfo_warn(bi, "%s: memory 0x%llx+0x%llx clipped to end at 0x%x\n",
			      who, base, size, PHYS_LIMIT);
		size = PHYS_LIMIT - base;
	}
	bi->mem[bi->nr_mem].base = (paddr_t)base;
	bi->mem[bi->nr_mem].size = (uint32_t)size;
	bi->nr_mem++;
}

/* Copies a command line of at most max bytes (NUL-terminated within them). */
static void bootinfo_cmdline_set(struct bootinfo *bi, const char *who,
				 const char *s, size_t max)
{
	size_t n = strnlen(s, max);

	if (n == max && max)
		bootinfo_warn(bi, "%s: command line not NUL-terminated\n", who);
	if (n >= CMDLINE_MAX) {
		bootinfo_warn(bi, "%s: command line of %zu characters truncated to %u\n",
			      who, n, CMDLINE_MAX - 1);
		n = CMDLINE_MAX - 1;
	}
	memcpy(bi->cmdline, s, n);
	bi->cmdline[n] = '\0';
}

/* ---- ATAGs: native-endian words {size in words, tag, data...} ---- */

static uint32_t atag_word(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Takes in one tag of the given size; returns false if it is corrupt. */
static bool atag_use(struct bootinfo *bi, const unsigned char *t,
		     uint32_t words, size_t off)
{
	switch (atag_word(t + 4)) {
	case ATAG_MEM:
		if (words < 4) {
			bootinfo_warn(bi, "atags: ATAG_MEM at +0x%zx is only %u words, rest ignored\n",
				      off, words);
			return false;
		}
		bootinfo_mem_add(bi, "atags", atag_word(t + 12), atag_word(t + 8));
		break;
	case ATAG_CMDLINE:
		bootinfo_cmdline_set(bi, "atags", (const char *)t + 8,
				     (size_t)(words - 2) * 4);
		break;
	}
	return true;
}

/* Reads an ATAG list; see bootinfo.h. */
int atags_parse(const void *atags, size_t len, struct bootinfo *bi)
{
	const unsigned char *p = atags;
	size_t off = 0;
	uint32_t words;

	bootinfo_clear(bi);
	if (len < 8 || atag_word(p + 4) != ATAG_CORE || atag_word(p) < 2 ||
	    atag_word(p) > len / 4)
		return -EINVAL;
	bi->source = BOOT_SRC_ATAGS;
	for (;;) {
		if (len - off < 8) {
			bootinfo_warn(bi, "atags: no ATAG_NONE within %zu bytes, rest ignored\n",
				      len);
			return 0;
		}
		words = atag_word(p + off);
		if (atag_word(p + off + 4) == ATAG_NONE)
			return 0;
		if (words < 2 || words > (len - off) / 4) {
			bootinfo_warn(bi, "atags: tag 0x%08x at +0x%zx has a bad size (%u words), rest ignored\n",
				      atag_word(p + off + 4), off, words);
			return 0;
		}
		if (!atag_use(bi, p + off, words, off))
			return 0;
		off += (size_t)words * 4;
	}
}

/* ---- Flattened device tree: big-endian tokens in the structure block ---- */

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
	struct bootinfo *bi;
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
	return 0;
}

/* ---- The RAM policy ---- */

struct ram {
	paddr_t base;
	paddr_t end;		/* exclusive */
};

/* Policy steps 1 and 2: drops empty regions, clips to max_end. */
static unsigned int ram_sane(struct bootinfo *bi, paddr_t max_end,
			     struct ram *r)
{
	unsigned int i, n = 0;
	unsigned long long end;

	for (i = 0; i < bi->nr_mem; i++) {
		paddr_t base = bi->mem[i].base;

		end = (uint64_t)base + bi->mem[i].size;
		if (base == end) {
			bootinfo_warn(bi, "ram: region at 0x%08x has size 0, ignored\n", base);
			continue;
		}
		if (base >= max_end) {
			bootinfo_warn(bi, "ram: region 0x%08x-0x%08llx lies above 0x%08x, ignored\n",
				      base, end, max_end);
			continue;
		}
		if (end > max_end) {
			bootinfo_warn(bi, "ram: region 0x%08x-0x%08llx clipped to end at 0x%08x\n",
				      base, end, max_end);
			end = max_end;
		}
		r[n].base = base;
		r[n++].end = (paddr_t)end;
	}
	return n;
}

/* Sorts by base, the larger of two regions with the same base first. */
static void ram_sort(struct ram *r, unsigned int n)
{
	unsigned int i, j;
	struct ram t;

	for (i = 1; i < n; i++) {
		t = r[i];
		for (j = i; j > 0 && (r[j - 1].base > t.base ||
			(r[j - 1].base == t.base && r[j - 1].end < t.end)); j--)
			r[j] = r[j - 1];
		r[j] = t;
	}
}

/* Policy step 3 on sorted regions; returns how many disjoint ones remain. */
static unsigned int ram_merge(struct bootinfo *bi, struct ram *r,
			      unsigned int n)
{
	unsigned int i, k = 0;

	for (i = 1; i < n; i++) {
		if (r[i].base > r[k].end) {
			r[++k] = r[i];
		} else if (r[i].base == r[k].end) {
			r[k].end = r[i].end;
		} else if (r[i].end <= r[k].end) {
			bootinfo_warn(bi, "ram: region 0x%08x-0x%08x lies inside 0x%08x-0x%08x, ignored\n",
				      r[i].base, r[i].end, r[k].base, r[k].end);
		} else {
			bootinfo_warn(bi, "ram: region 0x%08x-0x%08x overlaps 0x%08x-0x%08x, merged\n",
				      r[i].base, r[i].end, r[k].base, r[k].end);
			r[k].end = r[i].end;
		}
	}
	return n ? k + 1 : 0;
}

/* Chooses the RAM the kernel manages; the policy is in bootinfo.h. */
int bootinfo_pick_ram(struct bootinfo *bi, paddr_t kernel_start,
		      paddr_t kernel_end, paddr_t max_end,
		      struct mem_region *out)
{
	struct ram r[BOOTINFO_MAX_MEM];
	unsigned int i, n;

	n = ram_sane(bi, max_end, r);
	ram_sort(r, n);
	n = ram_merge(bi, r, n);
	for (i = 0; i < n; i++) {
		if (r[i].base <= kernel_start && kernel_end <= r[i].end) {
			out->base = r[i].base;
			out->size = r[i].end - r[i].base;
			return 0;
		}
		if (r[i].base < kernel_end && kernel_start < r[i].end)
			bootinfo_warn(bi, "ram: region 0x%08x-0x%08x overlaps the kernel 0x%08x-0x%08x only partially, not trusted\n",
				      r[i].base, r[i].end, kernel_start, kernel_end);
	}
	if (bi->nr_mem)
		bootinfo_warn(bi, "ram: no memory region holds the kernel 0x%08x-0x%08x, probing RAM\n",
			      kernel_start, kernel_end);
	return -ENOENT;
}
