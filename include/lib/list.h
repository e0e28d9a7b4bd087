/*
 * Intrusive circular doubly linked lists: a struct list node sits in the
 * object, a struct list head is its own empty list. Used by mm/ (free
 * areas, slabs, spaces) and kernel/ (run queues, send queues, timeouts).
 */
#ifndef MICA_LIB_LIST_H
#define MICA_LIB_LIST_H

#include <types.h>

struct list {
	struct list *next, *prev;
};

#define list_entry(node, type, member) \
	((type *)((char *)(node) - offsetof(type, member)))

static inline void list_init(struct list *head)
{
	head->next = head;
	head->prev = head;
}

static inline bool list_empty(const struct list *head)
{
	return head->next == head;
}

static inline void list_insert(struct list *n, struct list *prev,
			       struct list *next)
{
	n->prev = prev;
	n->next = next;
	prev->next = n;
	next->prev = n;
}

/* Adds n at the head of the list. */
static inline void list_add(struct list *n, struct list *head)
{
	list_insert(n, head, head->next);
}

/* Adds n at the tail of the list. */
static inline void list_add_tail(struct list *n, struct list *head)
{
	list_insert(n, head->prev, head);
}

static inline void list_del(struct list *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
}

#endif
