/*
 * The RAM policy: which of the regions the boot loader reported the kernel
 * manages. The policy is written out above bootinfo_pick_ram() in
 * include/kernel/bootinfo.h.
 */
#include <uapi/errno.h>

#include "bootinfo_internal.h"

struct ram {
	paddr_t base;
	paddr_t end;		/* exclusive */
};

/* Policy steps 1 and 2: drops empty regions, clips to max_end. */
static unsigned int ram_sane(struct bootinfo *bi, paddr_t max_end,
			     struct ram *r)
{
	unsigned int i, n = 0;
	unsigned long long end;

	for (i = 0; i < bi->nr_mem; i++) {
		paddr_t base = bi->mem[i].base;

		end = (uint64_t)base + bi->mem[i].size;
		if (base == end) {
			bootinfo_warn(bi, "ram: region at 0x%08x has size 0, ignored\n", base);
			continue;
		}
		if (base >= max_end) {
			bootinfo_warn(bi, "ram: region 0x%08x-0x%08llx lies above 0x%08x, ignored\n",
				      base, end, max_end);
			continue;
		}
		if (end > max_end) {
			bootinfo_warn(bi, "ram: region 0x%08x-0x%08llx clipped to end at 0x%08x\n",
				      base, end, max_end);
			end = max_end;
		}
		r[n].base = base;
		r[n++].end = (paddr_t)end;
	}
	return n;
}

/* Sorts by base, the larger of two regions with the same base first. */
static void ram_sort(struct ram *r, unsigned int n)
{
	unsigned int i, j;
	struct ram t;

	for (i = 1; i < n; i++) {
		t = r[i];
		for (j = i; j > 0 && (r[j - 1].base > t.base ||
			(r[j - 1].base == t.base && r[j - 1].end < t.end)); j--)
			r[j] = r[j - 1];
		r[j] = t;
	}
}

/* Policy step 3 on sorted regions; returns how many disjoint ones remain. */
static unsigned int ram_merge(struct bootinfo *bi, struct ram *r,
			      unsigned int n)
{
	unsigned int i, k = 0;

	for (i = 1; i < n; i++) {
		if (r[i].base > r[k].end) {
			r[++k] = r[i];
		} else if (r[i].base == r[k].end) {
			r[k].end = r[i].end;
		} else if (r[i].end <= r[k].end) {
			bootinfo_warn(bi, "ram: region 0x%08x-0x%08x lies inside 0x%08x-0x%08x, ignored\n",
				      r[i].base, r[i].end, r[k].base, r[k].end);
		} else {
			bootinfo_warn(bi, "ram: region 0x%08x-0x%08x overlaps 0x%08x-0x%08x, merged\n",
				      r[i].base, r[i].end, r[k].base, r[k].end);
			r[k].end = r[i].end;
		}
	}
	return n ? k + 1 : 0;
}

/* Chooses the RAM the kernel manages; the policy is in bootinfo.h. */
int bootinfo_pick_ram(struct bootinfo *bi, paddr_t kernel_start,
		      paddr_t kernel_end, paddr_t max_end,
		      struct mem_region *out)
{
	struct ram r[BOOTINFO_MAX_MEM];
	unsigned int i, n;

	n = ram_sane(bi, max_end, r);
	ram_sort(r, n);
	n = ram_merge(bi, r, n);
	for (i = 0; i < n; i++) {
		if (r[i].base <= kernel_start && kernel_end <= r[i].end) {
			out->base = r[i].base;
			out->size = r[i].end - r[i].base;
			return 0;
		}
		if (r[i].base < kernel_end && kernel_start < r[i].end)
			bootinfo_warn(bi, "ram: region 0x%08x-0x%08x overlaps the kernel 0x%08x-0x%08x only partially, not trusted\n",
				      r[i].base, r[i].end, kernel_start, kernel_end);
	}
	if (bi->nr_mem)
		bootinfo_warn(bi, "ram: no memory region holds the kernel 0x%08x-0x%08x, probing RAM\n",
			      kernel_start, kernel_end);
	return -ENOENT;
}
