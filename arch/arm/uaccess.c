/*
 * copy_from_user and friends; see include/kernel/uaccess.h. Each user
 * access is one ldrt/ldrbt/strt/strbt at a local label "1:" listed in
 * __ex_table with a fixup stub "3:" that sets -EFAULT and resumes at "2:"
 * (the macros of include/arch/fixup.h). The T forms make the MMU check the
 * access as if from user mode (ARM ARM A4.1.24), so AP bits protect the
 * kernel half too.
 */
#include <arch/fixup.h>
#include <arch/memory.h>
#include <arch/trap.h>
#include <kernel/uaccess.h>
#include <uapi/errno.h>

/* The last faulting user access since a call began (see arch_uaccess_fault). */
static struct {
	struct fault_info fi;
	bool write, pending;
} last;

void uaccess_fault_record(const struct fault_info *fi, bool write)
{
	last.fi = *fi;
	last.write = write;
	last.pending = true;
}

bool arch_uaccess_fault(struct fault_info *fi, bool *write)
{
	/* FSR[3:0] 0b0101 or 0b0111: a translation fault, section or page */
	if (!last.pending || (last.fi.fsr & 0xd) != 0x5)
		return false;
	*fi = last.fi;
	*write = last.write;
	last.pending = false;
	return true;
}

static bool user_range_ok(const void *uptr, size_t n)
{
	last.pending = false;	/* every call starts with this check */
	uintptr_t a = (uintptr_t)uptr;

	return a < PAGE_OFFSET && n <= PAGE_OFFSET - a;
}

static bool both_aligned(const void *a, const void *b)
{
	return (((uintptr_t)a | (uintptr_t)b) & 3) == 0;
}

/* Each loads or stores one user word or byte and advances *up: 0 or -EFAULT. */
static inline int user_load_word(uint32_t *v, const uint32_t **up)
{
	int err = 0;
	uint32_t x = 0;

	__asm__ volatile(
		"1:	ldrt	%[x], [%[p]], #4\n"
		"2:\n"
		EX_FIXUP("%[err]") EX_TABLE_ENTRY("1b", "3b")
		: [err] "+r"(err), [x] "+r"(x), [p] "+r"(*up)
		: [efault] "i"(-EFAULT) : "memory");
	*v = x;
	return err;
}

static inline int user_load_byte(uint8_t *v, const uint8_t **up)
{
	int err = 0;
	uint32_t x = 0;

	__asm__ volatile(
		"1:	ldrbt	%[x], [%[p]], #1\n"
		"2:\n"
		EX_FIXUP("%[err]") EX_TABLE_ENTRY("1b", "3b")
		: [err] "+r"(err), [x] "+r"(x), [p] "+r"(*up)
		: [efault] "i"(-EFAULT) : "memory");
	*v = (uint8_t)x;
	return err;
}

static inline int user_store_word(uint32_t v, uint32_t **up)
{
	int err = 0;

	__asm__ volatile(
		"1:	strt	%[v], [%[p]], #4\n"
		"2:\n"
		EX_FIXUP("%[err]") EX_TABLE_ENTRY("1b", "3b")
		: [err] "+r"(err), [p] "+r"(*up)
		: [v] "r"(v), [efault] "i"(-EFAULT) : "memory");
	return err;
}

static inline int user_store_byte(uint8_t v, uint8_t **up)
{
	int err = 0;

	__asm__ volatile(
		"1:	strbt	%[v], [%[p]], #1\n"
		"2:\n"
		EX_FIXUP("%[err]") EX_TABLE_ENTRY("1b", "3b")
		: [err] "+r"(err), [p] "+r"(*up)
		: [v] "r"((uint32_t)v), [efault] "i"(-EFAULT) : "memory");
	return err;
}

int copy_from_user(void *dst, const void *usrc, size_t n)
{
	const uint8_t *us = usrc;
	uint8_t *d = dst;
	int err = 0;

	if (!user_range_ok(usrc, n))
		return -EFAULT;
	if (both_aligned(d, us)) {
		const uint32_t *uw = (const uint32_t *)us;

		for (; n >= 4 && !err; n -= 4, d += 4)
			err = user_load_word((uint32_t *)d, &uw);
		us = (const uint8_t *)uw;
	}
	for (; n && !err; n--)
		err = user_load_byte(d++, &us);
	return err;
}

int copy_to_user(void *udst, const void *src, size_t n)
{
	const uint8_t *s = src;
	uint8_t *ud = udst;
	int err = 0;

	if (!user_range_ok(udst, n))
		return -EFAULT;
	if (both_aligned(ud, s)) {
		uint32_t *uw = (uint32_t *)ud;

		for (; n >= 4 && !err; n -= 4, s += 4)
			err = user_store_word(*(const uint32_t *)s, &uw);
		ud = (uint8_t *)uw;
	}
	for (; n && !err; n--)
		err = user_store_byte(*s++, &ud);
	return err;
}

int get_user(uint32_t *val, const uint32_t *uptr)
{
	uint32_t v;

	if (!user_range_ok(uptr, sizeof(*uptr)) || ((uintptr_t)uptr & 3))
		return -EFAULT;
	if (user_load_word(&v, &uptr))
		return -EFAULT;
	*val = v;
	return 0;
}

int put_user(uint32_t val, uint32_t *uptr)
{
	if (!user_range_ok(uptr, sizeof(*uptr)) || ((uintptr_t)uptr & 3))
		return -EFAULT;
	return user_store_word(val, &uptr);
}
