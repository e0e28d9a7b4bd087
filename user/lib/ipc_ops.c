/* The IPC operations of <mica/ipc.h>, each one mica_ipc() (ipc.S). */
#include <stddef.h>
#include <mica.h>

_Static_assert(offsetof(struct mica_msg, tag) == MICA_MSG_TAG, "MICA_MSG_TAG");
_Static_assert(offsetof(struct mica_msg, w) == MICA_MSG_W, "MICA_MSG_W");

static int timeout_bad(unsigned int timeout)
{
	return timeout > IPC_TIMEOUT_NEVER;
}

int mica_send(uint32_t to, const struct mica_msg *msg, unsigned int timeout)
{
	if (timeout_bad(timeout))
		return -EINVAL;
	return mica_ipc(to, TID_NIL, IPC_TIMEOUTS(timeout, IPC_TIMEOUT_POLL),
			(struct mica_msg *)msg, NULL);
}

int mica_recv(uint32_t from, struct mica_msg *msg, unsigned int timeout,
	      uint32_t *sender)
{
	if (timeout_bad(timeout))
		return -EINVAL;
	return mica_ipc(TID_NIL, from, IPC_TIMEOUTS(IPC_TIMEOUT_POLL, timeout),
			msg, sender);
}

int mica_wait(struct mica_msg *msg, unsigned int timeout, uint32_t *sender)
{
	return mica_recv(TID_ANY, msg, timeout, sender);
}

int mica_call(uint32_t to, struct mica_msg *msg, unsigned int send_timeout,
	      unsigned int recv_timeout)
{
	if (timeout_bad(send_timeout) || timeout_bad(recv_timeout))
		return -EINVAL;
	return mica_ipc(to, to, IPC_TIMEOUTS(send_timeout, recv_timeout),
			msg, NULL);
}

int mica_reply_wait(uint32_t to, struct mica_msg *msg,
		    unsigned int recv_timeout, uint32_t *sender)
{
	if (timeout_bad(recv_timeout))
		return -EINVAL;
	return mica_ipc(to, TID_ANY,
			IPC_TIMEOUTS(IPC_TIMEOUT_POLL, recv_timeout),
			msg, sender);
}
