/*
 * The kernel's <stdint.h>. gcc's arm-none-eabi header makes uint32_t a
 * "long unsigned int" (newlib's choice), which breaks printf-style "%x" for
 * code shared with the host, where it is "unsigned int". ILP32 ARM and LP64
 * hosts both have 32-bit int, so mica uses int-based types everywhere.
 */
#ifndef MICA_STDINT_H
#define MICA_STDINT_H

typedef signed char		int8_t;
typedef unsigned char		uint8_t;
typedef short			int16_t;
typedef unsigned short		uint16_t;
typedef int			int32_t;
typedef unsigned int		uint32_t;
typedef long long		int64_t;
typedef unsigned long long	uint64_t;
typedef int			intptr_t;
typedef unsigned int		uintptr_t;
typedef long long		intmax_t;
typedef unsigned long long	uintmax_t;

#define INT32_MAX	0x7fffffff
#define INT32_MIN	(-INT32_MAX - 1)
#define UINT32_MAX	0xffffffffu
#define INT64_MAX	0x7fffffffffffffffll
#define UINT64_MAX	0xffffffffffffffffull
#define UINTPTR_MAX	UINT32_MAX
#define SIZE_MAX	UINT32_MAX

#endif
