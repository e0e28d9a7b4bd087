/* The part of POSIX <unistd.h> that libmica has. */
#ifndef MICA_UNISTD_H
#define MICA_UNISTD_H

#include <stdint.h>

/*
 * Moves the heap break by bytes (the root task's ROOT_SBRK) and returns
 * the old break, or (void *)-1 on failure (mica_root_sbrk() in
 * <mica/root.h> says why).
 */
void *sbrk(intptr_t bytes);

#endif
