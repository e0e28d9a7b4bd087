/* The recording vm_hw implementation for host tests; see vm_recorder.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/panic.h>
#include <mm/buddy.h>
#include <mm/phys.h>
#include <mm/vm_hw.h>

#include "vm_recorder.h"

#define LINE	32u

struct rec_entry rec_log[REC_MAX];
unsigned int rec_len;
paddr_t rec_ttb;

static uint32_t *kernel_pgd;
static uint8_t *memory;		/* what the walker sees, indexed by pa */
static paddr_t memory_size;

static void rec(enum rec_op op, uintptr_t a, uintptr_t b)
{
	if (rec_len < REC_MAX)
		rec_log[rec_len] = (struct rec_entry){ op, a, b };
	rec_len++;
}

/* Writes back the lines of [va, va + len) of the arena to "memory". */
static void write_back(const void *va, size_t len)
{
	paddr_t start = virt_to_phys(va) & ~(LINE - 1);
	paddr_t end = (virt_to_phys(va) + len + LINE - 1) & ~(LINE - 1);

	BUG_ON(end > memory_size);
	memcpy(memory + start, phys_to_virt(start), end - start);
}

void rec_setup(paddr_t ram_size)
{
	paddr_t pa = buddy_alloc(2);

	BUG_ON(pa == BUDDY_NONE);
	kernel_pgd = phys_to_virt(pa);
	memset(kernel_pgd, 0, PGD_SIZE);
	for (paddr_t off = 0; off < ram_size; off += 1u << 20)
		kernel_pgd[(0xC0000000u + off) >> 20] = off | PMD_SECT_KERNEL;
	free(memory);
	memory = calloc(1, ram_size);
	BUG_ON(!memory);
	memory_size = ram_size;
	write_back(phys_to_virt(0), ram_size);
	rec_ttb = pa;
	rec_reset();
}

void rec_reset(void)
{
	rec_len = 0;
}

unsigned int rec_count(enum rec_op op)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < rec_len && i < REC_MAX; i++)
		n += rec_log[i].op == op;
	return n;
}

int rec_find(enum rec_op op, unsigned int from)
{
	for (unsigned int i = from; i < rec_len && i < REC_MAX; i++)
		if (rec_log[i].op == op)
			return (int)i;
	return -1;
}

static uint32_t memory_word(paddr_t pa)
{
	uint32_t w;

	BUG_ON(pa + 4 > memory_size);
	memcpy(&w, memory + pa, 4);
	return w;
}

int rec_walk(paddr_t ttb, vaddr_t va, paddr_t *pa)
{
	uint32_t pmd = memory_word(ttb + (va >> 20) * 4), pte;

	switch (pmd & PMD_TYPE_MASK) {
	case PMD_TYPE_SECT:
		*pa = (pmd & PMD_SECT_BASE_MASK) | (va & 0xfffff);
		return 0;
	case PMD_TYPE_COARSE:
		pte = memory_word((pmd & PMD_COARSE_BASE_MASK) + ((va >> 12) & 0xff) * 4);
		if ((pte & PTE_TYPE_MASK) != PTE_TYPE_SMALL)
			return -1;
		*pa = (pte & PTE_SMALL_BASE_MASK) | (va & 0xfff);
		return 0;
	default:
		return -1;
	}
}

void rec_dump(void)
{
	static const char *const names[] = {
		"dc_clean_inv_range", "dc_clean_inv_all", "dc_clean_range",
		"table_clean", "ic_inv_range", "ic_inv_all", "drain",
		"tlb_inv_va", "tlb_inv_all", "ttb_set",
	};

	for (unsigned int i = 0; i < rec_len && i < REC_MAX; i++)
		printf("#   %u %s %#lx %#lx\n", i, names[rec_log[i].op],
		       (unsigned long)rec_log[i].a, (unsigned long)rec_log[i].b);
}

void vm_hw_init(void)
{
}

uint32_t *vm_hw_kernel_pgd(void)
{
	return kernel_pgd;
}

void vm_hw_dcache_clean_inv_range(vaddr_t start, vaddr_t end)
{
	rec(REC_DC_CLEAN_INV_RANGE, start, end);
}

void vm_hw_dcache_clean_inv_all(void)
{
	rec(REC_DC_CLEAN_INV_ALL, 0, 0);
	write_back(phys_to_virt(0), memory_size);
}

void vm_hw_dcache_clean_range(vaddr_t start, vaddr_t end)
{
	rec(REC_DC_CLEAN_RANGE, start, end);
}

void vm_hw_table_clean(const void *table, size_t len)
{
	rec(REC_TABLE_CLEAN, (uintptr_t)table, (uintptr_t)table + len);
	write_back(table, len);
}

void vm_hw_icache_inv_range(vaddr_t start, vaddr_t end)
{
	rec(REC_IC_INV_RANGE, start, end);
}

void vm_hw_icache_inv_all(void)
{
	rec(REC_IC_INV_ALL, 0, 0);
}

void vm_hw_drain_write_buffer(void)
{
	rec(REC_DRAIN, 0, 0);
}

void vm_hw_tlb_inv_va(vaddr_t va)
{
	rec(REC_TLB_INV_VA, va, 0);
}

void vm_hw_tlb_inv_all(void)
{
	rec(REC_TLB_INV_ALL, 0, 0);
}

void vm_hw_ttb_set(paddr_t pgd)
{
	rec(REC_TTB_SET, pgd, 0);
	rec_ttb = pgd;
}
