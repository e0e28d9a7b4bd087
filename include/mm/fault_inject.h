/*
 * Fault injection for the buddy allocator: makes buddy_alloc() fail on
 * purpose so that every caller's out-of-memory path runs in tests. It exists
 * only in the test kernel (CONFIG_FAULT_INJECT) and the host programs
 * (MICA_HOST); there, while off, it costs one load and one branch per
 * allocation. The run kernel and the benchmark kernel have no injection state
 * and fault_inject_should_fail() is a constant false, so their allocators
 * carry no branch for it.
 */
#ifndef MICA_MM_FAULT_INJECT_H
#define MICA_MM_FAULT_INJECT_H

#include <types.h>

enum fault_mode {
	FAULT_OFF,
	FAULT_NTH,	/* fail only the param-th allocation from now (1 = next) */
	FAULT_EVERY,	/* fail every param-th allocation */
	FAULT_RANDOM,	/* fail with probability param per million, seeded */
};

#if defined(CONFIG_FAULT_INJECT) || defined(MICA_HOST)
extern bool fault_inject_armed;

/* Selects a mode; param 0 with FAULT_NTH/FAULT_EVERY turns injection off. */
void fault_inject_set(enum fault_mode mode, uint32_t param, uint32_t seed);

/* Counts one allocation attempt; returns true if it must fail. */
bool fault_inject_fail(void);

/* Returns the number of failures injected since fault_inject_set(). */
uint32_t fault_inject_count(void);

static inline bool fault_inject_should_fail(void)
{
	return unlikely(fault_inject_armed) && fault_inject_fail();
}
#else
static inline bool fault_inject_should_fail(void)
{
	return false;
}
#endif

#endif
