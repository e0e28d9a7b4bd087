/*
 * Host tests of the mapping database and the memory calls through the
 * real kernel code (kernel/sys_mem.c, mapdb.c, frames.c, task.c over
 * kshim.c and the real mm/, see mapdb_world.h): MAP_PHYS of owned frames,
 * maps derived from one's own mappings, every error with nothing changed,
 * virtual and frame grants, recursive and rights-only revokes, UNMAP_PHYS,
 * a task's death, and the cache and TLB maintenance of a revoke in the
 * current space and in another one. After every step the page tables
 * (vm_translate), the records (mapdb_find, mapdb_nodes), each task's
 * mapped count and quota use, and frames_check() are checked.
 */
#include <mm/buddy.h>
#include <uapi/errno.h>

#include "mapdb_world.h"
#include "shim.h"
#include "tap.h"
#include "vm_recorder.h"

#define PAGE		0x1000u		/* PAGE_SIZE, a variable on the host */
#define VA(i)		(0x00100000u + (i) * PAGE)	/* one MiB */
#define R		MAP_READ
#define RW		(MAP_READ | MAP_WRITE)
#define RWX		MAP_RIGHTS
#define PHYS		MAP_PHYS
#define GRANT		MAP_GRANT
#define SELF		MICA_TASK_SELF

static struct task *root;

/* f(i): the i-th frame of the root task's grant (the first 32 contiguous). */
static paddr_t f(unsigned int i)
{
	return mw_frame(i);
}

/* t maps va to pa with exactly rights, in its page table and its record. */
static bool has(struct task *t, uint32_t va, paddr_t pa, unsigned int rights)
{
	paddr_t got, rec;
	unsigned int flags, r;

	if (vm_translate(t->space, va, &got, &flags) || got != pa ||
	    !(flags & VM_USER) || !(flags & VM_WRITE) != !(rights & MAP_WRITE) ||
	    ((rights & MAP_EXEC) && !(flags & VM_EXEC)))
		return false;
	return mapdb_find(t, va, &rec, &r) && rec == pa && r == rights;
}

static bool gone(struct task *t, uint32_t va)
{
	paddr_t pa;
	unsigned int flags;

	return vm_translate(t->space, va, &pa, &flags) != 0;
}

/*
 * The accounts agree: frames_check(), each task's list of mappings as
 * long as its mapped count, their sum mapdb_nodes(), and each task's
 * quota use its table, tables, records and threads.
 */
static bool sound(void)
{
	uint32_t nodes = 0;

	if (frames_check())
		return false;
	for (uint32_t s = 1; s < task_ids.nslots; s++) {
		struct task *t = task_ids.obj[s];
		uint32_t n = 0;

		if (!t)
			continue;
		for (struct list *l = t->maps.next; l != &t->maps; l = l->next)
			n++;
		if (n != t->mapped || t->used != mw_used(t, t->space->nr_tables)) {
			printf("# task %s: %u records, mapped %u, used %u, expected %u\n",
			       t->name, n, t->mapped, t->used,
			       mw_used(t, t->space->nr_tables));
			return false;
		}
		nodes += n;
	}
	if (nodes != mapdb_nodes())
		printf("# %u records in the tasks, mapdb_nodes() %u\n", nodes, mapdb_nodes());
	return nodes == mapdb_nodes();
}

static void world(void)
{
	root = mw_world();
}

TAP_TEST(phys_map_of_owned_frames)
{
	struct task *a;
	uint32_t used;

	world();
	TAP_ASSERT(mw_bootinfo.ranges[0].pages >= 32);
	TAP_ASSERT_EQ(root->frames, mw_frames());
	a = mw_task(root, "a", 0);
	used = a->used;
	TAP_ASSERT_EQ(mem_map(root, a, VA(0), f(0), 3 * PAGE_SIZE, RW | PHYS), 0);
	for (unsigned int i = 0; i < 3; i++)
		TAP_ASSERT(has(a, VA(i), f(i), RW));
	TAP_ASSERT(gone(a, VA(3)));
	TAP_ASSERT_EQ(a->mapped, 3);
	TAP_ASSERT_EQ(a->used, used + 3 * MW_REC + MW_L2PT);
	TAP_ASSERT_EQ(mapdb_nodes(), 3);
	TAP_ASSERT(frames_owned(f(0), 3 * PAGE_SIZE, root));	/* sharing moves nothing */
	TAP_ASSERT_EQ(root->frames, mw_frames());
	TAP_ASSERT_EQ(mem_map(root, root, VA(0), f(3), PAGE_SIZE, RWX | PHYS), 0);
	TAP_ASSERT(has(root, VA(0), f(3), RWX));
	TAP_ASSERT_EQ(mw_map(root, a->id, VA(8), f(4), PAGE_SIZE, R | PHYS), 0);
	TAP_ASSERT(has(a, VA(8), f(4), R));
	TAP_ASSERT_EQ(mw_map(a, SELF, VA(9), f(5), PAGE_SIZE, R | PHYS), -EACCES);
	TAP_ASSERT(sound());
}

TAP_TEST(derived_maps_with_equal_and_fewer_rights)
{
	struct task *a, *b, *c;

	world();
	a = mw_task(root, "a", 0);
	b = mw_task(root, "b", 0);
	c = mw_task(root, "c", 0);
	TAP_ASSERT_EQ(mem_map(root, a, VA(0), f(0), PAGE_SIZE, RWX | PHYS), 0);
	TAP_ASSERT_EQ(mem_map(a, b, VA(1), VA(0), PAGE_SIZE, RWX), 0);
	TAP_ASSERT(has(b, VA(1), f(0), RWX));
	TAP_ASSERT_EQ(mem_map(a, b, VA(2), VA(0), PAGE_SIZE, R), 0);
	TAP_ASSERT(has(b, VA(2), f(0), R));
	TAP_ASSERT_EQ(mem_map(b, c, VA(3), VA(2), PAGE_SIZE, R), 0);
	TAP_ASSERT(has(c, VA(3), f(0), R));
	TAP_ASSERT_EQ(mem_map(a, a, VA(4), VA(0), PAGE_SIZE, R | MAP_EXEC), 0);
	TAP_ASSERT(has(a, VA(4), f(0), R | MAP_EXEC));
	TAP_ASSERT_EQ(mw_map(a, b->id, VA(5), VA(0), PAGE_SIZE, RW), -EPERM);
	TAP_ASSERT_EQ(mw_map(root, b->id, VA(5), VA(0), PAGE_SIZE, RW), -EACCES);
	TAP_ASSERT_EQ(mapdb_nodes(), 5);
	TAP_ASSERT(has(a, VA(0), f(0), RWX));
	TAP_ASSERT(sound());
}

TAP_TEST(eacces_for_rights_frames_and_sources_not_recorded)
{
	struct task *a, *b;
	paddr_t kframe, start, end;
	uint32_t a_used, b_used, r_used;

	world();
	a = mw_task(root, "a", 0);
	b = mw_task(root, "b", 0);
	TAP_ASSERT_EQ(mem_map(root, a, VA(0), f(0), PAGE_SIZE, R | PHYS), 0);
	/* A kernel-owned page in user space, as kernel/root.c maps the bootinfo. */
	TAP_ASSERT_EQ(task_map(root, MICA_BOOTINFO_VA, f(1), PAGE_SIZE, VM_USER), 0);
	kframe = buddy_alloc(0);
	buddy_ram_range(&start, &end);
	a_used = a->used;
	b_used = b->used;
	r_used = root->used;
	TAP_ASSERT_EQ(mem_map(a, b, VA(1), VA(0), PAGE_SIZE, RW), -EACCES);
	TAP_ASSERT_EQ(mem_map(a, b, VA(1), VA(0), PAGE_SIZE, R | MAP_EXEC), -EACCES);
	TAP_ASSERT_EQ(mem_map(a, b, VA(1), f(0), PAGE_SIZE, R | PHYS), -EACCES);
	TAP_ASSERT_EQ(mem_map(root, b, VA(1), kframe, PAGE_SIZE, R | PHYS), -EACCES);
	TAP_ASSERT_EQ(mem_map(root, b, VA(1), 0x40000000u, PAGE_SIZE, R | PHYS), -EACCES);
	TAP_ASSERT_EQ(mem_map(root, b, VA(1), end - PAGE_SIZE, 2 * PAGE_SIZE, R | PHYS),
		      -EACCES);
	TAP_ASSERT_EQ(mem_map(root, b, VA(1), f(0), 0x80000000u, R | PHYS), -EACCES);
	TAP_ASSERT_EQ(mem_map(a, b, VA(1), VA(7), PAGE_SIZE, R), -EACCES);
	TAP_ASSERT_EQ(mem_map(a, b, VA(1), VA(0), 2 * PAGE_SIZE, R), -EACCES);
	TAP_ASSERT_EQ(mem_map(root, b, VA(1), MICA_BOOTINFO_VA, PAGE_SIZE, R), -EACCES);
	TAP_ASSERT_EQ(mem_map(root, b, VA(1), MICA_BOOTINFO_VA, PAGE_SIZE, R | GRANT),
		      -EACCES);
	/* A UTCB is not in the database either, but outside the range SYS_MAP takes. */
	TAP_ASSERT_EQ(mem_map(a, b, VA(1), MICA_UTCB_AREA, PAGE_SIZE, R), -EINVAL);
	TAP_ASSERT(gone(b, VA(1)) && gone(b, VA(2)));
	TAP_ASSERT(has(a, VA(0), f(0), R));
	TAP_ASSERT_EQ(a->used, a_used);
	TAP_ASSERT_EQ(b->used, b_used);
	TAP_ASSERT_EQ(root->used, r_used);
	TAP_ASSERT_EQ(mapdb_nodes(), 1);
	/* SYS_UNMAP leaves what is not in the database alone. */
	TAP_ASSERT_EQ(mw_unmap(root, SELF, MICA_BOOTINFO_VA, PAGE_SIZE, 0), 0);
	TAP_ASSERT(!gone(root, MICA_BOOTINFO_VA));
	TAP_ASSERT_EQ(mw_unmap(a, SELF, MICA_UTCB_AREA, PAGE_SIZE, 0), -EINVAL);
	TAP_ASSERT(!gone(a, MICA_UTCB_AREA));
	buddy_free(kframe, 0);
	TAP_ASSERT(sound());
}

struct map_args {
	uint32_t dst, src, size, flags;
};

/*
 * Every malformed SYS_MAP, from the root task (RWX at VA(0), owning f(0));
 * with MAP_PHYS, src is an offset from f(0).
 */
static const struct map_args bad_maps[] = {
	{ VA(1), VA(0), PAGE, 0 },			/* no MAP_READ */
	{ VA(1), VA(0), PAGE, MAP_WRITE },
	{ VA(1), VA(0), PAGE, R | (1u << 3) },	/* unknown flags */
	{ VA(1), VA(0), PAGE, R | (1u << 10) },
	{ VA(1), VA(0), PAGE, R | (1u << 31) },
	{ VA(1), 0, PAGE, PHYS },
	{ VA(1) + 4, VA(0), PAGE, R },		/* unaligned */
	{ VA(1), VA(0) + 4, PAGE, R },
	{ VA(1), VA(0), PAGE + 4, R },
	{ VA(1), VA(0), 4, R },
	{ VA(1), 4, PAGE, R | PHYS },
	{ VA(1) + 4, 0, PAGE, R | PHYS },
	{ VA(1), VA(0), 0, R },				/* empty */
	{ VA(1), 0, 0, R | PHYS },
	{ 0, VA(0), PAGE, R },			/* page 0 */
	{ VA(1), 0, PAGE, R },
	{ 0, 0, PAGE, R | PHYS },
	{ MICA_UTCB_AREA, VA(0), PAGE, R },	/* the UTCB area and above */
	{ MICA_UTCB_AREA - PAGE, VA(0), 2 * PAGE, R },
	{ MICA_UTCB_AREA, 0, PAGE, R | PHYS },
	{ 0xC0000000u, VA(0), PAGE, R },
	{ VA(1), 0xC0000000u, PAGE, R },
	{ 0xFFFFF000u, VA(0), 2 * PAGE, R },	/* wrapping */
	{ VA(1), 0xFFFFF000u, 2 * PAGE, R },
	{ VA(1), VA(0), 0xFFF00000u, R },
};

TAP_TEST(einval_for_every_bad_argument)
{
	struct task *a, *b, *dead;
	uint32_t a_used, r_used, dead_id;

	world();
	a = mw_task(root, "a", 0);
	b = mw_task(root, "b", 0);
	dead = mw_task(root, "dead", 0);
	dead_id = dead->id;
	task_destroy(dead);
	TAP_ASSERT_EQ(mem_map(root, root, VA(0), f(0), PAGE_SIZE, RWX | PHYS), 0);
	TAP_ASSERT_EQ(mem_map(root, a, VA(0), f(1), PAGE_SIZE, RW | PHYS), 0);
	a_used = a->used;
	r_used = root->used;
	for (unsigned int i = 0; i < ARRAY_SIZE(bad_maps); i++) {
		const struct map_args *m = &bad_maps[i];
		uint32_t src = m->src + (m->flags & PHYS ? f(0) : 0);

		if (mem_map(root, a, m->dst, src, m->size, m->flags) != -EINVAL ||
		    mw_map(root, a->id, m->dst, src, m->size, m->flags) != -EINVAL) {
			tap_fail(__FILE__, __LINE__, "bad map %u not -EINVAL", i);
			return;
		}
	}
	TAP_ASSERT_EQ(mw_map(root, dead_id, VA(1), VA(0), PAGE_SIZE, R), -ESRCH);
	TAP_ASSERT_EQ(mw_map(b, a->id, VA(1), VA(0), PAGE_SIZE, R), -EPERM);
	TAP_ASSERT_EQ(mw_map(a, root->id, VA(1), VA(0), PAGE_SIZE, R), -EPERM);
	/* SYS_UNMAP's own: flags, range, UNMAP_PHYS of another task or unaligned. */
	TAP_ASSERT_EQ(mw_unmap(root, a->id, VA(0), PAGE_SIZE, 1u << 3), -EINVAL);
	TAP_ASSERT_EQ(mw_unmap(root, a->id, VA(0), PAGE_SIZE, GRANT), -EINVAL);
	TAP_ASSERT_EQ(mw_unmap(root, a->id, VA(0), PAGE_SIZE, PHYS | GRANT), -EINVAL);
	TAP_ASSERT_EQ(mw_unmap(root, a->id, VA(0) + 4, PAGE_SIZE, 0), -EINVAL);
	TAP_ASSERT_EQ(mw_unmap(root, a->id, VA(0), PAGE_SIZE + 4, 0), -EINVAL);
	TAP_ASSERT_EQ(mw_unmap(root, a->id, VA(0), 0, 0), -EINVAL);
	TAP_ASSERT_EQ(mw_unmap(root, a->id, 0, PAGE_SIZE, 0), -EINVAL);
	TAP_ASSERT_EQ(mw_unmap(root, a->id, MICA_UTCB_AREA, PAGE_SIZE, 0), -EINVAL);
	TAP_ASSERT_EQ(mw_unmap(root, a->id, 0xFFFFF000u, 2 * PAGE_SIZE, 0), -EINVAL);
	TAP_ASSERT_EQ(mw_unmap(root, a->id, f(1), PAGE_SIZE, UNMAP_PHYS), -EINVAL);
	TAP_ASSERT_EQ(mw_unmap(root, SELF, f(1) + 4, PAGE_SIZE, UNMAP_PHYS), -EINVAL);
	TAP_ASSERT_EQ(mw_unmap(root, SELF, f(1), 0, UNMAP_PHYS), -EINVAL);
	TAP_ASSERT_EQ(mw_unmap(root, SELF, f(1), 4, UNMAP_PHYS), -EINVAL);
	TAP_ASSERT_EQ(mw_unmap(a, SELF, f(1), PAGE_SIZE, UNMAP_PHYS), -EACCES);
	TAP_ASSERT_EQ(mw_unmap(root, dead_id, VA(0), PAGE_SIZE, 0), -ESRCH);
	TAP_ASSERT_EQ(mw_unmap(b, a->id, VA(0), PAGE_SIZE, 0), -EPERM);
	TAP_ASSERT(has(root, VA(0), f(0), RWX));
	TAP_ASSERT(has(a, VA(0), f(1), RW));
	TAP_ASSERT_EQ(a->used, a_used);
	TAP_ASSERT_EQ(root->used, r_used);
	TAP_ASSERT_EQ(mapdb_nodes(), 2);
	TAP_ASSERT(sound());
}

TAP_TEST(eexist_with_nothing_changed)
{
	struct task *a, *b;
	uint32_t a_used, b_used;

	world();
	a = mw_task(root, "a", 0);
	b = mw_task(root, "b", 0);
	TAP_ASSERT_EQ(mem_map(root, a, VA(1), f(0), PAGE_SIZE, RW | PHYS), 0);
	TAP_ASSERT_EQ(mem_map(root, b, VA(1), f(1), PAGE_SIZE, RW | PHYS), 0);
	TAP_ASSERT_EQ(task_map(a, MICA_BOOTINFO_VA, f(2), PAGE_SIZE, VM_USER), 0);
	a_used = a->used;
	b_used = b->used;
	TAP_ASSERT_EQ(mem_map(root, a, VA(1), f(3), PAGE_SIZE, R | PHYS), -EEXIST);
	TAP_ASSERT_EQ(mem_map(root, a, VA(0), f(3), 2 * PAGE_SIZE, R | PHYS), -EEXIST);
	TAP_ASSERT_EQ(mem_map(root, a, MICA_BOOTINFO_VA, f(3), PAGE_SIZE, R | PHYS), -EEXIST);
	TAP_ASSERT_EQ(mem_map(b, a, VA(1), VA(1), PAGE_SIZE, R), -EEXIST);
	TAP_ASSERT_EQ(mem_map(b, a, VA(0), VA(1), 2 * PAGE_SIZE, R), -EACCES);	/* b's VA(2) */
	TAP_ASSERT_EQ(mem_map(b, a, VA(1), VA(1), PAGE_SIZE, R | GRANT), -EEXIST);
	TAP_ASSERT_EQ(mem_map(root, a, VA(1), f(3), PAGE_SIZE, R | PHYS | GRANT), -EEXIST);
	TAP_ASSERT(frames_owned(f(3), PAGE_SIZE, root));
	TAP_ASSERT(gone(a, VA(0)));
	TAP_ASSERT(has(a, VA(1), f(0), RW));
	TAP_ASSERT(has(b, VA(1), f(1), RW));
	TAP_ASSERT_EQ(a->used, a_used);
	TAP_ASSERT_EQ(b->used, b_used);
	TAP_ASSERT_EQ(mapdb_nodes(), 2);
	TAP_ASSERT(sound());
}

TAP_TEST(enomem_from_quota_with_nothing_changed)
{
	uint32_t quota = TASK_PGD_BYTES + mw_tcb_bytes() + PAGE_SIZE + MW_L2PT +
			 MW_L2PT + 2 * MW_REC;
	struct task *q, *a;
	uint32_t used;

	world();
	a = mw_task(root, "a", 0);
	q = mw_task(root, "q", quota);
	used = q->used;
	TAP_ASSERT_EQ(used, quota - MW_L2PT - 2 * MW_REC);
	TAP_ASSERT_EQ(mem_map(root, a, VA(0), f(0), 4 * PAGE_SIZE, RW | PHYS), 0);
	TAP_ASSERT_EQ(mem_map(root, q, VA(0), f(0), 3 * PAGE_SIZE, R | PHYS), -ENOMEM);
	TAP_ASSERT_EQ(mem_map(a, q, VA(0), VA(0), 3 * PAGE_SIZE, R), -ENOMEM);
	TAP_ASSERT_EQ(mem_map(a, q, VA(0), VA(0), 3 * PAGE_SIZE, R | GRANT), -ENOMEM);
	TAP_ASSERT_EQ(q->used, used);
	TAP_ASSERT_EQ(q->space->nr_tables, 1);		/* the UTCBs' */
	TAP_ASSERT(gone(q, VA(0)));
	TAP_ASSERT_EQ(mapdb_nodes(), 4);
	TAP_ASSERT_EQ(mem_map(root, q, VA(0), f(0), 2 * PAGE_SIZE, R | PHYS), 0);
	TAP_ASSERT_EQ(q->used, quota);
	TAP_ASSERT_EQ(mem_map(a, q, VA(2), VA(2), PAGE_SIZE, R), -ENOMEM);
	TAP_ASSERT_EQ(mem_map(a, q, VA(2), VA(2), PAGE_SIZE, R | GRANT), -ENOMEM);
	TAP_ASSERT(has(a, VA(2), f(2), RW));
	TAP_ASSERT_EQ(mw_unmap(q, SELF, VA(1), PAGE_SIZE, 0), 0);
	TAP_ASSERT_EQ(q->used, quota - MW_REC);
	/* A record fits, a record and a table for another MiB do not. */
	TAP_ASSERT_EQ(mem_map(a, q, VA(256), VA(1), PAGE_SIZE, R), -ENOMEM);
	TAP_ASSERT_EQ(mem_map(a, q, VA(1), VA(1), PAGE_SIZE, R), 0);
	TAP_ASSERT_EQ(q->used, quota);
	TAP_ASSERT_EQ(mw_unmap(q, SELF, VA(0), 2 * PAGE_SIZE, 0), 0);
	TAP_ASSERT_EQ(q->used, used);
	TAP_ASSERT_EQ(mapdb_nodes(), 4);
	TAP_ASSERT(has(a, VA(1), f(1), RW));
	TAP_ASSERT(sound());
}

TAP_TEST(virtual_grant_moves_and_keeps_derived)
{
	struct task *a, *b, *c;
	uint32_t a_used, c_used;

	world();
	a = mw_task(root, "a", 0);
	b = mw_task(root, "b", 0);
	c = mw_task(root, "c", 0);
	TAP_ASSERT_EQ(mem_map(root, a, VA(0), f(0), PAGE_SIZE, RW | PHYS), 0);
	TAP_ASSERT_EQ(mem_map(a, b, VA(1), VA(0), PAGE_SIZE, R), 0);
	a_used = a->used;
	c_used = c->used;
	TAP_ASSERT_EQ(mem_map(a, c, VA(2), VA(0), PAGE_SIZE, RW | GRANT), 0);
	TAP_ASSERT(gone(a, VA(0)));
	TAP_ASSERT_EQ(a->mapped, 0);
	TAP_ASSERT_EQ(a->used, a_used - MW_REC - MW_L2PT);
	TAP_ASSERT(has(c, VA(2), f(0), RW));
	TAP_ASSERT_EQ(c->used, c_used + MW_REC + MW_L2PT);
	TAP_ASSERT(has(b, VA(1), f(0), R));
	TAP_ASSERT_EQ(mapdb_nodes(), 2);
	TAP_ASSERT(sound());
	/* Within one task; then b's mapping is still derived from the moved one. */
	TAP_ASSERT_EQ(mem_map(c, c, VA(3), VA(2), PAGE_SIZE, RW | GRANT), 0);
	TAP_ASSERT(gone(c, VA(2)));
	TAP_ASSERT(has(c, VA(3), f(0), RW));
	TAP_ASSERT_EQ(c->used, c_used + MW_REC + MW_L2PT);
	TAP_ASSERT_EQ(mw_unmap(c, SELF, VA(3), PAGE_SIZE, 0), 0);
	TAP_ASSERT(gone(b, VA(1)));
	TAP_ASSERT_EQ(mapdb_nodes(), 0);
	TAP_ASSERT(frames_owned(f(0), PAGE_SIZE, root));
	TAP_ASSERT(sound());
}

/* A grant with fewer rights hands over those rights only, and so do the derived. */
TAP_TEST(virtual_grant_with_fewer_rights)
{
	struct task *a, *b, *c;

	world();
	a = mw_task(root, "a", 0);
	b = mw_task(root, "b", 0);
	c = mw_task(root, "c", 0);
	TAP_ASSERT_EQ(mem_map(root, a, VA(0), f(0), PAGE_SIZE, RWX | PHYS), 0);
	TAP_ASSERT_EQ(mem_map(a, b, VA(1), VA(0), PAGE_SIZE, RW), 0);
	TAP_ASSERT_EQ(mem_map(a, c, VA(2), VA(0), PAGE_SIZE, R | GRANT), 0);
	TAP_ASSERT(gone(a, VA(0)));
	TAP_ASSERT(has(c, VA(2), f(0), R));
	TAP_ASSERT(has(b, VA(1), f(0), R));
	TAP_ASSERT_EQ(mem_map(c, a, VA(0), VA(2), PAGE_SIZE, RW), -EACCES);
	TAP_ASSERT(sound());
}

TAP_TEST(frame_grant_moves_ownership_and_returns)
{
	struct task *a, *b, *c;
	uint32_t n = mw_frames(), r_used;

	world();
	a = mw_task(root, "a", 0);
	b = mw_task(root, "b", 0);
	c = mw_task(root, "c", 0);
	TAP_ASSERT_EQ(mem_map(root, root, VA(0), f(0), PAGE_SIZE, RW | PHYS), 0);
	TAP_ASSERT_EQ(mem_map(root, b, VA(1), VA(0), PAGE_SIZE, R), 0);
	TAP_ASSERT_EQ(mem_map(root, c, VA(1), f(0), PAGE_SIZE, R | PHYS), 0);
	r_used = root->used;
	TAP_ASSERT_EQ(mem_map(root, a, VA(2), f(0), PAGE_SIZE, RW | PHYS | GRANT), 0);
	TAP_ASSERT(gone(root, VA(0)) && gone(b, VA(1)) && gone(c, VA(1)));
	TAP_ASSERT_EQ(root->used, r_used - MW_REC - MW_L2PT);
	TAP_ASSERT(has(a, VA(2), f(0), RW));
	TAP_ASSERT(frames_owned(f(0), PAGE_SIZE, a));
	TAP_ASSERT_EQ(a->frames, 1);
	TAP_ASSERT_EQ(root->frames, n - 1);
	TAP_ASSERT_EQ(mapdb_nodes(), 1);
	TAP_ASSERT(sound());
	TAP_ASSERT_EQ(mem_map(a, a, VA(3), f(0), PAGE_SIZE, R | PHYS), 0);
	TAP_ASSERT_EQ(mem_map(root, root, VA(0), f(0), PAGE_SIZE, R | PHYS), -EACCES);
	/* More frames: f(1) to a; f(2) to b, who grants it on to a. */
	TAP_ASSERT_EQ(mem_map(root, a, VA(4), f(1), PAGE_SIZE, RW | PHYS | GRANT), 0);
	TAP_ASSERT_EQ(mem_map(root, b, VA(4), f(2), PAGE_SIZE, RW | PHYS | GRANT), 0);
	TAP_ASSERT_EQ(mem_map(b, a, VA(5), f(2), PAGE_SIZE, RW | PHYS | GRANT), 0);
	TAP_ASSERT(gone(b, VA(4)));
	TAP_ASSERT_EQ(b->frames, 0);
	/* a grants f(0) on to c: a's two mappings of it go. */
	TAP_ASSERT_EQ(mem_map(a, c, VA(6), f(0), PAGE_SIZE, RW | PHYS | GRANT), 0);
	TAP_ASSERT(gone(a, VA(2)) && gone(a, VA(3)));
	TAP_ASSERT(has(c, VA(6), f(0), RW));
	TAP_ASSERT_EQ(a->frames, 2);
	TAP_ASSERT_EQ(c->frames, 1);
	TAP_ASSERT(sound());
	/* a dies: f(1) back to root, f(2) back to b, f(0) (granted on) to root. */
	task_destroy(a);
	TAP_ASSERT(frames_owned(f(0), PAGE_SIZE, root));
	TAP_ASSERT(frames_owned(f(1), PAGE_SIZE, root));
	TAP_ASSERT(frames_owned(f(2), PAGE_SIZE, b));
	TAP_ASSERT(gone(c, VA(6)));
	TAP_ASSERT_EQ(c->frames, 0);
	TAP_ASSERT_EQ(b->frames, 1);
	TAP_ASSERT_EQ(root->frames, n - 1);
	TAP_ASSERT_EQ(mapdb_nodes(), 0);
	TAP_ASSERT(sound());
	TAP_ASSERT_EQ(mem_map(b, b, VA(7), f(2), PAGE_SIZE, RW | PHYS), 0);
	task_destroy(b);
	TAP_ASSERT(frames_owned(f(2), PAGE_SIZE, root));
	TAP_ASSERT_EQ(root->frames, n);
	TAP_ASSERT_EQ(frames_granted(), n);
	TAP_ASSERT(sound());
}

/* A task granting its frames to itself is still not their grantor. */
TAP_TEST(frame_grant_to_oneself)
{
	struct task *a;
	uint32_t n = mw_frames();

	world();
	a = mw_task(root, "a", 0);
	TAP_ASSERT_EQ(mem_map(root, a, VA(0), f(0), PAGE_SIZE, RW | PHYS | GRANT), 0);
	TAP_ASSERT_EQ(mem_map(a, a, VA(1), f(0), PAGE_SIZE, RW | PHYS | GRANT), 0);
	TAP_ASSERT(gone(a, VA(0)));
	TAP_ASSERT(has(a, VA(1), f(0), RW));
	TAP_ASSERT_EQ(a->frames, 1);
	TAP_ASSERT(sound());
	task_destroy(a);
	TAP_ASSERT(frames_owned(f(0), PAGE_SIZE, root));
	TAP_ASSERT_EQ(root->frames, n);
	TAP_ASSERT(sound());
}

/* root -> a -> b -> c from one frame of the root task's. */
static bool chain(struct task *a, struct task *b, struct task *c)
{
	return mem_map(root, a, VA(1), VA(0), PAGE_SIZE, RW) == 0 &&
	       mem_map(a, b, VA(2), VA(1), PAGE_SIZE, RW) == 0 &&
	       mem_map(b, c, VA(3), VA(2), PAGE_SIZE, RW) == 0;
}

TAP_TEST(recursive_revoke_of_a_chain)
{
	struct task *a, *b, *c;
	uint32_t b_used, c_used;

	world();
	a = mw_task(root, "a", 0);
	b = mw_task(root, "b", 0);
	c = mw_task(root, "c", 0);
	b_used = b->used;
	c_used = c->used;
	TAP_ASSERT_EQ(mem_map(root, root, VA(0), f(0), PAGE_SIZE, RW | PHYS), 0);
	TAP_ASSERT(chain(a, b, c));
	TAP_ASSERT(has(c, VA(3), f(0), RW));
	TAP_ASSERT_EQ(mapdb_nodes(), 4);
	TAP_ASSERT_EQ(mw_unmap(b, SELF, VA(2), PAGE_SIZE, UNMAP_ALL), 0);
	TAP_ASSERT(gone(b, VA(2)) && gone(c, VA(3)));
	TAP_ASSERT(has(a, VA(1), f(0), RW) && has(root, VA(0), f(0), RW));
	TAP_ASSERT_EQ(b->used, b_used);
	TAP_ASSERT_EQ(c->used, c_used);
	TAP_ASSERT_EQ(mapdb_nodes(), 2);
	TAP_ASSERT(sound());
	TAP_ASSERT_EQ(mem_map(a, b, VA(2), VA(1), PAGE_SIZE, RW), 0);
	TAP_ASSERT_EQ(mem_map(b, c, VA(3), VA(2), PAGE_SIZE, RW), 0);
	TAP_ASSERT_EQ(mw_unmap(root, a->id, VA(1), PAGE_SIZE, UNMAP_ALL), 0);
	TAP_ASSERT(gone(a, VA(1)) && gone(b, VA(2)) && gone(c, VA(3)));
	TAP_ASSERT(has(root, VA(0), f(0), RW));
	TAP_ASSERT_EQ(mapdb_nodes(), 1);
	TAP_ASSERT(sound());
	TAP_ASSERT(chain(a, b, c));
	TAP_ASSERT_EQ(mw_unmap(root, SELF, VA(0), PAGE_SIZE, 0), 0);
	TAP_ASSERT_EQ(mapdb_nodes(), 0);
	TAP_ASSERT(gone(root, VA(0)) && gone(c, VA(3)));
	TAP_ASSERT(sound());
}

TAP_TEST(recursive_revoke_of_a_fan_out)
{
	struct task *a, *b, *c;

	world();
	a = mw_task(root, "a", 0);
	b = mw_task(root, "b", 0);
	c = mw_task(root, "c", 0);
	TAP_ASSERT_EQ(mem_map(root, root, VA(0), f(0), 2 * PAGE_SIZE, RW | PHYS), 0);
	TAP_ASSERT_EQ(mem_map(root, a, VA(1), VA(0), PAGE_SIZE, RW), 0);
	TAP_ASSERT_EQ(mem_map(a, b, VA(2), VA(1), PAGE_SIZE, RW), 0);
	TAP_ASSERT_EQ(mem_map(a, c, VA(3), VA(1), PAGE_SIZE, R), 0);
	TAP_ASSERT_EQ(mem_map(a, a, VA(5), VA(1), PAGE_SIZE, R), 0);
	TAP_ASSERT_EQ(mem_map(b, c, VA(6), VA(2), PAGE_SIZE, RW), 0);
	TAP_ASSERT_EQ(mem_map(root, b, VA(7), VA(0), PAGE_SIZE, R), 0);	/* a sibling */
	TAP_ASSERT_EQ(mem_map(root, c, VA(8), VA(1), PAGE_SIZE, R), 0);	/* another frame */
	TAP_ASSERT_EQ(mapdb_nodes(), 9);
	/* One unmap over a range with holes: a's VA(1) and all below it. */
	TAP_ASSERT_EQ(mw_unmap(a, SELF, VA(0), 4 * PAGE_SIZE, 0), 0);
	TAP_ASSERT(gone(a, VA(1)) && gone(a, VA(5)) && gone(b, VA(2)) &&
		   gone(c, VA(3)) && gone(c, VA(6)));
	TAP_ASSERT(has(b, VA(7), f(0), R) && has(root, VA(0), f(0), RW));
	TAP_ASSERT(has(c, VA(8), f(1), R));
	TAP_ASSERT_EQ(a->mapped + b->mapped + c->mapped, 2);
	TAP_ASSERT_EQ(mapdb_nodes(), 4);
	TAP_ASSERT(sound());
}

TAP_TEST(rights_only_revoke_of_a_subtree)
{
	struct task *a, *b, *c;
	uint32_t nodes, c_used;

	world();
	a = mw_task(root, "a", 0);
	b = mw_task(root, "b", 0);
	c = mw_task(root, "c", 0);
	TAP_ASSERT_EQ(mem_map(root, root, VA(0), f(0), PAGE_SIZE, RWX | PHYS), 0);
	TAP_ASSERT_EQ(mem_map(root, a, VA(1), VA(0), PAGE_SIZE, RWX), 0);
	TAP_ASSERT_EQ(mem_map(a, b, VA(2), VA(1), PAGE_SIZE, RW), 0);
	TAP_ASSERT_EQ(mem_map(b, c, VA(3), VA(2), PAGE_SIZE, R), 0);
	TAP_ASSERT_EQ(mem_map(a, c, VA(4), VA(1), PAGE_SIZE, R | MAP_EXEC), 0);
	nodes = mapdb_nodes();
	c_used = c->used;
	TAP_ASSERT_EQ(mw_unmap(a, SELF, VA(1), PAGE_SIZE, MAP_WRITE), 0);
	TAP_ASSERT(has(root, VA(0), f(0), RWX));
	TAP_ASSERT(has(a, VA(1), f(0), R | MAP_EXEC));
	TAP_ASSERT(has(b, VA(2), f(0), R));
	TAP_ASSERT(has(c, VA(3), f(0), R));
	TAP_ASSERT(has(c, VA(4), f(0), R | MAP_EXEC));
	TAP_ASSERT_EQ(mapdb_nodes(), nodes);
	TAP_ASSERT_EQ(c->used, c_used);
	TAP_ASSERT_EQ(mem_map(b, c, VA(5), VA(2), PAGE_SIZE, RW), -EACCES);
	TAP_ASSERT_EQ(mem_map(b, c, VA(5), VA(2), PAGE_SIZE, R), 0);
	TAP_ASSERT_EQ(mw_unmap(a, SELF, VA(1), PAGE_SIZE, MAP_EXEC | MAP_WRITE), 0);
	TAP_ASSERT(has(a, VA(1), f(0), R) && has(c, VA(4), f(0), R));
	TAP_ASSERT(has(root, VA(0), f(0), RWX));
	TAP_ASSERT(sound());
	TAP_ASSERT_EQ(mw_unmap(a, SELF, VA(1), PAGE_SIZE, MAP_READ), 0);
	TAP_ASSERT(gone(a, VA(1)) && gone(b, VA(2)) && gone(c, VA(3)) &&
		   gone(c, VA(4)) && gone(c, VA(5)));
	TAP_ASSERT_EQ(mapdb_nodes(), 1);
	TAP_ASSERT(sound());
}

TAP_TEST(unmap_phys_revokes_everywhere)
{
	struct task *a, *b;

	world();
	a = mw_task(root, "a", 0);
	b = mw_task(root, "b", 0);
	TAP_ASSERT_EQ(mem_map(root, root, VA(0), f(0), PAGE_SIZE, RW | PHYS), 0);
	TAP_ASSERT_EQ(mem_map(root, a, VA(1), f(0), PAGE_SIZE, RW | PHYS), 0);
	TAP_ASSERT_EQ(mem_map(a, b, VA(2), VA(1), PAGE_SIZE, RW), 0);
	TAP_ASSERT_EQ(mem_map(root, b, VA(3), f(1), PAGE_SIZE, RW | PHYS), 0);
	TAP_ASSERT_EQ(mw_unmap(a, SELF, f(0), PAGE_SIZE, UNMAP_PHYS), -EACCES);
	TAP_ASSERT_EQ(mw_unmap(root, SELF, f(0), PAGE_SIZE, UNMAP_PHYS | MAP_WRITE), 0);
	TAP_ASSERT(has(root, VA(0), f(0), R) && has(a, VA(1), f(0), R) &&
		   has(b, VA(2), f(0), R));
	TAP_ASSERT(has(b, VA(3), f(1), RW));
	TAP_ASSERT(sound());
	TAP_ASSERT_EQ(mw_unmap(root, SELF, f(0), 2 * PAGE_SIZE, UNMAP_PHYS), 0);
	TAP_ASSERT(gone(root, VA(0)) && gone(a, VA(1)) && gone(b, VA(2)) &&
		   gone(b, VA(3)));
	TAP_ASSERT_EQ(mapdb_nodes(), 0);
	TAP_ASSERT(frames_owned(f(0), 2 * PAGE_SIZE, root));
	TAP_ASSERT(sound());
}

TAP_TEST(task_destroy_revokes_what_derives_from_it)
{
	struct task *a, *b, *c;
	uint32_t b_used, c_used, n = mw_frames();

	world();
	a = mw_task(root, "a", 0);
	b = mw_task(root, "b", 0);
	c = mw_task(root, "c", 0);
	TAP_ASSERT_EQ(mem_map(root, b, VA(4), f(1), PAGE_SIZE, RW | PHYS), 0);
	b_used = b->used;
	c_used = c->used;
	TAP_ASSERT_EQ(mem_map(root, a, VA(0), f(0), PAGE_SIZE, RW | PHYS), 0);
	TAP_ASSERT_EQ(mem_map(a, b, VA(1), VA(0), PAGE_SIZE, RW), 0);
	TAP_ASSERT_EQ(mem_map(b, c, VA(256), VA(1), PAGE_SIZE, R), 0);
	TAP_ASSERT_EQ(mem_map(a, a, VA(3), VA(0), PAGE_SIZE, R), 0);
	task_destroy(a);
	TAP_ASSERT(gone(b, VA(1)) && gone(c, VA(256)));
	TAP_ASSERT(has(b, VA(4), f(1), RW));
	TAP_ASSERT_EQ(b->used, b_used);
	TAP_ASSERT_EQ(c->used, c_used);
	TAP_ASSERT_EQ(mapdb_nodes(), 1);
	TAP_ASSERT_EQ(root->frames, n);
	TAP_ASSERT(sound());
}

/* rec_log index of the first op at or after from, with a == va (or any a when va is 0). */
static int rec_at(enum rec_op op, uintptr_t va, unsigned int from)
{
	for (int i = rec_find(op, from); i >= 0; i = rec_find(op, (unsigned int)i + 1))
		if (!va || rec_log[i].a == va)
			return i;
	return -1;
}

/*
 * The log holds a live removal or change of the page at va: D-cache clean
 * and invalidate of it (and the I-cache's with exec), its entry's line
 * cleaned, the write buffer drained, then its TLB entry invalidated.
 */
static bool live_maintenance(uint32_t va, bool exec)
{
	int dc = rec_at(REC_DC_CLEAN_INV_RANGE, va, 0);
	int ic = exec ? rec_at(REC_IC_INV_RANGE, va, 0) : dc;
	int tc = rec_at(REC_TABLE_CLEAN, 0, ic + 1);
	int dr = rec_at(REC_DRAIN, 0, tc + 1);
	int tlb = rec_at(REC_TLB_INV_VA, va, dr + 1);

	return dc >= 0 && rec_log[dc].b == va + PAGE_SIZE && ic >= dc && tc > ic &&
	       dr > tc && tlb > dr;
}

TAP_TEST(revoke_maintenance_live_and_deferred)
{
	struct task *a, *b;
	paddr_t pa;

	world();
	a = mw_task(root, "a", 0);
	b = mw_task(root, "b", 0);
	TAP_ASSERT_EQ(mem_map(root, a, VA(0), f(0), 2 * PAGE_SIZE, RW | PHYS), 0);
	TAP_ASSERT_EQ(mem_map(root, a, VA(256), f(2), PAGE_SIZE, R | MAP_EXEC | PHYS), 0);
	TAP_ASSERT_EQ(mem_map(a, b, VA(5), VA(0), 2 * PAGE_SIZE, R), 0);
	TAP_ASSERT_EQ(mem_map(a, b, VA(7), VA(256), PAGE_SIZE, R), 0);
	vm_space_switch(a->space);
	TAP_ASSERT(rec_walk(rec_ttb, VA(0), &pa) == 0 && pa == f(0));
	/* a's page goes in its space, current: with maintenance; b's without. */
	rec_reset();
	TAP_ASSERT_EQ(mw_unmap(a, SELF, VA(0), PAGE_SIZE, 0), 0);
	TAP_ASSERT(live_maintenance(VA(0), false));
	TAP_ASSERT_EQ(rec_count(REC_DC_CLEAN_INV_RANGE), 1);
	TAP_ASSERT_EQ(rec_count(REC_TLB_INV_VA), 1);
	TAP_ASSERT_EQ(rec_count(REC_DRAIN), 1);
	TAP_ASSERT_EQ(rec_count(REC_TABLE_CLEAN), 1);
	TAP_ASSERT_EQ(rec_count(REC_IC_INV_RANGE), 0);
	TAP_ASSERT(rec_walk(rec_ttb, VA(0), &pa) != 0);
	TAP_ASSERT(gone(b, VA(5)));
	/* Write revoked: a change in place, same order. */
	rec_reset();
	TAP_ASSERT_EQ(mw_unmap(a, SELF, VA(1), PAGE_SIZE, MAP_WRITE), 0);
	TAP_ASSERT(live_maintenance(VA(1), false));
	TAP_ASSERT_EQ(rec_count(REC_TLB_INV_VA), 1);
	TAP_ASSERT(has(a, VA(1), f(1), R) && has(b, VA(6), f(1), R));
	/* Code (in a MiB of its own): the I-cache too, after the D-cache, before the entry. */
	rec_reset();
	TAP_ASSERT_EQ(mw_unmap(a, SELF, VA(256), PAGE_SIZE, 0), 0);
	TAP_ASSERT(live_maintenance(VA(256), true));
	TAP_ASSERT_EQ(rec_count(REC_IC_INV_RANGE), 1);
	TAP_ASSERT(gone(b, VA(7)));
	/* Only b's (not current) mapping goes: no maintenance at all. */
	TAP_ASSERT_EQ(mem_map(root, a, VA(0), f(0), PAGE_SIZE, RW | PHYS), 0);
	TAP_ASSERT_EQ(mem_map(a, b, VA(5), VA(0), PAGE_SIZE, RW), 0);
	rec_reset();
	TAP_ASSERT_EQ(mw_unmap(b, SELF, VA(5), 3 * PAGE_SIZE, 0), 0);
	TAP_ASSERT_EQ(rec_len, 0);
	TAP_ASSERT(gone(b, VA(5)) && gone(b, VA(6)));
	TAP_ASSERT(rec_walk(rec_ttb, VA(0), &pa) == 0 && pa == f(0));
	/* b's space gets current: the switch's whole clean, then nothing there. */
	vm_space_switch(b->space);
	TAP_ASSERT(rec_walk(rec_ttb, VA(5), &pa) != 0);
	/* a dies while b's space is current: b's derived page goes live. */
	TAP_ASSERT_EQ(mem_map(a, b, VA(5), VA(0), PAGE_SIZE, RW), 0);
	rec_reset();
	task_destroy(a);
	TAP_ASSERT(live_maintenance(VA(5), false));
	TAP_ASSERT_EQ(rec_count(REC_TLB_INV_VA), 1);
	TAP_ASSERT(rec_walk(rec_ttb, VA(5), &pa) != 0);
	TAP_ASSERT(sound());
}

int main(void)
{
	return tap_main();
}
