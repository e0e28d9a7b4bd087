/* The memcaches the kernel creates at boot. */
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <mm/kmalloc.h>
#include <mm/memcache.h>

/* Until struct tcb exists; threads will use sizeof(struct tcb). */
#define TCB_SIZE_PLACEHOLDER	256

struct memcache l2pt_cache;
struct memcache tcb_cache;

void mm_caches_init(void)
{
	BUG_ON(kmalloc_init());
	BUG_ON(memcache_init(&l2pt_cache, "l2pt", 1024, 1024));
	BUG_ON(memcache_init(&tcb_cache, "tcb", TCB_SIZE_PLACEHOLDER, 0));
	printk("memcache: l2pt 1024 B (1 KiB aligned), tcb %u B, kmalloc %u-%u B "
	       "in %u classes\n", TCB_SIZE_PLACEHOLDER, KMALLOC_MIN_SIZE,
	       KMALLOC_MIN_SIZE << (KMALLOC_NR_CLASSES - 1), KMALLOC_NR_CLASSES);
}
