/*
 * The system-call ABI: `svc #0` with the call number in r7 (as the Linux
 * EABI). Arguments go in r0-r6; results come back in r0 (and r1, r2 where
 * a call says so). r0 is 0 or a positive value on success, a negated
 * error from <uapi/errno.h> on failure. Every register the call does not
 * name as a result is preserved, except r0-r3 and r12 (the AAPCS
 * caller-saved set), which a call may clobber. docs/syscalls.md gives each
 * call's registers, checks and errors; this header is the source of truth
 * for the numbers.
 */
#ifndef MICA_UAPI_SYSCALL_H
#define MICA_UAPI_SYSCALL_H

/* r7 */
#define SYS_NULL		0	/* does nothing, returns 0 (the cost of a call) */
#define SYS_DEBUG_WRITE		1	/* r0 buf, r1 len -> bytes written */
#define SYS_IPC			2	/* see <uapi/ipc.h> */
#define SYS_THREAD_SELF		3	/* -> r0 own thread id, r1 own task id */
#define SYS_YIELD		4	/* gives up the rest of the timeslice */
#define SYS_SLEEP		5	/* r0 ms -> 0 after at least ms milliseconds */
#define SYS_TASK_CREATE		6	/* r0 name, r1 quota bytes -> task id */
#define SYS_TASK_DESTROY	7	/* r0 task id */
#define SYS_THREAD_CREATE	8	/* r0 task, r1 pc, r2 sp, r3 prio, r4 pager, r5 arg -> tid */
#define SYS_THREAD_DESTROY	9	/* r0 tid */
#define SYS_THREAD_SET_PRIO	10	/* r0 tid, r1 priority */
#define SYS_THREAD_REGS		11	/* r0 tid, r1 REGS_* flags, r2 struct mica_regs * */
#define SYS_EXIT		12	/* r0 status: ends the caller's task; never returns */
#define SYS_MAP			13	/* r0 task, r1 dst va, r2 src, r3 size, r4 MAP_* flags */
#define SYS_UNMAP		14	/* r0 task, r1 va, r2 size */
#define SYS_TASK_INFO		15	/* r0 task, r1 struct mica_task_info * */
#define SYS_HALT		16	/* r0 status: stops the machine (root task only) */
#define SYS_CLOCK		17	/* -> r0 counter, r1 counter Hz, r2 clock ticks */
#define SYS_KERNEL_INFO		18	/* r0 struct mica_kernel_info *, r1 KINFO_CHECK? */
#define SYS_THREAD_SET_PAGER	19	/* r0 tid, r1 pager tid (TID_NIL: none) */
#define SYS_THREAD_INFO		20	/* r0 tid, r1 struct mica_thread_info *, r2 INFO_NEXT? */
#define SYS_CONSOLE_READ	21	/* r0 buf, r1 len, r2 timeout ms -> bytes read */
#define SYS_COUNT		22

#endif
