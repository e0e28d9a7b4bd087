/*
 * What the kernel tells the root task at start: a read-only struct
 * mica_bootinfo mapped at MICA_BOOTINFO_VA in its space (its first thread
 * starts with r0 = 0: no start-up block).
 * Frame ranges are physical; the root task owns every frame in them and
 * maps them where it wants with SYS_MAP(MAP_PHYS).
 */
#ifndef MICA_UAPI_BOOTINFO_H
#define MICA_UAPI_BOOTINFO_H

#define MICA_BOOTINFO_VA	0xbfe00000u
#define MICA_ROOT_STACK_TOP	0xbfd00000u	/* the root task's initial sp */
#define MICA_ROOT_STACK_SIZE	0x00010000u
#define MICA_BOOTINFO_MAGIC	0x6d696361u	/* "mica" */
#define MICA_BOOTINFO_RANGES	64
#define MICA_BOOTINFO_ARGS	256

#ifndef __ASSEMBLY__
#include <stdint.h>

struct mica_frame_range {
	uint32_t pa;			/* page aligned */
	uint32_t pages;
};

struct mica_bootinfo {
	uint32_t magic;
	uint32_t ram_bytes;		/* all RAM */
	uint32_t kernel_reserve;	/* bytes the kernel kept for its objects */
	uint32_t tick_hz;
	uint32_t initrd_pa, initrd_size;	/* the module archive (0, 0: none) */
	uint32_t nr_ranges;		/* granted free frames, adjacent ones merged */
	struct mica_frame_range ranges[MICA_BOOTINFO_RANGES];
	uint32_t root_task;		/* the root task's id */
	uint32_t image_pages;		/* frames of its image, stack and this page */
	char args[MICA_BOOTINFO_ARGS];	/* the command line after " -- " */
};
#endif

#endif
