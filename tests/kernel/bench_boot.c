/*
 * Boot-path costs under -icount: the cost of reading the 24 MHz counter
 * itself (the floor of every other figure) and of printk.
 */
#include <kernel/ktest.h>
#include <lib/format.h>
#include <platform.h>

#define ITERATIONS	10000

KTEST(bench_boot, counter_read)
{
	uint32_t start = platform_counter_read();

	for (int i = 0; i < ITERATIONS; i++)
		(void)platform_counter_read();
	ktest_bench("counter_read", ITERATIONS, platform_counter_read() - start);
}

KTEST(bench_boot, snprintf_line)
{
	char buf[80];
	uint32_t start = platform_counter_read();

	for (int i = 0; i < ITERATIONS; i++)
		snprintf(buf, sizeof(buf), "mem: %u bytes RAM at 0x%08x (%s)\n",
			 134217728u, 0u, "atags");
	ktest_bench("snprintf_line", ITERATIONS, platform_counter_read() - start);
}

/* Calibration: a loop of exactly two instructions per iteration, so the
 * figure printed by make bench should read 2.0 instructions per operation. */
KTEST(bench_boot, calibration_two_insn_loop)
{
	uint32_t n = 1000000;
	uint32_t start = platform_counter_read();

	__asm__ volatile("1:	subs	%0, %0, #1\n"
			 "	bne	1b\n" : "+r"(n) : : "cc");
	ktest_bench("calibration: 2-instruction loop", 1000000,
		    platform_counter_read() - start);
}
