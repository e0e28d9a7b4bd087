/*
 * Starting user space: root_start() builds the root task from the ELF
 * embedded in the kernel image, grants it every frame beyond the kernel's
 * reserve and makes its first thread ready (docs/tasks.md). Boot only,
 * after the scheduler and the clock exist; a failure is a panic.
 */
#ifndef MICA_KERNEL_ROOT_H
#define MICA_KERNEL_ROOT_H

void root_start(void);

#endif
