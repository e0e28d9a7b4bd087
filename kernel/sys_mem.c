/*
 * SYS_MAP and SYS_UNMAP. A task maps into itself or a task it controls
 * either frames it owns (MAP_PHYS, by physical address) or frames it has
 * mapped itself, with no more rights than its own mapping has. Mappings
 * go through add_mapping/remove_mapping, which do the VIVT maintenance of
 * docs/vm.md; frames stay with their owner when unmapped.
 */
#include <arch/cache.h>
#include <kernel/frames.h>
#include <kernel/syscall.h>
#include <mm/phys.h>
#include <uapi/errno.h>

static unsigned int map_vm_flags(uint32_t rights)
{
	return VM_USER | (rights & MAP_WRITE ? VM_WRITE : 0) |
	       (rights & MAP_EXEC ? VM_EXEC : 0);
}

/* A page-aligned, non-empty user range below the UTCB area. */
static bool user_range_ok(uint32_t va, uint32_t size)
{
	return IS_ALIGNED(va | size, PAGE_SIZE) && size &&
	       va >= MICA_USER_START && va < MICA_UTCB_AREA &&
	       size <= MICA_UTCB_AREA - va;
}

/* Whether cur's own mapping of the page at va grants rights. */
static int source_page(struct tcb *cur, uint32_t va, uint32_t rights, paddr_t *pa)
{
	unsigned int flags;

	if (vm_translate(cur->task->space, va, pa, &flags) || !(flags & VM_USER))
		return -EACCES;
	if (((rights & MAP_WRITE) && !(flags & VM_WRITE)) ||
	    ((rights & MAP_EXEC) && !(flags & VM_EXEC)))
		return -EACCES;
	return 0;
}

/* Checks every source page before anything is mapped. */
static int source_check(struct tcb *cur, uint32_t src, uint32_t size, uint32_t flags)
{
	paddr_t pa;

	if (flags & MAP_PHYS)
		return frames_owned(src, size, cur->task) ? 0 : -EACCES;
	for (uint32_t off = 0; off < size; off += PAGE_SIZE) {
		int err = source_page(cur, src + off, flags & MAP_RIGHTS, &pa);

		if (err)
			return err;
	}
	return 0;
}

/* Maps the checked source page by page; undoes it all on -ENOMEM/-EEXIST. */
static int map_pages(struct tcb *cur, struct task *t, uint32_t dst, uint32_t src,
		     uint32_t size, uint32_t flags)
{
	unsigned int vmf = map_vm_flags(flags);

	if (flags & MAP_PHYS)
		return task_map(t, dst, src, size, vmf);
	if ((flags & MAP_EXEC) && t->space == cur->task->space)
		dcache_clean_range(src, src + size);	/* code written through src */
	for (uint32_t off = 0; off < size; off += PAGE_SIZE) {
		paddr_t pa;
		int err;

		source_page(cur, src + off, flags & MAP_RIGHTS, &pa);
		err = task_map(t, dst + off, pa, PAGE_SIZE, vmf);
		if (err) {
			if (off)
				task_unmap(t, dst, off);
			return err;
		}
	}
	return 0;
}

int sys_map(struct tcb *cur)
{
	uint32_t id = cur->ctx.r[0], dst = cur->ctx.r[1], src = cur->ctx.r[2];
	uint32_t size = cur->ctx.r[3], flags = cur->ctx.r[4];
	struct task *t;
	int err = task_get(cur->task, id, &t);

	if (err)
		return err;
	if ((flags & ~(MAP_RIGHTS | MAP_PHYS)) || !(flags & MAP_READ) ||
	    !user_range_ok(dst, size) ||
	    (!(flags & MAP_PHYS) && !user_range_ok(src, size)) ||
	    ((flags & MAP_PHYS) && !IS_ALIGNED(src, PAGE_SIZE)))
		return -EINVAL;
	err = source_check(cur, src, size, flags);
	return err ? err : map_pages(cur, t, dst, src, size, flags);
}

int sys_unmap(struct tcb *cur)
{
	uint32_t id = cur->ctx.r[0], va = cur->ctx.r[1], size = cur->ctx.r[2];
	struct task *t;
	int err = task_get(cur->task, id, &t);

	if (err)
		return err;
	if (!user_range_ok(va, size))
		return -EINVAL;
	return task_unmap(t, va, size);
}
