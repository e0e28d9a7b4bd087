/*
 * The host's stand-in for <arch/cpu.h>, seen first by the kernel objects
 * of tests/host/kernel.mk.inc: the real header (its PSR and SCTLR
 * constants) with cpu_idle() renamed, so the kernel's call goes to
 * kshim_cpu_idle() (tests/host/kshim.c) and the ARM instructions are never
 * emitted.
 */
#ifndef MICA_TESTS_HOST_KINC_ARCH_CPU_H
#define MICA_TESTS_HOST_KINC_ARCH_CPU_H

#define cpu_idle	cpu_idle_arm
#include_next <arch/cpu.h>
#undef cpu_idle

#ifndef __ASSEMBLY__
void kshim_cpu_idle(void);
#define cpu_idle	kshim_cpu_idle
#endif

#endif
