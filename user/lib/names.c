/* The client side of the root task's name service (<mica/names.h>). */
#include <string.h>
#include <mica.h>
#include <mica/names.h>

int mica_name_pack(const char *name, uint32_t w[NAME_WORDS])
{
	size_t len = strnlen(name, NAME_MAX_LEN + 1);

	if (len == 0 || len > NAME_MAX_LEN)
		return -EINVAL;
	memset(w, 0, NAME_WORDS * sizeof(w[0]));
	memcpy(w, name, len);
	return 0;
}

/* One request to the service; returns the reply's result word. */
static int name_call(unsigned int label, const char *name)
{
	struct mica_msg msg;
	int err;

	err = mica_name_pack(name, msg.w);
	if (err)
		return err;
	msg.tag = IPC_TAG(label, NAME_WORDS);
	err = mica_call(mica_root_tid(), &msg, IPC_TIMEOUT_NEVER,
			IPC_TIMEOUT_NEVER);
	if (err)
		return err;
	if (IPC_TAG_LABEL(msg.tag) != NAME_REPLY || IPC_TAG_WORDS(msg.tag) < 1)
		return -EINVAL;
	return (int)msg.w[0];
}

int mica_name_register(const char *name)
{
	return name_call(NAME_REGISTER, name);
}

int mica_name_lookup(const char *name, uint32_t *tid, unsigned int timeout_ms)
{
	unsigned int waited = 0;
	int r;

	for (;;) {
		r = name_call(NAME_LOOKUP, name);
		if (r >= 0) {
			*tid = (uint32_t)r;
			return 0;
		}
		if (r != -ENOENT || waited >= timeout_ms)
			return r;
		mica_sleep(NAME_RETRY_MS);
		if (timeout_ms != IPC_TIMEOUT_NEVER)
			waited += NAME_RETRY_MS;
	}
}
