/*
 * Address spaces: the kernel's, creating, destroying and switching the
 * others, and keeping the kernel half the same in all of them. See
 * include/mm/vm.h, docs/vm.md and vm_internal.h.
 */
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <mm/memcache.h>
#include <string.h>

#include "vm_internal.h"

#define PGD_ORDER	2		/* 16 KiB = 4 pages */
#define COUNTER_BYTES	(USER_PMDS + USER_PMDS / 8)	/* used[] and exec[] */

_Static_assert(sizeof(struct vm_space) + COUNTER_BYTES <= SMALL_PAGE_SIZE,
	       "a space's record must fit in one page");

struct vm_space vm_kernel;
struct vm_space *vm_current;
uint32_t vm_space_switches;
static struct list vm_spaces;	/* every space, vm_kernel included */
static uint8_t kernel_used[PGD_ENTRIES];
static uint8_t kernel_exec[PGD_ENTRIES / 8];

void pmd_set(struct vm_space *s, unsigned int i, uint32_t val)
{
	struct list *n;

	if (i < USER_PMDS) {
		s->pgd[i] = val;
		if (s == vm_current)
			vm_hw_table_clean(&s->pgd[i], sizeof(uint32_t));
		return;
	}
	for (n = vm_spaces.next; n != &vm_spaces; n = n->next) {
		struct vm_space *t = (struct vm_space *)((char *)n -
					offsetof(struct vm_space, link));

		t->pgd[i] = val;
		if (t == vm_current)
			vm_hw_table_clean(&t->pgd[i], sizeof(uint32_t));
	}
}

struct vm_space *vm_space_create(void)
{
	paddr_t pgd_pa = buddy_alloc(PGD_ORDER), rec_pa;
	struct vm_space *s;

	if (pgd_pa == BUDDY_NONE)
		return NULL;
	rec_pa = buddy_alloc(0);
	if (rec_pa == BUDDY_NONE) {
		buddy_free(pgd_pa, PGD_ORDER);
		return NULL;
	}
	s = phys_to_virt(rec_pa);
	s->pgd = phys_to_virt(pgd_pa);
	s->pgd_pa = pgd_pa;
	s->nr_tables = 0;
	s->used = (uint8_t *)(s + 1);
	s->exec = s->used + USER_PMDS;
	memset(s->used, 0, COUNTER_BYTES);
	memset(s->pgd, 0, USER_PMDS * sizeof(uint32_t));
	memcpy(s->pgd + USER_PMDS, vm_kernel.pgd + USER_PMDS,
	       (PGD_ENTRIES - USER_PMDS) * sizeof(uint32_t));
	list_add(&s->link, &vm_spaces);
	return s;
}

void vm_space_destroy(struct vm_space *s)
{
	BUG_ON(s == vm_current || s == &vm_kernel);
	for (unsigned int i = 0; s->nr_tables && i < USER_PMDS; i++) {
		if (pmd_type(s->pgd[i]) != PMD_TYPE_COARSE)
			continue;
		memcache_free(&l2pt_cache, pte_table(s->pgd[i]));
		s->nr_tables--;
	}
	list_del(&s->link);
	buddy_free(s->pgd_pa, PGD_ORDER);
	buddy_free(virt_to_phys(s), 0);
}

void vm_space_switch(struct vm_space *s)
{
	if (s == vm_current)
		return;
	vm_current = s;
	vm_space_switches++;
	vm_hw_space_switch(s->pgd_pa);
}

void vm_init(void)
{
	BUG_ON(PAGE_SIZE != SMALL_PAGE_SIZE);
	vm_hw_init();
	vm_kernel.pgd = vm_hw_kernel_pgd();
	vm_kernel.pgd_pa = virt_to_phys(vm_kernel.pgd);
	vm_kernel.nr_tables = 0;
	vm_kernel.used = kernel_used;
	vm_kernel.exec = kernel_exec;
	list_init(&vm_spaces);
	list_add(&vm_kernel.link, &vm_spaces);
	vm_current = &vm_kernel;
	printk("vm: kernel space, first-level table at 0x%08x, kernel half "
	       "shared with every space\n", vm_kernel.pgd_pa);
}
