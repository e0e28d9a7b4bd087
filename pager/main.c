/*
 * The root task's start: read the bootinfo, map the module archive, start
 * the programs (the command line's after "--", else the built-in demos,
 * every program of the module archive and last the shell), then serve the
 * name service and the requests of <mica/root.h> forever.
 */
#include <lib/cpio.h>
#include <mica.h>
#include <mica/names.h>
#include <mica/root.h>
#include <stdio.h>
#include <uapi/fault.h>
#include <string.h>

#include "root.h"

#define PAGE_SIZE	4096u

const struct mica_bootinfo *bootinfo = (const struct mica_bootinfo *)MICA_BOOTINFO_VA;

extern const char builtin_start[], builtin_end[];
static const void *initrd;
static size_t initrd_len;
static bool halt_allowed;	/* "--halt": a ROOT_HALT request stops the machine */

int program_find(const char *name, const void **elf, size_t *len)
{
	struct cpio_entry e;

	if (cpio_find(builtin_start, builtin_end - builtin_start, name, &e) &&
	    (!initrd || cpio_find(initrd, initrd_len, name, &e)))
		return -ENOENT;
	*elf = e.data;
	*len = e.size;
	return 0;
}

/* The index'th regular file of the archive [a, a + len), or -ENOENT. */
static int archive_nth(const void *a, size_t len, unsigned int *index,
		       struct cpio_entry *e)
{
	size_t off = 0;

	while (a && cpio_next(a, len, &off, e) == 1)
		if ((e->mode & CPIO_S_IFMT) == CPIO_S_IFREG && (*index)-- == 0)
			return 0;
	return -ENOENT;
}

int program_nth(unsigned int index, const char **name, bool *builtin)
{
	struct cpio_entry e;

	*builtin = !archive_nth(builtin_start, builtin_end - builtin_start,
				&index, &e);
	if (!*builtin && archive_nth(initrd, initrd_len, &index, &e))
		return -ENOENT;
	*name = e.name;
	return 0;
}

/* Maps the boot loader's module archive read-only at ROOT_INITRD_VA. */
static void initrd_map(void)
{
	uint32_t pa = bootinfo->initrd_pa & ~(PAGE_SIZE - 1);
	uint32_t size = (bootinfo->initrd_pa + bootinfo->initrd_size - pa +
			 PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	int err;

	if (!bootinfo->initrd_size)
		return;
	err = mica_map(MICA_TASK_SELF, ROOT_INITRD_VA, pa, size, MAP_PHYS | MAP_READ);
	if (err) {
		printf("root: cannot map the module archive: %s\n", mica_strerror(err));
		return;
	}
	initrd = (const void *)(ROOT_INITRD_VA + (bootinfo->initrd_pa - pa));
	initrd_len = bootinfo->initrd_size;
}

/* Starts argv[0] with its arguments; prints what happened. */
static int run(int argc, const char *const argv[])
{
	const void *elf;
	size_t len;
	int tid = program_find(argv[0], &elf, &len);

	if (!tid)
		tid = program_start(elf, len, argv[0], argc, argv, MICA_PRIO_DEFAULT);
	if (tid < 0 && halt_allowed) {	/* the test image: fail at once */
		printf("root: cannot start %s: %s\n", argv[0], mica_strerror(tid));
		mica_halt(1);
	}
	if (tid < 0)
		printf("root: cannot start %s: %s\n", argv[0], mica_strerror(tid));
	else
		printf("root: started %s (thread %08x)\n", argv[0], tid);
	return tid;
}

/* Every program in the module archive, in archive order. */
static void run_initrd(void)
{
	struct cpio_entry e;
	size_t off = 0;

	while (initrd && cpio_next(initrd, initrd_len, &off, &e) == 1) {
		const char *argv[] = { e.name };

		if ((e.mode & CPIO_S_IFMT) == CPIO_S_IFREG)
			run(1, argv);
	}
}

char *next_word(char **p)
{
	char *w = *p;

	while (*w == ' ')
		w++;
	if (!*w)
		return NULL;
	*p = w;
	while (**p && **p != ' ')
		(*p)++;
	if (**p)
		*(*p)++ = '\0';
	return w;
}

/*
 * The command line after "--": programs and their arguments, separated by
 * ";" words; "--halt" first allows ROOT_HALT. Splits args in place.
 */
static void run_args(char *args)
{
	const char *argv[MAX_ARGS];
	int argc = 0;

	for (char *w = next_word(&args); w; w = next_word(&args)) {
		if (!strcmp(w, "--halt") && !argc) {
			halt_allowed = true;
		} else if (!strcmp(w, ";")) {
			if (argc)
				run(argc, argv);
			argc = 0;
		} else if (argc < MAX_ARGS) {
			argv[argc++] = w;
		}
	}
	if (argc)
		run(argc, argv);
}

/*
 * One message to the root task: a request, or the kernel's on a paged
 * thread's behalf. Returns true with the reply's tag and words in *msg.
 */
static bool serve_one(uint32_t sender, struct mica_msg *msg)
{
	uint32_t label = IPC_TAG_LABEL(msg->tag);
	int r;

	if (label >= IPC_LABEL_KERNEL)
		return paging_message(sender, msg);
	if (requests_serve(sender, msg))
		return true;
	if (label == ROOT_HALT && halt_allowed)
		mica_halt((int)msg->w[0]);
	if (label == ROOT_HALT)
		r = -EPERM;
	else
		r = names_request(sender, label, IPC_TAG_WORDS(msg->tag), msg->w);
	msg->tag = IPC_TAG(NAME_REPLY, 1);
	msg->w[0] = (uint32_t)r;
	return true;
}

/*
 * Serves messages forever. A reply that fails (its client gone, or a map
 * item refused) is dropped, its frame taken back, and the next message
 * waited for.
 */
static void __attribute__((noreturn)) serve(void)
{
	struct mica_msg msg;
	uint32_t sender;
	int err = mica_wait(&msg, IPC_TIMEOUT_NEVER, &sender);

	for (;;) {
		if (err || !serve_one(sender, &msg)) {
			err = mica_wait(&msg, IPC_TIMEOUT_NEVER, &sender);
			continue;
		}
		err = mica_reply_wait(sender, &msg, IPC_TIMEOUT_NEVER, &sender);
		if (err)
			paging_map_refused(sender, &msg, err);
	}
}

int main(void)
{
	static char args[MICA_BOOTINFO_ARGS];

	if (bootinfo->magic != MICA_BOOTINFO_MAGIC) {
		printf("root: no bootinfo at 0x%08x\n", MICA_BOOTINFO_VA);
		return 1;
	}
	frames_init();
	initrd_map();
	printf("root: %u frames free, module archive %s\n", frames_free(),
	       initrd ? "present" : "absent");
	memcpy(args, bootinfo->args, sizeof(args));
	args[sizeof(args) - 1] = '\0';
	if (args[0]) {
		run_args(args);
	} else {
		run(1, (const char *const[]){ "pong" });
		run(1, (const char *const[]){ "ping" });
		run_initrd();
		run(1, (const char *const[]){ "shell" });
	}
	serve();
}
