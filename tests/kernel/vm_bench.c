/*
 * Address-space costs (suite bench_vm, run by `make bench` under -icount
 * shift=0): each reports ticks of the 24 MHz counter for ITERATIONS
 * operations; tools/run-bench turns them into instructions per operation.
 */
#include <kernel/ktest.h>
#include <mm/buddy.h>
#include <mm/vm.h>
#include <platform.h>
#include <uapi/errno.h>

#include "vm_test.h"

#define ITERATIONS	1000
#define UVA		0x00400000u
#define PG		4096u
#define MiB		0x100000u
#define FRAME		0x00100000u	/* any RAM frame: nothing is accessed */

/*
 * Every result is kept (an OR of the error codes costs one instruction per
 * call) and checked before the figure is reported: a figure for a call
 * that failed would measure the error path.
 */
static void bench_map_unmap(const char *name, vaddr_t va, size_t size,
			    unsigned int flags)
{
	uint32_t start = platform_counter_read(), ticks;
	int add_err = 0, remove_err = 0;
	unsigned int fl;
	paddr_t pa;

	for (int i = 0; i < ITERATIONS; i++) {
		add_err |= add_mapping(&vm_kernel, va, FRAME, size, flags);
		remove_err |= remove_mapping(&vm_kernel, va, size);
	}
	ticks = platform_counter_read() - start;
	KT_ASSERT_EQ(add_err, 0);
	KT_ASSERT_EQ(remove_err, 0);
	KT_ASSERT_EQ(vm_translate(&vm_kernel, va, &pa, &fl), -ENOENT);
	ktest_bench(name, ITERATIONS, ticks);
}

/* The usual case: the MiB's second-level table stays (a page is kept). */
KTEST(bench_vm, page_map_unmap)
{
	KT_ASSERT_EQ(add_mapping(&vm_kernel, UVA + PG, FRAME, PG, VM_USER), 0);
	bench_map_unmap("vm_page_map_unmap", UVA, PG, VM_USER | VM_WRITE);
	KT_ASSERT_EQ(remove_mapping(&vm_kernel, UVA + PG, PG), 0);
}

/* The table is allocated, cleaned, and freed again each time. */
KTEST(bench_vm, page_map_unmap_table)
{
	bench_map_unmap("vm_page_map_unmap_table", UVA, PG, VM_USER | VM_WRITE);
}

KTEST(bench_vm, section_map_unmap)
{
	bench_map_unmap("vm_section_map_unmap", 0x10000000, MiB,
			VM_USER | VM_WRITE | VM_SECTION);
}

KTEST(bench_vm, space_create_destroy)
{
	struct vm_space *s = NULL;
	uint32_t start, ticks;

	start = platform_counter_read();
	for (int i = 0; i < ITERATIONS; i++) {
		s = vm_space_create();
		if (!s)
			break;
		vm_space_destroy(s);
	}
	ticks = platform_counter_read() - start;
	KT_ASSERT(s != NULL);
	ktest_bench("vm_space_create_destroy", ITERATIONS, ticks);
}

KTEST(bench_vm, space_switch)
{
	struct vm_space *a, *b;
	uint32_t start;

	a = vm_space_create();
	b = vm_space_create();
	KT_ASSERT(a && b);
	start = platform_counter_read();
	for (int i = 0; i < ITERATIONS / 2; i++) {
		vm_space_switch(a);
		vm_space_switch(b);
	}
	ktest_bench("vm_space_switch", ITERATIONS, platform_counter_read() - start);
	vm_space_switch(&vm_kernel);
	vm_space_destroy(a);
	vm_space_destroy(b);
}
