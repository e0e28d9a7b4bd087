/*
 * User faults nobody serves yet: the thread stops with a decoded report
 * and the rest of the system goes on. (The pager protocol turns these
 * into IPC to the thread's pager.)
 */
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/syscall.h>

void thread_fault(struct tcb *t, const char *what, uint32_t addr,
		  const char *detail)
{
	printk("user: task %s (%u) thread %08x: %s at pc %08x", t->task->name,
	       t->task->id, t->tid, what, t->ctx.pc);
	if (detail)
		printk(", address %08x (%s)", addr, detail);
	printk(": thread stopped\n");
	thread_stop(t);
}
