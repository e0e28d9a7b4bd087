/*
 * Task and thread system calls. Authority (task_controls): a task acts on
 * itself, the tasks it created, and, for the root task, every task.
 */
#include <arch/cpu.h>
#include <kernel/frames.h>
#include <kernel/mapdb.h>
#include <kernel/ipc.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <mm/buddy.h>
#include <mm/kmalloc.h>
#include <mm/memcache.h>
#include <string.h>
#include <uapi/errno.h>

#define PSR_USER_FLAGS	0xf8000000u	/* NZCVQ: what a register write may set */

static int thread_arg(struct tcb *cur, uint32_t tid, struct tcb **t)
{
	*t = thread_lookup(tid);
	if (!*t)
		return -ESRCH;
	return task_controls(cur->task, (*t)->task) ? 0 : -EPERM;
}

/* A NUL-terminated name of 1..MICA_TASK_NAME_MAX-1 bytes from user space. */
static int name_get(char *name, const char *uname)
{
	for (unsigned int i = 0; i < MICA_TASK_NAME_MAX; i++) {
		uint32_t c;

		if (copy_from_user(&c, uname + i, 1))
			return -EFAULT;
		name[i] = (char)(c & 0xff);
		if (!name[i])
			return i ? 0 : -EINVAL;
	}
	return -EINVAL;
}

int sys_task_create(struct tcb *cur)
{
	char name[MICA_TASK_NAME_MAX];
	struct task *t;
	int err = name_get(name, (const char *)cur->ctx.r[0]);

	if (err)
		return err;
	if (cur->ctx.r[1] && cur->ctx.r[1] < TASK_QUOTA_MIN)
		return -EINVAL;
	t = task_create(cur->task, name, cur->ctx.r[1], cur->task->max_prio);
	return t ? (int)t->id : -ENOMEM;
}

/* The caller's own task goes too: nothing of cur may be used after. */
int sys_task_destroy(struct tcb *cur)
{
	struct task *t;
	int err = task_get(cur->task, cur->ctx.r[0], &t);

	if (err)
		return err;
	if (t == root_task)
		return -EPERM;
	if (t == cur->task) {		/* an exit with status 0: its pager learns of it */
		cur->ctx.r[0] = 0;
		return sys_exit(cur);
	}
	task_destroy(t);
	return 0;
}

static bool user_word_addr(uint32_t a)
{
	return a < VM_USER_END && IS_ALIGNED(a, 4);
}

int sys_thread_create(struct tcb *cur)
{
	uint32_t pc = cur->ctx.r[1], sp = cur->ctx.r[2], prio = cur->ctx.r[3];
	uint32_t pager = cur->ctx.r[4];
	struct task *t;
	struct tcb *th;
	int err = task_get(cur->task, cur->ctx.r[0], &t);

	if (err)
		return err;
	if (!user_word_addr(pc) || !user_word_addr(sp) || prio > MICA_PRIO_MAX)
		return -EINVAL;
	if (prio > cur->task->max_prio)
		return -EPERM;
	if (pager != TID_NIL && !thread_lookup(pager))
		return -ESRCH;
	th = thread_create(t, pc, sp, cur->ctx.r[5], prio, pager);
	if (!th)
		return -ENOMEM;
	thread_start(th);
	return th->tid;
}

int sys_thread_destroy(struct tcb *cur)
{
	struct tcb *t;
	int err = thread_arg(cur, cur->ctx.r[0], &t);

	if (err)
		return err;
	thread_destroy(t);
	return t == cur ? SYSCALL_DEFERRED : 0;
}

int sys_thread_set_prio(struct tcb *cur)
{
	uint32_t prio = cur->ctx.r[1];
	struct tcb *t;
	int err = thread_arg(cur, cur->ctx.r[0], &t);

	if (err)
		return err;
	if (prio > MICA_PRIO_MAX)
		return -EINVAL;
	if (prio > cur->task->max_prio)
		return -EPERM;
	sched_set_prio(t, prio);
	return 0;
}

int sys_thread_set_pager(struct tcb *cur)
{
	uint32_t pager = cur->ctx.r[1];
	struct tcb *t;
	int err = thread_arg(cur, cur->ctx.r[0], &t);

	if (err)
		return err;
	if (pager != TID_NIL && !thread_lookup(pager))
		return -ESRCH;
	if (pager == t->tid)
		return -EINVAL;		/* it could not serve its own faults */
	t->pager = pager;
	return 0;
}

static void regs_read(const struct tcb *t, struct mica_regs *r)
{
	memcpy(r->r, t->ctx.r, sizeof(r->r));
	r->sp = t->ctx.sp;
	r->lr = t->ctx.lr;
	r->pc = t->ctx.pc;
	r->cpsr = t->ctx.cpsr;
}

/* Only the condition flags of cpsr: the thread stays in user mode. */
static void regs_write(struct tcb *t, const struct mica_regs *r)
{
	memcpy(t->ctx.r, r->r, sizeof(r->r));
	t->ctx.sp = r->sp;
	t->ctx.lr = r->lr;
	t->ctx.pc = r->pc;
	t->ctx.cpsr = (t->ctx.cpsr & ~PSR_USER_FLAGS) | (r->cpsr & PSR_USER_FLAGS);
}

/*
 * Reads and/or writes another thread's registers, optionally cancelling
 * its IPC first. Writing a stopped thread resumes it.
 */
int sys_thread_regs(struct tcb *cur)
{
	uint32_t flags = cur->ctx.r[1];
	void *ubuf = (void *)cur->ctx.r[2];
	struct mica_regs in, out;
	struct tcb *t;
	int err = thread_arg(cur, cur->ctx.r[0], &t);

	if (err)
		return err;
	if ((flags & ~REGS_ALL) || t == cur)
		return -EINVAL;
	if ((flags & REGS_WRITE) && copy_from_user(&in, ubuf, sizeof(in)))
		return -EFAULT;
	regs_read(t, &out);
	if ((flags & REGS_READ) && copy_to_user(ubuf, &out, sizeof(out)))
		return -EFAULT;
	if (flags & REGS_CANCEL_IPC)
		ipc_cancel(t, -ECANCELED);
	if (flags & REGS_WRITE) {
		regs_write(t, &in);
		if (t->state == THREAD_STOPPED)
			thread_start(t);
	}
	return 0;
}

int sys_exit(struct tcb *cur)
{
	struct task *t = cur->task;
	int status = cur->ctx.r[0];

	if (t == root_task) {
		printk("mica: the root task exited (status %d)\n", status);
		kernel_power_off(status);
	}
	printk("task: %s exited (task %u, status %d)\n", t->name, t->id, status);
	if (thread_exit_to_pager(cur, status)) {
		for (struct list *l = t->threads.next; l != &t->threads; l = l->next) {
			struct tcb *th = list_entry(l, struct tcb, task_link);

			if (th != cur)
				thread_stop(th);
		}
		return SYSCALL_DEFERRED;
	}
	task_destroy(t);
	return SYSCALL_DEFERRED;
}

/*
 * The task or thread an info call names: with INFO_NEXT the first one in
 * a slot after id's (id 0: the first of all); without, id itself.
 */
static void *info_target(struct idtable *ids, uint32_t id, uint32_t flags)
{
	return flags & INFO_NEXT ? idtable_next(ids, id) : idtable_lookup(ids, id);
}

/* Open to every task: it reads, it changes nothing. */
int sys_task_info(struct tcb *cur)
{
	uint32_t id = cur->ctx.r[0], flags = cur->ctx.r[2];
	struct mica_task_info info;
	struct task *t;

	if (flags & ~INFO_NEXT)
		return -EINVAL;
	if (id == MICA_TASK_SELF && !(flags & INFO_NEXT))
		t = cur->task;
	else
		t = info_target(&task_ids, id, flags);
	if (!t)
		return -ESRCH;
	memset(&info, 0, sizeof(info));
	info.id = t->id;
	info.parent = t->parent ? t->parent->id : 0;
	info.threads = t->nthreads;
	info.quota = t->quota;
	info.used = t->used;
	info.frames = t->frames;
	info.mapped = t->mapped;
	memcpy(info.name, t->name, sizeof(info.name));
	return copy_to_user((void *)cur->ctx.r[1], &info, sizeof(info)) ? -EFAULT : 0;
}

static const uint8_t thread_states[] = {
	[THREAD_READY] = MICA_THREAD_READY, [THREAD_SEND] = MICA_THREAD_SEND,
	[THREAD_RECV] = MICA_THREAD_RECV, [THREAD_SLEEP] = MICA_THREAD_SLEEP,
	[THREAD_STOPPED] = MICA_THREAD_STOPPED, [THREAD_INPUT] = MICA_THREAD_INPUT,
};

/* Whom t waits for: its receiver, its sender (or TID_ANY), or TID_NIL. */
static uint32_t thread_partner(const struct tcb *t)
{
	if (t->state == THREAD_SEND)
		return t->partner->tid;
	return t->state == THREAD_RECV ? t->wait_from : TID_NIL;
}

/* Open to every task, like SYS_TASK_INFO. */
int sys_thread_info(struct tcb *cur)
{
	uint32_t flags = cur->ctx.r[2];
	struct mica_thread_info info;
	struct tcb *t;

	if (flags & ~INFO_NEXT)
		return -EINVAL;
	t = info_target(&thread_ids, cur->ctx.r[0], flags);
	if (!t)
		return -ESRCH;
	memset(&info, 0, sizeof(info));
	info.tid = t->tid;
	info.task = t->task->id;
	info.state = thread_states[t->state];
	info.prio = t->prio;
	info.pc = t->ctx.pc;
	info.pager = t->pager;
	info.partner = thread_partner(t);
	info.faulting = t->fault;
	return copy_to_user((void *)cur->ctx.r[1], &info, sizeof(info)) ? -EFAULT : 0;
}

/*
 * The kernel's accounts. With KINFO_CHECK the caches first give their
 * empty slabs back (a memcache keeps one when its last object goes), so
 * that frames_kernel_free depends only on the objects alive, not on the
 * order they were freed in; then the allocators' checkers run, and the
 * frame conservation check (kernel/frames.c).
 */
int sys_kernel_info(struct tcb *cur)
{
	struct mica_kernel_info info;
	struct buddy_stats st;

	if (cur->ctx.r[1] & ~KINFO_CHECK)
		return -EINVAL;
	if (cur->ctx.r[1] & KINFO_CHECK) {
		thread_objects_shrink();
		task_objects_shrink();
		memcache_shrink(&l2pt_cache);
		mapdb_shrink();
		kmalloc_shrink();
	}
	memset(&info, 0, sizeof(info));
	buddy_stats(&st);
	info.frames_total = st.total_frames;
	info.frames_kernel_free = st.free_frames;
	info.frames_granted = frames_granted();
	info.threads = thread_ids.nslots - 1 - thread_ids.nfree;
	info.tasks = task_ids.nslots - 1 - task_ids.nfree;
	info.tcbs = thread_objects();
	info.spaces = task_objects();
	info.space_switches = vm_space_switches;
	info.mappings = mapdb_nodes();
	if (cur->ctx.r[1] & KINFO_CHECK)
		info.check = buddy_check() || kmalloc_check() || frames_check() ?
			     -EINVAL : 0;
	return copy_to_user((void *)cur->ctx.r[0], &info, sizeof(info)) ? -EFAULT : 0;
}
