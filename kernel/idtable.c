/* Versioned id slots; the contract is in include/kernel/idtable.h. */
#include <kernel/idtable.h>
#include <kernel/panic.h>
#include <mm/kmalloc.h>
#include <uapi/errno.h>

#define VERSION_MAX	0x7fffu
/* A free slot holds the id its next use gets, with this bit: lookups miss. */
#define ID_FREE		(1u << 31)

int idtable_init(struct idtable *t, uint32_t nslots)
{
	BUG_ON(nslots < 2 || nslots > IDTABLE_NONE);
	t->obj = kzalloc(nslots * sizeof(*t->obj));
	t->id = kzalloc(nslots * sizeof(*t->id));
	t->next = kmalloc(nslots * sizeof(*t->next));
	if (!t->obj || !t->id || !t->next) {
		kfree(t->obj);
		kfree(t->id);
		kfree(t->next);
		return -ENOMEM;
	}
	t->nslots = nslots;
	for (uint32_t s = 1; s < nslots; s++) {
		t->id[s] = ID_FREE | (1u << 16) | s;
		t->next[s] = s + 1 < nslots ? s + 1 : IDTABLE_NONE;
	}
	t->free_head = 1;
	t->free_tail = nslots - 1;
	t->nfree = nslots - 1;
	return 0;
}

uint32_t idtable_alloc(struct idtable *t, void *obj)
{
	uint32_t s = t->free_head;

	if (s == IDTABLE_NONE)
		return 0;
	t->free_head = t->next[s];
	if (t->free_head == IDTABLE_NONE)
		t->free_tail = IDTABLE_NONE;
	t->nfree--;
	t->id[s] &= ~ID_FREE;
	t->obj[s] = obj;
	return t->id[s];
}

void idtable_free(struct idtable *t, uint32_t id)
{
	uint32_t s = id & 0xffffu;
	uint32_t v = (id >> 16) & VERSION_MAX;

	BUG_ON(idtable_lookup(t, id) == NULL);
	t->obj[s] = NULL;
	t->id[s] = ID_FREE | ((v % VERSION_MAX + 1) << 16) | s;
	t->next[s] = IDTABLE_NONE;
	if (t->free_tail == IDTABLE_NONE)
		t->free_head = s;
	else
		t->next[t->free_tail] = s;
	t->free_tail = s;
	t->nfree++;
}

void *idtable_next(const struct idtable *t, uint32_t id)
{
	for (uint32_t s = (id & 0xffffu) + 1; s < t->nslots; s++)
		if (t->obj[s])
			return t->obj[s];
	return NULL;
}
