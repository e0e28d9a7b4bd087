/*
 * Reading a cpio archive in the "newc" format (cpio -H newc, magic
 * "070701"), held in memory: the programs built into the root task and the
 * initrd the boot loader passes. Portable and freestanding, shared by the
 * kernel, user space and host tests.
 *
 * The archive is untrusted: every field is checked against the archive's
 * length before use, so an entry handed out always lies inside it.
 */
#ifndef MICA_LIB_CPIO_H
#define MICA_LIB_CPIO_H

#include <types.h>

/* The file-type bits of cpio_entry.mode (as in st_mode). */
#define CPIO_S_IFMT	0170000u
#define CPIO_S_IFDIR	0040000u
#define CPIO_S_IFREG	0100000u

struct cpio_entry {
	const char *name;	/* NUL-terminated, inside the archive */
	const void *data;	/* size bytes inside the archive */
	uint32_t size;
	uint32_t mode;		/* type and permission bits */
};

/*
 * Reads the entry at *offset (0 for the first) of the archive at
 * [archive, archive+len) and advances *offset to the next one. An entry is
 * a 110-byte header (magic "070701" and thirteen fields of exactly eight
 * hex digits), the name (c_namesize bytes including its NUL, which must be
 * its only one), padding to a multiple of 4 from the archive's start, then
 * c_filesize bytes of data and padding to 4 again. Every entry is returned,
 * directories and other non-regular files included; see e->mode.
 *
 * Returns 1 with *e filled; 0 at the "TRAILER!!!" entry (*offset then stays
 * there, so later calls return 0 again); -EINVAL if the entry is corrupt:
 * fewer than a header's bytes left (an archive must end with the trailer),
 * a bad magic or non-hex digit, a name or its padding running past len, a
 * name with no NUL in its last byte or one before it, data running past
 * len, or an *offset that is not a multiple of 4. *offset and *e are left
 * unchanged on 0 and on errors.
 */
int cpio_next(const void *archive, size_t len, size_t *offset,
	      struct cpio_entry *e);

/*
 * Finds the regular file called exactly name (no "./" is added or removed)
 * in the archive at [archive, archive+len); the first one if there are
 * several. Returns 0 with *e filled; -ENOENT if the walk reaches the
 * trailer without one (directories and other types with that name do not
 * count); -EINVAL if the archive is corrupt before the file is found.
 */
int cpio_find(const void *archive, size_t len, const char *name,
	      struct cpio_entry *e);

#endif
