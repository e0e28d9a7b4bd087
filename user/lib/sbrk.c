/* The heap break, moved by the root task (ROOT_SBRK, <mica/root.h>). */
#include <mica.h>
#include <mica/root.h>
#include <unistd.h>

#define ERR_MAX		4095	/* w0 above -ERR_MAX: an error, not a break */

int mica_root_sbrk(intptr_t bytes, void **old)
{
	struct mica_msg msg = { .tag = IPC_TAG(ROOT_SBRK, 1), .w = { (uint32_t)bytes } };
	int err = mica_root_call(&msg);

	if (err)
		return err;
	if (msg.w[0] >= (uint32_t)-ERR_MAX)
		return (int)msg.w[0];
	*old = (void *)msg.w[0];
	return 0;
}

void *sbrk(intptr_t bytes)
{
	void *old;

	return mica_root_sbrk(bytes, &old) ? (void *)-1 : old;
}
