/*
 * RAM probing for boots without ATAGs or a DTB (QEMU's ELF loader). Each
 * MiB is tested at one word: save it, write a pattern, write the inverse to
 * a sentinel in the kernel's first MiB (so a floating bus cannot echo the
 * pattern back, and a RAM alias of the first MiB shows up as a changed
 * sentinel), push both out of the cache, read back, restore. QEMU drops
 * writes beyond RAM; a real bus may abort, which the fixup table turns into
 * an error.
 */
#include <arch/cache.h>
#include <arch/fixup.h>
#include <arch/memory.h>
#include <kernel/panic.h>
#include <mm/phys.h>
#include <platform.h>

static volatile uint32_t probe_sentinel;

static void line_flush(volatile uint32_t *p)
{
	dcache_clean_inv_range((vaddr_t)p, (vaddr_t)p + sizeof(*p));
}

static bool probe_word(volatile uint32_t *p, uint32_t pattern)
{
	uint32_t saved, seen;

	if (probe_read32(p, &saved) || probe_write32(p, pattern))
		return false;
	probe_sentinel = ~pattern;
	line_flush(p);
	line_flush(&probe_sentinel);
	drain_write_buffer();
	if (probe_read32(p, &seen))
		return false;
	probe_write32(p, saved);
	line_flush(p);
	drain_write_buffer();
	return seen == pattern && probe_sentinel == ~pattern;
}

uint32_t platform_ram_probe(uint32_t max_size)
{
	uintptr_t off = virt_to_phys((void *)&probe_sentinel) & (SECTION_SIZE - 1);
	uint32_t size = ALIGN_UP(virt_to_phys(_kernel_end), SECTION_SIZE);

	/* An alias of RAM's first MiB only shows if the sentinel is in it. */
	BUG_ON(virt_to_phys((void *)&probe_sentinel) - PHYS_OFFSET >= SECTION_SIZE);

	for (; size < max_size; size += SECTION_SIZE) {
		volatile uint32_t *p = phys_to_virt(PHYS_OFFSET + size + off);

		if (!probe_word(p, 0x5a000000u ^ size) ||
		    !probe_word(p, 0xa5000000u ^ size))
			break;
	}
	return size;
}
