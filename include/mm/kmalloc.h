/*
 * kmalloc: power-of-two size classes from 16 to 2048 bytes through
 * memcaches, larger sizes straight from the buddy. Every object is aligned
 * to its size class (large ones to their block size). kfree() finds the
 * size from the frame state; there is no header.
 */
#ifndef MICA_MM_KMALLOC_H
#define MICA_MM_KMALLOC_H

#include <types.h>

#define KMALLOC_MIN_SIZE	16
#define KMALLOC_MAX_SMALL	2048
#define KMALLOC_NR_CLASSES	8

/* Creates the size classes; -EINVAL if one cannot be (a BUG in practice). */
int kmalloc_init(void);

/* Returns size bytes, or NULL for size 0, a size too big or no memory. */
void *kmalloc(size_t size);

/* As kmalloc(), with the memory cleared. */
void *kzalloc(size_t size);

/* Frees what kmalloc() returned; NULL is a no-op, anything else a BUG. */
void kfree(void *ptr);

/* Gives the size classes' free slabs back to the buddy. */
void kmalloc_shrink(void);

/* memcache_check() of every size class: 0 or -EINVAL. */
int kmalloc_check(void);

#endif
