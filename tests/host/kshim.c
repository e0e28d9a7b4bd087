/* The kernel shim for host tests of threads, scheduling and IPC; see kshim.h. */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <arch/cache.h>
#include <kernel/printk.h>
#include <arch/cpu.h>
#include <arch/thread.h>
#include <kernel/clock.h>
#include <mm/buddy.h>
#include <mm/kmalloc.h>
#include <platform.h>
#include <mm/vm.h>

#include "kshim.h"
#include "mm_host.h"
#include "shim.h"
#include "vm_recorder.h"

#define RAM	(2u << 20)
#define IDLE_MAX	1000000u

uint32_t kshim_ticks;
unsigned int kshim_hz = CLOCK_HZ;
struct kshim_cache_entry kshim_cache_log[KSHIM_CACHE_MAX];
unsigned int kshim_cache_len;
unsigned int kshim_switches;
struct vm_space *kshim_switch_space;
const void *kshim_switch_utcb;

static jmp_buf *return_jmp;
static struct tcb *returned;

uint32_t clock_ticks(void)
{
	return kshim_ticks;
}

unsigned int clock_hz(void)
{
	return kshim_hz;
}

/* The kernel's deadlines and timeslices run on this: one count per tick. */
uint32_t platform_counter_read(void)
{
	return kshim_ticks;
}

uint32_t platform_counter_hz(void)
{
	return 1000;
}

size_t kshim_strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (size) {
		size_t m = n < size - 1 ? n : size - 1;

		memcpy(dst, src, m);
		dst[m] = '\0';
	}
	return n;
}

static void cache_log(enum kshim_cache_op op, vaddr_t a, vaddr_t b)
{
	if (kshim_cache_len < KSHIM_CACHE_MAX)
		kshim_cache_log[kshim_cache_len] = (struct kshim_cache_entry){ op, a, b };
	kshim_cache_len++;
}

void dcache_clean_range(vaddr_t start, vaddr_t end)
{
	cache_log(KC_CLEAN, start, end);
}

void dcache_inv_range(vaddr_t start, vaddr_t end)
{
	cache_log(KC_INV, start, end);
}

void dcache_clean_inv_range(vaddr_t start, vaddr_t end)
{
	cache_log(KC_CLEAN_INV, start, end);
}

void dcache_clean_inv_all(void)
{
	cache_log(KC_CLEAN_INV_ALL, 0, 0);
}

void icache_inv_range(vaddr_t start, vaddr_t end)
{
	cache_log(KC_IC_INV, start, end);
}

/* As arch/arm/thread.c. */
void arch_ctx_init(struct trap_frame *ctx, vaddr_t pc, vaddr_t sp, uint32_t arg)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->r[0] = arg;
	ctx->sp = sp;
	ctx->pc = pc;
	ctx->cpsr = PSR_MODE_USR;
	ctx->type = TRAP_RESET;
}

/* The host kernel touches no user memory: no user access ever faults. */
bool arch_uaccess_fault(struct fault_info *fi, bool *write)
{
	(void)fi;
	(void)write;
	return false;
}

/* As arch/arm/trap.c, in ARM state. */
void trap_syscall_restart(struct trap_frame *tf)
{
	tf->pc -= 4;
}

void trap_syscall_skip(struct trap_frame *tf)
{
	tf->pc += 4;
}

/* A fault's console text, undecoded (arch/arm/trap.c decodes it on the board). */
void arch_fault_print(uint32_t label, const uint32_t w[])
{
	printk("fault %04x at pc %08x, address %08x, word %08x", label, w[1], w[0], w[2]);
}

void kshim_thread_switch(struct vm_space *space, const void *utcb)
{
	kshim_switches++;
	kshim_switch_space = space;
	kshim_switch_utcb = utcb;
}

void arch_user_return(struct trap_frame *ctx)
{
	returned = (struct tcb *)ctx;	/* the frame is the TCB's first member */
	if (!return_jmp) {
		fprintf(stderr, "kshim: arch_user_return outside kshim_pick\n");
		abort();
	}
	longjmp(*return_jmp, 1);
}

/* The idle loop was reached: nothing is ready, so no interrupt can come. */
void kshim_cpu_idle(void)
{
	returned = NULL;
	if (!return_jmp) {
		fprintf(stderr, "kshim: idle outside kshim_pick\n");
		abort();
	}
	longjmp(*return_jmp, 2);
}

struct tcb *kshim_pick(void)
{
	jmp_buf jb;

	return_jmp = &jb;
	if (setjmp(jb) == 0)
		sched_return();
	return_jmp = NULL;
	return returned;
}

void kshim_tick(void)
{
	kshim_ticks++;
	sched_tick();
}

void kshim_world_init(uint32_t ticks)
{
	if (thread_ids.obj)
		for (uint32_t s = 1; s < thread_ids.nslots; s++)
			if (thread_ids.obj[s])
				thread_destroy(thread_ids.obj[s]);
	sched_current = NULL;
	shim_quiet = true;
	mm_host_arena(0, RAM, 12);
	buddy_init(0, RAM, PAGE_SIZE, NULL, 0);
	mm_caches_init();
	rec_setup(RAM);
	vm_init();
	kshim_ticks = ticks;		/* before sched_init() reads the counter */
	thread_init();
	kshim_hz = CLOCK_HZ;
	kshim_cache_len = 0;
	kshim_switches = 0;
	if (kshim_pick()) {
		fprintf(stderr, "kshim: a ready bit outlived the last world\n");
		abort();
	}
	kshim_switches = 0;
}

struct task *kshim_task(const char *name)
{
	struct task *t = task_create(NULL, name, 0, 255);

	if (!t) {
		fprintf(stderr, "kshim: task_create failed\n");
		abort();
	}
	return t;
}

struct tcb *kshim_thread(struct task *t, uint8_t prio)
{
	struct tcb *th = thread_create(t, 0x10000, 0x20000, 0, prio, 0);

	if (!th) {
		fprintf(stderr, "kshim: thread_create failed\n");
		abort();
	}
	thread_start(th);
	return th;
}

int kshim_ipc(struct tcb *t, uint32_t to, uint32_t from, uint32_t tag,
	      uint32_t timeouts, const uint32_t *w)
{
	int r;

	sched_current = t;
	t->ctx.r[0] = to;
	t->ctx.r[1] = from;
	t->ctx.r[2] = tag;
	t->ctx.r[3] = timeouts;
	for (unsigned int i = 0; i < IPC_REG_WORDS; i++)
		*kshim_mr(&t->ctx, i) = w ? w[i] : 0;
	r = ipc_sys(t);
	if (r != SYSCALL_DEFERRED)
		t->ctx.r[0] = r;
	return r;
}

void kshim_sleep(struct tcb *t, uint32_t ms)
{
	sched_current = t;
	sched_unready(t);
	t->state = THREAD_SLEEP;
	sched_timeout_arm(t, ms);
}
