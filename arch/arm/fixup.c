/*
 * Exception fixups: see include/arch/fixup.h. Each faulting access is one
 * instruction at a local label "1:", its fixup stub sets the error and
 * branches back past it; the pair goes into __ex_table.
 */
#include <arch/fixup.h>
#include <uapi/errno.h>

extern const struct ex_entry __ex_table_start[], __ex_table_end[];

uint32_t fixup_search(uint32_t pc)
{
	for (const struct ex_entry *e = __ex_table_start; e < __ex_table_end; e++)
		if (e->insn == pc)
			return e->fixup;
	return 0;
}

int probe_read32(const volatile uint32_t *p, uint32_t *val)
{
	int err = 0;
	uint32_t v = 0;

	__asm__ volatile(
		"1:	ldr	%[v], [%[p]]\n"
		"2:\n"
		EX_FIXUP("%[err]")
		EX_TABLE_ENTRY("1b", "3b")
		: [err] "+r"(err), [v] "+r"(v)
		: [p] "r"(p), [efault] "i"(-EFAULT)
		: "memory");
	*val = v;
	return err;
}

int probe_write32(volatile uint32_t *p, uint32_t val)
{
	int err = 0;

	__asm__ volatile(
		"1:	str	%[v], [%[p]]\n"
		"2:\n"
		EX_FIXUP("%[err]")
		EX_TABLE_ENTRY("1b", "3b")
		: [err] "+r"(err)
		: [p] "r"(p), [v] "r"(val), [efault] "i"(-EFAULT)
		: "memory");
	return err;
}
