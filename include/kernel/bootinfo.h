/*
 * What the boot loader told us: the RAM regions, the command line and the
 * initrd (an archive the loader put in RAM for user space), read
 * from an ATAG list (QEMU's uImage loader, U-Boot's bootm) or a flattened
 * device tree, and the policy that picks the RAM the kernel may use.
 *
 * The parsers treat their input as untrusted: every read is bounded by the
 * length the caller gives, and a corrupt list or tree makes them stop, print
 * a "warning: ..." line, keep what was valid before the damage and count the
 * warning in bi->warnings. Portable C, also built and tested on the host.
 */
#ifndef MICA_KERNEL_BOOTINFO_H
#define MICA_KERNEL_BOOTINFO_H

#include <types.h>

#define BOOTINFO_MAX_MEM	8
#define CMDLINE_MAX		256	/* including the terminating NUL */

#define ATAG_NONE		0x00000000u
#define ATAG_CORE		0x54410001u
#define ATAG_MEM		0x54410002u
#define ATAG_CMDLINE		0x54410009u
#define ATAG_INITRD2		0x54420005u	/* physical start, size */

#define FDT_MAGIC		0xd00dfeedu

enum boot_source { BOOT_SRC_PROBE, BOOT_SRC_ATAGS, BOOT_SRC_DTB };

struct mem_region {
	paddr_t base;
	uint32_t size;
};

struct bootinfo {
	enum boot_source source;
	struct mem_region mem[BOOTINFO_MAX_MEM];	/* as the loader gave them */
	unsigned int nr_mem;
	char cmdline[CMDLINE_MAX];			/* "" when none was given */
	paddr_t initrd_start;		/* physical, as the loader gave it */
	uint32_t initrd_size;		/* 0: no initrd */
	unsigned int warnings;		/* "warning:" lines printed so far */
};

/* Empties bi: no memory, command line or initrd, no warnings, source PROBE. */
void bootinfo_init(struct bootinfo *bi);

/*
 * Reads the ATAG list at atags (len bytes; nothing outside them is read).
 * The list must start with ATAG_CORE and end with ATAG_NONE; ATAG_MEM adds a
 * region (beyond BOOTINFO_MAX_MEM they are dropped with a warning),
 * ATAG_CMDLINE sets bi->cmdline (truncated with a warning if too long),
 * ATAG_INITRD2 {start, size} sets the initrd (see bootinfo_initrd_set() in
 * kernel/bootinfo_internal.h: size 0 is none, one not ending below 4 GiB is
 * ignored with a warning), other tags are skipped. A tag shorter than two words, one
 * running past len, a too-short ATAG_MEM or ATAG_INITRD2 or a list without
 * ATAG_NONE is corruption: the walk stops there with a warning, keeping the
 * tags before it.
 *
 * Replaces bi's memory list, command line and initrd. Returns 0 and sets
 * bi->source to BOOT_SRC_ATAGS if the list starts with a valid ATAG_CORE
 * (what follows may still have been cut short); -EINVAL otherwise, leaving
 * bi with no memory, command line or initrd.
 */
int atags_parse(const void *atags, size_t len, struct bootinfo *bi);

/*
 * Reads a flattened device tree (version 17, big-endian) of at most len
 * bytes: the reg of every /memory or /memory@... node, decoded with the
 * root's #address-cells and #size-cells (1 or 2 each; default 2 and 1),
 * /chosen's bootargs, and /chosen's linux,initrd-start and linux,initrd-end
 * (4 or 8 bytes each, end exclusive) as the initrd. Regions are clipped to
 * the 32-bit physical address space. An initrd property of another length,
 * only one of the two, or an end below the start is ignored with a warning.
 * A malformed structure block stops the walk with a warning, keeping what
 * was read before it.
 *
 * Replaces bi's memory list, command line and initrd. Returns 0 and sets
 * bi->source to BOOT_SRC_DTB, or -EINVAL if the header is not that of a
 * valid DTB (bad magic or version, totalsize larger than len, blocks outside
 * it), leaving bi with no memory, command line or initrd.
 */
int dtb_parse(const void *dtb, size_t len, struct bootinfo *bi);

/*
 * Chooses the RAM region the kernel manages, from bi->mem (not modified).
 * The policy, in order, each correction printed as a "warning: ram: ..."
 * line and counted in bi->warnings:
 *  1. A region of size 0 is ignored.
 *  2. A region starting at or above max_end is ignored; one extending past
 *     max_end is clipped to end there.
 *  3. Regions are sorted by base. A region lying wholly inside another
 *     (duplicates included) is ignored; two that partly overlap are merged
 *     into their union. Regions that merely touch are joined silently.
 *  4. A region that overlaps [kernel_start, kernel_end) only partially is
 *     not trusted and ignored: the loader's map contradicts where we run.
 *  5. The region containing the whole image is the answer, as the loader
 *     gave it (not rounded to pages). Other regions are left unused: the
 *     kernel manages one contiguous range of RAM.
 *
 * Returns 0 and fills *out, or -ENOENT if no region contains the image (with
 * a warning if there were regions), so the caller probes RAM instead.
 */
int bootinfo_pick_ram(struct bootinfo *bi, paddr_t kernel_start,
		      paddr_t kernel_end, paddr_t max_end,
		      struct mem_region *out);

#endif
