/*
 * Tasks, threads and memory: the structures and flags of SYS_TASK_*,
 * SYS_THREAD_*, SYS_MAP and SYS_UNMAP (docs/syscalls.md, docs/tasks.md).
 *
 * Authority: a task controls itself and the tasks it created; the root
 * task controls every task. Calls that name another task or one of its
 * threads fail with -EPERM unless the caller controls it; the info calls
 * (SYS_TASK_INFO, SYS_THREAD_INFO) only read, and read any task.
 */
#ifndef MICA_UAPI_THREAD_H
#define MICA_UAPI_THREAD_H

/* Priorities: 0 (lowest) to 255 (highest). */
#define MICA_PRIO_MIN		0
#define MICA_PRIO_MAX		255
#define MICA_PRIO_DEFAULT	100

#define MICA_TASK_NAME_MAX	16	/* including the NUL */
#define MICA_TASK_SELF		0u	/* a task argument meaning "my task" */
#define MICA_TASK_SLOTS		256	/* task id slots: at most 255 tasks alive */

/* SYS_THREAD_REGS flags. Reading happens before writing. */
#define REGS_READ		(1u << 0)	/* fill the buffer from the thread */
#define REGS_WRITE		(1u << 1)	/* load the thread from the buffer */
#define REGS_CANCEL_IPC		(1u << 2)	/* abort its IPC with -ECANCELED */
#define REGS_ALL		(REGS_READ | REGS_WRITE | REGS_CANCEL_IPC)

/* SYS_MAP flags: rights, and where the source comes from. */
#define MAP_READ		(1u << 0)
#define MAP_WRITE		(1u << 1)
#define MAP_EXEC		(1u << 2)
#define MAP_PHYS		(1u << 8)	/* src is a physical address the caller owns */
#define MAP_GRANT		(1u << 9)	/* move, not share: the caller loses it */

/* Quota bytes each mapped page costs its task (its mapping record). */
#define MICA_MAP_RECORD_BYTES	24

/*
 * SYS_UNMAP flags (r3). The rights named are revoked from the mapping and
 * from every mapping derived from it, recursively; revoking MAP_READ (or
 * passing 0) removes them. UNMAP_PHYS: va is a physical address of frames
 * the caller owns, and every mapping of them, in any task, is revoked.
 */
#define UNMAP_ALL		0u
#define UNMAP_PHYS		(1u << 8)

/*
 * SYS_TASK_INFO / SYS_THREAD_INFO flag (r2): the first task or thread in
 * a slot after the id's (id 0: the first of all), -ESRCH past the last.
 */
#define INFO_NEXT		(1u << 0)
#define MAP_RIGHTS		(MAP_READ | MAP_WRITE | MAP_EXEC)

/* User mappings lie in [MICA_USER_START, MICA_UTCB_AREA). */
#define MICA_USER_START		0x00001000u

#ifndef __ASSEMBLY__
#include <stdint.h>

/* A thread's user registers, for SYS_THREAD_REGS. cpsr: only NZCVQ bits are written. */
struct mica_regs {
	uint32_t r[13];
	uint32_t sp, lr, pc, cpsr;
};

/* SYS_KERNEL_INFO: the kernel's accounts, for tests and tools. */
#define KINFO_CHECK		(1u << 0)	/* shrink the caches, run the allocators' checkers */

struct mica_kernel_info {
	uint32_t frames_total;		/* frames of RAM */
	uint32_t frames_kernel_free;	/* free frames of the kernel's reserve */
	uint32_t frames_granted;	/* frames owned by tasks */
	uint32_t threads;		/* threads alive */
	uint32_t tasks;			/* tasks alive */
	uint32_t tcbs;			/* TCBs allocated (== threads) */
	uint32_t spaces;		/* task records allocated (== tasks) */
	int32_t check;			/* with KINFO_CHECK: 0, or -EINVAL (see console):
					   the allocators' checkers and frame
					   conservation (kernel-owned + each
					   task's frames == total) */
	uint32_t space_switches;	/* address-space switches so far (each a
					   whole-cache clean+invalidate); wraps */
	uint32_t mappings;		/* pages mapped through the mapping database */
};

struct mica_task_info {
	uint32_t id;			/* task id */
	uint32_t parent;		/* the task that created it (0 for root) */
	uint32_t threads;		/* threads alive */
	uint32_t quota;			/* kernel bytes it may cause */
	uint32_t used;			/* kernel bytes it causes now */
	uint32_t frames;		/* frames it owns */
	char name[MICA_TASK_NAME_MAX];
	uint32_t mapped;		/* pages mapped in its space (mapping database) */
};

/* SYS_THREAD_INFO. state: MICA_THREAD_* */
#define MICA_THREAD_READY	0	/* running or runnable */
#define MICA_THREAD_SEND	1	/* blocked sending */
#define MICA_THREAD_RECV	2	/* blocked receiving */
#define MICA_THREAD_SLEEP	3
#define MICA_THREAD_STOPPED	4	/* faulted, killed, or not started */
#define MICA_THREAD_INPUT	5	/* waiting in SYS_CONSOLE_READ */
struct mica_thread_info {
	uint32_t tid;
	uint32_t task;			/* its task's id */
	uint32_t state;			/* MICA_THREAD_* */
	uint32_t prio;
	uint32_t pc;			/* saved user pc */
	uint32_t pager;			/* pager thread id, or TID_NIL */
	uint32_t partner;		/* SEND/RECV: the thread waited for, TID_ANY, or TID_NIL */
	uint32_t faulting;		/* nonzero while it waits for its pager (the label) */
};
#endif

#endif
