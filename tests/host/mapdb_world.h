/*
 * A world for host tests of the mapping database and the memory calls
 * (kernel/mapdb.c, frames.c, sys_mem.c, task.c over kshim.c and the real
 * mm/): frames and the mapping database set up as at boot, a root task
 * owning every frame beyond a kernel reserve (frames_grant(), as
 * kernel/root.c does), and tasks with one stopped thread each, so that
 * SYS_UNMAP can be called as their thread.
 */
#ifndef MICA_TESTS_HOST_MAPDB_WORLD_H
#define MICA_TESTS_HOST_MAPDB_WORLD_H

#include <kernel/frames.h>
#include <kernel/mapdb.h>
#include <kernel/syscall.h>
#include <uapi/bootinfo.h>

#include "kshim.h"

#define MW_RESERVE	(1u << 20)	/* the kernel's: the rest goes to root */
#define MW_REC		MAPDB_NODE_BYTES
#define MW_L2PT		1024u

extern struct mica_bootinfo mw_bootinfo;	/* the root task's grant */

/*
 * A new world (kshim_world_init, frames_init, mapdb_init) whose root task
 * (root_task, with one thread) owns every frame beyond MW_RESERVE.
 */
struct task *mw_world(void);

/* The i-th frame of the root task's grant, in the order of its ranges. */
paddr_t mw_frame(unsigned int i);

/* Frames in the root task's grant. */
unsigned int mw_frames(void);

/* A task created by parent with quota (0: the default) and one stopped thread. */
struct task *mw_task(struct task *parent, const char *name, uint32_t quota);

/* The first thread of t. */
struct tcb *mw_thread(struct task *t);

/* SYS_UNMAP by t's first thread: r0 task id, r1 va, r2 size, r3 flags. */
int mw_unmap(struct task *t, uint32_t id, uint32_t va, uint32_t size,
	     uint32_t flags);

/* SYS_MAP by t's first thread: r0 task id, r1 dst, r2 src, r3 size, r4 flags. */
int mw_map(struct task *t, uint32_t id, uint32_t dst, uint32_t src,
	   uint32_t size, uint32_t flags);

/* A TCB's quota charge (the tcb cache's object size). */
uint32_t mw_tcb_bytes(void);

/*
 * What t's quota use must be with `tables` second-level tables: its
 * first-level table, those tables, a record per mapped page, and its
 * threads with their UTCB page (for at most eight threads).
 */
uint32_t mw_used(const struct task *t, uint32_t tables);

#endif
