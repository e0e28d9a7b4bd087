/*
 * isolate: a user thread cannot touch what is not its task's. Probe
 * threads read, write or jump into the kernel image, the kernel's device
 * window, a device's physical address (not mapped), an unmapped address,
 * the vector page (read-only), another task's page and the root task's
 * bootinfo, or run an undefined instruction. Each must stop with a fault
 * (the kernel prints a `user: task isolate ...: thread stopped` line,
 * checked by tools/run-tests against the probe's address, access and pc)
 * while this thread goes on: it reads the stopped thread's registers (pc
 * at the faulting instruction), then destroys it. Bad pointers handed to
 * system calls give -EFAULT and change nothing.
 *
 * Each probe prints `# probe NAME: thread TID` for the runner to match.
 */
#include <mica.h>
#include <mica/root.h>
#include <mica/tap.h>
#include <stdio.h>
#include <string.h>

#include "accounts.h"

#define KERNEL_IMAGE	0xc0008000u	/* the kernel's first instruction */
#define KERNEL_UART	0xf11f1000u	/* UART0 in the kernel's device window */
#define UART_PHYS	0x101f1000u	/* UART0's physical address: unmapped */
#define UNMAPPED	0x7f12345cu	/* not page aligned, so truncation shows */
#define VECTOR_WORD	0xffff0ff0u	/* MICA_UTCB_POINTER: readable, not writable */
#define BOOTINFO	0xbfe00000u	/* the root task's bootinfo page */
#define OTHER_VA	0x50000000u	/* a page mapped only in the other task */
#define STACK_END	0xbf000000u	/* the end of our stack (the root's loader) */
#define PROBE_PRIO	(MICA_PRIO_DEFAULT - 1)	/* runs when main sleeps */

/*
 * The probes: each starts with r0 = the address. A probe that does not
 * fault spins at its second instruction, so its pc tells.
 */
__asm__(".text\n\t.balign 4\n"
	".global probe_load\nprobe_load:\n\tldr r1, [r0]\n\tb .\n"
	".global probe_store\nprobe_store:\n\tstr r0, [r0]\n\tb .\n"
	".global probe_jump\nprobe_jump:\n\tblx r0\n\tb .\n"
	".global probe_undef\nprobe_undef:\n\t.word 0xe7f000f0\n\tb .\n");
extern const char probe_load[], probe_store[], probe_jump[], probe_undef[];

static uint32_t probe_stack[256] __attribute__((aligned(8)));
static const char ro_page[4096] __attribute__((aligned(4096))) = "read-only";
static char rw_page[4096] __attribute__((aligned(4096)));

/*
 * Runs fn at address addr until it stops; *regs gets its registers. The
 * probe has no pager, so the kernel itself stops it at its fault.
 */
static int probe(const char *name, const char *fn, uint32_t addr,
		 struct mica_regs *regs)
{
	int tid = mica_thread_create(MICA_TASK_SELF, (uintptr_t)fn,
				     (uintptr_t)(probe_stack + 256), PROBE_PRIO,
				     TID_NIL, addr);
	int err;

	if (tid < 0)
		return tid;
	printf("# probe %s: thread %08x\n", name, tid);
	mica_sleep(5);
	err = mica_thread_regs((uint32_t)tid, REGS_READ, regs);
	if (!err)
		err = mica_thread_destroy((uint32_t)tid);
	if (!err && mica_thread_regs((uint32_t)tid, 0, NULL) != -ESRCH)
		err = -EEXIST;
	return err;
}

/* A data probe: it stopped at its one instruction with r0 intact. */
static void data_probe(const char *name, const char *fn, uint32_t addr)
{
	struct mica_regs r;
	int err = probe(name, fn, addr, &r);

	if (!tap_ok(!err, "%s: probe ran and was destroyed (%s)", name,
		    mica_strerror(err)))
		return;
	tap_ok(r.pc == (uintptr_t)fn && r.r[0] == addr,
	       "%s: stopped at pc %08lx with r0 %08lx (want %08lx, %08x)", name,
	       (unsigned long)r.pc, (unsigned long)r.r[0],
	       (unsigned long)(uintptr_t)fn, (unsigned int)addr);
}

/* A jump probe: pc is the target, lr the return address after blx. */
static void jump_probe(const char *name, uint32_t addr)
{
	struct mica_regs r;
	int err = probe(name, probe_jump, addr, &r);

	if (!tap_ok(!err, "%s: probe ran and was destroyed (%s)", name,
		    mica_strerror(err)))
		return;
	tap_ok(r.pc == addr && r.lr == (uintptr_t)probe_jump + 4,
	       "%s: stopped at pc %08lx lr %08lx (want %08x, %08lx)", name,
	       (unsigned long)r.pc, (unsigned long)r.lr, (unsigned int)addr,
	       (unsigned long)(uintptr_t)probe_jump + 4);
}

static void test_faults(void)
{
	data_probe("kernel-read", probe_load, KERNEL_IMAGE);
	data_probe("kernel-write", probe_store, KERNEL_IMAGE);
	jump_probe("kernel-exec", KERNEL_IMAGE);
	data_probe("device-read", probe_load, KERNEL_UART);
	data_probe("device-write", probe_store, KERNEL_UART);
	data_probe("physical-read", probe_load, UART_PHYS);
	data_probe("unmapped-read", probe_load, UNMAPPED);
	data_probe("unmapped-write", probe_store, UNMAPPED);
	jump_probe("unmapped-exec", UNMAPPED);
	data_probe("vector-write", probe_store, VECTOR_WORD);
	data_probe("bootinfo-read", probe_load, BOOTINFO);
	data_probe("readonly-write", probe_store, (uintptr_t)ro_page);
	data_probe("undefined", probe_undef, 0);
}

/* A page of ours mapped into another task: there, not here. */
static void test_other_task(void)
{
	int task = mica_task_create("isolate-other", 0);
	int err;

	if (!tap_ok(task > 0, "another task: created (%s)",
		    mica_strerror(task < 0 ? task : 0)))
		return;
	err = mica_map((uint32_t)task, OTHER_VA, (uintptr_t)rw_page, 4096,
		       MAP_READ | MAP_WRITE);
	tap_is_int(err, 0, "another task: our page mapped at 0x50000000 in it");
	data_probe("other-read", probe_load, OTHER_VA);
	data_probe("other-write", probe_store, OTHER_VA);
	tap_is_int(mica_task_destroy((uint32_t)task), 0, "another task: destroyed");
}

/* Addresses no call may read from or write to. */
static const uint32_t bad[] = { KERNEL_IMAGE, KERNEL_UART, UNMAPPED, 0 };

static void test_efault(void)
{
	struct mica_regs regs;
	int tid;

	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		void *p = (void *)(uintptr_t)bad[i];

		int r = mica_debug_write(p, 8);

		tap_ok(r == -EFAULT, "debug_write from %08x: %s", (unsigned int)bad[i],
		       mica_strerror(r));
		r = mica_task_info(MICA_TASK_SELF, p);
		tap_ok(r == -EFAULT, "task_info into %08x: %s", (unsigned int)bad[i],
		       mica_strerror(r));
		r = mica_task_create(p, 0);
		tap_ok(r == -EFAULT, "task_create with the name at %08x: %s",
		       (unsigned int)bad[i], mica_strerror(r));
	}
	tap_is_int(mica_task_info(MICA_TASK_SELF, (void *)ro_page), -EFAULT,
		   "task_info into a read-only page");
	tap_ok(strcmp(ro_page, "read-only") == 0, "the read-only page is unchanged");
	tap_is_int(mica_task_info(MICA_TASK_SELF, (void *)(STACK_END - 8)),
		   -EFAULT, "task_info into a buffer that runs off the mapped page");
	tap_is_int(mica_debug_write((void *)(STACK_END - 8), 16), -EFAULT,
		   "debug_write of a buffer that runs off the mapped page");
	tap_is_int(mica_debug_write(ro_page, 4097), -EINVAL, "debug_write of 4097 bytes");
	tap_is_int(mica_debug_write("", 0), 0, "debug_write of 0 bytes");

	/* thread_regs needs a thread of ours to read: a stopped probe. */
	tid = mica_thread_create(MICA_TASK_SELF, (uintptr_t)probe_undef,
				 (uintptr_t)(probe_stack + 256), PROBE_PRIO,
				 TID_NIL, 0);
	if (!tap_ok(tid > 0, "a thread for thread_regs"))
		return;
	printf("# probe regs-target: thread %08x\n", tid);
	mica_sleep(5);
	tap_is_int(mica_thread_regs((uint32_t)tid, REGS_READ, (void *)KERNEL_IMAGE),
		   -EFAULT, "thread_regs read into the kernel");
	tap_is_int(mica_thread_regs((uint32_t)tid, REGS_READ, (void *)UNMAPPED),
		   -EFAULT, "thread_regs read into an unmapped page");
	tap_is_int(mica_thread_regs((uint32_t)tid, REGS_READ, (void *)ro_page),
		   -EFAULT, "thread_regs read into a read-only page");
	tap_is_int(mica_thread_regs((uint32_t)tid, REGS_WRITE, (void *)KERNEL_IMAGE),
		   -EFAULT, "thread_regs write from the kernel");
	tap_is_int(mica_thread_regs((uint32_t)tid, REGS_READ, &regs), 0,
		   "thread_regs into a good buffer");
	tap_ok(regs.pc == (uintptr_t)probe_undef, "the target is still stopped at its fault");
	tap_is_int(mica_thread_destroy((uint32_t)tid), 0, "the target destroyed");
	{
		char name[16];

		memcpy(name, "isolate-name", 13);
		tid = mica_task_create(name, 0);
		tap_ok(tid > 0 && mica_task_destroy((uint32_t)tid) == 0,
		       "task_create with a good name still works");
	}
	tid = mica_task_create(ro_page, 0);
	tap_ok(tid > 0 && mica_task_destroy((uint32_t)tid) == 0,
	       "task_create with a name in a read-only page works");
	/* Our stack's last 4 bytes (start-up block padding; argv unused). */
	memcpy((void *)(STACK_END - 4), "abcd", 4);
	tap_is_int(mica_task_create((void *)(STACK_END - 4), 0), -EFAULT,
		   "task_create with a name that runs off the mapped page");
}

int main(void)
{
	struct mica_kernel_info k0;
	int status;

	tap_plan(66);
	tap_is_int(mica_kernel_info(&k0, KINFO_CHECK), 0, "kernel info at the start");
	test_faults();
	test_other_task();
	test_efault();
	accounts_back(&k0);
	status = tap_done();
	mica_root_halt(status);
	return status;
}
