/*
 * Deciding what RAM is. The loader's map (ATAGs or DTB) is used when it is
 * sane by bootinfo_pick_ram()'s policy; otherwise RAM is probed. Then the
 * linear map is trimmed to the RAM found and the buddy takes over RAM: every
 * frame from physical 0 to the end of the image (the ATAG page, already
 * copied into struct bootinfo, the image, the boot page tables) is reserved,
 * and the buddy's metadata goes right after the image and is reserved too.
 */
#include <arch/memory.h>
#include <arch/mmu.h>
#include <kernel/boot.h>
#include <kernel/printk.h>
#include <mm/buddy.h>
#include <mm/phys.h>
#include <platform.h>

paddr_t ram_base;
uint32_t ram_size;

static const char *const source_names[] = {
	[BOOT_SRC_PROBE] = "probe", [BOOT_SRC_ATAGS] = "atags",
	[BOOT_SRC_DTB] = "dtb",
};

/* The buddy's metadata goes right after the image: is there room? */
static bool ram_holds_metadata(const struct mem_region *ram, paddr_t kend)
{
	if (ram->base + ram->size - kend >= buddy_meta_size(ram->size))
		return true;
	printk("warning: ram: 0x%08x bytes at 0x%08x leave no room for the "
	       "allocator after the kernel, probing\n", ram->size, ram->base);
	return false;
}

void mem_init(struct bootinfo *bi)
{
	paddr_t kstart = virt_to_phys(_kernel_start);
	paddr_t kend = virt_to_phys(_kernel_end);
	enum boot_source source = bi->source;
	struct mem_region ram;

	printk("kernel: image 0x%08x-0x%08x\n", kstart, kend);
	if (source == BOOT_SRC_PROBE ||
	    bootinfo_pick_ram(bi, kstart, kend, PHYS_OFFSET + RAM_MAX_SIZE, &ram) ||
	    !ram_holds_metadata(&ram, kend)) {
		source = BOOT_SRC_PROBE;
		ram.base = PHYS_OFFSET;
		ram.size = platform_ram_probe(RAM_MAX_SIZE);
	}
	ram_base = ram.base;
	ram_size = ram.size;
	printk("mem: %u bytes RAM at 0x%08x (%s)\n", ram_size, ram_base,
	       source_names[source]);
	arch_linear_map_trim(ram_base + ram_size);

	/* Physical 0 to the image's end: ATAG page, image, boot_pgd. */
	struct mem_reserve boot = { ram_base, kend };

	buddy_init(ram_base, ram_size, kend, &boot, 1);
	buddy_print_stats();
}
