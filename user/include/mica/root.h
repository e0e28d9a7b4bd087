/*
 * Requests the root task serves besides the name service (<mica/names.h>):
 *   ROOT_HALT  w0 = status: stops the machine with that status, when the
 *              root task was started with "--halt" first in its arguments
 *              (the test image); otherwise replied -EPERM.
 *   ROOT_SPAWN w0.. = "PROGRAM arg..." (NUL-terminated, in the words):
 *              starts PROGRAM from the image or the module archive as a new
 *              task paged by the root task; w0 = its first thread's id,
 *              w1 = its task id
 *   ROOT_KILL  w0 = task id: destroys the task, reclaims its frames
 *   ROOT_LS    w0 = index: w0 = 0 and w1.. = the index'th program's name
 *              ("image" or "archive" after it), -ENOENT past the end
 *   ROOT_MEM   w0 = 0, w1 = frames the root task has free, w2 = frames it
 *              manages, w3 = frames it has given to tasks
 *   ROOT_SBRK  w0 = bytes (signed): moves the caller's heap break;
 *              w0 = the old break, or -ENOMEM / -EINVAL
 *   ROOT_FRAMES w0 = pages (a power of two): grants the caller that many
 *              contiguous frames (MAP_GRANT); w0 = their physical address
 *              or -ENOMEM, w1 = pages. They return to the root task when
 *              the caller's task dies.
 * Replies carry IPC_TAG(NAME_REPLY, n) with the result in w0.
 */
#ifndef MICA_ROOT_H
#define MICA_ROOT_H

#define ROOT_HALT	0x4e10
#define ROOT_SPAWN	0x4e11
#define ROOT_KILL	0x4e12
#define ROOT_LS		0x4e13
#define ROOT_MEM	0x4e14
#define ROOT_SBRK	0x4e15
#define ROOT_FRAMES	0x4e16

/*
 * Asks the root task to stop the machine with status (stdout flushed
 * first). Returns only when it refuses: -EPERM, or an IPC error.
 */
int mica_root_halt(int status);

#endif
