/*
 * The end of a test program that must leave nothing behind: the kernel's
 * accounts (SYS_KERNEL_INFO with KINFO_CHECK) equal those at its start and
 * the allocators' checkers pass. Three TAP results.
 */
#ifndef MICA_USER_TEST_ACCOUNTS_H
#define MICA_USER_TEST_ACCOUNTS_H

#include <mica.h>
#include <mica/tap.h>

extern char _end[];

/*
 * The accounts at the start, after the root task has paged in this
 * program's whole image and the top STACK_IN bytes of its stack: a page
 * faulted in later would cost page-table and mapping-record memory that
 * accounts_back() would count as leaked.
 */
#define ACCOUNTS_STACK_IN	(16 * 1024)

static inline int accounts_start(struct mica_kernel_info *k0)
{
	char here;
	uintptr_t sp = (uintptr_t)&here;

	mica_prefault((const void *)0x10000, (uintptr_t)_end - 0x10000);
	mica_prefault((const void *)(sp - ACCOUNTS_STACK_IN), ACCOUNTS_STACK_IN);
	return mica_kernel_info(k0, KINFO_CHECK);
}

static inline void accounts_back(const struct mica_kernel_info *k0)
{
	struct mica_kernel_info k1;

	tap_is_int(mica_kernel_info(&k1, KINFO_CHECK), 0, "kernel info at the end");
	tap_is_int(k1.check, 0, "the allocators check clean");
	tap_ok(k1.threads == k0->threads && k1.tasks == k0->tasks &&
	       k1.tcbs == k0->tcbs && k1.frames_kernel_free == k0->frames_kernel_free &&
	       k1.mappings == k0->mappings,
	       "threads %u tasks %u tcbs %u free frames %u mappings %u as at the start "
	       "(%u %u %u %u %u)", k1.threads, k1.tasks, k1.tcbs, k1.frames_kernel_free,
	       k1.mappings, k0->threads, k0->tasks, k0->tcbs, k0->frames_kernel_free,
	       k0->mappings);
}

#endif
