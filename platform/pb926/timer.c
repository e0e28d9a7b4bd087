/*
 * The periodic tick from timer 0 of the SP804 dual timer at PB926_TIMER01
 * (ARM Dual-Timer Module SP804 TRM, DDI 0271): 32-bit, periodic, counting
 * down from TimerLoad at the 1 MHz TIMCLK and interrupting (VIC line 4,
 * shared with timer 1, which stays off) each time it reaches zero.
 *
 * QEMU always clocks the SP804 at 1 MHz. On the board, TIMCLK is 1 MHz
 * only once the system controller's SCCTRL selects it (TimerEn0Sel; the
 * boot monitor does) and 32 kHz otherwise.
 */
#include <kernel/panic.h>
#include <platform.h>

#include "pb926.h"

#define TIMER_LOAD	0x00	/* reload value; writing it restarts the count */
#define TIMER_CONTROL	0x08
#define  CTRL_32BIT	(1 << 1)	/* 32-bit counter, not 16-bit */
#define  CTRL_IE	(1 << 5)	/* interrupt enable */
#define  CTRL_PERIODIC	(1 << 6)	/* reload from TimerLoad at zero */
#define  CTRL_ENABLE	(1 << 7)
#define TIMER_INTCLR	0x0c	/* any write clears the interrupt */
#define TIMCLK_HZ	1000000

#define timer0		DEV_ADDR(PB926_TIMER01)

unsigned int platform_timer_irq(void)
{
	return PB926_IRQ_TIMER01;
}

/* The period is TIMCLK_HZ / hz whole microseconds (1000 at 1000 Hz). */
void platform_timer_start(unsigned int hz)
{
	BUG_ON(hz == 0 || hz > TIMCLK_HZ);
	mmio_write32(timer0, TIMER_CONTROL, 0);		/* stop timer 0 */
	mmio_write32(timer0, TIMER_LOAD, TIMCLK_HZ / hz);	/* the period */
	mmio_write32(timer0, TIMER_INTCLR, 0);		/* drop a stale interrupt */
	mmio_write32(timer0, TIMER_CONTROL, CTRL_ENABLE | CTRL_PERIODIC |
		     CTRL_IE | CTRL_32BIT);		/* run, periodic, interrupting */
}

void platform_timer_ack(void)
{
	mmio_write32(timer0, TIMER_INTCLR, 0);		/* clear timer 0's interrupt */
}

const char *platform_timer_name(void)
{
	return "SP804";
}
