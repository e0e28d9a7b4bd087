/*
 * The root task: the first user task. It owns every frame the kernel
 * granted and manages them with the kernel's buddy allocator, loads
 * programs (ELF) from the archive built into its image and from the boot
 * loader's module archive into new tasks, and keeps the name service (<mica/names.h>). docs/tasks.md describes it.
 */
#ifndef MICA_PAGER_ROOT_H
#define MICA_PAGER_ROOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <mica/ipc.h>
#include <uapi/bootinfo.h>

/*
 * Where the root task maps things in its own space. The module archive
 * lies in RAM, so it ends below ROOT_RAM_VA; the RAM window covers the
 * board's largest RAM (256 MiB).
 */
#define ROOT_INITRD_VA		0x40000000u	/* the module archive, read-only */
#define ROOT_RAM_VA		0x50000000u	/* the granted frames (frames.c) */
#define ROOT_RAM_SIZE		0x10000000u

/*
 * A program's address space (paging.c): its ELF segments from
 * MICA_USER_START, the heap from the page after the last segment up to
 * PROGRAM_HEAP_LIMIT at most, and the stack's PROGRAM_STACK_SIZE below
 * PROGRAM_STACK_TOP with a guard page under it. All demand paged.
 */
#define PROGRAM_STACK_TOP	0xbf000000u
#define PROGRAM_STACK_SIZE	0x00100000u
#define PROGRAM_STACK_GUARD	(PROGRAM_STACK_TOP - PROGRAM_STACK_SIZE - 4096u)
#define PROGRAM_HEAP_LIMIT	0x80000000u

#define MAX_ARGS		16	/* words of a program's command, its name included */

extern const struct mica_bootinfo *bootinfo;

/*
 * Frames (frames.c): the kernel's buddy allocator over the frames the kernel
 * granted, every one of them mapped read-write in the root task's window at
 * ROOT_RAM_VA (the buddy keeps its free lists in the free frames and its
 * metadata in the first granted pages that hold it). Broken invariants (a
 * double free, a wrong order) are BUGs: "PANIC at ..." and the machine
 * stops (kshim.c).
 */

/* Sets the buddy up over bootinfo's ranges and maps them; prints
 * "root: buddy over START-END: N frames granted, M for metadata". */
void frames_init(void);

/* One frame (order 0) in *pa: 0 or -ENOMEM. */
int frame_alloc(uint32_t *pa);

/* 2^order contiguous frames aligned to their size in *pa: 0 or -ENOMEM
 * (also for order >= BUDDY_MAX_ORDER). */
int frames_alloc(unsigned int order, uint32_t *pa);

/* Gives back a block from frame_alloc (order 0) or frames_alloc. */
void frames_free_block(uint32_t pa, unsigned int order);

/* The root task's address of a frame it holds: the window's, its only
 * mapping of the frame in its own space. */
void *frame_va(uint32_t pa);

/* Records that the allocated block at pa now belongs to the task whose
 * slot is task_slot (any number the caller keeps per task). */
void frames_set_user(uint32_t pa, unsigned int order, uint32_t task_slot);

/* Frees every block recorded for task_slot; returns their frames. The
 * caller has unmapped them (or destroyed the task) first. */
uint32_t frames_reclaim(uint32_t task_slot);

/* The frames of the blocks recorded for task_slot. */
uint32_t frames_used_by(uint32_t task_slot);

/* Frames free now; frames the kernel granted at boot (metadata included). */
uint32_t frames_free(void);
uint32_t frames_managed(void);

/* Runs the buddy's checker: 0, or -EINVAL after printing what is wrong. */
int frames_check(void);

/*
 * Loads the ELF image [elf, elf + len) into a new task called name, with
 * argv[0..argc-1] for its main(), and starts its first thread at priority
 * prio. Returns the thread id, or a negated error: -ENOEXEC, -EINVAL or -ERANGE (not a
 * valid program, see lib/elf.h), -E2BIG (arguments too long), -ENOMEM, or a system call's.
 */
int program_start(const void *elf, size_t len, const char *name, int argc,
		  const char *const argv[], unsigned int prio);

/* Finds name in the built-in archive, then the boot loader's: 0 or -ENOENT. */
int program_find(const char *name, const void **elf, size_t *len);

/*
 * The index'th program (0: the first) of the built-in archive, then of the
 * boot loader's: its name in *name (inside the archive) and whether it is
 * built in. 0, or -ENOENT past the last.
 */
int program_nth(unsigned int index, const char **name, bool *builtin);

/* The next blank-separated word of *p, NUL-terminated in place, or NULL. */
char *next_word(char **p);

/*
 * Serves msg from thread sender when its label is ROOT_SPAWN, ROOT_KILL,
 * ROOT_LS, ROOT_MEM, ROOT_STATS, ROOT_SBRK or ROOT_FRAMES
 * (pager/requests.c): the reply replaces it and true is returned; any
 * other label is left alone (false).
 */
bool requests_serve(uint32_t sender, struct mica_msg *msg);

/* The name service's answer to one request (label, words); see names.h. */
int names_request(uint32_t sender, uint32_t label, unsigned int words,
		  const uint32_t *w);

/* Demand paging (paging.c, docs/pager.md). */
struct elf_info;
struct mica_msg;

struct paging_stats {
	uint32_t tasks;		/* tasks paged now */
	uint32_t faults;	/* faults served with a frame */
	uint32_t killed;	/* tasks killed for a fault */
	uint32_t reclaimed;	/* frames taken back from dead tasks */
	uint32_t raced;		/* map replies refused: a thread of the task mapped it first */
};

/*
 * Starts paging task from the ELF image elf (which must stay where it is):
 * its segments, an empty heap after them, the stack. 0, -EBUSY (the slot
 * is paged already), -E2BIG (too many segments) or elf_segment()'s error.
 */
int paging_task_add(uint32_t task, const void *elf, const struct elf_info *info);

/* Destroys task and takes back every frame it was given: 0, or -ESRCH. */
int paging_task_remove(uint32_t task);

/*
 * ROOT_FRAMES for task: grants it pages contiguous frames (a power of two,
 * at most 2^BUDDY_TOP_ORDER), mapped read-write at va in it; their address
 * in *pa. They come back when the task is removed. 0, -EINVAL, -ENOMEM,
 * -ENOSPC (too many grants alive) or SYS_MAP's error.
 */
int paging_grant(uint32_t task, uint32_t pages, uint32_t va, uint32_t *pa);

/*
 * A kernel message (label from IPC_LABEL_KERNEL up) on behalf of thread
 * sender: a fault (served, or the task killed), an exception (killed) or
 * an exit (the task removed). Returns true with the reply in *m.
 */
bool paging_message(uint32_t sender, struct mica_msg *m);

/*
 * The reply m to thread sender was refused with err: its frame comes back
 * (a heap page's stays the page's). For -EEXIST the thread runs again;
 * for any other error the kernel stopped it (its task's quota is out), so
 * the task is removed and counted as killed.
 */
void paging_map_refused(uint32_t sender, const struct mica_msg *m, int err);

/*
 * ROOT_SBRK for task: moves its break by incr bytes (down: the pages above
 * the new break are unmapped and their frames come back); the old break in
 * *old. 0, -ESRCH (not paged here), -EINVAL (below the heap's start) or
 * -ENOMEM (past PROGRAM_HEAP_LIMIT, or no frame for the heap's table).
 */
int paging_sbrk(uint32_t task, int32_t incr, uint32_t *old);

const struct paging_stats *paging_stats(void);

#endif
