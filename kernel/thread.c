/*
 * Thread lifecycle: TCBs from a memcache, versioned ids, a UTCB slot in
 * the task's UTCB area (eight to a page, the page mapped while any of its
 * slots is used). The contract is in include/kernel/thread.h.
 */
#include <arch/cache.h>
#include <arch/thread.h>
#include <kernel/ipc.h>
#include <kernel/panic.h>
#include <kernel/sched.h>
#include <mm/buddy.h>
#include <mm/memcache.h>
#include <mm/phys.h>
#include <string.h>
#include <uapi/errno.h>

#define UTCBS_PER_PAGE	(PAGE_SIZE / MICA_UTCB_SIZE)

struct idtable thread_ids;
static struct memcache tcb_cache;

static vaddr_t utcb_page_va(unsigned int slot)
{
	return MICA_UTCB_AREA + (slot / UTCBS_PER_PAGE) * PAGE_SIZE;
}

static bool slot_used(const struct task *t, unsigned int slot)
{
	return t->utcb_used[slot / 32] & (1u << (slot % 32));
}

static bool utcb_page_used(const struct task *t, unsigned int slot)
{
	unsigned int first = ALIGN_DOWN(slot, UTCBS_PER_PAGE);

	for (unsigned int s = first; s < first + UTCBS_PER_PAGE; s++)
		if (slot_used(t, s))
			return true;
	return false;
}

/* A free slot (first fit), or -1. */
static int utcb_slot_find(const struct task *t)
{
	for (unsigned int w = 0; w < ARRAY_SIZE(t->utcb_used); w++)
		if (~t->utcb_used[w])
			return w * 32 + __builtin_ctz(~t->utcb_used[w]);
	return -1;
}

/* Maps a cleared page for slot's UTCBs into t, charged to t. */
static int utcb_page_add(struct task *t, unsigned int slot)
{
	paddr_t pa;

	if (task_charge(t, PAGE_SIZE))
		return -ENOMEM;
	pa = buddy_alloc(0);
	if (pa == BUDDY_NONE)
		goto no_mem;
	memset(phys_to_virt(pa), 0, PAGE_SIZE);
	dcache_clean_range((vaddr_t)phys_to_virt(pa), (vaddr_t)phys_to_virt(pa) + PAGE_SIZE);
	if (task_map(t, utcb_page_va(slot), pa, PAGE_SIZE, VM_USER | VM_WRITE) == 0)
		return 0;
	buddy_free(pa, 0);
no_mem:
	task_uncharge(t, PAGE_SIZE);
	return -ENOMEM;
}

/* Gives th a UTCB slot (and its page, when it is the page's first). */
static int utcb_alloc(struct task *t, struct tcb *th)
{
	int slot = utcb_slot_find(t);
	paddr_t pa;
	unsigned int flags;

	if (slot < 0)
		return -ENOMEM;
	if (!utcb_page_used(t, slot) && utcb_page_add(t, slot))
		return -ENOMEM;
	t->utcb_used[slot / 32] |= 1u << (slot % 32);
	BUG_ON(vm_translate(t->space, utcb_page_va(slot), &pa, &flags));
	th->utcb_slot = slot;
	th->utcb = (struct mica_utcb *)(MICA_UTCB_AREA + slot * MICA_UTCB_SIZE);
	th->kutcb = (struct mica_utcb *)((char *)phys_to_virt(pa) +
					 (slot % UTCBS_PER_PAGE) * MICA_UTCB_SIZE);
	return 0;
}

static void utcb_free(struct task *t, struct tcb *th)
{
	unsigned int slot = th->utcb_slot;
	vaddr_t va = utcb_page_va(slot);
	paddr_t pa;
	unsigned int flags;

	t->utcb_used[slot / 32] &= ~(1u << (slot % 32));
	if (utcb_page_used(t, slot))
		return;
	BUG_ON(vm_translate(t->space, va, &pa, &flags));
	BUG_ON(task_unmap(t, va, PAGE_SIZE));
	buddy_free(pa, 0);
	task_uncharge(t, PAGE_SIZE);
}

/* The UTCB's kernel-written fields, through the kernel alias (then cleaned). */
static void utcb_init(struct tcb *th)
{
	memset(th->kutcb, 0, sizeof(*th->kutcb));
	th->kutcb->tid = th->tid;
	dcache_clean_inv_range((vaddr_t)th->kutcb, (vaddr_t)(th->kutcb + 1));
}

void thread_init(void)
{
	BUG_ON(memcache_init(&tcb_cache, "tcb", sizeof(struct tcb), 8));
	BUG_ON(idtable_init(&thread_ids, THREAD_SLOTS));
	task_init();
	sched_init();
}

static void tcb_setup(struct tcb *th, struct task *t, uint8_t prio, uint32_t pager)
{
	th->state = THREAD_STOPPED;
	th->prio = prio;
	th->slice_left = sched_slice_counts();
	th->task = t;
	th->pager = pager;
	list_init(&th->sendq);
	list_init(&th->recvq);
	list_add_tail(&th->task_link, &t->threads);
	t->nthreads++;
}

struct tcb *thread_create(struct task *t, vaddr_t pc, vaddr_t sp,
			  uint32_t arg, uint8_t prio, uint32_t pager)
{
	struct tcb *th;

	if (task_charge(t, tcb_cache.size))
		return NULL;
	th = memcache_zalloc(&tcb_cache);
	if (!th)
		goto no_tcb;
	th->tid = idtable_alloc(&thread_ids, th);
	if (!th->tid)
		goto no_id;
	if (utcb_alloc(t, th))
		goto no_utcb;
	arch_ctx_init(&th->ctx, pc, sp, arg);
	tcb_setup(th, t, prio, pager);
	utcb_init(th);
	return th;
no_utcb:
	idtable_free(&thread_ids, th->tid);
no_id:
	memcache_free(&tcb_cache, th);
no_tcb:
	task_uncharge(t, tcb_cache.size);
	return NULL;
}

uint32_t thread_objects(void)
{
	struct memcache_stats st;

	memcache_stats(&tcb_cache, &st);
	return st.inuse;
}

void thread_objects_shrink(void)
{
	memcache_shrink(&tcb_cache);
}

void thread_start(struct tcb *th)
{
	BUG_ON(th->state != THREAD_STOPPED);
	sched_ready(th);
}

void thread_stop(struct tcb *th)
{
	ipc_cancel(th, -ECANCELED);
	if (th->state == THREAD_READY)
		sched_unready(th);
	th->state = THREAD_STOPPED;
}

void thread_destroy(struct tcb *th)
{
	struct task *t = th->task;

	ipc_cancel_partners(th);
	thread_stop(th);
	if (sched_current == th)
		sched_current = NULL;
	utcb_free(t, th);
	list_del(&th->task_link);
	t->nthreads--;
	idtable_free(&thread_ids, th->tid);
	memcache_free(&tcb_cache, th);
	task_uncharge(t, tcb_cache.size);
}
