/*
 * Kernel access to user memory. Every function checks that the whole user
 * range lies below the kernel half (0xC0000000) and then accesses it with
 * the ARM's unprivileged loads and stores (ldrt/strt), so user permissions
 * apply: a read-only user page cannot be written, a kernel page cannot be
 * reached. A fault is resumed through the exception-fixup table
 * (include/arch/fixup.h) and returned as -EFAULT, never a panic.
 *
 * Called in kernel mode with the task's space current. A copy that faults
 * part way has copied a prefix of unspecified length.
 */
#ifndef MICA_KERNEL_UACCESS_H
#define MICA_KERNEL_UACCESS_H

#include <types.h>

/* Copies n bytes from user address usrc to dst; returns 0 or -EFAULT. */
int copy_from_user(void *dst, const void *usrc, size_t n);

/* Copies n bytes from src to user address udst; returns 0 or -EFAULT. */
int copy_to_user(void *udst, const void *src, size_t n);

/*
 * Reads the word at user address uptr (4-byte aligned, else -EFAULT) into
 * *val; returns 0 or -EFAULT (*val is then unchanged).
 */
int get_user(uint32_t *val, const uint32_t *uptr);

/* Writes val to the aligned user word at uptr; returns 0 or -EFAULT. */
int put_user(uint32_t val, uint32_t *uptr);

#endif
