/* Helpers shared by the vm test and benchmark suites (tests/kernel/vm_*.c). */
#ifndef MICA_TESTS_KERNEL_VM_TEST_H
#define MICA_TESTS_KERNEL_VM_TEST_H

#include <types.h>

/* Second-level tables in use. */
uint32_t vm_test_l2_inuse(void);
/* Free frames once the page-table cache and the hot frames are given back. */
uint32_t vm_test_frames_free(void);
/* xorshift32: the next value after x (never 0 if x is not). */
uint32_t vm_test_random(uint32_t x);

#endif
