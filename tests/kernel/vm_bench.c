/*
 * Address-space costs (suite bench_vm, run by `make bench` under -icount
 * shift=0): each reports ticks of the 24 MHz counter for ITERATIONS
 * operations; tools/run-bench turns them into instructions per operation.
 */
#include <kernel/ktest.h>
#include <mm/buddy.h>
#include <mm/vm.h>
#include <platform.h>

#include "vm_test.h"

#define ITERATIONS	1000
#define UVA		0x00400000u
#define PG		4096u
#define MiB		0x100000u
#define FRAME		0x00100000u	/* any RAM frame: nothing is accessed */

static void bench_map_unmap(const char *name, vaddr_t va, size_t size,
			    unsigned int flags)
{
	uint32_t start = platform_counter_read();

	for (int i = 0; i < ITERATIONS; i++) {
		add_mapping(&vm_kernel, va, FRAME, size, flags);
		remove_mapping(&vm_kernel, va, size);
	}
	ktest_bench(name, ITERATIONS, platform_counter_read() - start);
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
	uint32_t start;

	start = platform_counter_read();
	for (int i = 0; i < ITERATIONS; i++)
		vm_space_destroy(vm_space_create());
	ktest_bench("vm_space_create_destroy", ITERATIONS,
		    platform_counter_read() - start);
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
