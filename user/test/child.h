/*
 * Child tasks for the robustness tests: a new task with this program's
 * image (text, read-only data, data and .bss, from the link address to
 * _end) mapped at the same addresses with the same rights, so threads
 * created in it run this program's functions on stacks in the shared
 * .bss. The data is shared, not copied: children and parent see the same
 * globals (the kernel keeps VIVT caches coherent across the switch of
 * address spaces). Children must not use stdio (its buffer is shared).
 */
#ifndef MICA_TEST_CHILD_H
#define MICA_TEST_CHILD_H

#include <mica.h>

#define CHILD_IMAGE_START	0x00010000u	/* user/user.lds */
#define CHILD_PAGE		4096u

extern char _end[];

/* Maps our image into task page by page, each with our rights (after
 * the root task has paged it all in). */
static inline int child_map_image(uint32_t task)
{
	/* Writable first: ARMv5 has no XN bit, so data pages read as executable. */
	static const unsigned int rights[] = {
		MAP_READ | MAP_WRITE, MAP_READ | MAP_EXEC, MAP_READ,
	};

	mica_prefault((const void *)CHILD_IMAGE_START, (uintptr_t)_end - CHILD_IMAGE_START);
	for (uintptr_t va = CHILD_IMAGE_START; va < (uintptr_t)_end; va += CHILD_PAGE) {
		int err = -EACCES;

		for (unsigned int i = 0; i < 3 && err == -EACCES; i++)
			err = mica_map(task, va, va, CHILD_PAGE, rights[i]);
		if (err)
			return err;
	}
	return 0;
}

/* A new task called name with quota bytes and our image; its id or an error. */
static inline int child_task_create(const char *name, uint32_t quota)
{
	int task = mica_task_create(name, quota);
	int err;

	if (task < 0)
		return task;
	err = child_map_image((uint32_t)task);
	if (err) {
		mica_task_destroy((uint32_t)task);
		return err;
	}
	return task;
}

/* A thread in task running fn(arg) on [stack, stack + size), at prio. */
static inline int child_thread_create(uint32_t task, void (*fn)(uint32_t),
				      void *stack, size_t size, unsigned int prio,
				      uint32_t arg)
{
	uintptr_t sp = ((uintptr_t)stack + size) & ~(uintptr_t)7;

	return mica_thread_create(task, (uintptr_t)fn, sp, prio, TID_NIL, arg);
}

#endif
