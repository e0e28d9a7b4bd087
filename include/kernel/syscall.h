/*
 * System calls: syscall_entry() decodes the number in r7 and runs the
 * call for the running thread; each call checks every argument before it
 * changes anything (decode, then invoke) and returns its r0 result, or
 * SYSCALL_DEFERRED when the registers hold it already. docs/syscalls.md
 * is the ABI.
 */
#ifndef MICA_KERNEL_SYSCALL_H
#define MICA_KERNEL_SYSCALL_H

#include <kernel/thread.h>

/*
 * An SVC from user mode (arch/arm/entry.S): cur is the running thread, its
 * context saved. Runs the call and returns the context to resume.
 */
struct trap_frame *syscall_entry(struct tcb *cur);

/*
 * The calls, by file: kernel/syscall.c, kernel/sys_task.c, kernel/sys_mem.c
 * (sys_console_read: <kernel/console.h>).
 */
int sys_task_create(struct tcb *cur);
int sys_task_destroy(struct tcb *cur);
int sys_thread_create(struct tcb *cur);
int sys_thread_destroy(struct tcb *cur);
int sys_thread_set_prio(struct tcb *cur);
int sys_thread_set_pager(struct tcb *cur);
int sys_thread_regs(struct tcb *cur);
int sys_exit(struct tcb *cur);
int sys_task_info(struct tcb *cur);
int sys_thread_info(struct tcb *cur);
int sys_kernel_info(struct tcb *cur);
int sys_map(struct tcb *cur);
int sys_unmap(struct tcb *cur);

/*
 * Maps [src, src + size) of task from (frames it owns with MAP_PHYS, else
 * its own mappings) at dst in task to, as flags (MAP_*) say: SYS_MAP's
 * work, for it and for pagers' fault replies. Returns 0, -EINVAL, -EACCES,
 * -EEXIST or -ENOMEM; nothing changes on error.
 */
int mem_map(struct task *from, struct task *to, uint32_t dst, uint32_t src,
	    uint32_t size, uint32_t flags);

/*
 * A user thread t faulted (kernel/fault.c): label and words 0 and 2 of the
 * fault message (<uapi/fault.h>; word 1 is its pc). The kernel calls its
 * pager on its behalf; with no pager (or a gone one) it prints "user: task
 * NAME (ID) thread TID: <decoded>: thread stopped" and stops t.
 */
void thread_fault(struct tcb *t, uint32_t label, uint32_t addr, uint32_t word);

/*
 * A system call of cur failed with -EFAULT because a user buffer's page
 * was not there: when cur has a pager, the call becomes a page fault at
 * that address (pc: the svc), and once the pager has mapped the page the
 * call runs again (true; a kill reply makes it fail with -EFAULT instead).
 * False: the -EFAULT stands.
 */
bool syscall_fault(struct tcb *cur);

/*
 * SYS_EXIT of t: when its pager is in another task, the pager gets an exit
 * message and decides (true); else false and the caller destroys the task.
 */
bool thread_exit_to_pager(struct tcb *t, uint32_t status);

#endif
