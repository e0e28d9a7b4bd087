/* Requests to the root task beyond the name service (<mica/root.h>). */
#include <mica.h>
#include <mica/names.h>
#include <mica/root.h>
#include <stdio.h>

int mica_root_halt(int status)
{
	struct mica_msg msg = { .tag = IPC_TAG(ROOT_HALT, 1), .w = { (uint32_t)status } };
	int err;

	mica_stdout_flush();
	err = mica_call(mica_root_tid(), &msg, IPC_TIMEOUT_NEVER, IPC_TIMEOUT_NEVER);
	return err ? err : (int)msg.w[0];
}
