/*
 * Requests the root task serves besides the name service (<mica/names.h>):
 *   ROOT_HALT  w0 = status: stops the machine with that status, when the
 *              root task was started with "--halt" first in its arguments
 *              (the test image); otherwise replied -EPERM.
 *   ROOT_SPAWN w0.. = "PROGRAM arg..." (NUL-terminated, in the words):
 *              starts PROGRAM from the image or the module archive as a new
 *              task paged by the root task; w0 = its first thread's id,
 *              w1 = its task id (0 if it has ended already); -ENOENT (no
 *              such program), -EINVAL (no NUL, no word), -E2BIG (more than
 *              16 words), or what loading it returned
 *   ROOT_KILL  w0 = task id: destroys the task, reclaims its frames
 *   ROOT_LS    w0 = index: w0 = 0, w1-w4 = the index'th program's name
 *              (packed as a name of <mica/names.h>, cut to 15 characters),
 *              w5-w6 = "image" or "archive" (where it is), NUL-padded;
 *              -ENOENT past the end
 *   ROOT_MEM   w0 = 0, w1 = frames the root task has free, w2 = frames it
 *              manages, w3 = frames it has given to tasks
 *   ROOT_STATS w0 = 0, w1 = faults served with a frame, w2 = tasks killed
 *              for a fault, w3 = frames taken back from dead tasks,
 *              w4 = tasks paged now, w5 = map replies refused because
 *              another thread of the task had the page mapped first;
 *              counted since boot (the counters wrap)
 *   ROOT_SBRK  w0 = bytes (signed): moves the caller's heap break;
 *              w0 = the old break, or -ENOMEM / -EINVAL
 *   ROOT_FRAMES w0 = pages (a power of two), w1 = an address in the
 *              caller: grants the caller that many contiguous frames
 *              (MAP_GRANT), mapped read-write there; w0 = their physical
 *              address, w1 = pages, or -EINVAL (pages), -ENOMEM, -ENOSPC
 *              (too many grants alive) or SYS_MAP's error (-EEXIST: the
 *              address is mapped already). They return to the root task
 *              when the caller's task dies.
 * Replies carry IPC_TAG(NAME_REPLY, n) with the result in w0.
 */
#ifndef MICA_ROOT_H
#define MICA_ROOT_H

#include <stdint.h>

#define ROOT_HALT	0x4e10
#define ROOT_SPAWN	0x4e11
#define ROOT_KILL	0x4e12
#define ROOT_LS		0x4e13
#define ROOT_MEM	0x4e14
#define ROOT_SBRK	0x4e15
#define ROOT_FRAMES	0x4e16
#define ROOT_STATS	0x4e17

/*
 * Asks the root task to stop the machine with status (stdout flushed
 * first). Returns only when it refuses: -EPERM, or an IPC error.
 */
int mica_root_halt(int status);

/*
 * One request in *msg to the root task, its reply in *msg: 0, an IPC
 * error, or -EINVAL for a reply that is not NAME_REPLY with a word.
 */
struct mica_msg;
int mica_root_call(struct mica_msg *msg);

/*
 * ROOT_SPAWN: starts the program and arguments in cmdline (blank-separated
 * words, at most 255 bytes); returns its first thread's id and stores its
 * task id in *task, or returns a negated error.
 */
int mica_root_spawn(const char *cmdline, uint32_t *task);

/* ROOT_KILL: the root task destroys task; 0 or -ESRCH, -EPERM (root). */
int mica_root_kill(uint32_t task);

/*
 * ROOT_LS: the index'th program the root task can start, its name in
 * name and "image" or "archive" in where. 0, or -ENOENT past the last.
 */
int mica_root_ls(unsigned int index, char name[16], char where[8]);

/* ROOT_MEM: the root task's frames. */
struct mica_root_mem {
	uint32_t free;		/* not given out yet */
	uint32_t managed;	/* granted to it by the kernel */
	uint32_t given;		/* given to tasks (managed - free) */
};
int mica_root_mem(struct mica_root_mem *m);

/* ROOT_STATS: the root task's demand pager, counted since boot. */
struct mica_root_stats {
	uint32_t faults;	/* faults served with a frame */
	uint32_t killed;	/* tasks killed for a fault */
	uint32_t reclaimed;	/* frames taken back from dead tasks */
	uint32_t tasks;		/* tasks paged now */
	uint32_t raced;		/* map replies refused: mapped already */
};
int mica_root_stats(struct mica_root_stats *s);

/*
 * ROOT_FRAMES: pages contiguous frames (a power of two, at most 512)
 * granted to the caller and mapped read-write at va; their physical
 * address in *pa. 0, -ENOMEM, -EINVAL, -ENOSPC (the root task keeps 64
 * grants at most), SYS_MAP's error, or an IPC error.
 */
int mica_root_frames(uint32_t pages, uintptr_t va, uint32_t *pa);

/*
 * ROOT_SBRK (user/lib/sbrk.c): moves the caller's heap break by bytes and
 * stores the old break in *old; 0, -ENOMEM, -EINVAL, or an IPC error.
 */
int mica_root_sbrk(intptr_t bytes, void **old);

/*
 * ROOT_FRAMES: asks for pages contiguous frames of the caller's own (a
 * power of two), mapped read-write at va (page aligned, unmapped), and
 * stores their physical address in *pa; the caller may map them into
 * tasks it controls with MAP_PHYS. 0 or the root task's error (above).
 */
int mica_root_frames(uint32_t pages, uintptr_t va, uint32_t *pa);

#endif
