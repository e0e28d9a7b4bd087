/*
 * Deciding what RAM is. The loader's map (ATAGs or DTB) is used when it is
 * sane by bootinfo_pick_ram()'s policy, and then only as far as RAM answers
 * the probe (kernel/ram_probe.c): a loader that over-reports is clipped.
 * Without a usable map RAM is probed. Then the linear map is trimmed to the
 * last RAM page and the buddy takes over RAM: every frame from RAM's base
 * to the end of the image (the ATAG page, already copied into struct
 * bootinfo, the image, the boot page tables) is reserved, and the buddy's
 * metadata goes right after the image and is reserved too. An initrd the
 * loader passed is reserved as well, when it lies wholly inside RAM above
 * that metadata; anywhere else it is reported and ignored.
 */
#include <arch/memory.h>
#include <arch/mmu.h>
#include <kernel/boot.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/ram_probe.h>
#include <mm/buddy.h>
#include <mm/phys.h>
#include <platform.h>

static struct mem_region initrd;	/* size 0: none (or ignored) */

static const char *const source_names[] = {
	[BOOT_SRC_PROBE] = "probe", [BOOT_SRC_ATAGS] = "atags",
	[BOOT_SRC_DTB] = "dtb",
};

/* Bytes from PHYS_OFFSET up to at most end that answer the probe. */
static paddr_t ram_answering_end(paddr_t end)
{
	uint32_t off;
	struct ram_bus *bus = platform_ram_bus(&off);

	return PHYS_OFFSET + ram_probe(bus, PHYS_OFFSET, end - PHYS_OFFSET, off,
				       virt_to_phys(_kernel_end));
}

/* What the kernel needs of RAM ending at end: image, metadata, one frame. */
static paddr_t ram_needed_end(paddr_t base, paddr_t end)
{
	paddr_t kend = virt_to_phys(_kernel_end);

	return kend + buddy_meta_size(end - ALIGN_UP(base, PAGE_SIZE)) + PAGE_SIZE;
}

/* The loader's region, clipped to what answers; false to probe instead. */
static bool ram_from_loader(struct bootinfo *bi, struct mem_region *ram)
{
	paddr_t kstart = virt_to_phys(_kernel_start);
	paddr_t kend = virt_to_phys(_kernel_end);
	paddr_t end, found;

	if (bi->source == BOOT_SRC_PROBE ||
	    bootinfo_pick_ram(bi, kstart, kend, PHYS_OFFSET + RAM_MAX_SIZE, ram))
		return false;
	end = ram->base + ram->size;
	found = ram_answering_end(end);
	if (found < end) {
		printk("warning: ram: the loader reports 0x%08x bytes at 0x%08x, "
		       "only 0x%08x answer: using those\n", ram->size, ram->base,
		       found - ram->base);
		ram->size = found - ram->base;
		end = found;
	}
	if (end >= ram_needed_end(ram->base, end))
		return true;
	printk("warning: ram: 0x%08x bytes at 0x%08x leave no room for the "
	       "allocator after the kernel, probing\n", ram->size, ram->base);
	return false;
}

/*
 * Takes the loader's initrd if it lies in [low, end) (low: the end of the
 * image and the buddy's metadata); fills *res with its frames.
 */
static bool initrd_take(const struct bootinfo *bi, paddr_t low, paddr_t end,
			struct mem_reserve *res)
{
	paddr_t start = bi->initrd_start;
	uint32_t size = bi->initrd_size;

	if (size == 0)
		return false;
	if (start < low || start >= end || size > end - start) {
		printk("warning: initrd: %u bytes at 0x%08x are not wholly inside "
		       "RAM above the kernel (0x%08x-0x%08x), ignored\n", size,
		       start, low, end);
		return false;
	}
	initrd.base = start;
	initrd.size = size;
	res->start = ALIGN_DOWN(start, PAGE_SIZE);
	res->end = ALIGN_UP(start + size, PAGE_SIZE);
	printk("initrd: %u bytes at 0x%08x\n", size, start);
	return true;
}

bool boot_initrd(paddr_t *start, size_t *size)
{
	*start = initrd.base;
	*size = initrd.size;
	return initrd.size != 0;
}

void mem_init(struct bootinfo *bi)
{
	enum boot_source source = bi->source;
	struct mem_region ram;
	paddr_t base, end;

	printk("kernel: image 0x%08x-0x%08x\n", virt_to_phys(_kernel_start),
	       virt_to_phys(_kernel_end));
	if (!ram_from_loader(bi, &ram)) {
		source = BOOT_SRC_PROBE;
		ram.base = PHYS_OFFSET;
		ram.size = ram_answering_end(PHYS_OFFSET + RAM_MAX_SIZE) - PHYS_OFFSET;
	}
	base = ALIGN_UP(ram.base, PAGE_SIZE);
	end = ALIGN_DOWN(ram.base + ram.size, PAGE_SIZE);
	if (base != ram.base || end != ram.base + ram.size)
		printk("warning: ram: 0x%08x-0x%08x is not page aligned, using "
		       "0x%08x-0x%08x\n", ram.base, ram.base + ram.size, base, end);
	if (end < ram_needed_end(base, end))
		panic("mem: %u bytes of RAM found at 0x%08x, the kernel needs "
		      "at least %u", end - base, base, ram_needed_end(base, end) - base);
	printk("mem: %u bytes RAM at 0x%08x (%s)\n", end - base, base,
	       source_names[source]);
	arch_linear_map_trim(end);

	/* RAM's base to the image's end: ATAG page, image, boot_pgd. */
	paddr_t kend = virt_to_phys(_kernel_end);
	struct mem_reserve res[2] = { { base, kend } };
	unsigned int nres = 1;

	nres += initrd_take(bi, kend + buddy_meta_size(end - base), end, &res[1]);
	buddy_init(base, end - base, kend, res, nres);
	buddy_print_stats();
}
