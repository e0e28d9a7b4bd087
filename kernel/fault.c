/*
 * The fault protocol (<uapi/fault.h>, docs/pager.md). A thread's page
 * fault, undefined instruction, alignment fault or exit becomes a call to
 * its pager that the kernel makes on the thread's behalf: the message is
 * built in the TCB, apart from the thread's registers, and the thread
 * waits for the reply in the pager's receive. The reply's map item is
 * installed by mem_map() as SYS_MAP would, then the faulting instruction
 * runs again. With no pager, the thread stops with a decoded report.
 */
#include <arch/thread.h>
#include <arch/trap.h>
#include <kernel/ipc.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/syscall.h>
#include <uapi/errno.h>
#include <uapi/fault.h>

static const char *const kill_reasons[FAULT_KILL_MAX + 1] = {
	[FAULT_KILL_SEGV] = "segmentation fault",
	[FAULT_KILL_STACK] = "stack overflow",
	[FAULT_KILL_NOMEM] = "out of memory",
	[FAULT_KILL_EXCEPTION] = "unhandled exception",
};

/* "user: task NAME (ID) thread TID: <the fault decoded>" and no newline. */
static void fault_print(const struct tcb *t, uint32_t label, const uint32_t *w)
{
	printk("user: task %s (%u) thread %08x: ", t->task->name, t->task->id,
	       t->tid);
	arch_fault_print(label, w);
}

/* t's message words 0-2: w0, its pc, w2 (word 3, its task, is added when sent). */
static void fault_words(struct tcb *t, uint32_t w0, uint32_t w2)
{
	t->fault_word[0] = w0;
	t->fault_word[1] = t->ctx.pc;
	t->fault_word[2] = w2;
}

void thread_fault(struct tcb *t, uint32_t label, uint32_t addr, uint32_t word)
{
	struct tcb *pager = thread_lookup(t->pager);

	fault_words(t, addr, word);
	if (!pager || pager == t) {
		fault_print(t, label, t->fault_word);
		if (t->pager != TID_NIL)
			printk(": pager %08x gone", t->pager);
		printk(": thread stopped\n");
		thread_stop(t);
		return;
	}
	t->fault = label;
	ipc_fault_call(t, pager);
}

bool syscall_fault(struct tcb *cur)
{
	struct tcb *pager = thread_lookup(cur->pager);
	struct fault_info fi;
	bool write;

	if (!arch_uaccess_fault(&fi, &write) || !pager || pager == cur)
		return false;
	trap_syscall_restart(&cur->ctx);
	fault_words(cur, fi.addr, fi.fsr);
	cur->fault = FAULT_LABEL | FAULT_SYSCALL | (write ? FAULT_WRITE : FAULT_READ);
	ipc_fault_call(cur, pager);
	return true;
}

/*
 * t's fault was its system call's: instead of stopping, the call fails
 * with -EFAULT (a bad pointer is an error, not a crash).
 */
static bool fault_fail_syscall(struct tcb *t)
{
	if (!FAULT_IS_PAGE(t->fault) || !(t->fault & FAULT_SYSCALL))
		return false;
	t->fault = 0;
	trap_syscall_skip(&t->ctx);
	t->ctx.r[0] = (uint32_t)-EFAULT;
	return true;
}

bool thread_exit_to_pager(struct tcb *t, uint32_t status)
{
	struct tcb *pager = thread_lookup(t->pager);

	if (!pager || pager->task == t->task)
		return false;
	fault_words(t, status, 0);
	t->fault = EXIT_LABEL;
	ipc_fault_call(t, pager);
	return true;
}

void fault_message(const struct tcb *t, struct trap_frame *d)
{
	uint32_t w[FAULT_MSG_WORDS] = {
		t->fault_word[0], t->fault_word[1], t->fault_word[2], t->task->id,
	};

	ctx_set_mrs(d, w, FAULT_MSG_WORDS);
	d->r[0] = 0;
	d->r[1] = t->tid;
	d->r[2] = IPC_TAG(t->fault, FAULT_MSG_WORDS);
}

bool fault_abandon(struct tcb *t)
{
	if (fault_fail_syscall(t))
		return true;
	if (t->fault == EXIT_LABEL) {	/* the exit ends without its pager */
		t->fault = 0;
		task_destroy(t->task);
		return false;
	}
	fault_print(t, t->fault, t->fault_word);
	printk(": pager %08x gone: thread stopped\n", t->pager);
	t->fault = 0;
	ipc_stop(t);
	return false;
}

/* The pager's map or kill item for t: 0, or the error the pager gets. */
static int fault_item(struct tcb *pager, struct tcb *t, uint32_t label,
		      unsigned int words)
{
	const uint32_t *r = pager->ctx.r;	/* words 0-3: r4, r5, r6, r8 */

	if (label == FAULT_REPLY_MAP && words == 4)
		return mem_map(pager->task, t->task, r[6], r[5], r[8], r[4]);
	if (label == FAULT_REPLY_KILL && words == 1 && r[4] &&
	    r[4] <= FAULT_KILL_MAX)
		return 0;
	return label == FAULT_REPLY_RESUME && !words ? 0 : -EINVAL;
}

bool fault_reply(struct tcb *pager, struct tcb *t, int *err)
{
	uint32_t label = IPC_TAG_LABEL(pager->ctx.r[2]);

	*err = 0;
	if (t->fault == EXIT_LABEL) {
		task_destroy(t->task);
		return false;
	}
	*err = fault_item(pager, t, label, IPC_TAG_WORDS(pager->ctx.r[2]));
	if (*err == -EEXIST || (!*err && label != FAULT_REPLY_KILL)) {
		t->fault = 0;	/* mapped, by this reply or one before: run again */
		return true;
	}
	if (!*err && fault_fail_syscall(t))
		return true;	/* killed: its system call fails instead */
	fault_print(t, t->fault, t->fault_word);
	if (*err)
		printk(": pager's reply refused (error %d): thread stopped\n", *err);
	else
		printk(": killed by its pager: %s\n", kill_reasons[pager->ctx.r[4]]);
	t->fault = 0;
	ipc_stop(t);
	return false;
}
