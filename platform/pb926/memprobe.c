/*
 * The RAM bus the probe (kernel/ram_probe.c) uses on this board: loads and
 * stores through the linear map, which head.S set up over the whole 256 MiB
 * RAM window, with the fixup table turning a bus abort into an error (QEMU
 * drops writes beyond RAM; a real bus may abort). The kernel's sentinel
 * word is the scratch word in the first MiB.
 */
#include <arch/cache.h>
#include <arch/fixup.h>
#include <arch/memory.h>
#include <kernel/panic.h>
#include <kernel/ram_probe.h>
#include <mm/phys.h>
#include <platform.h>

static volatile uint32_t probe_sentinel;

static uint32_t bus_read(paddr_t pa, uint32_t step, uint32_t n, uint32_t *buf)
{
	return probe_read_words((uintptr_t)phys_to_virt(pa), step, n, buf);
}

static uint32_t bus_write(paddr_t pa, uint32_t step, uint32_t n,
			  const uint32_t *buf)
{
	return probe_write_words((uintptr_t)phys_to_virt(pa), step, n, buf);
}

static void bus_sync(void)
{
	dcache_clean_inv_all();
	drain_write_buffer();
}

static struct ram_bus ram_bus = {
	.read = bus_read, .write = bus_write, .sync = bus_sync,
};

struct ram_bus *platform_ram_bus(uint32_t *scratch_off)
{
	*scratch_off = virt_to_phys((void *)&probe_sentinel) - PHYS_OFFSET;
	BUG_ON(*scratch_off >= RAM_PROBE_MIB);
	return &ram_bus;
}
