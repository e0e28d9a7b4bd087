/*
 * Threads and tasks. A task is an address space, its threads and its
 * accounts (kernel-memory quota, frames owned); a thread is a TCB holding
 * its saved user context, scheduling and IPC state. The kernel runs on one
 * stack: a thread blocked in the kernel is only its TCB state, so any
 * thread can be resumed, woken with an error or destroyed at any time.
 *
 * One core, kernel not preemptible, IRQs masked: no locks.
 */
#ifndef MICA_KERNEL_THREAD_H
#define MICA_KERNEL_THREAD_H

#include <arch/trap.h>
#include <kernel/idtable.h>
#include <lib/list.h>
#include <mm/vm.h>
#include <types.h>
#include <uapi/ipc.h>
#include <uapi/thread.h>

#define THREAD_SLOTS		4096	/* thread ids per system */
#define TASK_SLOTS		MICA_TASK_SLOTS	/* task ids per system */
#define TASK_UTCBS		((MICA_UTCB_AREA_END - MICA_UTCB_AREA) / MICA_UTCB_SIZE)
#define TASK_QUOTA_DEFAULT	(1024 * 1024)	/* kernel bytes a task may cause */
#define TASK_PGD_BYTES		16384		/* its first-level table */
#define TASK_QUOTA_MIN		TASK_PGD_BYTES
#define TASK_L2PT_BYTES		1024		/* a second-level table: a MiB of mappings */

enum thread_state {
	THREAD_READY,		/* on its priority's run queue (running: its head) */
	THREAD_SEND,		/* on partner->sendq, waiting for it to receive */
	THREAD_RECV,		/* waiting for a sender matching wait_from */
	THREAD_SLEEP,		/* waiting for its deadline only */
	THREAD_STOPPED,		/* faulted, or not started: runs only when set */
	THREAD_INPUT,		/* waiting for console input (and its deadline) */
};

struct task;

struct tcb {
	struct trap_frame ctx;	/* first: the entry stubs save user state here */
	uint32_t tid;
	uint8_t state;		/* enum thread_state */
	uint8_t prio;
	bool timed;		/* on the timeout list */
	struct task *task;
	struct list run;	/* run queue, or a partner's sendq or recvq */
	struct list sendq;	/* threads blocked sending to this one */
	struct list recvq;	/* threads blocked receiving from this one only */
	struct list timeout;	/* the timeout list, by deadline */
	uint32_t deadline;	/* counter value at which the wait ends */
	uint32_t slice_left;	/* counter counts left in its timeslice */
	struct tcb *partner;	/* SEND: the receiver we wait for (for tools and tests) */
	uint32_t wait_from;	/* RECV: TID_ANY or a thread id */
	uint32_t recv_from;	/* SEND: the receive phase that follows, or TID_NIL */
	uint16_t recv_timeout;	/* SEND: that phase's timeout */
	uint16_t utcb_slot;
	struct mica_utcb *utcb;	/* user address in its task */
	struct mica_utcb *kutcb;	/* the kernel's alias of it */
	uint32_t pager;		/* the thread its faults go to, or TID_NIL */
	uint16_t fault;		/* the label of the fault message it waits on, or 0 */
	uint32_t fault_word[3];	/* that message's words 0-2 (<uapi/fault.h>) */
	struct list task_link;	/* the task's threads */
};

struct task {
	uint32_t id;
	struct vm_space *space;
	struct task *parent;	/* the task that created it; NULL for the root */
	uint8_t max_prio;	/* its threads' priorities are at most this */
	uint32_t quota, used;	/* kernel bytes it may cause / causes */
	uint32_t frames;	/* frames it owns */
	uint32_t mapped;	/* pages mapped through the mapping database */
	struct list maps;	/* those mappings (kernel/mapdb.c) */
	uint32_t nthreads;
	struct list threads;
	uint32_t utcb_used[TASK_UTCBS / 32];	/* UTCB slots taken */
	char name[MICA_TASK_NAME_MAX];
};

extern struct idtable thread_ids, task_ids;
extern struct task *root_task;

/* The TCB of tid, or NULL. */
static inline struct tcb *thread_lookup(uint32_t tid)
{
	return idtable_lookup(&thread_ids, tid);
}

static inline struct task *task_lookup(uint32_t id)
{
	return idtable_lookup(&task_ids, id);
}

/* Creates the id tables, the TCB and task caches and the run queues; boot only. */
void thread_init(void);
void task_init(void);

/*
 * Creates a task named name (truncated to fit) with a new address space,
 * child of parent (NULL: the root task), max_prio, and a quota of kernel
 * bytes (0: TASK_QUOTA_DEFAULT, else at least TASK_QUOTA_MIN: its
 * first-level table is charged at once). Returns it or NULL (no memory,
 * no id).
 */
struct task *task_create(struct task *parent, const char *name,
			 uint32_t quota, uint8_t max_prio);

/*
 * Destroys every thread of t (their IPC partners get -ECANCELED), its
 * space and its record; its children become the root task's. Frames it
 * mapped stay with their owners.
 */
void task_destroy(struct task *t);

/* True when task a may act on task t: t is a, a created t, or a is root. */
bool task_controls(const struct task *a, const struct task *t);

/*
 * The task a system-call argument names for caller (MICA_TASK_SELF: its
 * own) in *t: 0, -ESRCH (no such task) or -EPERM (not one caller controls).
 */
int task_get(struct task *caller, uint32_t id, struct task **t);

/*
 * Charges bytes of kernel memory to t: 0, or -ENOMEM beyond its quota.
 * task_uncharge gives them back.
 */
int task_charge(struct task *t, uint32_t bytes);
/* Bytes t may still cause: none when its first-level table alone is over quota. */
static inline uint32_t task_room(const struct task *t)
{
	return t->used < t->quota ? t->quota - t->used : 0;
}
void task_uncharge(struct task *t, uint32_t bytes);

/*
 * add_mapping/remove_mapping in t's space, with the second-level tables
 * they create or free charged to t: -ENOMEM when the tables the range may
 * need exceed what is left of its quota, else as add_mapping/remove_mapping.
 */
int task_map(struct task *t, vaddr_t va, paddr_t pa, size_t size,
	     unsigned int flags);
/* task_map() whose caller has checked t's room for the tables already. */
int task_map_checked(struct task *t, vaddr_t va, paddr_t pa, size_t size,
		     unsigned int flags);
int task_unmap(struct task *t, vaddr_t va, size_t size);

/*
 * Creates a thread in t, stopped, with user pc, sp, r0 = arg, priority and
 * pager; thread_start() makes it run. Returns it, or NULL (no memory, quota,
 * id or UTCB slot): the caller says -ENOMEM.
 */
struct tcb *thread_create(struct task *t, vaddr_t pc, vaddr_t sp,
			  uint32_t arg, uint8_t prio, uint32_t pager);

/* TCBs and task records allocated now (memcache counts, for SYS_KERNEL_INFO). */
uint32_t thread_objects(void);
uint32_t task_objects(void);

/* Gives the TCB and task caches' empty slabs back to the buddy. */
void thread_objects_shrink(void);
void task_objects_shrink(void);

/* Makes a stopped thread ready. */
void thread_start(struct tcb *t);

/* Stops t (a fault nobody serves): off every queue, its IPC cancelled. */
void thread_stop(struct tcb *t);

/* Destroys t: partners get -ECANCELED, its UTCB slot and TCB are freed. */
void thread_destroy(struct tcb *t);

#endif
