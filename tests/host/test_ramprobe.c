/*
 * Host tests of the RAM probe (kernel/ram_probe.c) against simulated buses:
 * plain RAM of any page-multiple size, RAM mirrored modulo its power-of-two
 * size (a bus that decodes too few address lines), a bus that drops writes beyond RAM
 * and reads back whatever was last driven on it (read or written), a hole, and a bus that aborts
 * beyond RAM. The probe must report exactly the RAM that exists and leave
 * every word as it found it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/ram_probe.h>

#include "tap.h"

#define MiB	(1u << 20)
#define KiB	1024u
#define SPACE	(256 * MiB)

enum bus_kind { BUS_PLAIN, BUS_MIRROR, BUS_ECHO, BUS_HOLE, BUS_ABORT };

static struct {
	enum bus_kind kind;
	uint32_t size;			/* bytes of RAM that exist */
	uint32_t hole_start, hole_end;
	uint32_t last_driven;		/* BUS_ECHO: the floating bus */
	uint32_t *ram;
	unsigned int syncs;
} sim;

static uint32_t *cell(paddr_t pa)
{
	if (sim.kind == BUS_MIRROR)
		pa %= sim.size;
	if (pa >= sim.size || (sim.kind == BUS_HOLE && pa >= sim.hole_start &&
			       pa < sim.hole_end))
		return NULL;
	return &sim.ram[pa / 4];
}

static uint32_t sim_read(paddr_t pa, uint32_t step, uint32_t n, uint32_t *buf)
{
	uint32_t i;

	for (i = 0; i < n; i++, pa += step) {
		uint32_t *c = cell(pa);

		if (!c && sim.kind == BUS_ABORT)
			break;
		buf[i] = c ? *c : sim.kind == BUS_ECHO ? sim.last_driven : 0;
		sim.last_driven = buf[i];
	}
	return i;
}

static uint32_t sim_write(paddr_t pa, uint32_t step, uint32_t n,
			  const uint32_t *buf)
{
	uint32_t i;

	for (i = 0; i < n; i++, pa += step) {
		uint32_t *c = cell(pa);

		sim.last_driven = buf[i];
		if (!c && sim.kind == BUS_ABORT)
			break;
		if (c)
			*c = buf[i];
	}
	return i;
}

static void sim_sync(void)
{
	sim.syncs++;
}

static struct ram_bus bus = { .read = sim_read, .write = sim_write,
			      .sync = sim_sync };

#define SCRATCH	0x1c000u	/* the kernel's sentinel, in MiB 0 */
#define SAFE	0x28000u	/* the image's end */

/* Probes up to max on a bus of the given kind; checks nothing changed. */
static uint32_t probe(enum bus_kind kind, uint32_t size, uint32_t max)
{
	static uint32_t *copy;
	uint32_t got, n = size / 4;

	if (!sim.ram) {
		sim.ram = malloc(SPACE);
		copy = malloc(SPACE);
	}
	sim.kind = kind;
	sim.size = size;
	for (uint32_t i = 0; i < n; i++)
		sim.ram[i] = i * 2654435761u;
	memcpy(copy, sim.ram, size);
	got = ram_probe(&bus, 0, max, SCRATCH, SAFE);
	if (memcmp(copy, sim.ram, size) != 0)
		return 1;	/* never a plausible size: the test fails */
	return got;
}

TAP_TEST(plain_sizes_exact)
{
	static const uint32_t sizes[] = {
		1 * MiB, 2 * MiB, 4 * MiB, 17920 * KiB, 1536 * KiB, 512 * KiB,
		255 * MiB, 256 * MiB, 64 * MiB + 4 * KiB, 3 * MiB - 4 * KiB,
		SAFE + 4 * KiB,
	};

	for (unsigned int i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		TAP_ASSERT_EQ(probe(BUS_PLAIN, sizes[i], 256 * MiB), sizes[i]);
}

TAP_TEST(max_bounds_the_answer)
{
	TAP_ASSERT_EQ(probe(BUS_PLAIN, 64 * MiB, 32 * MiB), 32 * MiB);
	TAP_ASSERT_EQ(probe(BUS_PLAIN, 64 * MiB, 17920 * KiB), 17920 * KiB);
	TAP_ASSERT_EQ(probe(BUS_PLAIN, 16 * MiB, 64 * MiB), 16 * MiB);
	/* a max that is not page aligned is rounded down */
	TAP_ASSERT_EQ(probe(BUS_PLAIN, 64 * MiB, 32 * MiB + 100), 32 * MiB);
}

/* Address lines not decoded: RAM repeats modulo its (power-of-two) size. */
TAP_TEST(mirror_is_not_new_ram)
{
	TAP_ASSERT_EQ(probe(BUS_MIRROR, 64 * MiB, 256 * MiB), 64 * MiB);
	TAP_ASSERT_EQ(probe(BUS_MIRROR, 16 * MiB, 256 * MiB), 16 * MiB);
	TAP_ASSERT_EQ(probe(BUS_MIRROR, 2 * MiB, 256 * MiB), 2 * MiB);
	TAP_ASSERT_EQ(probe(BUS_MIRROR, 1 * MiB, 256 * MiB), 1 * MiB);
	TAP_ASSERT_EQ(probe(BUS_MIRROR, 128 * MiB, 256 * MiB), 128 * MiB);
}

TAP_TEST(dropped_writes_and_a_floating_bus)
{
	TAP_ASSERT_EQ(probe(BUS_ECHO, 32 * MiB, 256 * MiB), 32 * MiB);
	TAP_ASSERT_EQ(probe(BUS_ECHO, 17920 * KiB, 256 * MiB), 17920 * KiB);
	TAP_ASSERT_EQ(probe(BUS_ECHO, 2 * MiB, 256 * MiB), 2 * MiB);
	/* Ending in MiB 1 below the scratch word: the echo of MiB 0 looks like
	 * a mirror of it, and RAM is taken to end at 1 MiB. Never more. */
	TAP_ASSERT_EQ(probe(BUS_ECHO, 1 * MiB + 8 * KiB, 256 * MiB), 1 * MiB);
}

TAP_TEST(a_hole_ends_ram)
{
	sim.hole_start = 40 * MiB;
	sim.hole_end = 41 * MiB;
	TAP_ASSERT_EQ(probe(BUS_HOLE, 128 * MiB, 256 * MiB), 40 * MiB);
	sim.hole_start = 40 * MiB + 12 * KiB;	/* inside a MiB */
	TAP_ASSERT_EQ(probe(BUS_HOLE, 128 * MiB, 256 * MiB), 40 * MiB + 12 * KiB);
}

TAP_TEST(aborts_beyond_ram)
{
	TAP_ASSERT_EQ(probe(BUS_ABORT, 48 * MiB, 256 * MiB), 48 * MiB);
	TAP_ASSERT_EQ(probe(BUS_ABORT, 17920 * KiB, 256 * MiB), 17920 * KiB);
}

/* The cost follows MiBs plus a binary search, not the pages of RAM. */
TAP_TEST(syncs_are_few)
{
	sim.syncs = 0;
	TAP_ASSERT_EQ(probe(BUS_PLAIN, 256 * MiB, 256 * MiB), 256 * MiB);
	TAP_ASSERT_EQ(sim.syncs, 4);	/* the MiBs, then the last page */
	sim.syncs = 0;
	TAP_ASSERT_EQ(probe(BUS_PLAIN, 17920 * KiB, 256 * MiB), 17920 * KiB);
	TAP_ASSERT(sim.syncs <= 2 + 2 * (1 + 9));
	TAP_ASSERT(sim.syncs >= 2 + 2 * 2);
}

/* Every size from 1 MiB to 3 MiB in pages, and a few in odd places. */
TAP_TEST(every_page_end_near_the_start)
{
	for (uint32_t size = SAFE + 4 * KiB; size <= 3 * MiB; size += 4 * KiB)
		TAP_ASSERT_EQ(probe(BUS_PLAIN, size, 256 * MiB), size);
	for (uint32_t size = 100 * MiB - 8 * KiB; size <= 101 * MiB; size += 4 * KiB)
		TAP_ASSERT_EQ(probe(BUS_ECHO, size, 256 * MiB), size);
}

int main(void)
{
	return tap_main();
}
