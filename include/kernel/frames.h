/*
 * Frame ownership: which task owns each frame of RAM outside the kernel's
 * reserve. At boot the kernel keeps a reserve for its own objects
 * (kmem=, docs/tasks.md) and grants every other free frame to the root
 * task; a task may map only frames it owns or has mapped.
 */
#ifndef MICA_KERNEL_FRAMES_H
#define MICA_KERNEL_FRAMES_H

#include <kernel/thread.h>
#include <uapi/bootinfo.h>

/* Sets up the owner record (one byte per frame of RAM); boot only. */
void frames_init(void);

/* Records t as the owner of [pa, pa + pages frames); t NULL: the kernel. */
void frames_set_owner(paddr_t pa, uint32_t pages, struct task *t);

/* True when pa lies in RAM (the frames this record covers). */
bool frames_in_ram(paddr_t pa);

/*
 * Grants [pa, pa + pages frames) to t, from task `from` (their owner; NULL
 * when the kernel returns them): every mapping of them is revoked first,
 * and when t dies they go back to `from`. The caller checked ownership.
 */
void frames_give(paddr_t pa, uint32_t pages, struct task *from, struct task *t);

/* Returns the frames of dying t (see kernel/frames.c); its mappings are gone. */
void frames_task_destroy(struct task *t);

/*
 * Conservation: frames marked owned == frames tasks say they own ==
 * frames_granted(). 0, or -EINVAL with the figures on the console.
 */
int frames_check(void);

/* Frames owned by some task. */
uint32_t frames_granted(void);

/* True when every frame of [pa, pa + size) is RAM owned by t. */
bool frames_owned(paddr_t pa, size_t size, const struct task *t);

/*
 * Grants every free frame beyond reserve bytes to t, as buddy blocks in
 * state FRAME_TASK, and lists them in bi (largest blocks first; a block
 * adjacent to the previous range extends it). Returns the number of frames granted.
 */
uint32_t frames_grant(struct task *t, uint32_t reserve, struct mica_bootinfo *bi);

#endif
