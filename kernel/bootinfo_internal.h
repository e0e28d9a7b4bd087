/*
 * Helpers shared by the boot-information readers (kernel/atags.c,
 * kernel/dtb.c) and the RAM policy (kernel/bootinfo_ram.c); they live in
 * kernel/bootinfo.c. The public contract is include/kernel/bootinfo.h.
 */
#ifndef MICA_KERNEL_BOOTINFO_INTERNAL_H
#define MICA_KERNEL_BOOTINFO_INTERNAL_H

#include <kernel/bootinfo.h>
#include <kernel/printk.h>

/* Prints "warning: " and the message, and counts it in bi->warnings. */
void __printf(2, 3) bootinfo_warn(struct bootinfo *bi, const char *fmt, ...);

/* Empties bi's memory list, command line and initrd; a parser's start. */
void bootinfo_clear(struct bootinfo *bi);

/*
 * Adds the region base+size reported by who ("atags", "dtb") to bi: dropped
 * with a warning beyond BOOTINFO_MAX_MEM or at or above the last whole page
 * below 4 GiB, clipped with a warning to end there.
 */
void bootinfo_mem_add(struct bootinfo *bi, const char *who,
		      unsigned long long base, unsigned long long size);

/*
 * Sets bi->cmdline from s, read up to its NUL but never past max bytes;
 * warns if there is no NUL within them or the line does not fit.
 */
void bootinfo_cmdline_set(struct bootinfo *bi, const char *who,
			  const char *s, size_t max);

/*
 * Sets bi's initrd to size bytes at physical start, reported by who: size 0
 * means none; one that does not end below 4 GiB is dropped with a
 * warning.
 */
void bootinfo_initrd_set(struct bootinfo *bi, const char *who,
			 unsigned long long start, unsigned long long size);

#endif
