/*
 * Console input: the console's receive interrupt fills a ring of
 * CONSOLE_BUF bytes (more are dropped while it is full), and one thread at
 * a time waits for it in SYS_CONSOLE_READ (docs/syscalls.md). Output stays
 * with printk and SYS_DEBUG_WRITE. Call with IRQs masked.
 */
#ifndef MICA_KERNEL_CONSOLE_H
#define MICA_KERNEL_CONSOLE_H

#include <kernel/thread.h>

#define CONSOLE_BUF	256	/* bytes of input kept; also the most one read returns */

/* Registers the receive interrupt and turns it on; boot only. */
void console_init(void);

/*
 * SYS_CONSOLE_READ for cur: r0 buf, r1 len, r2 timeout ms. Copies up to
 * len (at most CONSOLE_BUF) waiting bytes to buf and returns their count;
 * with none, polls (-ETIMEDOUT) or blocks in THREAD_INPUT until input
 * comes (the call is then restarted and finds it) or the timeout ends it
 * (-ETIMEDOUT). -EINVAL (len 0, timeout), -EFAULT (buf not writable for
 * min(len, CONSOLE_BUF) bytes), -EBUSY (another thread waits).
 */
int sys_console_read(struct tcb *cur);

#endif
