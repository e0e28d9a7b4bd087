/*
 * libmica: the user-space runtime. One wrapper per system call of
 * <uapi/syscall.h>, each returning what the call returns in r0: 0 or a
 * positive value (an id, a byte count) on success, a negated error from
 * <uapi/errno.h> on failure; docs/syscalls.md lists each call's errors
 * (every call naming a task or thread the caller does not control fails
 * with -EPERM, a stale id with -ESRCH). Thread and task ids have bit 31
 * clear, so an int result is an id when >= 0 and an error when < 0.
 *
 * IPC is in <mica/ipc.h>, printf and friends in <stdio.h>, the program
 * start-up block in <mica/startup.h>, the root task's name service in
 * <mica/names.h>, a TAP producer for test programs in <mica/tap.h>.
 */
#ifndef MICA_H
#define MICA_H

#include <stddef.h>
#include <stdint.h>
#include <uapi/errno.h>
#include <uapi/ipc.h>
#include <uapi/syscall.h>
#include <uapi/thread.h>

#include <mica/ipc.h>

/* SYS_NULL: does nothing; returns 0. The cost of a system call. */
int mica_null(void);

/* SYS_DEBUG_WRITE: writes len bytes of buf to the kernel console; returns
 * the bytes written. Unbuffered: printf() is usually better. */
int mica_debug_write(const void *buf, size_t len);

/* SYS_THREAD_SELF: the caller's thread id and (second call) task id. */
uint32_t mica_thread_self(void);
uint32_t mica_task_self(void);

/* SYS_YIELD: gives up the rest of the timeslice; returns 0. */
int mica_yield(void);

/* SYS_SLEEP: returns 0 after at least ms milliseconds. */
int mica_sleep(uint32_t ms);

/* SYS_TASK_CREATE: a new task named name (at most MICA_TASK_NAME_MAX - 1
 * characters) that may cause quota bytes of kernel memory; returns its id. */
int mica_task_create(const char *name, uint32_t quota);

/* SYS_TASK_DESTROY: ends task and all its threads. */
int mica_task_destroy(uint32_t task);

/* SYS_THREAD_CREATE: a thread in task (MICA_TASK_SELF: the caller's) that
 * starts at pc with sp and r0 = arg, at priority prio, whose faults go to
 * pager; returns its id. */
int mica_thread_create(uint32_t task, uintptr_t pc, uintptr_t sp,
		       unsigned int prio, uint32_t pager, uint32_t arg);

/* SYS_THREAD_DESTROY: ends thread tid (the caller's own id included). */
int mica_thread_destroy(uint32_t tid);

/* SYS_THREAD_SET_PRIO: gives tid priority prio (at most MICA_PRIO_MAX). */
int mica_thread_set_prio(uint32_t tid, unsigned int prio);

/* SYS_THREAD_SET_PAGER: tid's faults go to pager (TID_NIL: none, a fault
 * stops it) from now on. -ESRCH, -EPERM, -EINVAL (pager == tid). */
int mica_thread_set_pager(uint32_t tid, uint32_t pager);

/* SYS_THREAD_REGS: reads and/or writes tid's user registers through regs
 * and/or cancels its IPC, as flags (REGS_*) say. */
int mica_thread_regs(uint32_t tid, unsigned int flags, struct mica_regs *regs);

/* SYS_EXIT: flushes stdout (<stdio.h>), then ends the caller's task with
 * status. Never returns. */
__attribute__((noreturn)) void mica_exit(int status);

/* SYS_MAP: maps size bytes at dst in task from src (a virtual address in
 * the caller's space, or with MAP_PHYS a physical one the caller owns)
 * with the MAP_RIGHTS in flags; MAP_GRANT moves them instead. */
int mica_map(uint32_t task, uintptr_t dst, uintptr_t src, size_t size,
	     unsigned int flags);

/* Touches every page of [start, start + len) (one read each) so that the
 * pager maps it now: a program does this before it maps its own pages
 * into another task (SYS_MAP maps only what is mapped already). */
void mica_prefault(const void *start, size_t len);

/* SYS_UNMAP: removes task's mappings in [va, va + size), and every
 * mapping derived from them. */
int mica_unmap(uint32_t task, uintptr_t va, size_t size);

/* SYS_UNMAP with flags: revokes only the MAP_* rights named (MAP_READ
 * or none: the mappings), recursively; UNMAP_PHYS: va is a physical
 * address of frames the caller owns, revoked wherever they are mapped. */
int mica_revoke(uint32_t task, uintptr_t va, size_t size, unsigned int flags);

/*
 * SYS_TASK_INFO: fills *info about task (MICA_TASK_SELF: the caller's);
 * any task may be read. -ESRCH, -EFAULT. mica_task_next() fills it about
 * the first task in a slot after task's (0: the first task of all), and
 * fails with -ESRCH past the last: iterate with task = info->id.
 */
int mica_task_info(uint32_t task, struct mica_task_info *info);
int mica_task_next(uint32_t task, struct mica_task_info *info);

/* SYS_THREAD_INFO: the same for thread tid, and the next thread. */
int mica_thread_info(uint32_t tid, struct mica_thread_info *info);
int mica_thread_next(uint32_t tid, struct mica_thread_info *info);

/*
 * SYS_CONSOLE_READ: waits at most timeout_ms (IPC_TIMEOUT_POLL: not at
 * all, IPC_TIMEOUT_NEVER: for good) for console input and copies up to
 * len bytes of it (at most 256) to buf; returns the count, at least 1.
 * -ETIMEDOUT, -EFAULT, -EINVAL (len 0, timeout), -EBUSY (another thread
 * is waiting), -ECANCELED (REGS_CANCEL_IPC).
 */
int mica_console_read(void *buf, size_t len, unsigned int timeout_ms);

/*
 * SYS_CLOCK: the free-running counter (24 MHz on this board; *hz says) and
 * the kernel's tick count (either pointer may be NULL).
 */
uint32_t mica_clock(uint32_t *hz, uint32_t *ticks);

/*
 * SYS_KERNEL_INFO: the kernel's accounts (frames, threads, tasks); with
 * KINFO_CHECK the caches first give back their empty slabs (so
 * frames_kernel_free counts only live objects) and the allocators'
 * checkers run (info->check). -EFAULT.
 */
int mica_kernel_info(struct mica_kernel_info *info, unsigned int flags);

/* SYS_HALT: stops the machine with status (root task only: else -EPERM). */
int mica_halt(int status);

/*
 * Starts a thread in the caller's task running fn(arg) on the stack
 * [stack, stack + stack_size) that the caller provides (and must keep
 * until the thread ends), at priority prio, with the root task as its
 * pager. When fn returns, the thread destroys itself. Returns the new
 * thread's id, -EINVAL for a stack smaller than MICA_THREAD_STACK_MIN, or
 * what mica_thread_create() returns.
 */
#define MICA_THREAD_STACK_MIN	256u
int mica_thread_start(int (*fn)(void *), void *arg, void *stack,
		      size_t stack_size, unsigned int prio);

/* The root task's thread id, from the start-up block (TID_NIL if none). */
uint32_t mica_root_tid(void);

/* The name of an error code, negated or not: "ESRCH", "ETIMEDOUT", ...;
 * "OK" for 0, "E?" for a code <uapi/errno.h> does not define. */
const char *mica_strerror(int err);

#endif
