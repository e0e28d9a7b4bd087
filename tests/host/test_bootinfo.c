/*
 * kernel/bootinfo.c, atags.c, dtb.c, bootinfo_ram.c: ATAG lists as QEMU and
 * U-Boot lay them out and corrupt ones, hand-built flattened device trees,
 * every case of the RAM policy, and random garbage for both parsers. Buffers
 * handed to the parsers are heap-allocated at their exact length, so
 * AddressSanitizer reports any read past the length a parser was given.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/bootinfo.h>
#include <uapi/errno.h>

#include "shim.h"
#include "tap.h"

#define MiB		(1024u * 1024u)
#define RAM_END		0x10000000u	/* the board's 256 MiB RAM window */
#define KSTART		0x8000u
#define KEND		0x80000u

static struct bootinfo *bi_fresh(void)
{
	static struct bootinfo bi;

	shim_quiet = true;
	bootinfo_init(&bi);
	return &bi;
}

/* Runs parse on an exact-size heap copy of the len bytes at data. */
static int parse_copy(int (*parse)(const void *, size_t, struct bootinfo *),
		      const void *data, size_t len, struct bootinfo *bi)
{
	void *copy = malloc(len ? len : 1);
	int r;

	memcpy(copy, data, len);
	r = parse(copy, len, bi);
	free(copy);
	return r;
}

/* ---- ATAG lists ---- */

struct atags {
	uint32_t w[512];
	unsigned int n;		/* words used */
};

static void atag_add(struct atags *a, uint32_t words, uint32_t tag,
		     const void *data, size_t data_bytes)
{
	a->w[a->n] = words;
	a->w[a->n + 1] = tag;
	memset(&a->w[a->n + 2], 0, (words > 2 ? words - 2 : 0) * 4);
	if (data_bytes)
		memcpy(&a->w[a->n + 2], data, data_bytes);
	a->n += words < 2 ? 2 : words;
}

static void atag_core(struct atags *a)
{
	uint32_t core[3] = { 1, 0x1000, 0 };

	a->n = 0;
	atag_add(a, 5, ATAG_CORE, core, sizeof(core));
}

static void atag_mem(struct atags *a, uint32_t start, uint32_t size)
{
	uint32_t mem[2] = { size, start };

	atag_add(a, 4, ATAG_MEM, mem, sizeof(mem));
}

/* As QEMU's arm_boot writes it: strlen/4 + 1 data words, NUL-padded. */
static void atag_cmdline(struct atags *a, const char *s)
{
	size_t n = strlen(s);

	atag_add(a, (uint32_t)(n / 4 + 1 + 2), ATAG_CMDLINE, s, n + 1);
}

static void atag_none(struct atags *a)
{
	atag_add(a, 0, ATAG_NONE, NULL, 0);
}

static int atags_run(const struct atags *a, size_t len, struct bootinfo *bi)
{
	return parse_copy(atags_parse, a->w, len, bi);
}

/*
 * QEMU's -kernel uImage boot: the list at physical 0x100 in a RAM image,
 * parsed with the rest of the low 32 KiB as its bound.
 */
TAP_TEST(atags_qemu_layout)
{
	static const uint32_t sizes[] = { 16 * MiB, 32 * MiB, 64 * MiB, 128 * MiB, 256 * MiB };
	struct bootinfo *bi = bi_fresh();
	static unsigned char ram[0x8000];
	struct atags a;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		atag_core(&a);
		atag_mem(&a, 0, sizes[i]);
		atag_add(&a, 4, ATAG_INITRD2, (uint32_t[]){ 0xd00000, 0x1000 }, 8);
		atag_cmdline(&a, "console=ttyAMA0 test=all");
		atag_none(&a);
		memset(ram, 0xa5, sizeof(ram));
		memcpy(ram + 0x100, a.w, a.n * 4);
		TAP_ASSERT_EQ(parse_copy(atags_parse, ram + 0x100, sizeof(ram) - 0x100, bi), 0);
		TAP_ASSERT_EQ(bi->source, BOOT_SRC_ATAGS);
		TAP_ASSERT_EQ(bi->nr_mem, 1);
		TAP_ASSERT_EQ(bi->mem[0].base, 0);
		TAP_ASSERT_EQ(bi->mem[0].size, sizes[i]);
		TAP_ASSERT(strcmp(bi->cmdline, "console=ttyAMA0 test=all") == 0);
		TAP_ASSERT_EQ(bi->initrd_start, 0xd00000);
		TAP_ASSERT_EQ(bi->initrd_size, 0x1000);
		TAP_ASSERT_EQ(bi->warnings, 0);
	}
}

/* A QEMU-like list with ATAG_INITRD2 of the given words {start, size}. */
static int atags_initrd_run(uint32_t words, uint32_t start, uint32_t size,
			    struct bootinfo *bi)
{
	struct atags a;

	atag_core(&a);
	atag_mem(&a, 0, 128 * MiB);
	atag_add(&a, words, ATAG_INITRD2, (uint32_t[]){ start, size },
		 words >= 4 ? 8 : (words - 2) * 4);
	atag_cmdline(&a, "a=b");
	atag_none(&a);
	return atags_run(&a, a.n * 4, bi);
}

TAP_TEST(atags_initrd)
{
	struct bootinfo *bi = bi_fresh();
	struct atags a;

	TAP_ASSERT_EQ(atags_initrd_run(4, 0x4000000, 0x1234, bi), 0);
	TAP_ASSERT_EQ(bi->initrd_start, 0x4000000);
	TAP_ASSERT_EQ(bi->initrd_size, 0x1234);
	TAP_ASSERT(strcmp(bi->cmdline, "a=b") == 0);
	TAP_ASSERT_EQ(bi->warnings, 0);
	/* a longer tag is fine; a reparse without one drops the initrd */
	TAP_ASSERT_EQ(atags_initrd_run(6, 0x800000, 1, bi), 0);
	TAP_ASSERT_EQ(bi->initrd_start, 0x800000);
	TAP_ASSERT_EQ(bi->initrd_size, 1);
	atag_core(&a);
	atag_none(&a);
	TAP_ASSERT_EQ(atags_run(&a, a.n * 4, bi), 0);
	TAP_ASSERT_EQ(bi->initrd_start, 0);
	TAP_ASSERT_EQ(bi->initrd_size, 0);
	TAP_ASSERT_EQ(bi->warnings, 0);
}

TAP_TEST(atags_initrd_zero_and_malformed)
{
	struct bootinfo *bi = bi_fresh();

	TAP_ASSERT_EQ(atags_initrd_run(4, 0x4000000, 0, bi), 0);
	TAP_ASSERT_EQ(bi->initrd_size, 0);
	TAP_ASSERT_EQ(bi->initrd_start, 0);
	TAP_ASSERT_EQ(bi->warnings, 0);
	/* too short: corruption, the walk stops before the command line */
	TAP_ASSERT_EQ(atags_initrd_run(3, 0x4000000, 0x1000, bi), 0);
	TAP_ASSERT_EQ(bi->initrd_size, 0);
	TAP_ASSERT_EQ(bi->nr_mem, 1);
	TAP_ASSERT(strcmp(bi->cmdline, "") == 0);
	TAP_ASSERT_EQ(bi->warnings, 1);
	/* not ending below 4 GiB: ignored with a warning, the walk goes on */
	TAP_ASSERT_EQ(atags_initrd_run(4, 0xfffff000, 0x1000, bi), 0);
	TAP_ASSERT_EQ(bi->initrd_size, 0);
	TAP_ASSERT(strcmp(bi->cmdline, "a=b") == 0);
	TAP_ASSERT_EQ(bi->warnings, 2);
	TAP_ASSERT_EQ(atags_initrd_run(4, 0xffffe000, 0x1000, bi), 0);
	TAP_ASSERT_EQ(bi->initrd_start, 0xffffe000);
	TAP_ASSERT_EQ(bi->warnings, 2);
}

TAP_TEST(atags_exact_length_and_variants)
{
	struct bootinfo *bi = bi_fresh();
	struct atags a;

	atag_core(&a);
	atag_none(&a);
	TAP_ASSERT_EQ(atags_run(&a, a.n * 4, bi), 0);
	TAP_ASSERT_EQ(bi->nr_mem, 0);
	TAP_ASSERT_EQ(bi->cmdline[0], '\0');

	a.n = 0;
	atag_add(&a, 2, ATAG_CORE, NULL, 0);
	atag_mem(&a, 0, 64 * MiB);
	atag_mem(&a, 0x8000000, 32 * MiB);
	atag_cmdline(&a, "abc");
	atag_none(&a);
	TAP_ASSERT_EQ(atags_run(&a, a.n * 4, bi), 0);
	TAP_ASSERT_EQ(bi->nr_mem, 2);
	TAP_ASSERT_EQ(bi->mem[1].base, 0x8000000);
	TAP_ASSERT_EQ(bi->mem[1].size, 32 * MiB);
	TAP_ASSERT(strcmp(bi->cmdline, "abc") == 0);
	TAP_ASSERT_EQ(bi->warnings, 0);
}

TAP_TEST(atags_too_many_regions)
{
	struct bootinfo *bi = bi_fresh();
	struct atags a;
	unsigned int i;

	atag_core(&a);
	for (i = 0; i < BOOTINFO_MAX_MEM + 2; i++)
		atag_mem(&a, i * MiB, MiB);
	atag_none(&a);
	TAP_ASSERT_EQ(atags_run(&a, a.n * 4, bi), 0);
	TAP_ASSERT_EQ(bi->nr_mem, BOOTINFO_MAX_MEM);
	TAP_ASSERT_EQ(bi->mem[7].base, 7 * MiB);
	TAP_ASSERT_EQ(bi->warnings, 2);
}

TAP_TEST(atags_missing_core)
{
	struct bootinfo *bi = bi_fresh();
	struct atags a = { .n = 0 };

	atag_mem(&a, 0, 64 * MiB);
	atag_none(&a);
	TAP_ASSERT_EQ(atags_run(&a, a.n * 4, bi), -EINVAL);
	TAP_ASSERT_EQ(bi->nr_mem, 0);
	TAP_ASSERT_EQ(bi->source, BOOT_SRC_PROBE);
	TAP_ASSERT_EQ(atags_parse(NULL, 0, bi), -EINVAL);
	atag_core(&a);
	TAP_ASSERT_EQ(atags_run(&a, 7, bi), -EINVAL);
	TAP_ASSERT_EQ(atags_run(&a, 16, bi), -EINVAL);	/* CORE itself runs past */
	a.w[0] = 1;
	TAP_ASSERT_EQ(atags_run(&a, 64, bi), -EINVAL);
	TAP_ASSERT_EQ(bi->warnings, 0);
}

/* A list corrupted after one good ATAG_MEM keeps that region. */
static void atags_corrupt_case(uint32_t words, uint32_t tag, size_t len)
{
	struct bootinfo *bi = bi_fresh();
	struct atags a;

	atag_core(&a);
	atag_mem(&a, 0, 128 * MiB);
	a.w[a.n] = words;
	a.w[a.n + 1] = tag;
	a.n += 2;
	atag_mem(&a, 0x8000000, 64 * MiB);
	atag_none(&a);
	if (atags_run(&a, len ? len : a.n * 4, bi) != 0 || bi->nr_mem != 1 ||
	    bi->mem[0].size != 128 * MiB || bi->warnings != 1)
		tap_fail(__FILE__, __LINE__, "size %u tag 0x%x len %zu: nr_mem %u warnings %u",
			 words, tag, len, bi->nr_mem, bi->warnings);
}

TAP_TEST(atags_corrupt_sizes)
{
	atags_corrupt_case(0, ATAG_MEM, 0);
	atags_corrupt_case(1, ATAG_CMDLINE, 0);
	atags_corrupt_case(0xffffffff, ATAG_MEM, 0);
	atags_corrupt_case(0x40000000, ATAG_MEM, 0);	/* 4 * size wraps on 32 bits */
	atags_corrupt_case(0x80000000, 0x12345678, 0);
	atags_corrupt_case(1000, ATAG_CMDLINE, 0);
	atags_corrupt_case(3, ATAG_MEM, 0);		/* too short for ATAG_MEM */
}

TAP_TEST(atags_runs_past_buffer)
{
	struct bootinfo *bi = bi_fresh();
	struct atags a;
	const char *out;

	atag_core(&a);
	atag_mem(&a, 0, 128 * MiB);
	atag_cmdline(&a, "console=ttyAMA0 mem=64M");
	atag_none(&a);
	/* cut inside the cmdline tag: the tag runs past the buffer */
	shim_quiet = false;
	shim_capture_start();
	TAP_ASSERT_EQ(atags_run(&a, (5 + 4 + 3) * 4, bi), 0);
	out = shim_capture_end();
	shim_quiet = true;
	TAP_ASSERT_EQ(bi->nr_mem, 1);
	TAP_ASSERT_EQ(bi->cmdline[0], '\0');
	TAP_ASSERT_EQ(bi->warnings, 1);
	TAP_ASSERT(strncmp(out, "warning: atags: ", 16) == 0);
	TAP_ASSERT(strchr(out, '\n') == out + strlen(out) - 1);
	/* cut before ATAG_NONE: not terminated */
	TAP_ASSERT_EQ(atags_run(&a, (a.n - 2) * 4, bi), 0);
	TAP_ASSERT_EQ(bi->nr_mem, 1);
	TAP_ASSERT(strcmp(bi->cmdline, "console=ttyAMA0 mem=64M") == 0);
	TAP_ASSERT_EQ(bi->warnings, 2);
	/* a length that is not a whole number of words */
	TAP_ASSERT_EQ(atags_run(&a, a.n * 4 - 1, bi), 0);
	TAP_ASSERT_EQ(bi->warnings, 3);
}

TAP_TEST(atags_cmdline_limits)
{
	struct bootinfo *bi = bi_fresh();
	char line[400];
	struct atags a;

	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	atag_core(&a);
	atag_cmdline(&a, line);
	atag_none(&a);
	TAP_ASSERT_EQ(atags_run(&a, a.n * 4, bi), 0);
	TAP_ASSERT_EQ(strlen(bi->cmdline), 0);	/* one option, too long */
	TAP_ASSERT_EQ(bi->warnings, 1);

	atag_core(&a);
	atag_add(&a, 3, ATAG_CMDLINE, "abcd", 4);	/* no NUL in its word */
	atag_none(&a);
	TAP_ASSERT_EQ(atags_run(&a, a.n * 4, bi), 0);
	TAP_ASSERT(strcmp(bi->cmdline, "abcd") == 0);
	TAP_ASSERT_EQ(bi->warnings, 2);
}

/* A 257-character line: "... test=buddy" loses test=buddy, not "ddy". */
static const char *long_line(void)
{
	static char line[CMDLINE_MAX + 8];
	size_t pad = 257 - strlen(" test=buddy");

	memset(line, 'a', pad);
	line[0] = 'k';
	line[1] = '=';
	strcpy(line + pad, " test=buddy");
	return line;
}

TAP_TEST(atags_long_line_drops_the_last_option)
{
	struct bootinfo *bi = bi_fresh();
	const char *line = long_line();
	const char *out;
	struct atags a;

	TAP_ASSERT_EQ(strlen(line), 257);
	atag_core(&a);
	atag_cmdline(&a, line);
	atag_none(&a);
	shim_capture_start();
	TAP_ASSERT_EQ(atags_run(&a, a.n * 4, bi), 0);
	out = shim_capture_end();
	TAP_ASSERT_EQ(strlen(bi->cmdline), 246);
	TAP_ASSERT(strncmp(bi->cmdline, line, 246) == 0);
	TAP_ASSERT(strstr(bi->cmdline, "test") == NULL);
	TAP_ASSERT_EQ(bi->warnings, 1);
	TAP_ASSERT(strstr(out, "atags: command line of 257 characters cut to 246") != NULL);
}

TAP_TEST(atags_reparse_replaces)
{
	struct bootinfo *bi = bi_fresh();
	struct atags a;

	atag_core(&a);
	atag_mem(&a, 0, 128 * MiB);
	atag_cmdline(&a, "a=1");
	atag_none(&a);
	TAP_ASSERT_EQ(atags_run(&a, a.n * 4, bi), 0);
	a.w[1] = 0;
	TAP_ASSERT_EQ(atags_run(&a, a.n * 4, bi), -EINVAL);
	TAP_ASSERT_EQ(bi->nr_mem, 0);
	TAP_ASSERT_EQ(bi->cmdline[0], '\0');
}

/* ---- flattened device trees ---- */

struct fdtb {
	uint8_t st[2048];
	size_t st_len;
	char strings[256];
	size_t str_len;
	uint8_t blob[4096];
	size_t len;
};

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void fdtb_word(struct fdtb *f, uint32_t v)
{
	put_be32(f->st + f->st_len, v);
	f->st_len += 4;
}

static void fdtb_bytes(struct fdtb *f, const void *p, size_t n)
{
	memset(f->st + f->st_len, 0, (n + 3) & ~3u);
	memcpy(f->st + f->st_len, p, n);
	f->st_len += (n + 3) & ~3u;
}

static void fdtb_begin(struct fdtb *f, const char *name)
{
	fdtb_word(f, 1);
	fdtb_bytes(f, name, strlen(name) + 1);
}

static void fdtb_end(struct fdtb *f)
{
	fdtb_word(f, 2);
}

static uint32_t fdtb_string(struct fdtb *f, const char *name)
{
	uint32_t off = (uint32_t)f->str_len;

	memcpy(f->strings + f->str_len, name, strlen(name) + 1);
	f->str_len += strlen(name) + 1;
	return off;
}

static void fdtb_prop(struct fdtb *f, const char *name, const void *val,
		      size_t n)
{
	fdtb_word(f, 3);
	fdtb_word(f, (uint32_t)n);
	fdtb_word(f, fdtb_string(f, name));
	fdtb_bytes(f, val, n);
}

static void fdtb_cells(struct fdtb *f, const char *name, const uint32_t *v,
		       unsigned int n)
{
	uint8_t be[64];
	unsigned int i;

	for (i = 0; i < n; i++)
		put_be32(be + 4 * i, v[i]);
	fdtb_prop(f, name, be, 4 * n);
}

static void fdtb_u32(struct fdtb *f, const char *name, uint32_t v)
{
	fdtb_cells(f, name, &v, 1);
}

/* Header (40 bytes), an empty reservation map, structure, strings. */
static void fdtb_finish(struct fdtb *f)
{
	size_t st_off = 40 + 16, str_off = st_off + f->st_len;

	fdtb_word(f, 9);
	str_off = st_off + f->st_len;
	f->len = str_off + f->str_len;
	memset(f->blob, 0, sizeof(f->blob));
	put_be32(f->blob, FDT_MAGIC);
	put_be32(f->blob + 4, (uint32_t)f->len);
	put_be32(f->blob + 8, (uint32_t)st_off);
	put_be32(f->blob + 12, (uint32_t)str_off);
	put_be32(f->blob + 16, 40);
	put_be32(f->blob + 20, 17);
	put_be32(f->blob + 24, 16);
	put_be32(f->blob + 32, (uint32_t)f->str_len);
	put_be32(f->blob + 36, (uint32_t)f->st_len);
	memcpy(f->blob + st_off, f->st, f->st_len);
	memcpy(f->blob + str_off, f->strings, f->str_len);
}

/* A versatilepb-like tree: cells as given (0 = property absent). */
static void fdtb_board(struct fdtb *f, uint32_t ac, uint32_t sc,
		       const uint32_t *reg, unsigned int nreg, const char *args)
{
	memset(f, 0, sizeof(*f));
	fdtb_begin(f, "");
	if (ac)
		fdtb_u32(f, "#address-cells", ac);
	if (sc)
		fdtb_u32(f, "#size-cells", sc);
	fdtb_prop(f, "compatible", "arm,versatile-pb", 17);
	fdtb_begin(f, "chosen");
	if (args)
		fdtb_prop(f, "bootargs", args, strlen(args) + 1);
	fdtb_end(f);
	fdtb_begin(f, "memory@0");
	fdtb_prop(f, "device_type", "memory", 7);
	fdtb_cells(f, "reg", reg, nreg);
	fdtb_end(f);
	fdtb_begin(f, "amba");
	fdtb_begin(f, "memory");	/* not /memory: must be ignored */
	fdtb_cells(f, "reg", (uint32_t[]){ 0x40000000, 0x1000 }, 2);
	fdtb_end(f);
	fdtb_end(f);
	fdtb_end(f);
	fdtb_finish(f);
}

static int dtb_run(const struct fdtb *f, size_t len, struct bootinfo *bi)
{
	return parse_copy(dtb_parse, f->blob, len, bi);
}

/* A tree whose /chosen has the initrd properties given (NULL: absent). */
static void fdtb_initrd(struct fdtb *f, const uint32_t *start, unsigned int ns,
			const uint32_t *end, unsigned int ne)
{
	memset(f, 0, sizeof(*f));
	fdtb_begin(f, "");
	fdtb_u32(f, "#address-cells", 1);
	fdtb_u32(f, "#size-cells", 1);
	fdtb_begin(f, "chosen");
	if (start)
		fdtb_cells(f, "linux,initrd-start", start, ns);
	fdtb_prop(f, "bootargs", "x", 2);
	if (end)
		fdtb_cells(f, "linux,initrd-end", end, ne);
	fdtb_end(f);
	fdtb_begin(f, "memory@0");
	fdtb_cells(f, "reg", (uint32_t[]){ 0, 128 * MiB }, 2);
	fdtb_end(f);
	fdtb_begin(f, "other");		/* not /chosen: must be ignored */
	fdtb_cells(f, "linux,initrd-start", (uint32_t[]){ 0x100 }, 1);
	fdtb_end(f);
	fdtb_end(f);
	fdtb_finish(f);
}

TAP_TEST(dtb_initrd)
{
	struct bootinfo *bi = bi_fresh();
	static struct fdtb f;

	fdtb_initrd(&f, (uint32_t[]){ 0x4000000 }, 1, (uint32_t[]){ 0x4001234 }, 1);
	TAP_ASSERT_EQ(dtb_run(&f, f.len, bi), 0);
	TAP_ASSERT_EQ(bi->initrd_start, 0x4000000);
	TAP_ASSERT_EQ(bi->initrd_size, 0x1234);
	TAP_ASSERT(strcmp(bi->cmdline, "x") == 0);
	TAP_ASSERT_EQ(bi->warnings, 0);
	/* u64 cells, as some loaders write them */
	fdtb_initrd(&f, (uint32_t[]){ 0, 0x800000 }, 2, (uint32_t[]){ 0, 0x900000 }, 2);
	TAP_ASSERT_EQ(dtb_run(&f, f.len, bi), 0);
	TAP_ASSERT_EQ(bi->initrd_start, 0x800000);
	TAP_ASSERT_EQ(bi->initrd_size, 0x100000);
	/* start == end: an empty initrd is none */
	fdtb_initrd(&f, (uint32_t[]){ 0x800000 }, 1, (uint32_t[]){ 0x800000 }, 1);
	TAP_ASSERT_EQ(dtb_run(&f, f.len, bi), 0);
	TAP_ASSERT_EQ(bi->initrd_start, 0);
	TAP_ASSERT_EQ(bi->initrd_size, 0);
	TAP_ASSERT_EQ(bi->warnings, 0);
	fdtb_initrd(&f, NULL, 0, NULL, 0);
	TAP_ASSERT_EQ(dtb_run(&f, f.len, bi), 0);
	TAP_ASSERT_EQ(bi->initrd_size, 0);
	TAP_ASSERT_EQ(bi->warnings, 0);
}

TAP_TEST(dtb_initrd_malformed)
{
	struct bootinfo *bi = bi_fresh();
	static struct fdtb f;

	fdtb_initrd(&f, (uint32_t[]){ 0x900000 }, 1, (uint32_t[]){ 0x800000 }, 1);
	TAP_ASSERT_EQ(dtb_run(&f, f.len, bi), 0);
	TAP_ASSERT_EQ(bi->initrd_size, 0);
	TAP_ASSERT_EQ(bi->warnings, 1);
	fdtb_initrd(&f, (uint32_t[]){ 0x800000 }, 1, NULL, 0);
	TAP_ASSERT_EQ(dtb_run(&f, f.len, bi), 0);
	TAP_ASSERT_EQ(bi->initrd_size, 0);
	TAP_ASSERT_EQ(bi->warnings, 2);
	fdtb_initrd(&f, NULL, 0, (uint32_t[]){ 0x800000 }, 1);
	TAP_ASSERT_EQ(dtb_run(&f, f.len, bi), 0);
	TAP_ASSERT_EQ(bi->warnings, 3);
	fdtb_initrd(&f, (uint32_t[]){ 0, 0, 0x800000 }, 3, (uint32_t[]){ 0x900000 }, 1);
	TAP_ASSERT_EQ(dtb_run(&f, f.len, bi), 0);
	TAP_ASSERT_EQ(bi->initrd_size, 0);
	TAP_ASSERT_EQ(bi->warnings, 5);		/* 12 bytes, then end alone */
	fdtb_initrd(&f, (uint32_t[]){ 1, 0 }, 2, (uint32_t[]){ 1, 0x1000 }, 2);
	TAP_ASSERT_EQ(dtb_run(&f, f.len, bi), 0);
	TAP_ASSERT_EQ(bi->initrd_size, 0);
	TAP_ASSERT_EQ(bi->warnings, 6);		/* above 4 GiB */
	TAP_ASSERT(strcmp(bi->cmdline, "x") == 0);
}

TAP_TEST(dtb_one_cell)
{
	struct bootinfo *bi = bi_fresh();
	static struct fdtb f;

	fdtb_board(&f, 1, 1, (uint32_t[]){ 0, 128 * MiB }, 2, "console=ttyAMA0 root=/dev/ram");
	TAP_ASSERT_EQ(dtb_run(&f, f.len, bi), 0);
	TAP_ASSERT_EQ(bi->source, BOOT_SRC_DTB);
	TAP_ASSERT_EQ(bi->nr_mem, 1);
	TAP_ASSERT_EQ(bi->mem[0].base, 0);
	TAP_ASSERT_EQ(bi->mem[0].size, 128 * MiB);
	TAP_ASSERT(strcmp(bi->cmdline, "console=ttyAMA0 root=/dev/ram") == 0);
	TAP_ASSERT_EQ(bi->warnings, 0);
	/* a larger buffer than totalsize is fine */
	TAP_ASSERT_EQ(dtb_run(&f, sizeof(f.blob), bi), 0);
	TAP_ASSERT_EQ(bi->nr_mem, 1);
}

TAP_TEST(dtb_two_cells)
{
	struct bootinfo *bi = bi_fresh();
	static struct fdtb f;
	static const uint32_t reg[] = {
		0, 0, 0, 0x10000000,
		0, 0x20000000, 0, 0x1000000,
	};

	fdtb_board(&f, 2, 2, reg, ARRAY_SIZE(reg), NULL);
	TAP_ASSERT_EQ(dtb_run(&f, f.len, bi), 0);
	TAP_ASSERT_EQ(bi->nr_mem, 2);
	TAP_ASSERT_EQ(bi->mem[0].size, 0x10000000);
	TAP_ASSERT_EQ(bi->mem[1].base, 0x20000000);
	TAP_ASSERT_EQ(bi->mem[1].size, 0x1000000);
	TAP_ASSERT_EQ(bi->cmdline[0], '\0');
	TAP_ASSERT_EQ(bi->warnings, 0);
}

TAP_TEST(dtb_default_cells_are_2_and_1)
{
	struct bootinfo *bi = bi_fresh();
	static struct fdtb f;

	fdtb_board(&f, 0, 0, (uint32_t[]){ 0, 0x100000, 64 * MiB }, 3, "x");
	TAP_ASSERT_EQ(dtb_run(&f, f.len, bi), 0);
	TAP_ASSERT_EQ(bi->nr_mem, 1);
	TAP_ASSERT_EQ(bi->mem[0].base, 0x100000);
	TAP_ASSERT_EQ(bi->mem[0].size, 64 * MiB);
}

TAP_TEST(dtb_regions_beyond_32_bits)
{
	struct bootinfo *bi = bi_fresh();
	static struct fdtb f;
	static const uint32_t reg[] = {
		1, 0, 0, 0x1000,		/* at 4 GiB: ignored */
		0, 0xf0000000, 1, 0,		/* 4 GiB long: clipped */
		0, 0x1000, 0, 0x2000,
	};

	fdtb_board(&f, 2, 2, reg, ARRAY_SIZE(reg), NULL);
	TAP_ASSERT_EQ(dtb_run(&f, f.len, bi), 0);
	TAP_ASSERT_EQ(bi->nr_mem, 2);
	TAP_ASSERT_EQ(bi->mem[0].base, 0xf0000000);
	TAP_ASSERT_EQ(bi->mem[0].size, 0x0ffff000);
	TAP_ASSERT_EQ(bi->mem[1].base, 0x1000);
	TAP_ASSERT_EQ(bi->warnings, 2);
}

TAP_TEST(dtb_unsupported_cells_and_partial_reg)
{
	struct bootinfo *bi = bi_fresh();
	static struct fdtb f;

	fdtb_board(&f, 3, 1, (uint32_t[]){ 0, 0, 0, 64 * MiB }, 4, "a");
	TAP_ASSERT_EQ(dtb_run(&f, f.len, bi), 0);
	TAP_ASSERT_EQ(bi->nr_mem, 0);
	TAP_ASSERT(strcmp(bi->cmdline, "a") == 0);
	TAP_ASSERT_EQ(bi->warnings, 1);

	fdtb_board(&f, 1, 1, (uint32_t[]){ 0, 64 * MiB, 0x8000000 }, 3, NULL);
	TAP_ASSERT_EQ(dtb_run(&f, f.len, bi), 0);
	TAP_ASSERT_EQ(bi->nr_mem, 1);
	TAP_ASSERT_EQ(bi->warnings, 2);
}

TAP_TEST(dtb_bad_headers)
{
	struct bootinfo *bi = bi_fresh();
	static struct fdtb f;
	static struct fdtb g;

	fdtb_board(&f, 1, 1, (uint32_t[]){ 0, 128 * MiB }, 2, "a=b");
	TAP_ASSERT_EQ(dtb_parse(NULL, 0, bi), -EINVAL);
	TAP_ASSERT_EQ(dtb_run(&f, 39, bi), -EINVAL);
	TAP_ASSERT_EQ(dtb_run(&f, f.len - 1, bi), -EINVAL);	/* truncated */
	TAP_ASSERT_EQ(bi->nr_mem, 0);
	TAP_ASSERT_EQ(bi->source, BOOT_SRC_PROBE);
	g = f;
	g.blob[0] = 0xde;
	TAP_ASSERT_EQ(dtb_run(&g, g.len, bi), -EINVAL);
	g = f;
	put_be32(g.blob + 20, 16);			/* version 16 */
	TAP_ASSERT_EQ(dtb_run(&g, g.len, bi), -EINVAL);
	g = f;
	put_be32(g.blob + 4, 20);			/* totalsize < header */
	TAP_ASSERT_EQ(dtb_run(&g, g.len, bi), -EINVAL);
	g = f;
	put_be32(g.blob + 36, 0xfffffff0);		/* struct block too big */
	TAP_ASSERT_EQ(dtb_run(&g, g.len, bi), -EINVAL);
	g = f;
	put_be32(g.blob + 12, 0xfffffff0);		/* strings outside */
	TAP_ASSERT_EQ(dtb_run(&g, g.len, bi), -EINVAL);
	TAP_ASSERT_EQ(bi->warnings, 0);
}

TAP_TEST(dtb_malformed_structure_keeps_prefix)
{
	struct bootinfo *bi = bi_fresh();
	static struct fdtb f;
	size_t end_token;

	fdtb_board(&f, 1, 1, (uint32_t[]){ 0, 128 * MiB }, 2, "a=b");
	/* the FDT_END token is the last word of the structure block */
	end_token = 56 + f.st_len - 4;
	put_be32(f.blob + end_token, 7);
	TAP_ASSERT_EQ(dtb_run(&f, f.len, bi), 0);
	TAP_ASSERT_EQ(bi->nr_mem, 1);
	TAP_ASSERT(strcmp(bi->cmdline, "a=b") == 0);
	TAP_ASSERT_EQ(bi->warnings, 1);
	/* structure block ending without FDT_END */
	put_be32(f.blob + end_token, 4);		/* FDT_NOP */
	TAP_ASSERT_EQ(dtb_run(&f, f.len, bi), 0);
	TAP_ASSERT_EQ(bi->nr_mem, 1);
	TAP_ASSERT_EQ(bi->warnings, 2);
	/* a property name offset outside the strings block */
	fdtb_board(&f, 1, 1, (uint32_t[]){ 0, 128 * MiB }, 2, "a=b");
	put_be32(f.blob + 56 + 8 + 8, 0x7fffffff);	/* #address-cells' nameoff */
	TAP_ASSERT_EQ(dtb_run(&f, f.len, bi), 0);
	TAP_ASSERT_EQ(bi->nr_mem, 0);
	TAP_ASSERT_EQ(bi->warnings, 3);
}

TAP_TEST(dtb_long_bootargs_drop_the_last_option)
{
	struct bootinfo *bi = bi_fresh();
	static struct fdtb f;
	const char *out;

	fdtb_board(&f, 1, 1, (uint32_t[]){ 0, 64 * MiB }, 2, long_line());
	shim_capture_start();
	TAP_ASSERT_EQ(dtb_run(&f, f.len, bi), 0);
	out = shim_capture_end();
	TAP_ASSERT_EQ(strlen(bi->cmdline), 246);
	TAP_ASSERT(strstr(bi->cmdline, "test") == NULL);
	TAP_ASSERT_EQ(bi->warnings, 1);
	TAP_ASSERT(strstr(out, "dtb: command line of 257 characters cut to 246") != NULL);
}

TAP_TEST(dtb_unterminated_bootargs)
{
	struct bootinfo *bi = bi_fresh();
	static struct fdtb f;

	memset(&f, 0, sizeof(f));
	fdtb_begin(&f, "");
	fdtb_begin(&f, "chosen");
	fdtb_prop(&f, "bootargs", "abc", 3);
	fdtb_end(&f);
	fdtb_end(&f);
	fdtb_finish(&f);
	TAP_ASSERT_EQ(dtb_run(&f, f.len, bi), 0);
	TAP_ASSERT(strcmp(bi->cmdline, "abc") == 0);
	TAP_ASSERT_EQ(bi->warnings, 1);
}

/* ---- random garbage: nothing may be read outside the buffer ---- */

static uint64_t rng_state = 0x2545f4914f6cdd1dull;

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

static uint32_t rng_word(void)
{
	static const uint32_t edges[] = {
		0, 1, 2, 3, 4, 5, 9, 0x7fffffff, 0x80000000, 0xffffffff,
		0x3fffffff, 0x40000000, ATAG_CORE, ATAG_MEM, ATAG_CMDLINE,
		ATAG_INITRD2,
	};

	return rng() % 2 ? edges[rng() % ARRAY_SIZE(edges)] : rng();
}

static bool bootinfo_sane(const struct bootinfo *bi)
{
	unsigned int i;

	if (bi->nr_mem > BOOTINFO_MAX_MEM ||
	    strnlen(bi->cmdline, CMDLINE_MAX) >= CMDLINE_MAX ||
	    (uint64_t)bi->initrd_start + bi->initrd_size > 0xffffffffull ||
	    (bi->initrd_size == 0 && bi->initrd_start != 0))
		return false;
	for (i = 0; i < bi->nr_mem; i++)
		if ((uint64_t)bi->mem[i].base + bi->mem[i].size > 0x100000000ull)
			return false;
	return true;
}

TAP_TEST(atags_random_garbage)
{
	struct bootinfo *bi = bi_fresh();
	struct atags a;
	struct mem_region out;
	unsigned int i, j, len;

	for (i = 0; i < 50000; i++) {
		atag_core(&a);
		atag_mem(&a, 0, 64 * MiB);
		atag_cmdline(&a, "console=ttyAMA0 mem=32M");
		atag_mem(&a, 64 * MiB, 64 * MiB);
		atag_none(&a);
		if (i % 8 == 0)
			for (j = 0; j < a.n; j++)
				a.w[j] = rng();
		for (j = rng() % 4; j > 0; j--)
			a.w[rng() % a.n] = rng_word();
		len = rng() % (a.n * 4 + 1);
		atags_run(&a, len, bi);
		TAP_ASSERT(bootinfo_sane(bi));
		bootinfo_pick_ram(bi, KSTART, KEND, RAM_END, &out);
	}
}

TAP_TEST(dtb_random_garbage)
{
	struct bootinfo *bi = bi_fresh();
	static struct fdtb f;
	static const uint32_t reg[] = { 0, 0, 0, 0x10000000, 0, 0x20000000, 0, 0x1000 };
	unsigned int i, j;
	size_t len;

	for (i = 0; i < 50000; i++) {
		if (i % 2)
			fdtb_board(&f, 1, 1, reg + 2, 2, "console=ttyAMA0");
		else
			fdtb_board(&f, 2, 2, reg, 8, NULL);
		for (j = rng() % 6; j > 0; j--) {
			if (rng() % 2)
				f.blob[rng() % f.len] = (uint8_t)rng();
			else
				put_be32(f.blob + 40 + (rng() % (f.len - 43)), rng_word());
		}
		len = rng() % 4 ? f.len : rng() % (f.len + 1);
		if (rng() % 2)
			put_be32(f.blob + 4, (uint32_t)len);
		dtb_run(&f, len, bi);
		TAP_ASSERT(bootinfo_sane(bi));
	}
}

/* ---- the RAM policy ---- */

static struct bootinfo *bi_mem(unsigned int n, const struct mem_region *m)
{
	struct bootinfo *bi = bi_fresh();

	memcpy(bi->mem, m, n * sizeof(*m));
	bi->nr_mem = n;
	return bi;
}

#define PICK(r_want, base_want, size_want, warn_want, ...)		\
	do {								\
		static const struct mem_region m_[] = { __VA_ARGS__ };	\
		struct bootinfo *bi_ = bi_mem(ARRAY_SIZE(m_), m_);	\
		struct mem_region out_ = { 0xdead, 0xbeef };		\
		int r_ = bootinfo_pick_ram(bi_, KSTART, KEND, RAM_END, &out_); \
		TAP_ASSERT_EQ(r_, r_want);				\
		TAP_ASSERT_EQ(bi_->warnings, warn_want);		\
		TAP_ASSERT(memcmp(bi_->mem, m_, sizeof(m_)) == 0);	\
		if (r_ == 0) {						\
			TAP_ASSERT_EQ(out_.base, base_want);		\
			TAP_ASSERT_EQ(out_.size, size_want);		\
		}							\
	} while (0)

TAP_TEST(pick_ram_plain)
{
	PICK(0, 0, 128 * MiB, 0, { 0, 128 * MiB });
	PICK(0, 0, 256 * MiB, 0, { 0, 256 * MiB });
	PICK(0, 0, 16 * MiB, 0, { 0, 16 * MiB }, { 32 * MiB, 16 * MiB });
	PICK(0, 0x8000, KEND - KSTART, 0, { 0x8000, KEND - KSTART });
}

TAP_TEST(pick_ram_clips_to_window)
{
	PICK(0, 0, 256 * MiB, 1, { 0, 512 * MiB });
	PICK(0, 0, 256 * MiB, 1, { 0, 0xffffffff });
	PICK(0, 0, 64 * MiB, 1, { 0, 64 * MiB }, { RAM_END, 64 * MiB });
	PICK(0, 0, 64 * MiB, 1, { 0xf0000000, 0x20000000 }, { 0, 64 * MiB });
}

TAP_TEST(pick_ram_ignores_size_zero)
{
	PICK(0, 0, 64 * MiB, 1, { 0, 0 }, { 0, 64 * MiB });
	PICK(-ENOENT, 0, 0, 2, { 0, 0 });
}

TAP_TEST(pick_ram_overlaps)
{
	/* duplicate: ignored */
	PICK(0, 0, 128 * MiB, 1, { 0, 128 * MiB }, { 0, 128 * MiB });
	/* inside another: ignored, whichever comes first */
	PICK(0, 0, 128 * MiB, 1, { 0, 128 * MiB }, { 16 * MiB, 16 * MiB });
	PICK(0, 0, 128 * MiB, 1, { 16 * MiB, 16 * MiB }, { 0, 128 * MiB });
	PICK(0, 0, 128 * MiB, 1, { 0, 64 * MiB }, { 0, 128 * MiB });
	/* partial overlap: merged */
	PICK(0, 0, 96 * MiB, 1, { 0, 64 * MiB }, { 32 * MiB, 64 * MiB });
	PICK(0, 0, 96 * MiB, 1, { 32 * MiB, 64 * MiB }, { 0, 64 * MiB });
	/* touching: joined silently, in any order */
	PICK(0, 0, 128 * MiB, 0, { 64 * MiB, 64 * MiB }, { 0, 64 * MiB });
	PICK(0, 0, 192 * MiB, 0, { 128 * MiB, 64 * MiB }, { 0, 64 * MiB },
	     { 64 * MiB, 64 * MiB });
	/* a merge can make a region hold the whole kernel */
	PICK(0, 0, 64 * MiB, 1, { 0x10000, 64 * MiB - 0x10000 }, { 0, 0x20000 });
}

TAP_TEST(pick_ram_kernel_partially_covered)
{
	PICK(-ENOENT, 0, 0, 2, { 0x10000, 64 * MiB });
	PICK(-ENOENT, 0, 0, 2, { 0, 0x10000 }, { 64 * MiB, 64 * MiB });
	PICK(-ENOENT, 0, 0, 3, { 0, 0x10000 }, { 0x20000, 64 * MiB });
}

TAP_TEST(pick_ram_no_region_holds_kernel)
{
	struct mem_region out;
	struct bootinfo *bi;

	PICK(-ENOENT, 0, 0, 1, { 16 * MiB, 64 * MiB });
	PICK(-ENOENT, 0, 0, 2, { RAM_END, 64 * MiB });
	bi = bi_fresh();
	TAP_ASSERT_EQ(bootinfo_pick_ram(bi, KSTART, KEND, RAM_END, &out), -ENOENT);
	TAP_ASSERT_EQ(bi->warnings, 0);
}

TAP_TEST(pick_ram_eight_regions)
{
	PICK(0, 0, 9 * MiB, 3,
	     { 14 * MiB, MiB }, { 12 * MiB, MiB }, { 10 * MiB, MiB },
	     { 8 * MiB, MiB }, { 6 * MiB, MiB }, { 4 * MiB, MiB },
	     { 2 * MiB, MiB }, { 0, 8 * MiB });
}

int main(void)
{
	return tap_main();
}
