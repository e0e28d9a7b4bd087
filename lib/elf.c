/*
 * The ELF executable checker; the contract is include/lib/elf.h.
 *
 * Fields are read byte by byte (little-endian, any alignment), each offset
 * checked against the image length first, and sizes are added in 64 bits,
 * so no field value can make a read leave the image or a sum wrap. The
 * loadable segments must appear sorted by p_vaddr, as the ELF specification
 * requires; then "no two share a page" is one comparison with the previous
 * segment's end, and a hostile table of 65535 entries costs a linear walk.
 */
#include <uapi/errno.h>
#include <lib/elf.h>

#define EHDR_SIZE	52u
#define PHDR_SIZE	32u
#define ET_EXEC		2u
#define EM_ARM		40u
#define PT_LOAD		1u

/* The program-header fields the checker uses. */
struct elf32_phdr {
	uint32_t type, offset, vaddr, filesz, memsz, flags;
};

static uint32_t le16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
	return le16(p) | le16(p + 2) << 16;
}

static const unsigned char elf_ident[7] = { 0x7f, 'E', 'L', 'F', 1, 1, 1 };

static int elf_header_check(const unsigned char *p, size_t len,
			    struct elf_info *info)
{
	unsigned int i;

	if (len < EHDR_SIZE)
		return -ENOEXEC;
	for (i = 0; i < sizeof(elf_ident); i++)
		if (p[i] != elf_ident[i])
			return -ENOEXEC;
	if (le16(p + 16) != ET_EXEC || le16(p + 18) != EM_ARM ||
	    le32(p + 20) != 1 || le16(p + 42) != PHDR_SIZE)
		return -ENOEXEC;
	info->entry = le32(p + 24);
	info->phoff = le32(p + 28);
	info->phnum = le16(p + 44);
	if (info->phoff > len ||
	    (uint64_t)info->phnum * PHDR_SIZE > len - info->phoff)
		return -EINVAL;
	return 0;
}

static void elf_phdr_read(const unsigned char *p, const struct elf_info *info,
			  unsigned int i, struct elf32_phdr *ph)
{
	const unsigned char *h = p + info->phoff + (size_t)i * PHDR_SIZE;

	ph->type = le32(h);
	ph->offset = le32(h + 4);
	ph->vaddr = le32(h + 8);
	ph->filesz = le32(h + 16);
	ph->memsz = le32(h + 20);
	ph->flags = le32(h + 24);
}

/* Checks one PT_LOAD on its own; see elf_check() for the rules. */
static int elf_load_check(const struct elf32_phdr *ph, size_t len,
			  uint32_t lo, uint32_t hi)
{
	uint64_t end = (uint64_t)ph->vaddr + ph->memsz;

	if (ph->offset > len || ph->filesz > len - ph->offset ||
	    ph->filesz > ph->memsz || ph->memsz == 0 ||
	    ph->vaddr % ELF_PAGE_SIZE != ph->offset % ELF_PAGE_SIZE)
		return -EINVAL;
	if (end > UINT32_MAX || ALIGN_DOWN(ph->vaddr, ELF_PAGE_SIZE) < lo ||
	    ALIGN_UP(end, ELF_PAGE_SIZE) > hi)
		return -ERANGE;
	return 0;
}

static bool elf_entry_in(const struct elf32_phdr *ph, uint32_t entry)
{
	return (ph->flags & ELF_PF_X) && entry >= ph->vaddr &&
	       entry - ph->vaddr < ph->memsz;
}

/* Checks an ELF executable image; see elf.h. */
int elf_check(const void *image, size_t len, uint32_t lo, uint32_t hi,
	      struct elf_info *info)
{
	struct elf32_phdr ph;
	uint64_t prev_end = 0;
	bool entry_ok = false;
	unsigned int i;
	int r = elf_header_check(image, len, info);

	if (r)
		return r;
	info->nr_segments = 0;
	for (i = 0; i < info->phnum; i++) {
		elf_phdr_read(image, info, i, &ph);
		if (ph.type != PT_LOAD)
			continue;
		r = elf_load_check(&ph, len, lo, hi);
		if (r)
			return r;
		if (info->nr_segments && ALIGN_DOWN(ph.vaddr, ELF_PAGE_SIZE) < prev_end)
			return -EINVAL;
		prev_end = ALIGN_UP((uint64_t)ph.vaddr + ph.memsz, ELF_PAGE_SIZE);
		entry_ok |= elf_entry_in(&ph, info->entry);
		info->nr_segments++;
	}
	if (info->nr_segments == 0)
		return -ENOEXEC;
	return entry_ok ? 0 : -EINVAL;
}

/* The i-th PT_LOAD segment of a checked image; see elf.h. */
int elf_segment(const void *image, const struct elf_info *info,
		unsigned int i, struct elf_segment *seg)
{
	struct elf32_phdr ph;
	unsigned int n;

	if (i >= info->nr_segments)
		return -EINVAL;
	for (n = 0;; n++) {
		elf_phdr_read(image, info, n, &ph);
		if (ph.type == PT_LOAD && i-- == 0)
			break;
	}
	seg->vaddr = ph.vaddr;
	seg->memsz = ph.memsz;
	seg->data = (const unsigned char *)image + ph.offset;
	seg->filesz = ph.filesz;
	seg->flags = ph.flags & (ELF_PF_R | ELF_PF_W | ELF_PF_X);
	return 0;
}
