/*
 * The end of a test program that must leave nothing behind: the kernel's
 * accounts (SYS_KERNEL_INFO with KINFO_CHECK) equal those at its start and
 * the allocators' checkers pass. Three TAP results.
 */
#ifndef MICA_USER_TEST_ACCOUNTS_H
#define MICA_USER_TEST_ACCOUNTS_H

#include <mica.h>
#include <mica/tap.h>

static void accounts_back(const struct mica_kernel_info *k0)
{
	struct mica_kernel_info k1;

	tap_is_int(mica_kernel_info(&k1, KINFO_CHECK), 0, "kernel info at the end");
	tap_is_int(k1.check, 0, "the allocators check clean");
	tap_ok(k1.threads == k0->threads && k1.tasks == k0->tasks &&
	       k1.tcbs == k0->tcbs && k1.frames_kernel_free == k0->frames_kernel_free,
	       "threads %u tasks %u tcbs %u free frames %u as at the start (%u %u %u %u)",
	       k1.threads, k1.tasks, k1.tcbs, k1.frames_kernel_free,
	       k0->threads, k0->tasks, k0->tcbs, k0->frames_kernel_free);
}

#endif
