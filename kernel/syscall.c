/*
 * The system-call table and the calls that need no other module: null,
 * debug output, own id, yield, sleep, halt. The ABI is docs/syscalls.md.
 */
#include <kernel/clock.h>
#include <kernel/console.h>
#include <kernel/ipc.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <kernel/syscall.h>
#include <kernel/uaccess.h>
#include <platform.h>
#include <uapi/errno.h>
#include <uapi/syscall.h>

#define DEBUG_WRITE_MAX		4096	/* bytes per SYS_DEBUG_WRITE */
#define DEBUG_WRITE_CHUNK	64

static int sys_null(struct tcb *cur)
{
	(void)cur;
	return 0;
}

/* Copies and prints a chunk at a time: a fault stops it with -EFAULT. */
static int sys_debug_write(struct tcb *cur)
{
	const char *buf = (const char *)cur->ctx.r[0];
	uint32_t len = cur->ctx.r[1];
	char chunk[DEBUG_WRITE_CHUNK];

	if (len > DEBUG_WRITE_MAX)
		return -EINVAL;
	for (uint32_t done = 0; done < len; done += sizeof(chunk)) {
		uint32_t n = len - done < sizeof(chunk) ? len - done : sizeof(chunk);

		if (copy_from_user(chunk, buf + done, n))
			return -EFAULT;
		for (uint32_t i = 0; i < n; i++)
			platform_console_putc(chunk[i]);
	}
	return len;
}

static int sys_thread_self(struct tcb *cur)
{
	cur->ctx.r[1] = cur->task->id;
	return cur->tid;
}

static int sys_yield(struct tcb *cur)
{
	(void)cur;
	sched_yield();
	return 0;
}

static int sys_sleep(struct tcb *cur)
{
	uint32_t ms = cur->ctx.r[0];

	if (ms > IPC_TIMEOUT_MAX_MS)
		return -EINVAL;
	if (ms == 0)
		return 0;
	sched_unready(cur);
	cur->state = THREAD_SLEEP;
	sched_timeout_arm(cur, ms);
	return SYSCALL_DEFERRED;
}

static int sys_halt(struct tcb *cur)
{
	if (cur->task != root_task)
		return -EPERM;
	printk("mica: halted by the root task (status %d)\n", (int)cur->ctx.r[0]);
	kernel_power_off(cur->ctx.r[0]);
}

/*
 * The free-running counter for user-side timing, and the tick count. r0
 * is a raw 32-bit count (any value), so it is written here, not returned.
 */
static int sys_clock(struct tcb *cur)
{
	cur->ctx.r[0] = platform_counter_read();
	cur->ctx.r[1] = platform_counter_hz();
	cur->ctx.r[2] = clock_ticks();
	return SYSCALL_DEFERRED;
}

static int (*const syscalls[SYS_COUNT])(struct tcb *cur) = {
	[SYS_NULL] = sys_null,
	[SYS_DEBUG_WRITE] = sys_debug_write,
	[SYS_IPC] = ipc_sys,
	[SYS_THREAD_SELF] = sys_thread_self,
	[SYS_YIELD] = sys_yield,
	[SYS_SLEEP] = sys_sleep,
	[SYS_TASK_CREATE] = sys_task_create,
	[SYS_TASK_DESTROY] = sys_task_destroy,
	[SYS_THREAD_CREATE] = sys_thread_create,
	[SYS_THREAD_DESTROY] = sys_thread_destroy,
	[SYS_THREAD_SET_PRIO] = sys_thread_set_prio,
	[SYS_THREAD_REGS] = sys_thread_regs,
	[SYS_EXIT] = sys_exit,
	[SYS_MAP] = sys_map,
	[SYS_UNMAP] = sys_unmap,
	[SYS_TASK_INFO] = sys_task_info,
	[SYS_HALT] = sys_halt,
	[SYS_CLOCK] = sys_clock,
	[SYS_KERNEL_INFO] = sys_kernel_info,
	[SYS_THREAD_SET_PAGER] = sys_thread_set_pager,
	[SYS_THREAD_INFO] = sys_thread_info,
	[SYS_CONSOLE_READ] = sys_console_read,
};

struct trap_frame *syscall_entry(struct tcb *cur)
{
	uint32_t n = cur->ctx.r[7];
	int r = likely(n < SYS_COUNT) ? syscalls[n](cur) : -ENOSYS;

	if (unlikely(r == -EFAULT) && syscall_fault(cur))
		return sched_resume();	/* its pager maps the buffer, then again */
	if (r != SYSCALL_DEFERRED)
		cur->ctx.r[0] = r;
	return sched_resume();
}
