/*
 * One wrapper per system call but SYS_IPC (user/lib/ipc.S): `svc #0` with
 * the number in r7 and the arguments in r0-r5. The kernel may clobber
 * r0-r3 and r12 (<uapi/syscall.h>), and the calls that take a buffer read
 * or write memory, so every svc clobbers "memory" too.
 */
#include <mica.h>
#include <stdio.h>

/* A call with up to three arguments; *r1 gets r1 back when r1 != NULL. */
static inline uint32_t svc3(uint32_t nr, uint32_t a0, uint32_t a1,
			    uint32_t a2, uint32_t *r1)
{
	register uint32_t x0 __asm__("r0") = a0;
	register uint32_t x1 __asm__("r1") = a1;
	register uint32_t x2 __asm__("r2") = a2;
	register uint32_t x7 __asm__("r7") = nr;

	__asm__ volatile("svc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2)
			 : "r"(x7)
			 : "r3", "r12", "memory");
	if (r1)
		*r1 = x1;
	return x0;
}

/* A call without arguments: only r0 comes back. */
static inline uint32_t svc0(uint32_t nr)
{
	register uint32_t x0 __asm__("r0");
	register uint32_t x7 __asm__("r7") = nr;

	__asm__ volatile("svc #0" : "=r"(x0) : "r"(x7)
			 : "r1", "r2", "r3", "r12", "memory");
	return x0;
}

/* A call with up to six arguments (r4 and r5 are preserved). */
static inline uint32_t svc6(uint32_t nr, uint32_t a0, uint32_t a1,
			    uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5)
{
	register uint32_t x0 __asm__("r0") = a0;
	register uint32_t x1 __asm__("r1") = a1;
	register uint32_t x2 __asm__("r2") = a2;
	register uint32_t x3 __asm__("r3") = a3;
	register uint32_t x4 __asm__("r4") = a4;
	register uint32_t x5 __asm__("r5") = a5;
	register uint32_t x7 __asm__("r7") = nr;

	__asm__ volatile("svc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 : "r"(x4), "r"(x5), "r"(x7)
			 : "r12", "memory");
	return x0;
}

#define SVC(nr, a0, a1, a2)	((int)svc3((nr), (a0), (a1), (a2), NULL))

int mica_null(void)
{
	return (int)svc0(SYS_NULL);
}

int mica_debug_write(const void *buf, size_t len)
{
	return SVC(SYS_DEBUG_WRITE, (uintptr_t)buf, len, 0);
}

uint32_t mica_thread_self(void)
{
	return svc0(SYS_THREAD_SELF);
}

uint32_t mica_task_self(void)
{
	uint32_t task;

	svc3(SYS_THREAD_SELF, 0, 0, 0, &task);
	return task;
}

int mica_yield(void)
{
	return (int)svc0(SYS_YIELD);
}

int mica_sleep(uint32_t ms)
{
	return SVC(SYS_SLEEP, ms, 0, 0);
}

int mica_task_create(const char *name, uint32_t quota)
{
	return SVC(SYS_TASK_CREATE, (uintptr_t)name, quota, 0);
}

int mica_task_destroy(uint32_t task)
{
	return SVC(SYS_TASK_DESTROY, task, 0, 0);
}

int mica_thread_create(uint32_t task, uintptr_t pc, uintptr_t sp,
		       unsigned int prio, uint32_t pager, uint32_t arg)
{
	return (int)svc6(SYS_THREAD_CREATE, task, pc, sp, prio, pager, arg);
}

int mica_thread_destroy(uint32_t tid)
{
	return SVC(SYS_THREAD_DESTROY, tid, 0, 0);
}

int mica_thread_set_prio(uint32_t tid, unsigned int prio)
{
	return SVC(SYS_THREAD_SET_PRIO, tid, prio, 0);
}

int mica_thread_set_pager(uint32_t tid, uint32_t pager)
{
	return SVC(SYS_THREAD_SET_PAGER, tid, pager, 0);
}

int mica_thread_regs(uint32_t tid, unsigned int flags, struct mica_regs *regs)
{
	return SVC(SYS_THREAD_REGS, tid, flags, (uintptr_t)regs);
}

void mica_exit(int status)
{
	mica_stdout_flush();
	svc3(SYS_EXIT, (uint32_t)status, 0, 0, NULL);
	__builtin_unreachable();
}

int mica_map(uint32_t task, uintptr_t dst, uintptr_t src, size_t size,
	     unsigned int flags)
{
	return (int)svc6(SYS_MAP, task, dst, src, size, flags, 0);
}

void mica_prefault(const void *start, size_t len)
{
	const volatile char *p = (const volatile char *)((uintptr_t)start & ~4095u);

	for (; (const char *)p < (const char *)start + len; p += 4096)
		(void)*p;
}

int mica_unmap(uint32_t task, uintptr_t va, size_t size)
{
	return mica_revoke(task, va, size, UNMAP_ALL);
}

int mica_revoke(uint32_t task, uintptr_t va, size_t size, unsigned int flags)
{
	return (int)svc6(SYS_UNMAP, task, va, size, flags, 0, 0);
}

int mica_task_info(uint32_t task, struct mica_task_info *info)
{
	return SVC(SYS_TASK_INFO, task, (uintptr_t)info, 0);
}

int mica_task_next(uint32_t task, struct mica_task_info *info)
{
	return SVC(SYS_TASK_INFO, task, (uintptr_t)info, INFO_NEXT);
}

int mica_thread_info(uint32_t tid, struct mica_thread_info *info)
{
	return SVC(SYS_THREAD_INFO, tid, (uintptr_t)info, 0);
}

int mica_thread_next(uint32_t tid, struct mica_thread_info *info)
{
	return SVC(SYS_THREAD_INFO, tid, (uintptr_t)info, INFO_NEXT);
}

int mica_console_read(void *buf, size_t len, unsigned int timeout_ms)
{
	return SVC(SYS_CONSOLE_READ, (uintptr_t)buf, len, timeout_ms);
}

int mica_halt(int status)
{
	return SVC(SYS_HALT, (uint32_t)status, 0, 0);
}

uint32_t mica_clock(uint32_t *hz, uint32_t *ticks)
{
	register uint32_t x0 __asm__("r0");
	register uint32_t x1 __asm__("r1");
	register uint32_t x2 __asm__("r2");
	register uint32_t x7 __asm__("r7") = SYS_CLOCK;

	__asm__ volatile("svc #0" : "=r"(x0), "=r"(x1), "=r"(x2) : "r"(x7)
			 : "r3", "r12", "memory");
	if (hz)
		*hz = x1;
	if (ticks)
		*ticks = x2;
	return x0;
}

int mica_kernel_info(struct mica_kernel_info *info, unsigned int flags)
{
	return SVC(SYS_KERNEL_INFO, (uintptr_t)info, flags, 0);
}
