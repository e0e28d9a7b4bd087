/*
 * The root task: the first user task. It owns every frame the kernel
 * granted, loads programs (ELF) from the archive built into its image and
 * from the boot loader's module archive into new tasks, and keeps the
 * name service (<mica/names.h>). docs/tasks.md describes it.
 */
#ifndef MICA_PAGER_ROOT_H
#define MICA_PAGER_ROOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <mica/ipc.h>
#include <uapi/bootinfo.h>

/* Where the root task maps things in its own space. */
#define ROOT_SCRATCH_VA		0x70000000u	/* one page being filled */
#define ROOT_INITRD_VA		0x40000000u	/* the module archive, read-only */

/* Where a program's stack ends, and its size. */
#define PROGRAM_STACK_TOP	0xbf000000u
#define PROGRAM_STACK_SIZE	0x00010000u

#define MAX_ARGS		16	/* words of a program's command, its name included */

extern const struct mica_bootinfo *bootinfo;

/* Frames: the next free frame of the grant (0 or -ENOMEM), and what is left. */
int frame_alloc(uint32_t *pa);
uint32_t frames_free(void);
void frames_init(void);

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
 * Serves msg when its label is ROOT_SPAWN, ROOT_KILL, ROOT_LS or ROOT_MEM
 * (pager/requests.c): the reply replaces it and true is returned; any
 * other label is left alone (false).
 */
bool requests_serve(struct mica_msg *msg);

/* The name service's answer to one request (label, words); see names.h. */
int names_request(uint32_t sender, uint32_t label, unsigned int words,
		  const uint32_t *w);

#endif
