/*
 * The host shim for the kernel's threads, scheduler and IPC
 * (kernel/idtable.c, sched.c, ipc.c, thread.c, task.c built unchanged, see
 * tests/host/kernel.mk.inc): the clock is a counter the test advances, the
 * architecture's thread calls are recorded, returning to user mode jumps
 * back into the test, and the D-cache operations are logged. mm/ is the
 * real one over a host arena, with the recorder of vm_recorder.h as its
 * hardware.
 */
#ifndef MICA_TESTS_HOST_KSHIM_H
#define MICA_TESTS_HOST_KSHIM_H

#include <kernel/ipc.h>
#include <kernel/sched.h>
#include <kernel/thread.h>

extern uint32_t kshim_ticks;		/* what clock_ticks() returns */
extern unsigned int kshim_hz;		/* what clock_hz() returns */

enum kshim_cache_op { KC_CLEAN, KC_INV, KC_CLEAN_INV, KC_CLEAN_INV_ALL, KC_IC_INV };

struct kshim_cache_entry {
	enum kshim_cache_op op;
	vaddr_t a, b;
};

#define KSHIM_CACHE_MAX	64
extern struct kshim_cache_entry kshim_cache_log[KSHIM_CACHE_MAX];
extern unsigned int kshim_cache_len;	/* entries logged (may exceed the array) */

extern unsigned int kshim_switches;	/* arch_thread_switch() calls */
extern struct vm_space *kshim_switch_space;	/* its last arguments */
extern const void *kshim_switch_utcb;

/*
 * Destroys every thread of the previous world (leaving the run queues and
 * the ready bitmap empty), then sets up RAM, the buddy, the caches, the
 * address spaces and thread_init() anew; the clock starts at ticks.
 */
void kshim_world_init(uint32_t ticks);

/* A task for tests: max priority 255, the default quota. */
struct task *kshim_task(const char *name);

/* A thread of t at prio, started (READY at the tail of its queue). */
struct tcb *kshim_thread(struct task *t, uint8_t prio);

/*
 * Leaves the kernel as the syscall and IRQ paths do (sched_return()), and
 * returns the thread it returned to user mode, now sched_current; or NULL
 * when nothing was ready (the idle loop was reached, sched_current NULL).
 */
struct tcb *kshim_pick(void);

/* One clock tick: the counter advances, then sched_tick(). */
void kshim_tick(void);

/*
 * t (made sched_current) enters SYS_IPC with to, from, tag, timeouts and
 * message words w[0..7] (NULL: zeros); returns what syscall.c would: the
 * result written to r0, or SYSCALL_DEFERRED.
 */
/* Message word i (0-7) in a context: r4-r6, r8-r12 (include/arch/thread.h). */
static inline uint32_t *kshim_mr(struct trap_frame *ctx, unsigned int i)
{
	return &ctx->r[i < 3 ? 4 + i : 5 + i];
}

int kshim_ipc(struct tcb *t, uint32_t to, uint32_t from, uint32_t tag,
	      uint32_t timeouts, const uint32_t *w);

/* SYS_SLEEP as kernel/syscall.c does it, for ms in 1..65534. */
void kshim_sleep(struct tcb *t, uint32_t ms);

#endif
