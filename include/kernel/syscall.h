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
 * A user thread did something only its pager could mend (issue: pagers
 * are not there yet): prints "user: task NAME (ID) thread TID: WHAT at pc
 * PC[, address ADDR (DETAIL)]" and stops the thread; the system goes on.
 */
void thread_fault(struct tcb *t, const char *what, uint32_t addr,
		  const char *detail);

#endif
