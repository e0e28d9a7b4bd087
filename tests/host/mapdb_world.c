/* The world of the mapping-database host tests; see mapdb_world.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mm/phys.h>

#include "mapdb_world.h"

struct mica_bootinfo mw_bootinfo;

struct task *mw_world(void)
{
	kshim_world_init(0);
	frames_init();
	mapdb_init();
	root_task = mw_task(NULL, "root", 0xffffffffu);
	memset(&mw_bootinfo, 0, sizeof(mw_bootinfo));
	frames_grant(root_task, MW_RESERVE, &mw_bootinfo);
	return root_task;
}

unsigned int mw_frames(void)
{
	unsigned int n = 0;

	for (uint32_t r = 0; r < mw_bootinfo.nr_ranges; r++)
		n += mw_bootinfo.ranges[r].pages;
	return n;
}

paddr_t mw_frame(unsigned int i)
{
	for (uint32_t r = 0; r < mw_bootinfo.nr_ranges; r++) {
		if (i < mw_bootinfo.ranges[r].pages)
			return mw_bootinfo.ranges[r].pa + i * PAGE_SIZE;
		i -= mw_bootinfo.ranges[r].pages;
	}
	fprintf(stderr, "mapdb_world: no frame %u in the grant\n", i);
	abort();
}

struct task *mw_task(struct task *parent, const char *name, uint32_t quota)
{
	struct task *t = task_create(parent, name, quota, 255);

	if (!t || !thread_create(t, 0x10000, 0x20000, 0, 9, 0)) {
		fprintf(stderr, "mapdb_world: cannot create task %s\n", name);
		abort();
	}
	return t;
}

struct tcb *mw_thread(struct task *t)
{
	return list_entry(t->threads.next, struct tcb, task_link);
}

int mw_unmap(struct task *t, uint32_t id, uint32_t va, uint32_t size,
	     uint32_t flags)
{
	struct tcb *th = mw_thread(t);

	th->ctx.r[0] = id;
	th->ctx.r[1] = va;
	th->ctx.r[2] = size;
	th->ctx.r[3] = flags;
	return sys_unmap(th);
}

int mw_map(struct task *t, uint32_t id, uint32_t dst, uint32_t src,
	   uint32_t size, uint32_t flags)
{
	struct tcb *th = mw_thread(t);

	th->ctx.r[0] = id;
	th->ctx.r[1] = dst;
	th->ctx.r[2] = src;
	th->ctx.r[3] = size;
	th->ctx.r[4] = flags;
	return sys_map(th);
}

uint32_t mw_tcb_bytes(void)
{
	return (uint32_t)((sizeof(struct tcb) + 7) & ~7u);
}

uint32_t mw_used(const struct task *t, uint32_t tables)
{
	return TASK_PGD_BYTES + tables * MW_L2PT + t->mapped * MW_REC +
	       t->nthreads * mw_tcb_bytes() + (t->nthreads ? PAGE_SIZE : 0);
}
