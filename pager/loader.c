/*
 * Loading a program: a new task, paged by the root task (paging.c): its
 * segments come in on first touch. Only the stack's top page is there
 * from the start, holding the start-up block (<mica/startup.h>), filled
 * through the root task's RAM window (frame_va(); the switch to the new
 * task writes the D-cache back, docs/vm.md). Then the first thread, with
 * the root task as its pager.
 */
#include <lib/elf.h>
#include <mica.h>
#include <mica/startup.h>
#include <string.h>

#include "root.h"

#define PAGE_SIZE	4096u

/* The stack's top page, holding the start-up block at *sp. */
static int stack_load(uint32_t task, int argc, const char *const argv[],
		      uint32_t *sp)
{
	static uint8_t buf[PAGE_SIZE];
	uint32_t pa;
	int len = mica_startup_build(buf, sizeof(buf), PROGRAM_STACK_TOP,
				     mica_thread_self(), argc, argv);
	int err = len < 0 ? len : frame_alloc(&pa);

	if (err)
		return err;
	memset(frame_va(pa), 0, PAGE_SIZE - len);
	memcpy((uint8_t *)frame_va(pa) + PAGE_SIZE - len, buf, len);
	frames_set_user(pa, 0, TID_SLOT(task));
	*sp = PROGRAM_STACK_TOP - len;
	return mica_map(task, PROGRAM_STACK_TOP - PAGE_SIZE, pa, PAGE_SIZE,
			MAP_PHYS | MAP_READ | MAP_WRITE);
}

int program_start(const void *elf, size_t len, const char *name, int argc,
		  const char *const argv[], unsigned int prio)
{
	struct elf_info info;
	uint32_t sp;
	int task, tid, err;

	err = elf_check(elf, len, MICA_USER_START, PROGRAM_STACK_GUARD, &info);
	if (err)
		return err;
	task = mica_task_create(name, 0);
	if (task < 0)
		return task;
	err = paging_task_add(task, elf, &info);
	if (err) {
		mica_task_destroy(task);
		return err;
	}
	err = stack_load(task, argc, argv, &sp);
	tid = err ? err : mica_thread_create(task, info.entry, sp, prio,
					     mica_thread_self(), sp);
	if (tid < 0)
		paging_task_remove(task);
	return tid;
}
