/*
 * The name service (<mica/names.h>): a small table from names to the
 * kernel-given thread ids of the threads that registered them.
 */
#include <mica.h>
#include <mica/names.h>
#include <string.h>

#include "root.h"

#define NAMES_MAX	64

struct name {
	uint32_t w[NAME_WORDS];		/* packed as on the wire; w[0] == 0: free */
	uint32_t tid;
};

static struct name names[NAMES_MAX];

/* A name on the wire: 1..15 bytes, then NUL padding to the 16th byte. */
static bool name_valid(const uint32_t *w)
{
	const char *c = (const char *)w;
	size_t len = strnlen(c, NAME_WORDS * 4);

	if (len == 0 || len > NAME_MAX_LEN)
		return false;
	for (size_t i = len; i < NAME_WORDS * 4; i++)
		if (c[i])
			return false;
	return true;
}

static struct name *name_find(const uint32_t *w)
{
	for (unsigned int i = 0; i < NAMES_MAX; i++)
		if (names[i].w[0] && !memcmp(names[i].w, w, sizeof(names[i].w)))
			return &names[i];
	return NULL;
}

static struct name *name_free_slot(void)
{
	for (unsigned int i = 0; i < NAMES_MAX; i++)
		if (!names[i].w[0])
			return &names[i];
	return NULL;
}

/*
 * A holder that is gone (its thread destroyed) gives its name up: a
 * register access with no flags does nothing but look the thread up.
 */
static bool holder_alive(const struct name *n)
{
	return mica_thread_regs(n->tid, 0, NULL) != -ESRCH;
}

static int name_register(uint32_t sender, const uint32_t *w)
{
	struct name *n = name_find(w);

	if (n && n->tid != sender && holder_alive(n))
		return -EEXIST;
	if (!n)
		n = name_free_slot();
	if (!n)
		return -ENOSPC;
	memcpy(n->w, w, sizeof(n->w));
	n->tid = sender;
	return 0;
}

int names_request(uint32_t sender, uint32_t label, unsigned int words,
		  const uint32_t *w)
{
	struct name *n;

	if (label != NAME_REGISTER && label != NAME_LOOKUP)
		return -ENOSYS;
	if (words != NAME_WORDS || !name_valid(w))
		return -EINVAL;
	if (label == NAME_REGISTER)
		return name_register(sender, w);
	n = name_find(w);
	return n ? (int)n->tid : -ENOENT;
}
