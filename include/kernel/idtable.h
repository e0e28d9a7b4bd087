/*
 * Versioned ids for threads and tasks (the form of <uapi/ipc.h>: a version
 * in bits 16-30, a slot in bits 0-15). Freeing a slot bumps its version,
 * and freed slots are reused in FIFO order, so a stale id finds nothing
 * for as long as possible and never another object.
 */
#ifndef MICA_KERNEL_IDTABLE_H
#define MICA_KERNEL_IDTABLE_H

#include <types.h>

struct idtable {
	void **obj;		/* per slot: the object, or NULL when free */
	uint32_t *id;		/* per slot: its id (bit 31 set when free) */
	uint16_t *next;		/* free-list links */
	uint32_t nslots;
	uint32_t free_head, free_tail, nfree;
};

#define IDTABLE_NONE	0xffffu

/*
 * Sets up a table of nslots (at most 65535) empty slots, slot 0 unused.
 * Returns 0 or -ENOMEM.
 */
int idtable_init(struct idtable *t, uint32_t nslots);

/* Gives obj an id; returns it, or 0 when every slot is taken. */
uint32_t idtable_alloc(struct idtable *t, void *obj);

/* Frees id's slot (a live id, else a BUG) and retires its version. */
void idtable_free(struct idtable *t, uint32_t id);

/* The object id names now, or NULL (free slot, stale version, out of range). */
static inline void *idtable_lookup(const struct idtable *t, uint32_t id)
{
	uint32_t slot = id & 0xffffu;

	if (slot >= t->nslots || t->id[slot] != id)
		return NULL;
	return t->obj[slot];
}

/*
 * The object of the first live slot after id's slot (id 0: the first
 * one), or NULL past the last: iterates in slot order.
 */
void *idtable_next(const struct idtable *t, uint32_t id);

#endif
