/*
 * The root task's frames: handed out in order from the ranges the kernel
 * granted (bootinfo). Nothing is given back yet: tasks the root task
 * starts keep their frames for good (the pager reuses mm/buddy.c for that).
 */
#include <uapi/errno.h>

#include "root.h"

#define PAGE_SIZE	4096u

static unsigned int range;	/* the range being used */
static uint32_t next;		/* its next free frame's offset in pages */
static uint32_t left;		/* free frames in all ranges */

void frames_init(void)
{
	for (unsigned int i = 0; i < bootinfo->nr_ranges; i++)
		left += bootinfo->ranges[i].pages;
}

int frame_alloc(uint32_t *pa)
{
	while (range < bootinfo->nr_ranges && next == bootinfo->ranges[range].pages) {
		range++;
		next = 0;
	}
	if (range == bootinfo->nr_ranges)
		return -ENOMEM;
	*pa = bootinfo->ranges[range].pa + next++ * PAGE_SIZE;
	left--;
	return 0;
}

uint32_t frames_free(void)
{
	return left;
}
