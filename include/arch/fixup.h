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

/*
 * Assembly text for inline asm around an access that may fault. The access
 * is at a local label "1:" and is followed by "2:"; EX_FIXUP(err_reg) emits
 * the stub "3:" in section .fixup, which sets err_reg to the operand
 * %[efault] (pass -EFAULT as an "i" operand) and branches back to "2:";
 * EX_TABLE_ENTRY("1b", "3b") lists the pair in __ex_table.
 */
#define EX_TABLE_ENTRY(insn, fix)					\
	"	.pushsection __ex_table, \"a\"\n"			\
	"	.align	2\n"						\
	"	.word	" insn ", " fix "\n"				\
	"	.popsection\n"

#define EX_FIXUP(err_reg)						\
	"	.pushsection .fixup, \"ax\"\n"				\
	"3:	mov	" err_reg ", %[efault]\n"			\
	"	b	2b\n"						\
	"	.popsection\n"

/*
 * The fixup path records each fault it resumes from (trap.c); uaccess.c
 * keeps the record of the last user access that faulted, for
 * arch_uaccess_fault() (include/arch/trap.h).
 */
struct fault_info;
void uaccess_fault_record(const struct fault_info *fi, bool write);

/* Returns the fixup address for a faulting pc, or 0 if it has none. */
uint32_t fixup_search(uint32_t pc);

/* Reads *p into *val; returns 0, or -EFAULT if the access aborted. */
int probe_read32(const volatile uint32_t *p, uint32_t *val);
/* Writes val to *p; returns 0, or -EFAULT if the access aborted. */
int probe_write32(volatile uint32_t *p, uint32_t val);

/*
 * Block forms for the RAM probe: word i is at va + i * stride (stride may
 * be negative, as a two's complement). Read n words into buf, or write
 * buf's n words, stopping at the first access that aborts; return how many
 * were done before it.
 */
uint32_t probe_read_words(uintptr_t va, uint32_t stride, uint32_t n,
			  uint32_t *buf);
uint32_t probe_write_words(uintptr_t va, uint32_t stride, uint32_t n,
			   const uint32_t *buf);

#endif
