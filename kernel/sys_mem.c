/*
 * SYS_MAP and SYS_UNMAP, and the map items of pagers' fault replies. A
 * task maps into itself or a task it controls either frames it owns
 * (MAP_PHYS, by physical address) or pages it has mapped itself, with no
 * more rights than its own mapping has; MAP_GRANT moves instead of
 * sharing. Every mapping is recorded in the mapping database
 * (kernel/mapdb.c), so unmap revokes what was derived from it too.
 * Everything is checked before anything changes.
 */
#include <arch/cache.h>
#include <kernel/frames.h>
#include <kernel/mapdb.h>
#include <kernel/syscall.h>
#include <mm/phys.h>
#include <uapi/errno.h>

/* A page-aligned, non-empty user range below the UTCB area. */
static bool user_range_ok(uint32_t va, uint32_t size)
{
	return IS_ALIGNED(va | size, PAGE_SIZE) && size &&
	       va >= MICA_USER_START && va < MICA_UTCB_AREA &&
	       size <= MICA_UTCB_AREA - va;
}

/* The frame and mapping record of page `off` of the source. */
struct map_src {
	paddr_t pa;
	struct mapnode *node;	/* NULL: a frame the sender owns */
};

static int source_page(struct task *from, uint32_t src, uint32_t off,
		       uint32_t flags, struct map_src *s)
{
	unsigned int rights;

	if (flags & MAP_PHYS) {
		s->pa = src + off;
		s->node = NULL;
		return 0;
	}
	s->node = mapdb_find(from, src + off, &s->pa, &rights);
	if (!s->node || (flags & MAP_RIGHTS & ~rights))
		return -EACCES;
	return 0;
}

/* Decode: arguments, sources, destination and quota, before any change. */
static int map_check(struct task *from, struct task *to, uint32_t dst,
		     uint32_t src, uint32_t size, uint32_t flags)
{
	struct map_src s;
	paddr_t pa;
	unsigned int vmf;

	if ((flags & ~(MAP_RIGHTS | MAP_PHYS | MAP_GRANT)) || !(flags & MAP_READ) ||
	    !user_range_ok(dst, size) ||
	    (!(flags & MAP_PHYS) && !user_range_ok(src, size)) ||
	    ((flags & MAP_PHYS) && !IS_ALIGNED(src, PAGE_SIZE)))
		return -EINVAL;
	if ((flags & MAP_PHYS) && !frames_owned(src, size, from))
		return -EACCES;
	for (uint32_t off = 0; off < size; off += PAGE_SIZE) {
		int err = source_page(from, src, off, flags, &s);

		if (err)
			return err;
		if (!vm_translate(to->space, dst + off, &pa, &vmf))
			return -EEXIST;
	}
	/* the quota check of every page's mapdb_map_checked(), done once */
	if (!mapdb_room(to, dst, size))
		return -ENOMEM;
	return 0;
}

/* Maps (or moves, for a virtual grant) one checked page. */
static int map_page(struct task *to, uint32_t va,
		    const struct map_src *s, uint32_t flags)
{
	if ((flags & (MAP_GRANT | MAP_PHYS)) == MAP_GRANT)
		return mapdb_move(s->node, s->pa, to, va, flags & MAP_RIGHTS);
	return mapdb_map_checked(to, va, s->pa, flags & MAP_RIGHTS, s->node);
}

/* Takes back pages [dst, dst + done) a failed map made. */
static void map_undo(struct task *to, uint32_t dst, uint32_t done)
{
	for (uint32_t off = 0; off < done; off += PAGE_SIZE) {
		unsigned int rights;
		paddr_t pa;
		struct mapnode *n = mapdb_find(to, dst + off, &pa, &rights);

		mapdb_revoke(n, pa, MAP_READ);
	}
}

int mem_map(struct task *from, struct task *to, uint32_t dst, uint32_t src,
	    uint32_t size, uint32_t flags)
{
	int err = map_check(from, to, dst, src, size, flags);
	struct map_src s;

	if (err)
		return err;
	if ((flags & MAP_EXEC) && !(flags & MAP_PHYS) && to->space == from->space)
		dcache_clean_range(src, src + size);	/* code written through src */
	if ((flags & (MAP_GRANT | MAP_PHYS)) == (MAP_GRANT | MAP_PHYS))
		frames_give(src, size >> PAGE_SHIFT, from, to);
	for (uint32_t off = 0; off < size; off += PAGE_SIZE) {
		source_page(from, src, off, flags, &s);
		err = map_page(to, dst + off, &s, flags);
		if (err) {		/* only when the kernel reserve ran out */
			if (!(flags & MAP_GRANT))
				map_undo(to, dst, off);
			return err;
		}
	}
	return 0;
}

int sys_map(struct tcb *cur)
{
	struct task *t;
	int err = task_get(cur->task, cur->ctx.r[0], &t);

	if (err)
		return err;
	return mem_map(cur->task, t, cur->ctx.r[1], cur->ctx.r[2], cur->ctx.r[3],
		       cur->ctx.r[4]);
}

/* UNMAP_PHYS: frames the caller owns, wherever they are mapped. */
static int unmap_phys(struct task *t, paddr_t pa, uint32_t size, unsigned int rights)
{
	if (!IS_ALIGNED(pa | size, PAGE_SIZE) || !size)
		return -EINVAL;
	if (!frames_owned(pa, size, t))
		return -EACCES;
	for (uint32_t off = 0; off < size; off += PAGE_SIZE)
		mapdb_revoke_frame(pa + off, rights);
	return 0;
}

int sys_unmap(struct tcb *cur)
{
	uint32_t va = cur->ctx.r[1], size = cur->ctx.r[2], flags = cur->ctx.r[3];
	unsigned int rights = flags & MAP_RIGHTS ? flags & MAP_RIGHTS : MAP_RIGHTS;
	struct task *t;
	int err = task_get(cur->task, cur->ctx.r[0], &t);

	if (err)
		return err;
	if (flags & ~(MAP_RIGHTS | UNMAP_PHYS))
		return -EINVAL;
	if (flags & UNMAP_PHYS)
		return t == cur->task ? unmap_phys(t, va, size, rights) : -EINVAL;
	if (!user_range_ok(va, size))
		return -EINVAL;
	for (uint32_t off = 0; off < size; off += PAGE_SIZE) {
		struct map_src s;

		if (!source_page(t, va, off, MAP_READ, &s))
			mapdb_revoke(s.node, s.pa, rights);
	}
	return 0;
}
