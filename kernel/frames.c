/* Frame ownership and the boot grant; see include/kernel/frames.h. */
#include <kernel/frames.h>
#include <kernel/mapdb.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <mm/buddy.h>
#include <mm/kmalloc.h>
#include <mm/phys.h>
#include <string.h>
#include <uapi/errno.h>

static uint32_t granted;		/* frames owned by tasks */
static uint8_t *owner;		/* per frame: the owning task's slot, 0: kernel */
static uint8_t *grantor;	/* per frame: the slot of the task that granted
				   it to its owner, 0: the kernel (boot) */
static paddr_t ram_start, ram_end;

void frames_init(void)
{
	uint32_t n;

	buddy_ram_range(&ram_start, &ram_end);
	n = (ram_end - ram_start) >> PAGE_SHIFT;
	owner = kzalloc(2 * n);
	BUG_ON(!owner);
	grantor = owner + n;
	granted = 0;
}

bool frames_in_ram(paddr_t pa)
{
	return pa >= ram_start && pa < ram_end;
}

static uint8_t owner_slot(const struct task *t)
{
	return t ? TID_SLOT(t->id) : 0;
}

void frames_set_owner(paddr_t pa, uint32_t pages, struct task *t)
{
	uint8_t *o = owner + ((pa - ram_start) >> PAGE_SHIFT);

	BUG_ON(pa < ram_start || pages > (ram_end - pa) >> PAGE_SHIFT);

	for (uint32_t i = 0; i < pages; i++)
		granted += (t != NULL) - (o[i] != 0);
	memset(o, owner_slot(t), pages);
}

static pfn_t frame_index(paddr_t pa)
{
	return (pa - ram_start) >> PAGE_SHIFT;
}

static struct task *slot_task(uint8_t slot)
{
	return slot ? task_ids.obj[slot] : NULL;
}

/* Gives the frame at pa to t, recording `from` as the grantor; mappings of it go first. */
static void frame_move(paddr_t pa, struct task *from, struct task *t)
{
	pfn_t f = frame_index(pa);
	struct task *old = slot_task(owner[f]);

	mapdb_revoke_frame(pa, MAP_READ);
	if (old)
		old->frames--;
	t->frames++;
	if (old != t)		/* a task granting to itself stays a grantee */
		grantor[f] = owner_slot(from);
	owner[f] = owner_slot(t);
}

void frames_give(paddr_t pa, uint32_t pages, struct task *from, struct task *t)
{
	for (uint32_t i = 0; i < pages; i++)
		frame_move(pa + i * PAGE_SIZE, from, t);
}

/*
 * t is dying: each frame it owns goes back to the task that granted it,
 * each frame it granted on comes back to the root task, all with their
 * mappings revoked. A frame returned to a task other than the root task
 * goes to the root task when that one dies. A frame the kernel granted t (the root task's boot
 * grant) has nowhere to go: the root task never dies.
 */
void frames_task_destroy(struct task *t)
{
	uint8_t slot = owner_slot(t);

	for (pfn_t f = 0; f < frame_index(ram_end); f++) {
		paddr_t pa = ram_start + (f << PAGE_SHIFT);

		if (owner[f] == slot) {
			BUG_ON(!grantor[f]);
			frame_move(pa, root_task, slot_task(grantor[f]));
		} else if (grantor[f] == slot) {
			frame_move(pa, root_task, root_task);
		} else {
			continue;
		}
		if (owner[f] == owner_slot(root_task))
			grantor[f] = 0;		/* the root task's own again */
	}
	BUG_ON(t->frames);
}

int frames_check(void)
{
	uint32_t counted = 0, owned = 0;

	for (pfn_t f = 0; f < frame_index(ram_end); f++)
		counted += owner[f] != 0;
	for (uint32_t s = 1; s < task_ids.nslots; s++)
		if (task_ids.obj[s])
			owned += ((struct task *)task_ids.obj[s])->frames;
	if (counted != granted || owned != granted) {
		printk("frames: %u frames marked owned, tasks own %u, %u granted\n",
		       counted, owned, granted);
		return -EINVAL;
	}
	return 0;
}

uint32_t frames_granted(void)
{
	return granted;
}

bool frames_owned(paddr_t pa, size_t size, const struct task *t)
{
	uint8_t slot = owner_slot(t);

	if (pa < ram_start || pa >= ram_end || size > ram_end - pa)
		return false;
	for (pfn_t f = (pa - ram_start) >> PAGE_SHIFT; size; f++, size -= PAGE_SIZE)
		if (owner[f] != slot)
			return false;
	return true;
}

/* Adds [pa, pa + pages) to bi's ranges; false when there is no room left. */
static bool range_add(struct mica_bootinfo *bi, paddr_t pa, uint32_t pages)
{
	struct mica_frame_range *last;

	last = bi->nr_ranges ? &bi->ranges[bi->nr_ranges - 1] : NULL;
	if (last && last->pa + (last->pages << PAGE_SHIFT) == pa) {
		last->pages += pages;
		return true;
	}
	if (bi->nr_ranges == MICA_BOOTINFO_RANGES)
		return false;
	bi->ranges[bi->nr_ranges].pa = pa;
	bi->ranges[bi->nr_ranges++].pages = pages;
	return true;
}

/*
 * Takes free blocks of one order for t while more than keep frames stay
 * free; false when bi has no room for another range.
 */
static bool grant_order(struct task *t, unsigned int order, uint32_t keep,
			struct mica_bootinfo *bi, uint32_t *n)
{
	struct buddy_stats st;
	paddr_t pa;

	for (;;) {
		buddy_stats(&st);
		if (st.free_frames < keep + (1u << order))
			return true;
		pa = buddy_alloc(order);
		if (pa == BUDDY_NONE)
			return true;
		if (!range_add(bi, pa, 1u << order)) {
			buddy_free(pa, order);
			return false;
		}
		buddy_block_set(pa, order, FRAME_TASK, t->id);
		frames_set_owner(pa, 1u << order, t);
		*n += 1u << order;
	}
}

uint32_t frames_grant(struct task *t, uint32_t reserve, struct mica_bootinfo *bi)
{
	uint32_t n = 0;

	buddy_drain();
	for (int order = BUDDY_TOP_ORDER; order >= 0; order--)
		if (!grant_order(t, order, reserve >> PAGE_SHIFT, bi, &n))
			break;
	t->frames += n;
	return n;
}
