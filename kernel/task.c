/*
 * Tasks: an address space, its threads, its quota and its place in the
 * tree of creators that decides authority (include/kernel/thread.h).
 */
#include <kernel/frames.h>
#include <kernel/mapdb.h>
#include <kernel/panic.h>
#include <kernel/sched.h>
#include <mm/memcache.h>
#include <string.h>
#include <uapi/errno.h>

struct idtable task_ids;
struct task *root_task;
static struct memcache task_cache;

void task_init(void)
{
	BUG_ON(memcache_init(&task_cache, "task", sizeof(struct task), 8));
	BUG_ON(idtable_init(&task_ids, TASK_SLOTS));
}

uint32_t task_objects(void)
{
	struct memcache_stats st;

	memcache_stats(&task_cache, &st);
	return st.inuse;
}

void task_objects_shrink(void)
{
	memcache_shrink(&task_cache);
}

int task_charge(struct task *t, uint32_t bytes)
{
	if (bytes > task_room(t))
		return -ENOMEM;
	t->used += bytes;
	return 0;
}

void task_uncharge(struct task *t, uint32_t bytes)
{
	BUG_ON(bytes > t->used);
	t->used -= bytes;
}

bool task_controls(const struct task *a, const struct task *t)
{
	return a == t || a == root_task || t->parent == a;
}

int task_get(struct task *caller, uint32_t id, struct task **t)
{
	*t = id == MICA_TASK_SELF ? caller : task_lookup(id);
	if (!*t)
		return -ESRCH;
	return task_controls(caller, *t) ? 0 : -EPERM;
}

struct task *task_create(struct task *parent, const char *name,
			 uint32_t quota, uint8_t max_prio)
{
	struct task *t = memcache_zalloc(&task_cache);

	if (!t)
		return NULL;
	t->id = idtable_alloc(&task_ids, t);
	t->space = t->id ? vm_space_create() : NULL;
	if (!t->space) {
		if (t->id)
			idtable_free(&task_ids, t->id);
		memcache_free(&task_cache, t);
		return NULL;
	}
	t->parent = parent;
	t->max_prio = max_prio;
	t->quota = quota ? quota : TASK_QUOTA_DEFAULT;
	t->used = TASK_PGD_BYTES;
	BUG_ON(t->used > t->quota);
	list_init(&t->threads);
	list_init(&t->maps);
	strlcpy(t->name, name, sizeof(t->name));
	return t;
}

/* Every task t created becomes the root task's. */
static void task_orphan_children(struct task *t)
{
	for (uint32_t s = 1; s < task_ids.nslots; s++) {
		struct task *c = task_ids.obj[s];

		if (c && c->parent == t)
			c->parent = root_task;
	}
}

void task_destroy(struct task *t)
{
	BUG_ON(t == root_task);
	while (!list_empty(&t->threads))
		thread_destroy(list_entry(t->threads.next, struct tcb, task_link));
	task_orphan_children(t);
	mapdb_task_destroy(t);
	frames_task_destroy(t);
	if (vm_space_current() == t->space)
		vm_space_switch(&vm_kernel);
	vm_space_destroy(t->space);
	idtable_free(&task_ids, t->id);
	memcache_free(&task_cache, t);
}

int task_map(struct task *t, vaddr_t va, paddr_t pa, size_t size,
	     unsigned int flags)
{
	if (vm_tables_missing(t->space, va, size) * TASK_L2PT_BYTES > task_room(t))
		return -ENOMEM;
	return task_map_checked(t, va, pa, size, flags);
}

int task_map_checked(struct task *t, vaddr_t va, paddr_t pa, size_t size,
		     unsigned int flags)
{
	uint32_t before = t->space->nr_tables;
	int err = add_mapping(t->space, va, pa, size, flags);

	if (!err)
		t->used += (t->space->nr_tables - before) * TASK_L2PT_BYTES;
	return err;
}

int task_unmap(struct task *t, vaddr_t va, size_t size)
{
	uint32_t before = t->space->nr_tables;
	int err = remove_mapping(t->space, va, size);

	if (!err)
		task_uncharge(t, (before - t->space->nr_tables) * TASK_L2PT_BYTES);
	return err;
}
