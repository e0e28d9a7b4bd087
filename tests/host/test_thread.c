/*
 * Host tests for thread and task lifecycles (kernel/thread.c, task.c,
 * built unchanged over kshim.c and the real mm/): UTCB slots eight to a
 * page with the page mapped while any slot is used, the kernel alias and
 * the tid written through it, exact quota charges and their return,
 * thread_create failing at every allocation with nothing left behind, a
 * quota too small, stale ids, and task_destroy cancelling other tasks'
 * partners.
 */
#include <mm/buddy.h>
#include <mm/fault_inject.h>
#include <mm/phys.h>
#include <uapi/errno.h>

#include "kshim.h"
#include "shim.h"
#include "tap.h"

#define PGD_BYTES	16384u
#define L2PT_BYTES	1024u
#define UTCB(slot)	(MICA_UTCB_AREA + (slot) * MICA_UTCB_SIZE)

static uint32_t tcb_bytes(void)
{
	return (uint32_t)((sizeof(struct tcb) + 7) & ~7u);
}

TAP_TEST(utcb_slots_pages_and_charges)
{
	struct task *t;
	struct tcb *th[9];
	paddr_t pa;
	unsigned int flags;

	kshim_world_init(0);
	t = kshim_task("u");
	TAP_ASSERT_EQ(t->used, PGD_BYTES);
	for (unsigned int i = 0; i < 9; i++) {
		th[i] = thread_create(t, 0x10000, 0x20000, i, 9, 0);
		TAP_ASSERT(th[i]);
		TAP_ASSERT_EQ(th[i]->state, THREAD_STOPPED);
		TAP_ASSERT_EQ(th[i]->utcb_slot, i);
		TAP_ASSERT_EQ((uintptr_t)th[i]->utcb, UTCB(i));
		TAP_ASSERT_EQ(vm_translate(t->space, UTCB(i), &pa, &flags), 0);
		TAP_ASSERT(th[i]->kutcb == phys_to_virt(pa));	/* the alias of its frame */
		TAP_ASSERT_EQ(th[i]->kutcb->tid, th[i]->tid);
		TAP_ASSERT_EQ(th[i]->ctx.r[0], i);
		TAP_ASSERT(thread_lookup(th[i]->tid) == th[i]);
	}
	TAP_ASSERT_EQ(t->nthreads, 9);
	TAP_ASSERT_EQ(t->used, PGD_BYTES + L2PT_BYTES + 2 * PAGE_SIZE + 9 * tcb_bytes());
	TAP_ASSERT_EQ(thread_objects(), 9);
	thread_destroy(th[8]);			/* the second page's only slot */
	TAP_ASSERT(vm_translate(t->space, UTCB(8), &pa, &flags) != 0);
	TAP_ASSERT_EQ(t->used, PGD_BYTES + L2PT_BYTES + PAGE_SIZE + 8 * tcb_bytes());
	thread_destroy(th[3]);			/* the first page stays */
	TAP_ASSERT_EQ(vm_translate(t->space, UTCB(0), &pa, &flags), 0);
	th[3] = thread_create(t, 0x10000, 0x20000, 0, 9, 0);
	TAP_ASSERT_EQ(th[3]->utcb_slot, 3);	/* first fit */
	for (unsigned int i = 0; i < 8; i++)
		thread_destroy(th[i]);
	TAP_ASSERT(vm_translate(t->space, UTCB(0), &pa, &flags) != 0);
	TAP_ASSERT_EQ(t->used, PGD_BYTES);
	TAP_ASSERT_EQ(t->nthreads, 0);
	TAP_ASSERT_EQ(thread_objects(), 0);
}

/* Fails the n-th buddy allocation of thread_create, for every n it makes. */
TAP_TEST(create_fails_cleanly_at_every_allocation)
{
	struct task *t;
	struct buddy_stats before, after;
	unsigned int failures = 0;

	kshim_world_init(0);
	t = kshim_task("f");
	for (uint32_t n = 1; n < 20; n++) {
		struct tcb *th;
		uint32_t used = t->used;

		buddy_drain();
		buddy_stats(&before);
		fault_inject_set(FAULT_NTH, n, 0);
		th = thread_create(t, 0x10000, 0x20000, 0, 9, 0);
		fault_inject_set(FAULT_OFF, 0, 0);
		if (th) {
			thread_destroy(th);
			continue;
		}
		failures++;
		TAP_ASSERT_EQ(t->used, used);
		TAP_ASSERT_EQ(t->nthreads, 0);
		TAP_ASSERT_EQ(thread_objects(), 0);
		TAP_ASSERT(list_empty(&t->threads));
		buddy_drain();
		buddy_stats(&after);
		TAP_ASSERT(after.free_frames + 2 >= before.free_frames);	/* a kept slab at most */
	}
	TAP_ASSERT(failures >= 2);
	TAP_ASSERT(thread_create(t, 0x10000, 0x20000, 0, 9, 0) != NULL);
}

TAP_TEST(quota_too_small)
{
	struct task *t;

	kshim_world_init(0);
	t = task_create(NULL, "q", PGD_BYTES + tcb_bytes() + PAGE_SIZE, 255);
	TAP_ASSERT(t);
	TAP_ASSERT(thread_create(t, 0x10000, 0x20000, 0, 9, 0) == NULL);	/* no room for its table */
	TAP_ASSERT_EQ(t->used, PGD_BYTES);
	TAP_ASSERT_EQ(thread_objects(), 0);
	t->quota += L2PT_BYTES;
	TAP_ASSERT(thread_create(t, 0x10000, 0x20000, 0, 9, 0) != NULL);
	TAP_ASSERT_EQ(t->used, t->quota);
}

TAP_TEST(destroyed_thread_id_is_stale)
{
	struct task *t;
	struct tcb *a;
	uint32_t tid;

	kshim_world_init(0);
	t = kshim_task("s");
	a = kshim_thread(t, 9);
	tid = a->tid;
	thread_destroy(a);
	TAP_ASSERT(thread_lookup(tid) == NULL);
	TAP_ASSERT(kshim_pick() == NULL);
	a = kshim_thread(t, 9);
	TAP_ASSERT(a->tid != tid);
}

TAP_TEST(task_destroy_cancels_other_tasks_partners)
{
	struct task *ta, *tb;
	struct tcb *srv, *cl, *rcv, *idle;

	kshim_world_init(0);
	ta = kshim_task("a");
	tb = kshim_task("b");
	srv = kshim_thread(ta, 9);
	idle = kshim_thread(ta, 9);
	cl = kshim_thread(tb, 9);
	rcv = kshim_thread(tb, 9);
	kshim_pick();
	kshim_ipc(srv, TID_NIL, TID_ANY, 0, IPC_TIMEOUTS(0, 100), NULL);
	kshim_ipc(cl, idle->tid, idle->tid, 0, IPC_TIMEOUTS(100, 100), NULL);
	kshim_ipc(rcv, TID_NIL, srv->tid, 0, IPC_TIMEOUTS(0, 100), NULL);
	TAP_ASSERT_EQ(cl->state, THREAD_SEND);
	task_destroy(ta);
	TAP_ASSERT(cl->state == THREAD_READY && cl->ctx.r[0] == (uint32_t)-ECANCELED && !cl->timed);
	TAP_ASSERT(rcv->state == THREAD_READY && rcv->ctx.r[0] == (uint32_t)-ECANCELED && !rcv->timed);
	TAP_ASSERT_EQ(thread_objects(), 2);
	TAP_ASSERT(kshim_pick() == rcv);	/* srv went first: its waiter woke first */
	for (int i = 0; i < 200; i++)
		kshim_tick();		/* no timeout of the dead is left */
	TAP_ASSERT(cl->ctx.r[0] == (uint32_t)-ECANCELED);
}

int main(void)
{
	return tap_main();
}
