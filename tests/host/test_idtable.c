/*
 * Host tests for the versioned id table (kernel/idtable.c): ids in slot
 * order at version 1, lookups of free, stale and out-of-range ids, FIFO
 * reuse of freed slots, the version's wrap from 0x7fff to 1, a full table,
 * idtable_next()'s walk, the BUGs, and a seeded random sequence against a
 * model.
 */
#include <stdlib.h>

#include <kernel/idtable.h>
#include <mm/fault_inject.h>

#include "fuzz.h"
#include "kshim.h"
#include "shim.h"
#include "tap.h"

#define ID(ver, slot)	(((uint32_t)(ver) << 16) | (slot))

static int objs[65536];

static void setup(struct idtable *t, uint32_t nslots)
{
	kshim_world_init(0);
	if (idtable_init(t, nslots))
		abort();
}

TAP_TEST(ids_in_slot_order_at_version_1)
{
	struct idtable t;

	setup(&t, 8);
	TAP_ASSERT_EQ(t.nfree, 7);
	for (uint32_t s = 1; s < 8; s++)
		TAP_ASSERT_EQ(idtable_alloc(&t, &objs[s]), ID(1, s));
	TAP_ASSERT_EQ(t.nfree, 0);
	for (uint32_t s = 1; s < 8; s++)
		TAP_ASSERT(idtable_lookup(&t, ID(1, s)) == &objs[s]);
}

TAP_TEST(full_table_gives_0)
{
	struct idtable t;

	setup(&t, 4);
	for (int i = 0; i < 3; i++)
		TAP_ASSERT(idtable_alloc(&t, &objs[i]) != 0);
	TAP_ASSERT_EQ(idtable_alloc(&t, &objs[9]), 0);
	TAP_ASSERT_EQ(idtable_alloc(&t, &objs[9]), 0);
	idtable_free(&t, ID(1, 2));
	TAP_ASSERT_EQ(idtable_alloc(&t, &objs[9]), ID(2, 2));
	TAP_ASSERT_EQ(idtable_alloc(&t, &objs[9]), 0);
}

TAP_TEST(largest_table_has_65534_ids)
{
	struct idtable t;

	setup(&t, IDTABLE_NONE);
	for (uint32_t s = 1; s < IDTABLE_NONE; s++)
		TAP_ASSERT_EQ(idtable_alloc(&t, &objs[s]), ID(1, s));
	TAP_ASSERT_EQ(idtable_alloc(&t, &objs[0]), 0);
	TAP_ASSERT(idtable_lookup(&t, ID(1, 0xffff)) == NULL);
	idtable_free(&t, ID(1, 0xfffe));
	TAP_ASSERT_EQ(idtable_alloc(&t, &objs[0]), ID(2, 0xfffe));
}

TAP_TEST(next_walks_live_slots_in_order)
{
	struct idtable t;

	setup(&t, 8);
	TAP_ASSERT(idtable_next(&t, 0) == NULL);
	for (uint32_t s = 1; s < 6; s++)
		idtable_alloc(&t, &objs[s]);
	idtable_free(&t, ID(1, 1));
	idtable_free(&t, ID(1, 3));
	TAP_ASSERT(idtable_next(&t, 0) == &objs[2]);		/* the first live */
	TAP_ASSERT(idtable_next(&t, ID(1, 2)) == &objs[4]);	/* skips freed 3 */
	TAP_ASSERT(idtable_next(&t, ID(1, 3)) == &objs[4]);	/* a stale id's slot */
	TAP_ASSERT(idtable_next(&t, ID(7, 4)) == &objs[5]);	/* any version */
	TAP_ASSERT(idtable_next(&t, ID(1, 5)) == NULL);		/* past the last */
	TAP_ASSERT(idtable_next(&t, ID(1, 0xffff)) == NULL);	/* out of range */
}

TAP_TEST(lookups_that_miss)
{
	struct idtable t;

	setup(&t, 8);
	TAP_ASSERT_EQ(idtable_alloc(&t, &objs[1]), ID(1, 1));
	TAP_ASSERT(idtable_lookup(&t, 0) == NULL);			/* TID_NIL */
	TAP_ASSERT(idtable_lookup(&t, 0xffffffffu) == NULL);		/* TID_ANY */
	TAP_ASSERT(idtable_lookup(&t, ID(1, 2)) == NULL);		/* free slot */
	TAP_ASSERT(idtable_lookup(&t, (1u << 31) | ID(1, 2)) == NULL);	/* its stored form */
	TAP_ASSERT(idtable_lookup(&t, (1u << 31) | ID(1, 1)) == NULL);
	TAP_ASSERT(idtable_lookup(&t, ID(2, 1)) == NULL);		/* future version */
	TAP_ASSERT(idtable_lookup(&t, ID(0, 1)) == NULL);
	TAP_ASSERT(idtable_lookup(&t, ID(1, 8)) == NULL);		/* out of range */
	TAP_ASSERT(idtable_lookup(&t, ID(1, 0)) == NULL);		/* slot 0 unused */
	TAP_ASSERT(idtable_lookup(&t, ID(1, 1)) == &objs[1]);
}

TAP_TEST(stale_id_misses_after_free_and_reuse)
{
	struct idtable t;
	uint32_t id, again;

	setup(&t, 2);
	id = idtable_alloc(&t, &objs[1]);
	idtable_free(&t, id);
	TAP_ASSERT(idtable_lookup(&t, id) == NULL);
	again = idtable_alloc(&t, &objs[2]);
	TAP_ASSERT_EQ(again, ID(2, 1));
	TAP_ASSERT(idtable_lookup(&t, id) == NULL);
	TAP_ASSERT(idtable_lookup(&t, again) == &objs[2]);
}

TAP_TEST(freed_slots_reused_fifo)
{
	struct idtable t;

	setup(&t, 8);
	for (uint32_t s = 1; s < 5; s++)
		idtable_alloc(&t, &objs[s]);
	/* Free: 5 6 7 never used; freeing 3 then 1 queues them behind 7. */
	idtable_free(&t, ID(1, 3));
	idtable_free(&t, ID(1, 1));
	TAP_ASSERT_EQ(idtable_alloc(&t, &objs[5]), ID(1, 5));
	TAP_ASSERT_EQ(idtable_alloc(&t, &objs[6]), ID(1, 6));
	idtable_free(&t, ID(1, 2));
	TAP_ASSERT_EQ(idtable_alloc(&t, &objs[7]), ID(1, 7));
	TAP_ASSERT_EQ(idtable_alloc(&t, &objs[3]), ID(2, 3));
	TAP_ASSERT_EQ(idtable_alloc(&t, &objs[1]), ID(2, 1));
	TAP_ASSERT_EQ(idtable_alloc(&t, &objs[2]), ID(2, 2));
	TAP_ASSERT_EQ(idtable_alloc(&t, &objs[0]), 0);
	TAP_ASSERT_EQ(t.free_head, IDTABLE_NONE);
	TAP_ASSERT_EQ(t.free_tail, IDTABLE_NONE);
	idtable_free(&t, ID(1, 4));	/* into an empty free list */
	TAP_ASSERT_EQ(idtable_alloc(&t, &objs[4]), ID(2, 4));
}

TAP_TEST(version_wraps_from_0x7fff_to_1)
{
	struct idtable t;
	uint32_t id = 0;

	setup(&t, 2);
	for (uint32_t v = 1; v <= 0x7fff; v++) {
		id = idtable_alloc(&t, &objs[1]);
		TAP_ASSERT_EQ(id, ID(v, 1));
		idtable_free(&t, id);
	}
	TAP_ASSERT_EQ(id, ID(0x7fff, 1));
	id = idtable_alloc(&t, &objs[1]);
	TAP_ASSERT_EQ(id, ID(1, 1));			/* never version 0, never bit 31 */
	TAP_ASSERT(idtable_lookup(&t, ID(0x7fff, 1)) == NULL);
	TAP_ASSERT(idtable_lookup(&t, id) == &objs[1]);
}

TAP_TEST(bugs)
{
	struct idtable t;
	uint32_t id;

	setup(&t, 4);
	id = idtable_alloc(&t, &objs[1]);
	SHIM_EXPECT_PANIC(idtable_free(&t, ID(1, 2)));	/* free slot */
	TAP_ASSERT(shim_panicked);
	idtable_free(&t, id);
	SHIM_EXPECT_PANIC(idtable_free(&t, id));	/* double free */
	TAP_ASSERT(shim_panicked);
	SHIM_EXPECT_PANIC(idtable_free(&t, ID(1, 9)));	/* out of range */
	TAP_ASSERT(shim_panicked);
	SHIM_EXPECT_PANIC(idtable_init(&t, 1));
	TAP_ASSERT(shim_panicked);
	SHIM_EXPECT_PANIC(idtable_init(&t, 0x10000));
	TAP_ASSERT(shim_panicked);
}

TAP_TEST(no_memory)
{
	struct idtable t = { 0 };

	kshim_world_init(0);
	fault_inject_set(FAULT_EVERY, 1, 0);
	TAP_ASSERT_EQ(idtable_init(&t, 4096), -12);	/* -ENOMEM */
	fault_inject_set(FAULT_OFF, 0, 0);
	TAP_ASSERT_EQ(idtable_init(&t, 4096), 0);
}

/* A model: per slot its live id or 0, the FIFO of free slots. */
TAP_TEST(random_against_model)
{
	enum { N = 17, STEPS = 200000 };
	struct idtable t;
	uint32_t live[N] = { 0 }, next_ver[N], fifo[N], head = 0, len = 0;
	uint32_t stale[64] = { 0 };

	fuzz_seed("idtable random");
	setup(&t, N);
	for (uint32_t s = 1; s < N; s++) {
		next_ver[s] = 1;
		fifo[len++] = s;
	}
	for (int step = 0; step < STEPS; step++) {
		uint32_t r = fuzz_rand() % 4, s = 1 + fuzz_rand() % (N - 1);

		if (r == 0 || (r == 1 && !live[s])) {
			uint32_t id = idtable_alloc(&t, &objs[step % 1000]);

			if (!len) {
				TAP_ASSERT_EQ(id, 0);
				continue;
			}
			s = fifo[head];
			head = (head + 1) % N;
			len--;
			TAP_ASSERT_EQ(id, ID(next_ver[s], s));
			live[s] = id;
			objs[step % 1000] = (int)id;
		} else if (r == 1) {
			idtable_free(&t, live[s]);
			stale[step % 64] = live[s];
			next_ver[s] = next_ver[s] % 0x7fff + 1;
			live[s] = 0;
			fifo[(head + len++) % N] = s;
		} else {
			uint32_t id = r == 2 ? live[s] : stale[fuzz_rand() % 64];
			int *o = idtable_lookup(&t, id);
			bool is_live = id && live[id & 0xffff] == id;

			TAP_ASSERT(is_live ? o && (uint32_t)*o == id : o == NULL);
		}
		TAP_ASSERT_EQ(t.nfree, len);
	}
}

int main(void)
{
	return tap_main();
}
