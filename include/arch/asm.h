/*
 * Symbol macros for assembly (OpenBSD's ENTRY, seL4's BEGIN_FUNC). Every
 * routine sits between ENTRY (or LOCAL_ENTRY) and END so that the ELF symbol
 * is typed as a function and sized: gdb, readelf and the backtrace name the
 * code correctly. Data labels use DATA/END_DATA and are OBJECT-typed.
 */
#ifndef MICA_ARCH_ASM_H
#define MICA_ARCH_ASM_H

#ifdef __ASSEMBLY__

#define LOCAL_ENTRY(name)	\
	.type	name, %function; \
	.align	2; \
name:

#define ENTRY(name)		\
	.global	name; \
	LOCAL_ENTRY(name)

#define END(name)		\
	.size	name, . - name

#define DATA(name)		\
	.global	name; \
	.type	name, %object; \
name:

#define END_DATA(name)		\
	.size	name, . - name

#endif

#endif
