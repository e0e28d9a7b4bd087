/*
 * The mapping database (include/kernel/mapdb.h). Each frame has a singly
 * linked list of its mappings; each mapping points at the one it was
 * derived from. The lists are short (a frame is mapped in few places), so
 * "derived from n" is a walk up the parent pointers, and revoking n marks
 * every mapping of the frame below n, then removes or downgrades the
 * marked ones: no node is freed while another may still point at it.
 */
#include <kernel/frames.h>
#include <kernel/mapdb.h>
#include <kernel/panic.h>
#include <mm/buddy.h>
#include <mm/kmalloc.h>
#include <mm/memcache.h>
#include <mm/phys.h>
#include <uapi/errno.h>

struct mapnode {
	struct task *task;
	uint32_t va;		/* page address | MAP_* rights | NODE_MARK */
	struct mapnode *parent;	/* derived from; NULL: from the frame's owner */
	struct mapnode *next;	/* the frame's next mapping */
	struct list link;	/* the task's mappings */
};
/* The quota figure of the ABI is the node's size on the target (32-bit). */
_Static_assert(sizeof(void *) != 4 || sizeof(struct mapnode) == MAPDB_NODE_BYTES,
	       "node size");

#define NODE_MARK	(1u << 11)	/* being revoked */
#define NODE_RIGHTS	MAP_RIGHTS

static struct memcache node_cache;
static struct mapnode **frame_maps;	/* per frame of RAM: its mappings */
static paddr_t ram_start;

void mapdb_init(void)
{
	paddr_t end;

	buddy_ram_range(&ram_start, &end);
	frame_maps = kzalloc(((end - ram_start) >> PAGE_SHIFT) * sizeof(*frame_maps));
	BUG_ON(!frame_maps);
	BUG_ON(memcache_init(&node_cache, "mapnode", sizeof(struct mapnode),
			     _Alignof(struct mapnode)));
}

uint32_t mapdb_nodes(void)
{
	struct memcache_stats st;

	memcache_stats(&node_cache, &st);
	return st.inuse;
}

void mapdb_shrink(void)
{
	memcache_shrink(&node_cache);
}

static struct mapnode **frame_list(paddr_t pa)
{
	return &frame_maps[(pa - ram_start) >> PAGE_SHIFT];
}

static unsigned int vm_flags(unsigned int rights)
{
	return VM_USER | (rights & MAP_WRITE ? VM_WRITE : 0) |
	       (rights & MAP_EXEC ? VM_EXEC : 0);
}

bool mapdb_room(const struct task *t, vaddr_t va, size_t size)
{
	return (size >> PAGE_SHIFT) * MAPDB_NODE_BYTES +
	       vm_tables_missing(t->space, va, size) * TASK_L2PT_BYTES <= task_room(t);
}

int mapdb_map(struct task *t, vaddr_t va, paddr_t pa, unsigned int rights,
	      struct mapnode *parent)
{
	if (!mapdb_room(t, va, PAGE_SIZE))
		return -ENOMEM;
	return mapdb_map_checked(t, va, pa, rights, parent);
}

int mapdb_map_checked(struct task *t, vaddr_t va, paddr_t pa,
		      unsigned int rights, struct mapnode *parent)
{
	struct mapnode *n = memcache_alloc(&node_cache), **head = frame_list(pa);
	int err = n ? task_map_checked(t, va, pa, PAGE_SIZE, vm_flags(rights)) :
		      -ENOMEM;

	if (err) {
		if (n)
			memcache_free(&node_cache, n);
		return err;
	}
	t->used += MAPDB_NODE_BYTES;
	n->task = t;
	n->va = va | (rights & NODE_RIGHTS);
	n->parent = parent;
	n->next = *head;
	*head = n;
	list_add_tail(&n->link, &t->maps);
	t->mapped++;
	return 0;
}

struct mapnode *mapdb_find(struct task *t, vaddr_t va, paddr_t *pa,
			   unsigned int *rights)
{
	unsigned int flags;

	if (vm_translate(t->space, va, pa, &flags) || !frames_in_ram(*pa))
		return NULL;
	*pa &= ~(paddr_t)(PAGE_SIZE - 1);
	for (struct mapnode *n = *frame_list(*pa); n; n = n->next)
		if (n->task == t && (n->va & PAGE_MASK) == va) {
			*rights = n->va & NODE_RIGHTS;
			return n;
		}
	return NULL;
}

static bool derived(const struct mapnode *m, const struct mapnode *n)
{
	for (; m; m = m->parent)
		if (m == n)
			return true;
	return false;
}

/* Takes m's page out of its task and frees m (already off its frame's list). */
static void node_remove(struct mapnode *m)
{
	struct task *t = m->task;

	BUG_ON(task_unmap(t, m->va & PAGE_MASK, PAGE_SIZE));
	list_del(&m->link);
	t->mapped--;
	task_uncharge(t, MAPDB_NODE_BYTES);
	memcache_free(&node_cache, m);
}

static void node_downgrade(struct mapnode *m, paddr_t pa, unsigned int rights)
{
	unsigned int left = (m->va & NODE_RIGHTS) & ~rights;

	if (left == (m->va & NODE_RIGHTS))
		return;
	m->va = (m->va & ~NODE_RIGHTS) | left;
	BUG_ON(change_mapping(m->task->space, m->va & PAGE_MASK, pa, PAGE_SIZE,
			      vm_flags(left)));
}

/* Removes or downgrades every marked mapping of pa's list. */
static void revoke_marked(struct mapnode **pp, paddr_t pa, unsigned int rights)
{
	struct mapnode *m;

	while ((m = *pp)) {
		if (!(m->va & NODE_MARK)) {
			pp = &m->next;
			continue;
		}
		m->va &= ~NODE_MARK;
		if (rights & MAP_READ) {
			*pp = m->next;
			node_remove(m);
			continue;
		}
		node_downgrade(m, pa, rights);
		pp = &m->next;
	}
}

void mapdb_revoke(struct mapnode *n, paddr_t pa, unsigned int rights)
{
	struct mapnode **head = frame_list(pa);

	for (struct mapnode *m = *head; m; m = m->next)
		if (derived(m, n))
			m->va |= NODE_MARK;
	revoke_marked(head, pa, rights);
}

void mapdb_revoke_frame(paddr_t pa, unsigned int rights)
{
	struct mapnode **head = frame_list(pa);

	for (struct mapnode *m = *head; m; m = m->next)
		m->va |= NODE_MARK;
	revoke_marked(head, pa, rights);
}

int mapdb_move(struct mapnode *n, paddr_t pa, struct task *to, vaddr_t va,
	       unsigned int rights)
{
	struct task *from = n->task;
	unsigned int dropped = (n->va & NODE_RIGHTS) & ~rights;
	int err = to == from ? 0 : task_charge(to, MAPDB_NODE_BYTES);

	if (err)
		return err;
	err = task_map(to, va, pa, PAGE_SIZE, vm_flags(rights));
	if (err) {
		if (to != from)
			task_uncharge(to, MAPDB_NODE_BYTES);
		return err;
	}
	if (dropped)		/* what derives from n keeps no more than n */
		mapdb_revoke(n, pa, dropped);
	BUG_ON(task_unmap(from, n->va & PAGE_MASK, PAGE_SIZE));
	if (to != from)
		task_uncharge(from, MAPDB_NODE_BYTES);
	list_del(&n->link);
	from->mapped--;
	n->task = to;
	n->va = va | rights;
	list_add_tail(&n->link, &to->maps);
	to->mapped++;
	return 0;
}

void mapdb_task_destroy(struct task *t)
{
	while (!list_empty(&t->maps)) {
		struct mapnode *n = list_entry(t->maps.next, struct mapnode, link);
		unsigned int rights;
		paddr_t pa;

		BUG_ON(mapdb_find(t, n->va & PAGE_MASK, &pa, &rights) != n);
		mapdb_revoke(n, pa, MAP_READ);
	}
}
