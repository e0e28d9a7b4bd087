/*
 * Loading a program: every PT_LOAD segment into frames of the root task,
 * filled through its RAM window (frame_va(); the switch to the new task
 * writes the D-cache back, docs/vm.md) and then mapped into the new task
 * with the segment's rights; a stack whose top page holds the start-up
 * block (<mica/startup.h>); then the first thread.
 */
#include <lib/elf.h>
#include <mica.h>
#include <mica/startup.h>
#include <string.h>

#include "root.h"

#define PAGE_SIZE	4096u

static unsigned int elf_rights(uint32_t flags)
{
	return MAP_READ | (flags & ELF_PF_W ? MAP_WRITE : 0) |
	       (flags & ELF_PF_X ? MAP_EXEC : 0);
}

/*
 * Maps a new frame at va in task, its bytes from fill(page, cookie) (the
 * page is zeroed first). Returns 0 or a negated error.
 */
static int page_add(uint32_t task, uint32_t va, unsigned int rights,
		    void (*fill)(uint8_t *page, const void *cookie), const void *cookie)
{
	uint32_t pa;
	int err = frame_alloc(&pa);

	if (err)
		return err;
	memset(frame_va(pa), 0, PAGE_SIZE);
	fill(frame_va(pa), cookie);
	return mica_map(task, va, pa, PAGE_SIZE, MAP_PHYS | rights);
}

struct seg_page {
	const struct elf_segment *seg;
	uint32_t page;			/* the page's virtual address */
};

/* The part of the segment's file bytes that falls in this page. */
static void seg_fill(uint8_t *page, const void *cookie)
{
	const struct seg_page *sp = cookie;
	const struct elf_segment *seg = sp->seg;
	uint32_t lo = sp->page > seg->vaddr ? sp->page : seg->vaddr;
	uint32_t hi = seg->vaddr + seg->filesz;

	if (hi > sp->page + PAGE_SIZE)
		hi = sp->page + PAGE_SIZE;
	if (lo < hi)
		memcpy(page + (lo - sp->page),
		       (const uint8_t *)seg->data + (lo - seg->vaddr), hi - lo);
}

static int segment_load(uint32_t task, const struct elf_segment *seg)
{
	struct seg_page sp = { .seg = seg };
	uint32_t end = seg->vaddr + seg->memsz;

	for (sp.page = seg->vaddr & ~(PAGE_SIZE - 1); sp.page < end; sp.page += PAGE_SIZE) {
		int err = page_add(task, sp.page, elf_rights(seg->flags), seg_fill, &sp);

		if (err)
			return err;
	}
	return 0;
}

struct block {
	const uint8_t *bytes;
	int len;
};

static void block_fill(uint8_t *page, const void *cookie)
{
	const struct block *b = cookie;

	memcpy(page + PAGE_SIZE - b->len, b->bytes, b->len);
}

static void zero_fill(uint8_t *page, const void *cookie)
{
	(void)page;
	(void)cookie;
}

/* The stack, its top page holding the start-up block at *sp. */
static int stack_load(uint32_t task, int argc, const char *const argv[],
		      uint32_t *sp)
{
	static uint8_t buf[PAGE_SIZE];
	struct block b = { .bytes = buf };
	uint32_t va;
	int err;

	b.len = mica_startup_build(buf, sizeof(buf), PROGRAM_STACK_TOP,
				   mica_thread_self(), argc, argv);
	if (b.len < 0)
		return b.len;
	err = page_add(task, PROGRAM_STACK_TOP - PAGE_SIZE, MAP_READ | MAP_WRITE,
		       block_fill, &b);
	for (va = PROGRAM_STACK_TOP - 2 * PAGE_SIZE;
	     !err && va >= PROGRAM_STACK_TOP - PROGRAM_STACK_SIZE; va -= PAGE_SIZE)
		err = page_add(task, va, MAP_READ | MAP_WRITE, zero_fill, NULL);
	*sp = PROGRAM_STACK_TOP - b.len;
	return err;
}

static int image_load(uint32_t task, const void *elf, const struct elf_info *info)
{
	struct elf_segment seg;

	for (unsigned int i = 0; i < info->nr_segments; i++) {
		int err = elf_segment(elf, info, i, &seg);

		if (!err)
			err = segment_load(task, &seg);
		if (err)
			return err;
	}
	return 0;
}

int program_start(const void *elf, size_t len, const char *name, int argc,
		  const char *const argv[], unsigned int prio)
{
	struct elf_info info;
	uint32_t sp;
	int task, tid, err;

	err = elf_check(elf, len, MICA_USER_START,
			PROGRAM_STACK_TOP - PROGRAM_STACK_SIZE, &info);
	if (err)
		return err;
	task = mica_task_create(name, 0);
	if (task < 0)
		return task;
	err = image_load(task, elf, &info);
	if (!err)
		err = stack_load(task, argc, argv, &sp);
	tid = err ? err : mica_thread_create(task, info.entry, sp, prio, TID_NIL, sp);
	if (tid < 0)
		mica_task_destroy(task);
	return tid;
}
