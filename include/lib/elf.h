/*
 * Checking and reading an ELF executable held in memory: the root task the
 * kernel loads and the programs the root task loads from cpio archives.
 * Portable and freestanding, shared by the kernel, user space and host tests.
 *
 * The image is untrusted. elf_check() validates everything elf_segment()
 * later hands out, so a caller that loads the segments it returns cannot be
 * led to read outside the image or write outside its window.
 */
#ifndef MICA_LIB_ELF_H
#define MICA_LIB_ELF_H

#include <types.h>

#define ELF_PAGE_SIZE	4096u

/* Segment permissions, as in p_flags. */
#define ELF_PF_X	1u
#define ELF_PF_W	2u
#define ELF_PF_R	4u

struct elf_info {
	uint32_t entry;		/* e_entry, inside an executable segment */
	unsigned int nr_segments;	/* PT_LOAD segments, at least 1 */
	/* private to elf.c */
	uint32_t phoff;
	unsigned int phnum;
};

/* A loadable segment: memsz bytes at vaddr, the first filesz from data. */
struct elf_segment {
	uint32_t vaddr;
	uint32_t memsz;
	const void *data;	/* inside the image */
	uint32_t filesz;	/* <= memsz; the rest is zero-filled */
	uint32_t flags;		/* ELF_PF_R | ELF_PF_W | ELF_PF_X */
};

/*
 * Checks that [image, image+len) is an ELF32 little-endian ARM executable
 * (ET_EXEC, version 1) whose PT_LOAD segments lie in the user window
 * [lo, hi), and fills *info. Requirements beyond the header fields:
 *  - the program header table (e_phentsize 32) lies inside the image and
 *    has at least one PT_LOAD; other segment types are ignored;
 *  - each PT_LOAD's file bytes lie inside the image, p_filesz <= p_memsz,
 *    p_memsz > 0, and p_vaddr % 4096 == p_offset % 4096 (what lets a
 *    loader map file pages where they belong);
 *  - PT_LOADs are sorted by p_vaddr (as the ELF specification requires)
 *    and do not share a page: each one's page-rounded range
 *    [ALIGN_DOWN(vaddr), ALIGN_UP(vaddr + memsz)) starts at or after the
 *    previous one's end, so every page has one set of permissions;
 *  - e_entry lies inside a segment with ELF_PF_X.
 * image needs no alignment.
 *
 * Returns 0, or (info then undefined):
 *  -ENOEXEC  shorter than an ELF header, not an ELF32 LE ARM ET_EXEC
 *            version-1 image, e_phentsize is not 32, or there is no PT_LOAD;
 *  -EINVAL   the program headers or a segment's file bytes run past len,
 *            a segment has p_filesz > p_memsz or p_memsz == 0, breaks the
 *            alignment rule, is out of order or shares a page with the
 *            previous one, or the entry is in no executable segment;
 *  -ERANGE   a segment wraps around 2^32 or leaves [lo, hi) once rounded
 *            to pages.
 */
int elf_check(const void *image, size_t len, uint32_t lo, uint32_t hi,
	      struct elf_info *info);

/*
 * Fills *seg with the i-th PT_LOAD segment (0 <= i < info->nr_segments, in
 * program-header order) of an image that elf_check() accepted into *info.
 * Returns 0, or -EINVAL if i is out of range.
 */
int elf_segment(const void *image, const struct elf_info *info,
		unsigned int i, struct elf_segment *seg);

#endif
