/*
 * L4-style synchronous IPC (docs/ipc.md). One system call, SYS_IPC, does a
 * send phase, a receive phase, or both:
 *
 *   in:  r0 = to (thread id, or TID_NIL: no send phase)
 *        r1 = from (thread id, TID_ANY: open wait, or TID_NIL: no receive)
 *        r2 = tag (label and word count of the message sent)
 *        r3 = timeouts (send phase in bits 0-15, receive phase in 16-31)
 *        r4, r5, r6, r8, r9, r10, r11, r12 = message words 0-7
 *        UTCB mr[8..63] = message words 8-63
 *   out: r0 = 0 or a negated error
 *        r1 = the sender's thread id, written by the kernel (unforgeable)
 *        r2 = the tag received
 *        message words as above
 *
 *   send           to = X, from = NIL
 *   receive        to = NIL, from = X
 *   wait           to = NIL, from = ANY
 *   call           to = X, from = X: the receive phase is armed before the
 *                  partner can run, so its reply is never lost
 *   reply and wait to = X, from = ANY
 *
 * Errors: -ESRCH (no such thread), -ESENDTIMEDOUT (the send phase timed
 * out), -ETIMEDOUT (the receive phase timed out), -ECANCELED (the partner
 * was destroyed, or a third thread aborted the wait), -EMSGSIZE (more than
 * IPC_MAX_WORDS words), -EINVAL (reserved tag bits; to or from is the caller).
 */
#ifndef MICA_UAPI_IPC_H
#define MICA_UAPI_IPC_H

/*
 * Thread ids: a version in bits 16-30 (never 0) and a slot in bits 0-15.
 * A destroyed thread's slot gets a new version, so its old id finds
 * nothing (-ESRCH) rather than another thread. Task ids use the same form.
 */
#define TID_NIL			0u
#define TID_ANY			0xffffffffu
#define TID_SLOT(tid)		((tid) & 0xffffu)
#define TID_VERSION(tid)	(((tid) >> 16) & 0x7fffu)

/* The tag: a label in bits 16-31 (the protocol's), a word count in 0-6. */
#define IPC_MAX_WORDS		64
#define IPC_REG_WORDS		8	/* words 0-7 travel in registers */
#define IPC_TAG(label, words)	(((unsigned int)(label) << 16) | (words))
#define IPC_TAG_LABEL(tag)	((tag) >> 16)
#define IPC_TAG_WORDS(tag)	((tag) & 0x7fu)
#define IPC_TAG_RESERVED	0x0000ff80u	/* must be 0 */

/* A phase's timeout: poll (fail at once), never, or 1..65534 ms. */
#define IPC_TIMEOUT_POLL	0u
#define IPC_TIMEOUT_NEVER	0xffffu
#define IPC_TIMEOUT_MAX_MS	0xfffeu
#define IPC_TIMEOUTS(send, recv) (((unsigned int)(recv) << 16) | (send))

/*
 * The UTCB: each thread's user-visible control block, 512 bytes at
 * MICA_UTCB_AREA + slot * MICA_UTCB_SIZE in its task, mapped read-write by
 * the kernel when the thread is created. Its address is in the word at
 * MICA_UTCB_POINTER (in the vector page, readable from user mode, updated
 * by the kernel on every thread switch).
 */
#define MICA_UTCB_AREA		0xbff00000u
#define MICA_UTCB_AREA_END	0xc0000000u
#define MICA_UTCB_SIZE		512u
#define MICA_UTCB_POINTER	0xffff0ff0u

#ifndef __ASSEMBLY__
#include <stdint.h>

struct mica_utcb {
	uint32_t mr[IPC_MAX_WORDS];	/* message words; 0-7 are unused here */
	uint32_t tid;			/* this thread's id (kernel-written) */
	uint32_t user[63];		/* the thread's own: libmica keeps errno, tls */
};
_Static_assert(sizeof(struct mica_utcb) == MICA_UTCB_SIZE, "UTCB size");
#endif

#endif
