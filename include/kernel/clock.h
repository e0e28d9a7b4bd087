/*
 * The periodic tick: the platform's timer interrupting CLOCK_HZ times a
 * second, counted, with one hook for the scheduler. Call with IRQs masked.
 */
#ifndef MICA_KERNEL_CLOCK_H
#define MICA_KERNEL_CLOCK_H

#include <types.h>

#define CLOCK_HZ	1000	/* ticks per second */

/*
 * Registers the timer's interrupt, starts it at hz ticks per second and
 * prints the banner line "irq: <controller>, <timer> tick <hz> Hz". Once
 * only: a second call, or a timer line already taken, is a bug.
 */
void clock_init(unsigned int hz);

/*
 * Ticks handled since clock_init(). The counter is 32 bits and wraps after
 * 2^32 ticks (49.7 days at 1000 Hz): compare counts by subtraction. A tick
 * is counted when its interrupt is taken, so while IRQs stay masked for
 * longer than a period the ticks missed are lost, not caught up.
 */
uint32_t clock_ticks(void);

/* The rate clock_init() started the tick at. */
unsigned int clock_hz(void);

/*
 * Installs fn, called on every tick from the interrupt, after the tick
 * counter advances; NULL removes it. One hook, replaced by the next call.
 */
void clock_set_tick_hook(void (*fn)(void));

#endif
