/*
 * Requests the root task serves besides the name service (<mica/names.h>):
 *   ROOT_HALT  w0 = status: stops the machine with that status, when the
 *              root task was started with "--halt" first in its arguments
 *              (the test image); otherwise replied -EPERM.
 * Replies carry IPC_TAG(NAME_REPLY, 1) with the result in w0.
 */
#ifndef MICA_ROOT_H
#define MICA_ROOT_H

#define ROOT_HALT	0x4e10

/*
 * Asks the root task to stop the machine with status (stdout flushed
 * first). Returns only when it refuses: -EPERM, or an IPC error.
 */
int mica_root_halt(int status);

#endif
