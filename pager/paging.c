/*
 * Demand paging: the root task as the pager of the programs it loads
 * (docs/pager.md). For each such task it keeps the regions of its address
 * space: the ELF's segments (text read-only and executable, data copied
 * on first touch), the heap [heap_start, brk) that ROOT_SBRK moves, and
 * the stack below PROGRAM_STACK_TOP with a guard page under it. A fault
 * in a region gets a fresh frame, filled through the root task's RAM
 * window and sent as a map item in the reply; a fault anywhere else, a
 * touch of the guard page or a frame the root task does not have kills
 * the task with the reason, and its frames come back. So does a map item
 * the kernel refuses for want of the task's quota (it stops the thread).
 */
#include <lib/elf.h>
#include <mica.h>
#include <mm/buddy.h>
#include <mm/phys.h>
#include <stdio.h>
#include <string.h>
#include <uapi/fault.h>

#include "root.h"

#define SEGS_MAX	8
#define GRANTS_MAX	64

struct region {
	uint32_t start, end;		/* page aligned */
	unsigned int rights;		/* MAP_* */
	const uint8_t *data;		/* file bytes for [start + data_off, + filesz) */
	uint32_t data_off, filesz;
};

struct ptask {
	uint32_t id;			/* task id; 0: a free entry */
	unsigned int nr_segs;
	struct region seg[SEGS_MAX];
	uint32_t heap_start, brk;
	uint32_t *heap_pa;		/* per heap page: its frame, or 0 */
	unsigned int heap_order;	/* heap_pa's block: 2^order frames */
	uint32_t faults;		/* faults served */
};

#define PA_PER_PAGE	(PAGE_SIZE / sizeof(uint32_t))

static struct ptask ptasks[MICA_TASK_SLOTS];

static void paging_task_forget(uint32_t task);
static struct paging_stats stats;

static struct ptask *ptask_of(uint32_t task)
{
	struct ptask *pt = &ptasks[TID_SLOT(task) % MICA_TASK_SLOTS];

	return pt->id == task ? pt : NULL;
}

const struct paging_stats *paging_stats(void)
{
	return &stats;
}

int paging_task_add(uint32_t task, const void *elf, const struct elf_info *info)
{
	struct ptask *pt = &ptasks[TID_SLOT(task) % MICA_TASK_SLOTS];
	struct elf_segment seg;

	if (pt->id && mica_task_info(pt->id, &(struct mica_task_info){ 0 }) == -ESRCH)
		paging_task_forget(pt->id);	/* gone without telling (see below) */
	if (pt->id || info->nr_segments > SEGS_MAX)
		return pt->id ? -EBUSY : -E2BIG;
	memset(pt, 0, sizeof(*pt));
	for (unsigned int i = 0; i < info->nr_segments; i++) {
		struct region *r = &pt->seg[i];
		int err = elf_segment(elf, info, i, &seg);

		if (err)
			return err;
		r->start = seg.vaddr & PAGE_MASK;
		r->end = ALIGN_UP(seg.vaddr + seg.memsz, PAGE_SIZE);
		r->rights = MAP_READ | (seg.flags & ELF_PF_W ? MAP_WRITE : 0) |
			    (seg.flags & ELF_PF_X ? MAP_EXEC : 0);
		r->data = seg.data;
		r->data_off = seg.vaddr - r->start;
		r->filesz = seg.filesz;
		if (r->end > pt->heap_start)
			pt->heap_start = r->end;
	}
	pt->nr_segs = info->nr_segments;
	pt->brk = pt->heap_start;
	pt->id = task;
	stats.tasks++;
	return 0;
}

/* Whether page lies in pt's heap, [heap_start, the break's page). */
static bool in_heap(const struct ptask *pt, uint32_t page)
{
	return page >= pt->heap_start && page < ALIGN_UP(pt->brk, PAGE_SIZE);
}

/* The region holding page, or NULL; heap and stack regions are made up in *tmp. */
static const struct region *region_find(const struct ptask *pt, uint32_t page,
					struct region *tmp)
{
	for (unsigned int i = 0; i < pt->nr_segs; i++)
		if (page >= pt->seg[i].start && page < pt->seg[i].end)
			return &pt->seg[i];
	*tmp = (struct region){ .rights = MAP_READ | MAP_WRITE };
	if (in_heap(pt, page)) {
		tmp->start = pt->heap_start;
		return tmp;
	}
	if (page >= PROGRAM_STACK_TOP - PROGRAM_STACK_SIZE && page < PROGRAM_STACK_TOP) {
		tmp->start = PROGRAM_STACK_TOP - PROGRAM_STACK_SIZE;
		return tmp;
	}
	return NULL;
}

/* pt's heap table entry for page, or NULL when page is not in its heap. */
static uint32_t *heap_slot(struct ptask *pt, uint32_t page)
{
	if (!in_heap(pt, page))
		return NULL;
	return &pt->heap_pa[(page - pt->heap_start) / PAGE_SIZE];
}

/* Zeroes the frame and copies in the region's file bytes that fall in page. */
static void page_fill(uint8_t *to, const struct region *r, uint32_t page)
{
	uint32_t lo = r->start + r->data_off, hi = lo + r->filesz;

	memset(to, 0, PAGE_SIZE);
	if (lo < page)
		lo = page;
	if (hi > page + PAGE_SIZE)
		hi = page + PAGE_SIZE;
	if (lo < hi)
		memcpy(to + (lo - page), r->data + (lo - r->start - r->data_off), hi - lo);
}

/*
 * The reply to pt's fault at addr: a map item in *m (0), or the reason to
 * kill it (FAULT_KILL_*). A heap page served before keeps its frame: it is
 * mapped again (the task unmapped it) or refused as mapped already (another
 * thread raced, or the task mapped something of its own there).
 */
static int fault_serve(struct ptask *pt, uint32_t addr, uint32_t access,
		       struct mica_msg *m)
{
	uint32_t page = addr & PAGE_MASK, pa, *slot;
	struct region tmp;
	const struct region *r = region_find(pt, page, &tmp);

	if (!r && page == PROGRAM_STACK_TOP - PROGRAM_STACK_SIZE - PAGE_SIZE)
		return FAULT_KILL_STACK;
	if (!r || (access & ~r->rights))
		return FAULT_KILL_SEGV;
	slot = r == &tmp ? heap_slot(pt, page) : NULL;
	if (slot && *slot) {
		pa = *slot;
	} else {
		if (frame_alloc(&pa))
			return FAULT_KILL_NOMEM;
		page_fill(frame_va(pa), r, page);
		frames_set_user(pa, 0, TID_SLOT(pt->id));
		if (slot)
			*slot = pa;
	}
	*m = (struct mica_msg){ IPC_TAG(FAULT_REPLY_MAP, 4),
				{ MAP_PHYS | r->rights, pa, page, PAGE_SIZE } };
	pt->faults++;
	stats.faults++;
	return 0;
}

/*
 * Frames granted away (ROOT_FRAMES) left the root task's window too: the
 * kernel revokes every mapping of a frame it grants. When they come back
 * (the task died), they are mapped in the window again before reuse.
 */
struct grant {
	uint32_t task, pa, order;	/* task 0: a free entry */
};

static struct grant grants[GRANTS_MAX];

int paging_grant(uint32_t task, uint32_t pages, uint32_t va, uint32_t *pa)
{
	unsigned int order = 0;
	struct grant *g = NULL;
	int err;

	while ((1u << order) < pages)
		order++;
	if (!pages || pages != 1u << order || order >= BUDDY_MAX_ORDER)
		return -EINVAL;
	for (unsigned int i = 0; i < GRANTS_MAX && !g; i++)
		g = grants[i].task ? NULL : &grants[i];
	if (!g)
		return -ENOSPC;
	err = frames_alloc(order, pa);
	if (err)
		return err;
	err = mica_map(task, va, *pa, pages * PAGE_SIZE,
		       MAP_PHYS | MAP_GRANT | MAP_READ | MAP_WRITE);
	if (err) {
		frames_free_block(*pa, order);
		return err;
	}
	*g = (struct grant){ task, *pa, order };
	return 0;
}

/* The frames granted to task are the root task's again: back in the window. */
static void grants_return(uint32_t task)
{
	for (unsigned int i = 0; i < GRANTS_MAX; i++) {
		struct grant *g = &grants[i];

		if (g->task != task)
			continue;
		g->task = 0;
		if (mica_map(MICA_TASK_SELF, (uintptr_t)frame_va(g->pa), g->pa,
			     PAGE_SIZE << g->order, MAP_PHYS | MAP_READ | MAP_WRITE)) {
			/* Out of the window, so not reusable: kept, not freed. */
			printf("root: cannot map frames %08x back: kept out of use\n", g->pa);
			continue;
		}
		frames_free_block(g->pa, g->order);
		stats.reclaimed += 1u << g->order;
	}
}

/*
 * Takes back what the dead task was given. A task the root task pages
 * dies through it (an exit message, a kill); should one be destroyed some
 * other way, its slot is found stale when the next task gets it.
 */
static void paging_task_forget(uint32_t task)
{
	struct ptask *pt = ptask_of(task);

	grants_return(task);
	stats.reclaimed += frames_reclaim(TID_SLOT(task));
	if (pt) {
		pt->id = 0;
		stats.tasks--;
	}
}

int paging_task_remove(uint32_t task)
{
	int err = mica_task_destroy(task);

	if (!err)
		paging_task_forget(task);
	return err;
}

/*
 * Kills task, whose thread tid faulted, for reason; a system call's fault
 * only fails the call (-EFAULT), and the task lives on.
 */
static void fault_kill(uint32_t tid, uint32_t task, uint32_t label, int reason)
{
	struct mica_msg m = { IPC_TAG(FAULT_REPLY_KILL, 1), { (uint32_t)reason } };

	mica_send(tid, &m, IPC_TIMEOUT_POLL);	/* the kernel prints why */
	if (FAULT_IS_PAGE(label) && (label & FAULT_SYSCALL))
		return;
	paging_task_remove(task);
	stats.killed++;
}

bool paging_message(uint32_t sender, struct mica_msg *m)
{
	uint32_t label = IPC_TAG_LABEL(m->tag), task = m->w[3];
	struct ptask *pt = ptask_of(task);
	int reason;

	if (label == EXIT_LABEL) {
		paging_task_remove(task);
		return false;
	}
	if (!pt || !FAULT_IS_PAGE(label)) {
		fault_kill(sender, task, label, pt ? FAULT_KILL_EXCEPTION : FAULT_KILL_SEGV);
		return false;
	}
	reason = fault_serve(pt, m->w[0], label & FAULT_ACCESS, m);
	if (reason) {
		fault_kill(sender, task, label, reason);
		return false;
	}
	return true;
}

void paging_map_refused(uint32_t sender, const struct mica_msg *m, int err)
{
	struct mica_thread_info ti;
	struct ptask *pt;
	uint32_t *slot;

	if (IPC_TAG_LABEL(m->tag) != FAULT_REPLY_MAP)
		return;
	pt = mica_thread_info(sender, &ti) ? NULL : ptask_of(ti.task);
	slot = pt ? heap_slot(pt, m->w[2]) : NULL;
	if (!slot || *slot != m->w[1])
		frames_free_block(m->w[1], 0);	/* a heap page keeps its frame */
	if (err == -EEXIST) {
		stats.raced++;		/* mapped already: the thread runs again */
	} else if (pt) {		/* stopped: no kernel memory for the map */
		paging_task_remove(pt->id);
		stats.killed++;
	}
}

/* Makes room in pt->heap_pa for pages entries: 0 or -ENOMEM. */
static int heap_table_grow(struct ptask *pt, uint32_t pages)
{
	unsigned int order = 0;
	uint32_t pa, had = pt->heap_pa ? PA_PER_PAGE << pt->heap_order : 0;
	uint32_t *table;

	if (pages <= had)
		return 0;
	while (PA_PER_PAGE << order < pages)
		order++;
	if (order >= BUDDY_MAX_ORDER || frames_alloc(order, &pa))
		return -ENOMEM;
	table = frame_va(pa);
	memset(table, 0, PAGE_SIZE << order);
	if (pt->heap_pa) {
		memcpy(table, pt->heap_pa, had * sizeof(*table));
		frames_free_block(virt_to_phys(pt->heap_pa), pt->heap_order);
	}
	frames_set_user(pa, order, TID_SLOT(pt->id));
	pt->heap_pa = table;
	pt->heap_order = order;
	return 0;
}

/* Unmaps the heap pages [from, to) of pt and frees their frames. */
static void heap_shrink(struct ptask *pt, uint32_t from, uint32_t to)
{
	for (uint32_t page = from; page < to; page += PAGE_SIZE) {
		uint32_t *pa = &pt->heap_pa[(page - pt->heap_start) / PAGE_SIZE];

		if (!*pa)
			continue;
		mica_unmap(pt->id, page, PAGE_SIZE);
		frames_free_block(*pa, 0);
		*pa = 0;
	}
}

int paging_sbrk(uint32_t task, int32_t incr, uint32_t *old)
{
	struct ptask *pt = ptask_of(task);
	uint32_t brk;

	if (!pt)
		return -ESRCH;
	if (incr < 0 && (uint32_t)-incr > pt->brk - pt->heap_start)
		return -EINVAL;
	if (incr > 0 && (uint32_t)incr > PROGRAM_HEAP_LIMIT - pt->brk)
		return -ENOMEM;
	brk = pt->brk + (uint32_t)incr;
	if (incr > 0 && heap_table_grow(pt, (ALIGN_UP(brk, PAGE_SIZE) - pt->heap_start) / PAGE_SIZE))
		return -ENOMEM;
	if (incr < 0)
		heap_shrink(pt, ALIGN_UP(brk, PAGE_SIZE), ALIGN_UP(pt->brk, PAGE_SIZE));
	*old = pt->brk;
	pt->brk = brk;
	return 0;
}
