/* Frame ownership and the boot grant; see include/kernel/frames.h. */
#include <kernel/frames.h>
#include <kernel/panic.h>
#include <mm/buddy.h>
#include <mm/kmalloc.h>
#include <mm/phys.h>
#include <string.h>

static uint32_t granted;		/* frames owned by tasks */
static uint8_t *owner;		/* per frame: the owning task's slot, 0: kernel */
static paddr_t ram_start, ram_end;

void frames_init(void)
{
	buddy_ram_range(&ram_start, &ram_end);
	owner = kzalloc((ram_end - ram_start) >> PAGE_SHIFT);
	BUG_ON(!owner);
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
	struct mica_frame_range *last = &bi->ranges[bi->nr_ranges - 1];

	if (bi->nr_ranges && last->pa + (last->pages << PAGE_SHIFT) == pa) {
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
