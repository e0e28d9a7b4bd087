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
 *  2. The pages of the last MiB that answered and of the next (unless that
 *     one was a mirror), from `safe` upwards, by binary search: a page
 *     answers when its word (at off's offset in the page) and the scratch
 *     word both keep their tags. RAM ends at the first page that does not
 *     answer, never rounded up. Pages below safe are not written.
 * The cost is one word per MiB plus nine page tests, whatever the RAM size.
 * The search assumes RAM is contiguous up to its end, as on this board: a
 * hole in the last two MiBs ends RAM at one of its edges.
 */
#ifndef MICA_KERNEL_RAM_PROBE_H
#define MICA_KERNEL_RAM_PROBE_H

#include <types.h>

#define RAM_PROBE_MIB		(1u << 20)
#define RAM_PROBE_PAGE		4096u
#define RAM_PROBE_MAX_MIBS	256u	/* the largest RAM probed: 256 MiB */
#define RAM_PROBE_MAX_WORDS	RAM_PROBE_MAX_MIBS	/* per block access */

/*
 * Word i of a block access is at pa + i * step (step may be negative, as a
 * two's complement). Both operations stop at the first access that faults
 * and return how many words were done before it.
 */
struct ram_bus {
	uint32_t (*read)(paddr_t pa, uint32_t step, uint32_t n, uint32_t *buf);
	uint32_t (*write)(paddr_t pa, uint32_t step, uint32_t n,
			  const uint32_t *buf);
	/* Makes the writes so far reach memory and later reads come from it. */
	void (*sync)(void);
	/* Scratch for the probe: saved words, tags, words read back. */
	uint32_t saved[RAM_PROBE_MAX_WORDS], tag[RAM_PROBE_MAX_WORDS],
		 seen[RAM_PROBE_MAX_WORDS];
};

/*
 * Returns the number of bytes from base that answer, at most max (page
 * granular; a max that is not a multiple of the page is rounded down).
 * base + off must be the caller's scratch word (see above; off < 1 MiB);
 * pages below safe (the caller's image) are not written in pass 2. Leaves the contents of every word it touched as it
 * found them.
 */
uint32_t ram_probe(struct ram_bus *bus, paddr_t base, uint32_t max,
		   uint32_t off, paddr_t safe);

#endif
