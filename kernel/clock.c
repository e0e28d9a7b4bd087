/*
 * The periodic tick; see include/kernel/clock.h. The tick path is kept
 * short (acknowledge, count, one direct call): it runs CLOCK_HZ times a
 * second and the scheduler's time slice sits on it.
 */
#include <kernel/clock.h>
#include <kernel/irq.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <platform.h>

static uint32_t clock_tick_count;
static unsigned int clock_rate;
static void (*clock_tick_hook)(void);

static void clock_tick(unsigned int irq __unused, void *arg __unused)
{
	platform_timer_ack();
	clock_tick_count++;
	if (clock_tick_hook)
		clock_tick_hook();
}

void clock_init(unsigned int hz)
{
	BUG_ON(clock_rate || !hz);
	clock_rate = hz;
	BUG_ON(irq_register(platform_timer_irq(), clock_tick, NULL));
	platform_timer_start(hz);
	printk("irq: %s, %s tick %u Hz\n", platform_irq_name(),
	       platform_timer_name(), hz);
}

uint32_t clock_ticks(void)
{
	return clock_tick_count;
}

unsigned int clock_hz(void)
{
	return clock_rate;
}

void clock_set_tick_hook(void (*fn)(void))
{
	clock_tick_hook = fn;
}
