/*
 * IPC wrappers over SYS_IPC (<uapi/ipc.h>, docs/ipc.md). A message is a tag
 * (label and word count, IPC_TAG()) and words 0-7 in struct mica_msg;
 * words 8-63 live in the caller's UTCB, mica_utcb()->mr[8..63], and are
 * read and written there by the kernel.
 *
 * Timeouts are IPC_TIMEOUT_POLL, IPC_TIMEOUT_NEVER or 1..IPC_TIMEOUT_MAX_MS
 * milliseconds; a larger value fails with -EINVAL before any call. Every
 * operation returns 0 or a negated error: -ESRCH, -ESENDTIMEDOUT,
 * -ETIMEDOUT, -ECANCELED, -EMSGSIZE, -EINVAL. After a successful receive
 * phase, *msg holds the message received and *sender (when not NULL) the
 * kernel-given id of its sender; otherwise neither is written.
 */
#ifndef MICA_IPC_H
#define MICA_IPC_H

#include <uapi/ipc.h>

/* Offsets in struct mica_msg, for user/lib/ipc.S (checked in ipc_ops.c). */
#define MICA_MSG_TAG	0
#define MICA_MSG_W	4

#ifndef __ASSEMBLY__
#include <stdint.h>

struct mica_msg {
	uint32_t tag;
	uint32_t w[IPC_REG_WORDS];
};

/* The calling thread's UTCB (the word at MICA_UTCB_POINTER). */
static inline struct mica_utcb *mica_utcb(void)
{
	return *(struct mica_utcb *volatile *)MICA_UTCB_POINTER;
}

/*
 * SYS_IPC as it is: to and from as in <uapi/ipc.h>, timeouts made with
 * IPC_TIMEOUTS(). Sends *msg if to != TID_NIL; receives into *msg if
 * from != TID_NIL and the call succeeds.
 */
int mica_ipc(uint32_t to, uint32_t from, uint32_t timeouts,
	     struct mica_msg *msg, uint32_t *sender);

/* Sends *msg to thread to, waiting at most timeout for it to receive. */
int mica_send(uint32_t to, const struct mica_msg *msg, unsigned int timeout);

/* Receives from thread from (TID_ANY: anyone) into *msg. */
int mica_recv(uint32_t from, struct mica_msg *msg, unsigned int timeout,
	      uint32_t *sender);

/* Receives from anyone: mica_recv(TID_ANY, ...). */
int mica_wait(struct mica_msg *msg, unsigned int timeout, uint32_t *sender);

/* Sends *msg to to and receives its reply into *msg: the receive phase is
 * armed before to can run, so the reply is never lost. */
int mica_call(uint32_t to, struct mica_msg *msg, unsigned int send_timeout,
	      unsigned int recv_timeout);

/* A server's step: replies *msg to to without waiting (a client that is
 * not receiving gets nothing, and the call fails with -ESENDTIMEDOUT before
 * any receive), then receives from anyone into *msg. */
int mica_reply_wait(uint32_t to, struct mica_msg *msg,
		    unsigned int recv_timeout, uint32_t *sender);

#endif /* __ASSEMBLY__ */

#endif
