/*
 * The cost of one tick (suite bench_irq, run by `make bench` under -icount
 * shift=0): the same busy loop timed with IRQs masked and with them open;
 * the difference, per tick taken meanwhile, is the whole tick path from
 * the IRQ vector through irq_handle() and clock's handler back to the
 * loop. The loop is 20 ms of instructions, 20 ticks at 1000 Hz.
 */
#include <arch/cpu.h>
#include <kernel/clock.h>
#include <kernel/ktest.h>
#include <platform.h>

#define SPIN	10000000	/* iterations of a 2-instruction loop */

static uint32_t spin_ticks(uint32_t n)
{
	uint32_t start = platform_counter_read();

	__asm__ volatile("1:	subs	%0, %0, #1\n"
			 "	bne	1b\n" : "+r"(n) : : "cc");
	return platform_counter_read() - start;
}

/*
 * The tick left pending while IRQs were masked is taken as they open,
 * before the count starts.
 */
static void bench_tick(const char *name)
{
	uint32_t masked = spin_ticks(SPIN), open, ticks;

	irq_enable();
	ticks = clock_ticks();
	open = spin_ticks(SPIN);
	ticks = clock_ticks() - ticks;
	irq_disable();
	ktest_bench(name, ticks, open - masked);
}

static void empty_hook(void)
{
}

KTEST(bench_irq, tick_no_hook)
{
	bench_tick("tick: vector to return, no hook");
}

KTEST(bench_irq, tick_empty_hook)
{
	clock_set_tick_hook(empty_hook);
	bench_tick("tick: vector to return, empty hook");
	clock_set_tick_hook(NULL);
}
