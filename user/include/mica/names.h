/*
 * The root task's name service: a table from names to thread ids, kept by
 * the root task's thread (mica_root_tid(), from the start-up block). Both
 * operations are IPC calls to that thread:
 *
 *   request  tag   IPC_TAG(NAME_REGISTER or NAME_LOOKUP, NAME_WORDS)
 *            w0-3  the name: its bytes in memory order (w0 holds bytes 0-3,
 *                  little-endian, as a char[16] read as words), 1 to
 *                  NAME_MAX_LEN characters, then NUL padding to 16 bytes
 *   reply    tag   IPC_TAG(NAME_REPLY, 1)
 *            w0    the result, as an int32_t:
 *                  NAME_REGISTER: 0, -EEXIST (the name belongs to another
 *                    live thread), -ENOSPC (the table is full)
 *                  NAME_LOOKUP: the thread id (>= 0), -ENOENT (no such name)
 *                  either: -EINVAL (an empty or unterminated name, or a
 *                    word count other than NAME_WORDS), -ENOSYS (a label
 *                    the service does not know, replied as NAME_REPLY too)
 *
 * NAME_REGISTER binds the name to the sender's kernel-given id, so a
 * thread can only register itself. Registering a name again from the same
 * thread succeeds. The service answers at once; waiting for a name that is
 * not there yet is the client's loop (mica_name_lookup()).
 */
#ifndef MICA_NAMES_H
#define MICA_NAMES_H

#include <stdint.h>

#define NAME_REPLY		0x4e00
#define NAME_REGISTER		0x4e01
#define NAME_LOOKUP		0x4e02
#define NAME_WORDS		4
#define NAME_MAX_LEN		(NAME_WORDS * 4 - 1)	/* 15, plus the NUL */
#define NAME_RETRY_MS		10	/* mica_name_lookup()'s poll interval */

/* Packs name into w as the protocol carries it; returns 0, or -EINVAL for
 * an empty name or one longer than NAME_MAX_LEN. (The service uses it too.) */
int mica_name_pack(const char *name, uint32_t w[NAME_WORDS]);

/* Registers the calling thread as name; returns 0 or a negated error
 * (the reply's, or the IPC's, e.g. -ESRCH when there is no root task). */
int mica_name_register(const char *name);

/*
 * Looks name up, asking again every NAME_RETRY_MS while the answer is
 * -ENOENT, for at least timeout_ms milliseconds in total (0: ask once,
 * IPC_TIMEOUT_NEVER: until found). On success stores the id in *tid and
 * returns 0; otherwise returns a negated error, -ENOENT when time ran out.
 */
int mica_name_lookup(const char *name, uint32_t *tid, unsigned int timeout_ms);

#endif
