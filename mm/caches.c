/* The memcaches the kernel creates at boot. */
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <mm/kmalloc.h>
#include <mm/memcache.h>

struct memcache l2pt_cache;

void mm_caches_init(void)
{
	BUG_ON(kmalloc_init());
	BUG_ON(memcache_init(&l2pt_cache, "l2pt", 1024, 1024));
	printk("memcache: l2pt 1024 B (1 KiB aligned), kmalloc %u-%u B "
	       "in %u classes\n", KMALLOC_MIN_SIZE,
	       KMALLOC_MIN_SIZE << (KMALLOC_NR_CLASSES - 1), KMALLOC_NR_CLASSES);
}
