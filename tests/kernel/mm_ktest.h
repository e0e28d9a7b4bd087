/*
 * Helpers shared by the in-kernel mm tests: a fingerprint of the buddy's
 * free block layout, so that a test can check that freeing everything it
 * took restores the exact blocks it started from.
 */
#ifndef MICA_TESTS_KERNEL_MM_KTEST_H
#define MICA_TESTS_KERNEL_MM_KTEST_H

#include <mm/buddy.h>

#include "../../mm/internal.h"

/* Returns an FNV-1a hash of every free block's (frame, order), hot cache drained. */
static inline uint64_t mm_layout_hash(void)
{
	uint64_t h = 0xcbf29ce484222325ull;
	struct frame_info fi;
	pfn_t i;

	buddy_drain();
	for (i = 0; i < mm_nr_frames; i++) {
		paddr_t pa = (paddr_t)(mm_base_pfn + i) << PAGE_SHIFT;

		if (buddy_frame_state(pa, &fi) == FRAME_FREE) {
			h = (h ^ pa) * 0x100000001b3ull;
			h = (h ^ fi.order) * 0x100000001b3ull;
		}
	}
	return h;
}

#endif
