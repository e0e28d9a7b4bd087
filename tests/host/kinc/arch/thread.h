/*
 * The host's stand-in for <arch/thread.h>: the real header with
 * arch_thread_switch() renamed, so the kernel's calls go to
 * kshim_thread_switch() (tests/host/kshim.c), which records them instead
 * of switching spaces and writing the vector page.
 */
#ifndef MICA_TESTS_HOST_KINC_ARCH_THREAD_H
#define MICA_TESTS_HOST_KINC_ARCH_THREAD_H

#define arch_thread_switch	arch_thread_switch_arm
#include_next <arch/thread.h>
#undef arch_thread_switch

void kshim_thread_switch(struct vm_space *space, const void *utcb);
#define arch_thread_switch	kshim_thread_switch

#endif
