/*
 * Console input; see include/kernel/console.h. The ring's indices run
 * free (head - tail bytes are held), so full and empty differ without a
 * spare slot. The reader is kept by id, not pointer: a reader destroyed,
 * cancelled or timed out leaves THREAD_INPUT, and a stale id finds nothing.
 *
 * The interrupt cannot copy into the reader's buffer (another space is
 * current), so it only wakes the reader with its system call rewound to
 * the svc: run again, the call finds the bytes and copies them in the
 * reader's own space.
 */
#include <kernel/console.h>
#include <kernel/ipc.h>
#include <kernel/irq.h>
#include <kernel/panic.h>
#include <kernel/sched.h>
#include <kernel/uaccess.h>
#include <platform.h>
#include <uapi/errno.h>

static char ring[CONSOLE_BUF];
static uint32_t head, tail;		/* next to write / to read */
static uint32_t reader = TID_NIL;	/* the last thread that blocked */

static struct tcb *console_waiter(void)
{
	struct tcb *t = thread_lookup(reader);

	return t && t->state == THREAD_INPUT ? t : NULL;
}

static void console_wake(void)
{
	struct tcb *t = console_waiter();

	if (!t)
		return;
	sched_timeout_cancel(t);
	trap_syscall_restart(&t->ctx);
	sched_ready(t);
}

static void console_rx(unsigned int irq __unused, void *arg __unused)
{
	int c;

	while ((c = platform_console_trygetc()) >= 0)
		if (head - tail < CONSOLE_BUF)
			ring[head++ % CONSOLE_BUF] = (char)c;
	if (head != tail)
		console_wake();
}

void console_init(void)
{
	BUG_ON(irq_register(platform_console_irq(), console_rx, NULL));
	platform_console_rx_irq_enable();
}

/*
 * Whether the kernel may write [ubuf, ubuf + n): each byte is read and
 * written back unchanged (nothing runs in between: one core, IRQs masked).
 */
static int user_buf_check(char *ubuf, uint32_t n)
{
	char tmp[CONSOLE_BUF];

	if (copy_from_user(tmp, ubuf, n) || copy_to_user(ubuf, tmp, n))
		return -EFAULT;
	return 0;
}

/* Moves up to len held bytes to ubuf; returns their count or -EFAULT. */
static int ring_read(char *ubuf, uint32_t len)
{
	char tmp[CONSOLE_BUF];
	uint32_t n = head - tail < len ? head - tail : len;

	for (uint32_t i = 0; i < n; i++)
		tmp[i] = ring[(tail + i) % CONSOLE_BUF];
	if (copy_to_user(ubuf, tmp, n))
		return -EFAULT;
	tail += n;
	return n;
}

int sys_console_read(struct tcb *cur)
{
	char *ubuf = (char *)cur->ctx.r[0];
	uint32_t len = cur->ctx.r[1], ms = cur->ctx.r[2];

	if (len == 0 || (ms > IPC_TIMEOUT_MAX_MS && ms != IPC_TIMEOUT_NEVER))
		return -EINVAL;
	if (len > CONSOLE_BUF)
		len = CONSOLE_BUF;
	if (user_buf_check(ubuf, len))
		return -EFAULT;
	if (head != tail)
		return ring_read(ubuf, len);
	if (console_waiter())
		return -EBUSY;
	if (ms == IPC_TIMEOUT_POLL)
		return -ETIMEDOUT;
	sched_unready(cur);
	cur->state = THREAD_INPUT;
	sched_timeout_arm(cur, ms);
	reader = cur->tid;
	return SYSCALL_DEFERRED;
}
