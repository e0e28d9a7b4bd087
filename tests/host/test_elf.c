/*
 * lib/elf.c: a hand-assembled executable accepted with its exact fields,
 * each malformation rejected with its exact error, a real ARM executable
 * from the cross toolchain (build/host/sample.elf, checked against
 * arm-none-eabi-readelf's view of it in sample_elf.h), and a seeded fuzzer
 * whose accepted images must keep the contract's promises. Images handed to
 * elf_check() are heap copies of their exact length, so AddressSanitizer
 * reports any read past it.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <lib/elf.h>
#include <uapi/errno.h>

#include "fuzz.h"
#include "sample_elf.h"
#include "tap.h"

#define LO		0x8000u
#define HI		0x100000u
#define IMG_LEN		0x2100u
#define PH(i, f)	(52 + 32 * (i) + (f))	/* offset of a phdr field */
#define P_TYPE		0
#define P_OFFSET	4
#define P_VADDR		8
#define P_FILESZ	16
#define P_MEMSZ		20
#define P_FLAGS		24

static unsigned char img[IMG_LEN];

static void put16(size_t off, uint32_t v)
{
	img[off] = (unsigned char)v;
	img[off + 1] = (unsigned char)(v >> 8);
}

static void put32(size_t off, uint32_t v)
{
	put16(off, v & 0xffff);
	put16(off + 2, v >> 16);
}

static void phdr(unsigned int i, uint32_t type, uint32_t off, uint32_t vaddr,
		 uint32_t filesz, uint32_t memsz, uint32_t flags)
{
	put32(PH(i, P_TYPE), type);
	put32(PH(i, P_OFFSET), off);
	put32(PH(i, P_VADDR), vaddr);
	put32(PH(i, 12), vaddr);
	put32(PH(i, P_FILESZ), filesz);
	put32(PH(i, P_MEMSZ), memsz);
	put32(PH(i, P_FLAGS), flags);
	put32(PH(i, 28), ELF_PAGE_SIZE);
}

/*
 * Text R+X: file 0-0x1100 at 0x10000; a PT_NOTE; data R+W: file
 * 0x2000-0x2100 at 0x12000, 0x3000 bytes in memory. Entry 0x10080.
 */
static void img_build(void)
{
	static const unsigned char ident[16] = { 0x7f, 'E', 'L', 'F', 1, 1, 1 };
	unsigned int i;

	for (i = 0; i < IMG_LEN; i++)
		img[i] = (unsigned char)(i * 7 + 3);
	memcpy(img, ident, sizeof(ident));
	put16(16, 2);		/* ET_EXEC */
	put16(18, 40);		/* EM_ARM */
	put32(20, 1);
	put32(24, 0x10080);
	put32(28, 52);		/* e_phoff */
	put32(32, 0);
	put32(36, 0x05000000);
	put16(40, 52);
	put16(42, 32);
	put16(44, 3);
	put16(46, 40);
	put16(48, 0);
	put16(50, 0);
	phdr(0, 1, 0, 0x10000, 0x1100, 0x1100, ELF_PF_R | ELF_PF_X);
	phdr(1, 4, 0x1000, 0x11000, 0x20, 0x20, ELF_PF_R);
	phdr(2, 1, 0x2000, 0x12000, 0x100, 0x3000, ELF_PF_R | ELF_PF_W);
}

/* elf_check on an exact-length heap copy of buf. */
static int check_copy(const void *buf, size_t len, uint32_t lo, uint32_t hi,
		      struct elf_info *info)
{
	void *copy = malloc(len ? len : 1);
	int r;

	memcpy(copy, buf, len);
	r = elf_check(copy, len, lo, hi, info);
	free(copy);
	return r;
}

TAP_TEST(elf_valid_exact_fields)
{
	struct elf_info info;
	struct elf_segment s;

	img_build();
	TAP_ASSERT_EQ(elf_check(img, IMG_LEN, LO, HI, &info), 0);
	TAP_ASSERT_EQ(info.entry, 0x10080);
	TAP_ASSERT_EQ(info.nr_segments, 2);
	TAP_ASSERT_EQ(elf_segment(img, &info, 0, &s), 0);
	TAP_ASSERT_EQ(s.vaddr, 0x10000);
	TAP_ASSERT_EQ(s.memsz, 0x1100);
	TAP_ASSERT(s.data == img);
	TAP_ASSERT_EQ(s.filesz, 0x1100);
	TAP_ASSERT_EQ(s.flags, ELF_PF_R | ELF_PF_X);
	TAP_ASSERT_EQ(elf_segment(img, &info, 1, &s), 0);
	TAP_ASSERT_EQ(s.vaddr, 0x12000);
	TAP_ASSERT_EQ(s.memsz, 0x3000);
	TAP_ASSERT(s.data == img + 0x2000);
	TAP_ASSERT_EQ(s.filesz, 0x100);
	TAP_ASSERT_EQ(s.flags, ELF_PF_R | ELF_PF_W);
	TAP_ASSERT_EQ(elf_segment(img, &info, 2, &s), -EINVAL);
	TAP_ASSERT_EQ(check_copy(img, IMG_LEN, LO, HI, &info), 0);
}

/* One malformation: up to two field patches and the error it must get. */
struct elf_bad {
	const char *what;
	unsigned int width;	/* 1, 2 or 4 bytes */
	size_t off[2];
	uint32_t val[2];
	int err;
};

static const struct elf_bad elf_bads[] = {
	{ "magic", 1, { 1 }, { 'e' }, -ENOEXEC },
	{ "class 64", 1, { 4 }, { 2 }, -ENOEXEC },
	{ "big-endian", 1, { 5 }, { 2 }, -ENOEXEC },
	{ "ident version", 1, { 6 }, { 0 }, -ENOEXEC },
	{ "ET_DYN", 2, { 16 }, { 3 }, -ENOEXEC },
	{ "EM_386", 2, { 18 }, { 3 }, -ENOEXEC },
	{ "e_version", 4, { 20 }, { 2 }, -ENOEXEC },
	{ "phentsize", 2, { 42 }, { 56 }, -ENOEXEC },
	{ "no phdrs", 2, { 44 }, { 0 }, -ENOEXEC },
	{ "no PT_LOAD", 4, { PH(0, P_TYPE), PH(2, P_TYPE) }, { 6, 6 }, -ENOEXEC },
	{ "phoff at len", 4, { 28 }, { IMG_LEN }, -EINVAL },
	{ "phoff huge", 4, { 28 }, { 0xffffffe0 }, -EINVAL },
	{ "phoff table past len", 4, { 28 }, { IMG_LEN - 95 }, -EINVAL },
	{ "phnum huge", 2, { 44 }, { 0xffff }, -EINVAL },
	{ "offset huge", 4, { PH(0, P_OFFSET) }, { 0xfffff000 }, -EINVAL },
	{ "filesz past len", 4, { PH(2, P_FILESZ) }, { 0x101 }, -EINVAL },
	{ "filesz > memsz", 4, { PH(2, P_MEMSZ) }, { 0xff }, -EINVAL },
	{ "memsz 0", 4, { PH(2, P_FILESZ), PH(2, P_MEMSZ) }, { 0, 0 }, -EINVAL },
	{ "misaligned", 4, { PH(2, P_VADDR) }, { 0x12004 }, -EINVAL },
	{ "shares a page", 4, { PH(2, P_VADDR) }, { 0x11000 }, -EINVAL },
	{ "out of order", 4, { PH(2, P_VADDR) }, { 0x9000 }, -EINVAL },
	{ "entry in data", 4, { 24 }, { 0x12000 }, -EINVAL },
	{ "entry past text", 4, { 24 }, { 0x11100 }, -EINVAL },
	{ "entry below text", 4, { 24 }, { 0xffff }, -EINVAL },
	{ "text not X", 4, { PH(0, P_FLAGS) }, { ELF_PF_R }, -EINVAL },
	{ "wraps", 4, { PH(2, P_VADDR), PH(2, P_MEMSZ) }, { 0xffffe000, 0x3000 },
	  -ERANGE },
	{ "below window", 4, { PH(0, P_VADDR), 24 }, { 0x7000, 0x7000 }, -ERANGE },
	{ "above window", 4, { PH(2, P_MEMSZ) }, { HI - 0x12000 + 1 }, -ERANGE },
};

static void patch(unsigned int width, size_t off, uint32_t val)
{
	if (width == 1)
		img[off] = (unsigned char)val;
	else if (width == 2)
		put16(off, val);
	else
		put32(off, val);
}

TAP_TEST(elf_malformed_exact_errors)
{
	const struct elf_bad *b;
	struct elf_info info;
	int r;

	for (b = elf_bads; b < elf_bads + ARRAY_SIZE(elf_bads); b++) {
		img_build();
		patch(b->width, b->off[0], b->val[0]);
		if (b->off[1])
			patch(b->width, b->off[1], b->val[1]);
		r = check_copy(img, IMG_LEN, LO, HI, &info);
		if (r != b->err)
			printf("# %s: %d\n", b->what, r);
		TAP_ASSERT_EQ(r, b->err);
	}
}

TAP_TEST(elf_truncated_and_window_edges)
{
	struct elf_info info;
	size_t len;

	img_build();
	for (len = 0; len < 52; len++)
		TAP_ASSERT_EQ(check_copy(img, len, LO, HI, &info), -ENOEXEC);
	for (len = 52; len < 52 + 96; len++)
		TAP_ASSERT_EQ(check_copy(img, len, LO, HI, &info), -EINVAL);
	TAP_ASSERT_EQ(check_copy(img, IMG_LEN - 1, LO, HI, &info), -EINVAL);
	TAP_ASSERT_EQ(check_copy(img, IMG_LEN, 0x10000, 0x15000, &info), 0);
	TAP_ASSERT_EQ(check_copy(img, IMG_LEN, 0x10001, 0x15000, &info), -ERANGE);
	TAP_ASSERT_EQ(check_copy(img, IMG_LEN, 0x10000, 0x14fff, &info), -ERANGE);
	put32(PH(2, P_VADDR), 0x11000 + 0x1000);
	TAP_ASSERT_EQ(check_copy(img, IMG_LEN, LO, HI, &info), 0);
}

TAP_TEST(elf_real_sample)
{
	static unsigned char buf[1 << 20];
	struct elf_info info;
	struct elf_segment s;
	FILE *f = fopen(SAMPLE_ELF, "rb");
	size_t len;
	unsigned int i;

	TAP_ASSERT(f != NULL);
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	TAP_ASSERT(len > 52 && len < sizeof(buf));
	TAP_ASSERT_EQ(check_copy(buf, len, 0x1000, 0xc0000000u, &info), 0);
	TAP_ASSERT_EQ(info.entry, SAMPLE_ENTRY);
	TAP_ASSERT_EQ(info.nr_segments, SAMPLE_LOADS);
	for (i = 0; i < info.nr_segments; i++)
		TAP_ASSERT_EQ(elf_segment(buf, &info, i, &s), 0);
	TAP_ASSERT_EQ(elf_segment(buf, &info, 0, &s), 0);
	TAP_ASSERT(s.flags & ELF_PF_X);
	TAP_ASSERT_EQ(s.vaddr, 0x10000);
}

/* What every accepted image must satisfy, whatever its bytes. */
static bool elf_accepted_sane(const unsigned char *p, size_t len, uint32_t lo,
			      uint32_t hi, const struct elf_info *info)
{
	struct elf_segment s;
	uint64_t prev_end = 0;
	bool entry_ok = false;
	unsigned int i;

	if (info->nr_segments == 0 || elf_segment(p, info, info->nr_segments, &s) != -EINVAL)
		return false;
	for (i = 0; i < info->nr_segments; i++) {
		if (elf_segment(p, info, i, &s) != 0)
			return false;
		if ((const unsigned char *)s.data < p || s.filesz > s.memsz ||
		    s.filesz > len - (size_t)((const unsigned char *)s.data - p) ||
		    s.vaddr < lo || (uint64_t)s.vaddr + s.memsz > hi ||
		    s.vaddr < prev_end)
			return false;
		prev_end = (uint64_t)s.vaddr + s.memsz;
		if ((s.flags & ELF_PF_X) && info->entry - s.vaddr < s.memsz)
			entry_ok = true;
	}
	return entry_ok;
}

static size_t fuzz_mutate(unsigned char *buf)
{
	static const uint32_t edges[] = { 0, 1, 0x1000, 0xfff, 0x7fffffff,
		0xffffffff, 0xfffff000, 0x10000, 0x12000, IMG_LEN };
	unsigned int n;
	size_t off;

	memcpy(buf, img, IMG_LEN);
	for (n = 1 + fuzz_rand() % 6; n > 0; n--) {
		off = fuzz_rand() % 4 ? fuzz_rand() % (52 + 96 - 3) : fuzz_rand() % (IMG_LEN - 3);
		if (fuzz_rand() % 2)
			buf[off] = (unsigned char)fuzz_rand();
		else
			memcpy(buf + off, &edges[fuzz_rand() % ARRAY_SIZE(edges)], 4);
	}
	return fuzz_rand() % 8 ? IMG_LEN : fuzz_rand() % (IMG_LEN + 1);
}

TAP_TEST(elf_fuzz)
{
	static unsigned char buf[IMG_LEN];
	struct elf_info info;
	unsigned int i, accepted = 0;
	uint32_t lo, hi;
	size_t len, j;

	fuzz_seed("elf_fuzz");
	img_build();
	for (i = 0; i < 200000; i++) {
		if (i % 2) {
			len = fuzz_mutate(buf);
		} else {
			len = fuzz_rand() % IMG_LEN;
			for (j = 0; j < len; j++)
				buf[j] = (unsigned char)fuzz_rand();
			memcpy(buf, img, len < 20 ? len : 20);
		}
		lo = fuzz_rand() % 4 ? LO : fuzz_rand();
		hi = fuzz_rand() % 4 ? HI : fuzz_rand();
		if (check_copy(buf, len, lo, hi, &info) != 0)
			continue;
		accepted++;
		TAP_ASSERT(elf_accepted_sane(buf, len, lo, hi, &info));
	}
	printf("# elf_fuzz: %u of %u accepted\n", accepted, i);
	TAP_ASSERT(accepted > 1000);
}

int main(void)
{
	return tap_main();
}
