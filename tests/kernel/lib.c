/*
 * Lib suite: the ELF checker and the cpio reader as the ARM compiler builds
 * them (-mno-unaligned-access), on images at an odd address. The host tests
 * (tests/host/test_elf.c, test_cpio.c) cover the contracts in full.
 */
#include <kernel/ktest.h>
#include <lib/cpio.h>
#include <lib/elf.h>
#include <string.h>
#include <uapi/errno.h>

#define HDR(mode, size, namesize)					\
	"070701" "00000001" mode "00000000" "00000000" "00000001"	\
	"00000000" size "00000000" "00000000" "00000000" "00000000"	\
	namesize "00000000"

/* "a" (3 bytes "xyz", padded) and the trailer: 240 bytes. */
static const char archive[] =
	HDR("000081a4", "00000003", "00000002") "a\0" "xyz\0"
	HDR("00000000", "00000000", "0000000b") "TRAILER!!!\0\0\0\0";

KTEST(lib, cpio_at_odd_address)
{
	static char buf[sizeof(archive) + 1];
	struct cpio_entry e;
	size_t off = 0, len = sizeof(archive) - 1;

	KT_ASSERT_EQ(len, 240);
	memcpy(buf + 1, archive, len);
	KT_ASSERT_EQ(cpio_next(buf + 1, len, &off, &e), 1);
	KT_ASSERT(!strcmp(e.name, "a"));
	KT_ASSERT_EQ(e.size, 3);
	KT_ASSERT(!memcmp(e.data, "xyz", 3));
	KT_ASSERT_EQ(cpio_next(buf + 1, len, &off, &e), 0);
	KT_ASSERT_EQ(cpio_find(buf + 1, len, "a", &e), 0);
	KT_ASSERT_EQ(cpio_find(buf + 1, len - 1, "b", &e), -EINVAL);
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/* A header, one PT_LOAD of the whole 128-byte file at 0x10000, R+X. */
static void elf_build(unsigned char *p)
{
	static const unsigned char ident[] = { 0x7f, 'E', 'L', 'F', 1, 1, 1 };

	memset(p, 0, 128);
	memcpy(p, ident, sizeof(ident));
	p[16] = 2;		/* ET_EXEC */
	p[18] = 40;		/* EM_ARM */
	put32(p + 20, 1);
	put32(p + 24, 0x10054);
	put32(p + 28, 52);
	p[42] = 32;		/* e_phentsize */
	p[44] = 1;		/* e_phnum */
	put32(p + 52, 1);	/* PT_LOAD, offset 0 */
	put32(p + 60, 0x10000);
	put32(p + 68, 128);
	put32(p + 72, 0x2000);
	put32(p + 76, ELF_PF_R | ELF_PF_X);
}

KTEST(lib, elf_at_odd_address)
{
	static unsigned char buf[129];
	struct elf_info info;
	struct elf_segment s;

	elf_build(buf + 1);
	KT_ASSERT_EQ(elf_check(buf + 1, 128, 0x8000, 0x20000, &info), 0);
	KT_ASSERT_EQ(info.entry, 0x10054);
	KT_ASSERT_EQ(info.nr_segments, 1);
	KT_ASSERT_EQ(elf_segment(buf + 1, &info, 0, &s), 0);
	KT_ASSERT_EQ(s.memsz, 0x2000);
	KT_ASSERT(s.data == buf + 1);
	KT_ASSERT_EQ(elf_check(buf + 1, 128, 0x8000, 0x11fff, &info), -ERANGE);
	KT_ASSERT_EQ(elf_check(buf + 1, 127, 0x8000, 0x20000, &info), -EINVAL);
	buf[1 + 18] = 3;
	KT_ASSERT_EQ(elf_check(buf + 1, 128, 0x8000, 0x20000, &info), -ENOEXEC);
}
