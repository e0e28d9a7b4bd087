/*
 * The mapping database: for every frame, each place it is mapped in a
 * task and the mapping it was derived from. A mapping made from frames a
 * task owns (MAP_PHYS) has no parent; one made from a task's own mapping
 * (SYS_MAP without MAP_PHYS, a pager's fault reply) is its child, with no
 * more rights. Revoking a mapping revokes every mapping derived from it,
 * recursively; a task's death revokes all of its mappings. Only mappings
 * made here can be the source of another: the kernel's own (UTCBs, the
 * bootinfo page) are not in the database and cannot be passed on.
 *
 * Each mapping is one page and costs its task MAPDB_NODE_BYTES of quota.
 * One core, kernel not preemptible: no locks.
 */
#ifndef MICA_KERNEL_MAPDB_H
#define MICA_KERNEL_MAPDB_H

#include <kernel/thread.h>

struct mapnode;

/* Creates the per-frame lists and the node cache; boot only, after frames_init(). */
void mapdb_init(void);

/*
 * Maps the frame pa at va in t with rights (MAP_READ, MAP_WRITE, MAP_EXEC)
 * and records it, derived from parent (NULL: from the frame's owner).
 * Returns 0, -ENOMEM (t's quota or the kernel reserve), or add_mapping's
 * -EEXIST; nothing changes on error.
 */
int mapdb_map(struct task *t, vaddr_t va, paddr_t pa, unsigned int rights,
	      struct mapnode *parent);
/*
 * Whether t's quota holds the records and second-level tables of mapping
 * [va, va + size) (size page aligned, the range in the user half).
 */
bool mapdb_room(const struct task *t, vaddr_t va, size_t size);

/*
 * mapdb_map() whose caller has checked mapdb_room() for the page (mem_map
 * checks a whole range once):
 * -ENOMEM only when the kernel reserve is out.
 */
int mapdb_map_checked(struct task *t, vaddr_t va, paddr_t pa,
		      unsigned int rights, struct mapnode *parent);

/* t's mapping of the page at va, with its frame in *pa and rights in *rights; or NULL. */
struct mapnode *mapdb_find(struct task *t, vaddr_t va, paddr_t *pa,
			   unsigned int *rights);

/*
 * Revokes rights from n and from every mapping derived from it (pa is n's
 * frame); revoking MAP_READ removes the mappings. Each space touched gets
 * the maintenance of remove_mapping/change_mapping.
 */
void mapdb_revoke(struct mapnode *n, paddr_t pa, unsigned int rights);

/* Revokes rights from every mapping of the frame pa, in every task. */
void mapdb_revoke_frame(paddr_t pa, unsigned int rights);

/*
 * Moves n (t's mapping of pa, granted away) to task to at va with rights
 * (no more than n has): t's page table entry goes, to gets one, mappings
 * derived from n stay derived and lose the rights n does not pass on.
 * Returns 0, or -ENOMEM/-EEXIST with nothing changed.
 */
int mapdb_move(struct mapnode *n, paddr_t pa, struct task *to, vaddr_t va,
	       unsigned int rights);

/* Revokes every mapping of t (and what derives from them); t is dying. */
void mapdb_task_destroy(struct task *t);

/* Mapping records allocated (for the kernel's accounts); the cache's empty slabs back. */
uint32_t mapdb_nodes(void);
void mapdb_shrink(void);

#define MAPDB_NODE_BYTES	MICA_MAP_RECORD_BYTES

#endif
