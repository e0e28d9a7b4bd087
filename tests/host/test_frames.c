/*
 * Host tests for the root task's frames (pager/frames.c) over the real
 * buddy (mm/buddy*.c) and a fake grant: 21 ranges (more than
 * BUDDY_MAX_RESERVE) out of order with gaps between them. mica_map() is
 * faked with mmap() at the address asked for, so the window holds exactly
 * the granted ranges and a touch of a gap (a kernel frame) crashes.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <mica.h>
#include <mm/buddy.h>

#include "../../pager/root.h"
#include "shim.h"
#include "tap.h"

#define SMALL		18	/* ranges of 3 frames at 0x900000 + i * 64 KiB */
#define NR_RANGES	(3 + SMALL)
#define SPAN_START	0x123000u
#define SPAN_END	(0x900000u + (SMALL - 1) * 0x10000u + 3 * 4096u)
#define GRANTED		(1024 + 13 + 256 + SMALL * 3)

static struct mica_bootinfo fake_bootinfo;
const struct mica_bootinfo *bootinfo = &fake_bootinfo;

static unsigned int maps;	/* mica_map() calls */
static bool map_wrong;		/* one that frames.c should not have made */

int mica_map(uint32_t task, uintptr_t dst, uintptr_t src, size_t size,
	     unsigned int flags)
{
	void *p = mmap((void *)dst, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);

	maps++;
	if (task != MICA_TASK_SELF || flags != (MAP_PHYS | MAP_READ | MAP_WRITE) ||
	    dst != ROOT_RAM_VA + src || p != (void *)dst)
		map_wrong = true;
	return 0;
}

const char *mica_strerror(int err)
{
	return err ? "E?" : "OK";
}

static void grant(void)
{
	struct mica_frame_range *r = fake_bootinfo.ranges;

	r[0] = (struct mica_frame_range){ 0x400000, 1024 };	/* largest first */
	r[1] = (struct mica_frame_range){ SPAN_START, 13 };
	r[2] = (struct mica_frame_range){ 0x200000, 256 };
	for (unsigned int i = 0; i < SMALL; i++)
		r[3 + i] = (struct mica_frame_range){ 0x900000 + i * 0x10000, 3 };
	fake_bootinfo.nr_ranges = NR_RANGES;
}

/* The metadata's frames: the buddy's per-frame state for the span. */
static uint32_t meta_frames(void)
{
	return buddy_meta_size(SPAN_END - SPAN_START) / PAGE_SIZE;
}

/* A fresh window and allocator over the fake grant. */
static void setup(void)
{
	munmap((void *)ROOT_RAM_VA, ROOT_RAM_SIZE);
	maps = 0;
	map_wrong = false;
	grant();
	frames_init();
}

/* Whether [pa, pa + frames pages) lies in one granted range, past the metadata. */
static bool granted_block(uint32_t pa, uint32_t frames)
{
	if (pa < 0x400000 + meta_frames() * PAGE_SIZE && pa + frames * PAGE_SIZE > 0x400000)
		return false;
	for (unsigned int i = 0; i < NR_RANGES; i++) {
		const struct mica_frame_range *r = &fake_bootinfo.ranges[i];

		if (pa >= r->pa && pa + frames * PAGE_SIZE <= r->pa + r->pages * PAGE_SIZE)
			return true;
	}
	return false;
}

TAP_TEST(init_maps_every_range_and_counts_exactly)
{
	setup();
	TAP_ASSERT_EQ(maps, NR_RANGES);
	TAP_ASSERT(!map_wrong);
	TAP_ASSERT_EQ(meta_frames(), 5);	/* 2288 frames: 18310 bytes */
	TAP_ASSERT_EQ(frames_managed(), GRANTED);
	TAP_ASSERT_EQ(frames_free(), GRANTED - meta_frames());
	TAP_ASSERT_EQ(frame_va(0x400000), (void *)(uintptr_t)(ROOT_RAM_VA + 0x400000));
	TAP_ASSERT_EQ(buddy_frame_state(0x400000, NULL), FRAME_RESERVED);
	TAP_ASSERT_EQ(buddy_frame_state(0x404000, NULL), FRAME_RESERVED);
	TAP_ASSERT_EQ(buddy_frame_state(0x405000, NULL), FRAME_FREE);
	TAP_ASSERT_EQ(buddy_frame_state(0x130000, NULL), FRAME_RESERVED);	/* a gap */
	TAP_ASSERT_EQ(buddy_frame_state(SPAN_END, NULL), FRAME_NONE);
	TAP_ASSERT_EQ(frames_check(), 0);
}

TAP_TEST(alloc_and_free_are_exact)
{
	uint32_t pa, big, free0;

	setup();
	free0 = frames_free();
	TAP_ASSERT_EQ(frame_alloc(&pa), 0);
	TAP_ASSERT(granted_block(pa, 1));
	TAP_ASSERT_EQ(frames_free(), free0 - 1);
	TAP_ASSERT_EQ(frames_alloc(BUDDY_TOP_ORDER, &big), 0);	/* 0x400000 is */
	TAP_ASSERT_EQ(big, 0x600000);			/* metadata; 0x600000 is not */
	TAP_ASSERT_EQ(frames_alloc(BUDDY_TOP_ORDER, &big), -ENOMEM);
	TAP_ASSERT_EQ(frames_alloc(BUDDY_MAX_ORDER, &big), -ENOMEM);
	TAP_ASSERT_EQ(frames_free(), free0 - 1 - 512);
	TAP_ASSERT_EQ(frames_alloc(8, &big), 0);
	TAP_ASSERT(IS_ALIGNED(big, 256 * PAGE_SIZE) && granted_block(big, 256));
	memset(frame_va(big), 0xa5, 256 * PAGE_SIZE);
	TAP_ASSERT_EQ(frames_check(), 0);
	frames_free_block(big, 8);
	frames_free_block(0x600000, BUDDY_TOP_ORDER);
	frames_free_block(pa, 0);
	TAP_ASSERT_EQ(frames_free(), free0);
	TAP_ASSERT_EQ(frames_check(), 0);
}

TAP_TEST(exhaustion_hands_out_every_granted_frame_once)
{
	static uint32_t got[GRANTED];
	uint32_t n = 0, free0, pa;

	setup();
	free0 = frames_free();
	while (frame_alloc(&pa) == 0) {
		TAP_ASSERT(n < free0 && granted_block(pa, 1));
		memset(frame_va(pa), 0x5a, PAGE_SIZE);
		got[n++] = pa;
	}
	TAP_ASSERT_EQ(n, free0);
	TAP_ASSERT_EQ(frames_free(), 0);
	TAP_ASSERT_EQ(frames_check(), 0);
	for (uint32_t i = 0; i < n; i++)
		frames_free_block(got[i], 0);
	TAP_ASSERT_EQ(frames_free(), free0);
	TAP_ASSERT_EQ(frames_check(), 0);
	TAP_ASSERT_EQ(frames_alloc(BUDDY_TOP_ORDER, &pa), 0);	/* merged again */
}

TAP_TEST(reclaim_frees_exactly_one_tasks_frames)
{
	uint32_t a, b, c, d, free0;

	setup();
	free0 = frames_free();
	TAP_ASSERT_EQ(frames_alloc(3, &a), 0);
	TAP_ASSERT_EQ(frame_alloc(&b), 0);
	TAP_ASSERT_EQ(frames_alloc(5, &c), 0);
	TAP_ASSERT_EQ(frame_alloc(&d), 0);		/* the root task's own */
	frames_set_user(a, 3, 7);
	frames_set_user(b, 0, 7);
	frames_set_user(c, 5, 9);
	TAP_ASSERT_EQ(frames_used_by(7), 9);
	TAP_ASSERT_EQ(frames_used_by(9), 32);
	TAP_ASSERT_EQ(frames_used_by(8), 0);
	TAP_ASSERT_EQ(frames_reclaim(7), 9);
	TAP_ASSERT_EQ(frames_free(), free0 - 32 - 1);
	TAP_ASSERT_EQ(frames_used_by(7), 0);
	TAP_ASSERT_EQ(frames_reclaim(7), 0);
	TAP_ASSERT_EQ(frames_used_by(9), 32);
	TAP_ASSERT_EQ(buddy_frame_state(d, NULL), FRAME_ALLOC);
	TAP_ASSERT_EQ(frames_check(), 0);
	TAP_ASSERT_EQ(frames_reclaim(9), 32);
	frames_free_block(d, 0);
	TAP_ASSERT_EQ(frames_free(), free0);
	TAP_ASSERT_EQ(frames_check(), 0);
}

TAP_TEST(double_free_is_a_bug)
{
	uint32_t pa;

	setup();
	TAP_ASSERT_EQ(frame_alloc(&pa), 0);
	frames_free_block(pa, 0);
	SHIM_EXPECT_PANIC(frames_free_block(pa, 0));
	TAP_ASSERT(shim_panicked);
	TAP_ASSERT(strstr(shim_panic_msg, "double free"));
}

/* The model of random_ops_match_a_model: the blocks held, and by whom. */
struct held {
	uint32_t pa;
	unsigned int order;
	uint32_t slot;		/* 0: the root task's own */
	uint8_t fill;
};

#define MAX_HELD	256
#define SLOTS		4

static struct held held[MAX_HELD];
static unsigned int nr_held;
static uint8_t owner[(SPAN_END - SPAN_START) / 4096];	/* frame held: 1 */

/* Marks the block's frames held (or not); false if one already was. */
static bool model_mark(uint32_t pa, unsigned int order, uint8_t v)
{
	for (uint32_t i = 0; i < 1u << order; i++) {
		uint8_t *o = &owner[(pa - SPAN_START) / PAGE_SIZE + i];

		if (*o == v)
			return false;
		*o = v;
	}
	return true;
}

static uint32_t model_used(uint32_t slot, uint32_t *total)
{
	uint32_t n = 0;

	*total = 0;
	for (unsigned int i = 0; i < nr_held; i++) {
		*total += 1u << held[i].order;
		if (held[i].slot == slot)
			n += 1u << held[i].order;
	}
	return n;
}

/* Whether the block still holds the bytes written when it was taken. */
static bool block_intact(const struct held *h)
{
	const uint8_t *p = frame_va(h->pa);

	for (uint32_t i = 0; i < (PAGE_SIZE << h->order); i++)
		if (p[i] != h->fill)
			return false;
	return true;
}

static void model_drop(unsigned int i)
{
	model_mark(held[i].pa, held[i].order, 0);
	held[i] = held[--nr_held];
}

TAP_TEST(random_ops_match_a_model)
{
	uint32_t free0, total;

	setup();
	srand(20261202);
	free0 = frames_free();
	nr_held = 0;
	memset(owner, 0, sizeof(owner));
	for (unsigned int step = 0; step < 20000; step++) {
		int r = rand() % 16;

		if (r < 8 && nr_held < MAX_HELD) {
			struct held h = { .order = rand() % 5 ? 0 : rand() % 6,
					  .slot = rand() % SLOTS, .fill = rand() };
			int err = frames_alloc(h.order, &h.pa);

			if (err)
				continue;
			TAP_ASSERT(IS_ALIGNED(h.pa, PAGE_SIZE << h.order));
			TAP_ASSERT(granted_block(h.pa, 1u << h.order));
			TAP_ASSERT(model_mark(h.pa, h.order, 1));
			memset(frame_va(h.pa), h.fill, PAGE_SIZE << h.order);
			if (h.slot)
				frames_set_user(h.pa, h.order, h.slot);
			held[nr_held++] = h;
		} else if (r < 15 && nr_held) {
			unsigned int i = rand() % nr_held;

			TAP_ASSERT(block_intact(&held[i]));
			frames_free_block(held[i].pa, held[i].order);
			model_drop(i);
		} else if (r == 15) {
			uint32_t slot = 1 + rand() % (SLOTS - 1);
			uint32_t want = model_used(slot, &total);

			TAP_ASSERT_EQ(frames_used_by(slot), want);
			TAP_ASSERT_EQ(frames_reclaim(slot), want);
			for (unsigned int i = nr_held; i-- > 0;)
				if (held[i].slot == slot)
					model_drop(i);
		}
		model_used(0, &total);
		TAP_ASSERT_EQ(frames_free(), free0 - total);
		if (step % 500 == 0)
			TAP_ASSERT_EQ(frames_check(), 0);
	}
	for (unsigned int slot = 1; slot < SLOTS; slot++)
		frames_reclaim(slot);
	for (unsigned int i = 0; i < nr_held; i++)
		if (!held[i].slot)
			frames_free_block(held[i].pa, held[i].order);
	TAP_ASSERT_EQ(frames_free(), free0);
	TAP_ASSERT_EQ(frames_check(), 0);
}

int main(void)
{
	shim_quiet = true;
	return tap_main();
}
