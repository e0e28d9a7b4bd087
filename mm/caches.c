/* The memcaches the kernel creates at boot. */
#include <kernel/panic.h>
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
}
