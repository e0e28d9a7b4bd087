/*
 * Error codes shared by the kernel and user space. Kernel functions and
 * system calls return them negated (-ENOMEM); the values follow Linux so
 * that tools and people read them without a table.
 */
#ifndef MICA_UAPI_ERRNO_H
#define MICA_UAPI_ERRNO_H

#define EPERM		1	/* operation not permitted */
#define ENOENT		2	/* no such object */
#define ESRCH		3	/* no such thread or task */
#define EINTR		4	/* interrupted */
#define EIO		5	/* I/O error */
#define E2BIG		7	/* argument list too long */
#define ENOEXEC		8	/* not an executable this system runs */
#define EAGAIN		11	/* try again / would block */
#define ENOMEM		12	/* out of memory */
#define EACCES		13	/* permission denied */
#define EFAULT		14	/* bad address */
#define EBUSY		16	/* resource busy */
#define EEXIST		17	/* already exists (e.g. a mapping) */
#define EINVAL		22	/* invalid argument */
#define ENOSPC		28	/* no space left */
#define ERANGE		34	/* out of range */
#define ENOSYS		38	/* no such system call */
#define EMSGSIZE	90	/* message too long */
#define ETIMEDOUT	110	/* timed out (IPC: the receive phase) */
#define ECANCELED	125	/* cancelled (IPC: partner gone or wait aborted) */

/* mica's own, outside Linux's range */
#define ESENDTIMEDOUT	200	/* IPC: the send phase timed out */

#endif
