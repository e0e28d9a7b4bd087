/*
 * The host's <string.h> plus strlcpy (glibc before 2.38 lacks it), for the
 * kernel objects of tests/host/kernel.mk.inc; kshim.c defines it.
 */
#ifndef MICA_TESTS_HOST_KINC_STRING_H
#define MICA_TESTS_HOST_KINC_STRING_H

#include_next <string.h>

size_t kshim_strlcpy(char *dst, const char *src, size_t size);
#define strlcpy		kshim_strlcpy

#endif
