/*
 * Deliberate faults for the negative boot tests (crash=<what> on the test
 * kernel's command line). Each must end in a panic report and a non-zero
 * exit; the runner checks the report's content.
 */
#include <arch/cpu.h>
#include <kernel/ktest.h>
#include <kernel/panic.h>
#include <string.h>

static void crash_data_abort(void)
{
	/* Page 0 is never mapped: a translation fault at address 0x10. */
	volatile uintptr_t addr = 0x10;

	(void)*(volatile uint32_t *)addr;
}

static void crash_bug_on(void)
{
	volatile int frames_lost = 1;

	BUG_ON(frames_lost != 0);
}

static void crash_undef(void)
{
	__asm__ volatile(".word 0xe7f000f0");	/* permanently undefined */
}

static void crash_prefetch_abort(void)
{
	volatile uintptr_t addr = 0x00100000;	/* unmapped */

	((void (*)(void))addr)();
}

static void crash_unaligned(void)
{
	static uint32_t words[2];
	volatile uintptr_t addr = (uintptr_t)words + 1;

	(void)*(volatile uint32_t *)addr;
}

static void crash_reset_vector(void)
{
	volatile uintptr_t addr = 0xffff0000;	/* the reset vector */

	((void (*)(void))addr)();
}

/*
 * Recursion without end: each level keeps 256 bytes live on the stack until
 * the SVC stack runs into its guard page. The call goes through a volatile
 * pointer, so the compiler neither sees nor removes the recursion.
 */
static unsigned int crash_recurse(unsigned int depth);
static unsigned int (*volatile crash_recurse_fn)(unsigned int) = crash_recurse;

static unsigned int crash_recurse(unsigned int depth)
{
	volatile uint8_t pad[256];

	pad[0] = (uint8_t)depth;
	return crash_recurse_fn(depth + 1) + pad[0];
}

static void crash_stack_overflow(void)
{
	(void)crash_recurse_fn(0);
}

/*
 * A data abort taken in another privileged mode, with that mode's sp and
 * lr set to known values: the report must name the trapped mode and show
 * its banked sp and lr, not the handler's.
 */
#define CRASH_SP	0x5a5a0000u
#define CRASH_LR	0x12345678u

static void crash_abort_in_mode(uint32_t mode)
{
	__asm__ volatile("msr	cpsr_c, %0\n\t"
			 "mov	sp, %1\n\t"
			 "mov	lr, %2\n\t"
			 "ldr	%1, [%3]"
			 : : "r"(mode | PSR_I | PSR_F), "r"(CRASH_SP),
			   "r"(CRASH_LR), "r"(0x10) : "memory");
}

static void crash_sys_mode(void)
{
	crash_abort_in_mode(PSR_MODE_SYS);
}

static void crash_und_mode(void)
{
	crash_abort_in_mode(PSR_MODE_UND);
}

/*
 * In ABT mode: sp_abt must stay, it is the entry stub's scratch area; the
 * nested abort overwrites lr_abt.
 */
static void crash_abt_mode(void)
{
	__asm__ volatile("msr	cpsr_c, %0\n\t"
			 "ldr	%0, [%1]"
			 : : "r"(PSR_MODE_ABT | PSR_I | PSR_F), "r"(0x10)
			 : "memory");
}

static const struct {
	const char *name;
	void (*fn)(void);
} crashes[] = {
	{ "dabt", crash_data_abort },
	{ "bug", crash_bug_on },
	{ "undef", crash_undef },
	{ "pabt", crash_prefetch_abort },
	{ "align", crash_unaligned },
	{ "reset", crash_reset_vector },
	{ "stack", crash_stack_overflow },
	{ "sys", crash_sys_mode },
	{ "und", crash_und_mode },
	{ "abt", crash_abt_mode },
};

void ktest_crash(const char *what)
{
	for (size_t i = 0; i < ARRAY_SIZE(crashes); i++)
		if (!strcmp(what, crashes[i].name))
			crashes[i].fn();
}
