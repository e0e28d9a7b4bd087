/*
 * Boot information: the parts the readers share, for the ATAG reader
 * (kernel/atags.c), the device-tree reader (kernel/dtb.c) and the RAM policy
 * (kernel/bootinfo_ram.c). The contract is in include/kernel/bootinfo.h, the
 * shared helpers in kernel/bootinfo_internal.h.
 */
#include <stdarg.h>
#include <string.h>

#include <kernel/cmdline.h>

#include "bootinfo_internal.h"

/* Regions are clipped to end at the last whole page below 4 GiB. */
#define PHYS_LIMIT	0xfffff000u

/* Prints and counts a warning; see bootinfo_internal.h. */
void bootinfo_warn(struct bootinfo *bi, const char *fmt, ...)
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

/* Empties the memory list and command line; see bootinfo_internal.h. */
void bootinfo_clear(struct bootinfo *bi)
{
	bi->nr_mem = 0;
	bi->cmdline[0] = '\0';
	bi->initrd_start = 0;
	bi->initrd_size = 0;
}

/* Adds a region, clipped to 32 bits; see bootinfo_internal.h. */
void bootinfo_mem_add(struct bootinfo *bi, const char *who,
		      unsigned long long base, unsigned long long size)
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

/* Sets or drops the initrd; see bootinfo_internal.h. */
void bootinfo_initrd_set(struct bootinfo *bi, const char *who,
			 unsigned long long start, unsigned long long size)
{
	bi->initrd_start = 0;
	bi->initrd_size = 0;
	if (size == 0)
		return;
	if (start > 0xffffffffull || size > 0xffffffffull - start) {
		bootinfo_warn(bi, "%s: initrd 0x%llx+0x%llx does not end below 4 GiB, ignored\n",
			      who, start, size);
		return;
	}
	bi->initrd_start = (paddr_t)start;
	bi->initrd_size = (uint32_t)size;
}

/*
 * Copies a command line of at most max bytes (NUL-terminated within them);
 * one too long loses, with a warning, the option that does not fit whole.
 */
void bootinfo_cmdline_set(struct bootinfo *bi, const char *who,
			  const char *s, size_t max)
{
	size_t len = strnlen(s, max);
	size_t n = cmdline_fit(s, len);

	if (len == max && max)
		bootinfo_warn(bi, "%s: command line not NUL-terminated\n", who);
	if (n < len)
		bootinfo_warn(bi, "%s: command line of %zu characters cut to %zu, before the option that does not fit in %u\n",
			      who, len, n, CMDLINE_MAX - 1);
	memcpy(bi->cmdline, s, n);
	bi->cmdline[n] = '\0';
}
