/*
 * Basic scalar types shared by the kernel, user space and host tests.
 * Physical and virtual addresses are distinct types: convert between them
 * only through phys_to_virt()/virt_to_phys() (include/mm/phys.h).
 */
#ifndef MICA_TYPES_H
#define MICA_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint32_t paddr_t;	/* physical address (the board has a 32-bit bus) */
typedef uintptr_t vaddr_t;	/* virtual address */
typedef uint32_t pfn_t;		/* physical frame number: paddr >> PAGE_SHIFT */

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a)		(((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a)	((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define __unused		__attribute__((unused))
#define __noreturn		__attribute__((noreturn))
#define __printf(a, b)		__attribute__((format(printf, a, b)))

#endif
