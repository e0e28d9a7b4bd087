/* Requests to the root task beyond the name service (<mica/root.h>). */
#include <mica.h>
#include <mica/names.h>
#include <mica/root.h>
#include <stdio.h>
#include <string.h>

#define ERR_MAX		4095	/* w0 above -ERR_MAX: an error, not an address */

int mica_root_halt(int status)
{
	struct mica_msg msg = { .tag = IPC_TAG(ROOT_HALT, 1), .w = { (uint32_t)status } };
	int err;

	mica_stdout_flush();
	err = mica_call(mica_root_tid(), &msg, IPC_TIMEOUT_NEVER, IPC_TIMEOUT_NEVER);
	return err ? err : (int)msg.w[0];
}

int mica_root_call(struct mica_msg *msg)
{
	int err = mica_call(mica_root_tid(), msg, IPC_TIMEOUT_NEVER, IPC_TIMEOUT_NEVER);

	if (err)
		return err;
	if (IPC_TAG_LABEL(msg->tag) != NAME_REPLY || IPC_TAG_WORDS(msg->tag) < 1)
		return -EINVAL;
	return 0;
}

/* A request whose reply's w0 is its result. */
static int root_call(struct mica_msg *msg)
{
	int err = mica_root_call(msg);

	return err ? err : (int)msg->w[0];
}

/* The words beyond IPC_REG_WORDS travel in the UTCB. */
int mica_root_spawn(const char *cmdline, uint32_t *task)
{
	struct mica_msg msg;
	uint32_t words[IPC_MAX_WORDS];
	size_t len = strnlen(cmdline, sizeof(words));
	unsigned int n = len / 4 + 1;
	int r;

	if (len == sizeof(words))
		return -E2BIG;
	memset(words, 0, 4 * n);
	memcpy(words, cmdline, len);
	msg.tag = IPC_TAG(ROOT_SPAWN, n);
	memcpy(msg.w, words, 4 * (n < IPC_REG_WORDS ? n : IPC_REG_WORDS));
	for (unsigned int i = IPC_REG_WORDS; i < n; i++)
		mica_utcb()->mr[i] = words[i];
	r = root_call(&msg);
	if (r >= 0)
		*task = IPC_TAG_WORDS(msg.tag) >= 2 ? msg.w[1] : 0;
	return r;
}

int mica_root_kill(uint32_t task)
{
	struct mica_msg msg = { .tag = IPC_TAG(ROOT_KILL, 1), .w = { task } };

	return root_call(&msg);
}

int mica_root_ls(unsigned int index, char name[16], char where[8])
{
	struct mica_msg msg = { .tag = IPC_TAG(ROOT_LS, 1), .w = { index } };
	int r = root_call(&msg);

	if (r < 0)
		return r;
	if (IPC_TAG_WORDS(msg.tag) < 7)
		return -EINVAL;
	memcpy(name, &msg.w[1], 16);
	memcpy(where, &msg.w[5], 8);
	name[15] = where[7] = '\0';
	return 0;
}

int mica_root_mem(struct mica_root_mem *m)
{
	struct mica_msg msg = { .tag = IPC_TAG(ROOT_MEM, 0) };
	int r = root_call(&msg);

	if (r < 0)
		return r;
	if (IPC_TAG_WORDS(msg.tag) < 4)
		return -EINVAL;
	m->free = msg.w[1];
	m->managed = msg.w[2];
	m->given = msg.w[3];
	return 0;
}

int mica_root_frames(uint32_t pages, uintptr_t va, uint32_t *pa)
{
	struct mica_msg msg = { .tag = IPC_TAG(ROOT_FRAMES, 2), .w = { pages, va } };
	int r = root_call(&msg);

	if (r < 0)
		return r;
	*pa = (uint32_t)r;
	return 0;
}

int mica_root_stats(struct mica_root_stats *s)
{
	struct mica_msg msg = { .tag = IPC_TAG(ROOT_STATS, 0) };
	int r = root_call(&msg);

	if (r < 0)
		return r;
	if (IPC_TAG_WORDS(msg.tag) < 6)
		return -EINVAL;
	*s = (struct mica_root_stats){ msg.w[1], msg.w[2], msg.w[3], msg.w[4], msg.w[5] };
	return 0;
}
