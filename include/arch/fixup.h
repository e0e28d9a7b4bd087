/*
 * The exception-fixup table. An instruction that may fault on purpose
 * (probing RAM, touching a user address) is listed in section __ex_table
 * with the address to resume at; a data abort at that instruction resumes
 * there with an error instead of panicking (the Linux mechanism).
 */
#ifndef MICA_ARCH_FIXUP_H
#define MICA_ARCH_FIXUP_H

#include <types.h>

struct ex_entry {
	uint32_t insn;		/* address of the instruction that may fault */
	uint32_t fixup;		/* where to continue if it does */
};

/* Returns the fixup address for a faulting pc, or 0 if it has none. */
uint32_t fixup_search(uint32_t pc);

/* Reads *p into *val; returns 0, or -EFAULT if the access aborted. */
int probe_read32(const volatile uint32_t *p, uint32_t *val);
/* Writes val to *p; returns 0, or -EFAULT if the access aborted. */
int probe_write32(volatile uint32_t *p, uint32_t val);

#endif
