/*
 * Finding out how much RAM answers, for a board whose RAM starts at a known
 * base and runs contiguously up to an unknown end: the probe behind an ELF
 * boot (no loader map) and the check of every size a loader claims. Portable
 * C: the accesses go through a struct ram_bus, which the platform implements
 * with fault-recovering loads and stores and the host tests implement with
 * simulated buses (mirrors, dropped writes, holes).
 *
 * The method, in two passes of the same shape:
 *  1. Every MiB from the base, at one word (offset `off` in each MiB): all
 *     words are saved, tagged from the highest MiB down, pushed out of the
 *     cache, read back from the lowest up, and restored. The first MiB
 *     whose tag is wrong ends the count. Writing downwards makes a mirror
 *     visible: a MiB that aliases a lower one has had its tag overwritten by
 *     the lower one's. (A mirror is what a bus that ignores high address
 *     lines shows: RAM repeating modulo a power of two. A modulus below
 *     1 MiB is not detected: it would need writes into the image.) MiB 0's word must be a scratch word of the caller's
 *     (the kernel's sentinel), so that nothing live is ever overwritten.
 *  2. Every page of the last MiB that answered and of the next (unless that
 *     one was a mirror), at one word per page, from `safe` upwards: the
 *     first page that does not answer ends RAM. The end is never rounded up.
 * The cost is one word per MiB plus one word per page of two MiBs,
 * whatever the RAM size.
 */
#ifndef MICA_KERNEL_RAM_PROBE_H
#define MICA_KERNEL_RAM_PROBE_H

#include <types.h>

#define RAM_PROBE_MIB		(1u << 20)
#define RAM_PROBE_PAGE		4096u
#define RAM_PROBE_MAX_MIBS	256u	/* the largest RAM probed: 256 MiB */
#define RAM_PROBE_WINDOW	(2 * RAM_PROBE_MIB / RAM_PROBE_PAGE)

struct ram_bus {
	/* 0 and *val, or non-zero when the access faults. */
	int (*read)(paddr_t pa, uint32_t *val);
	int (*write)(paddr_t pa, uint32_t val);
	/* Makes the writes so far reach memory and later reads come from it. */
	void (*sync)(void);
	uint32_t saved[RAM_PROBE_WINDOW];	/* scratch for the probe */
};

/*
 * Returns the number of bytes from base that answer, at most max (page
 * granular; a max that is not a multiple of the page is rounded down).
 * base + off must be the caller's scratch word (see above; off < 1 MiB);
 * pages below safe (and above base's first MiB) are not written in pass 2
 * (the caller's image). Leaves the contents of every word it touched as it
 * found them.
 */
uint32_t ram_probe(struct ram_bus *bus, paddr_t base, uint32_t max,
		   uint32_t off, paddr_t safe);

#endif
