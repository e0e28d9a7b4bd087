/*
 * What generic kernel code needs from the board (platform/pb926/).
 */
#ifndef MICA_PLATFORM_H
#define MICA_PLATFORM_H

#include <types.h>

struct ram_bus;

/* The console, PL011 UART0 on the PB926: 38400 8N1, output polled. */
void platform_console_init(void);
void platform_console_putc(char c);
/* Returns the next received character, or -1 if none is waiting. */
int platform_console_trygetc(void);
/* Waits for and returns the next received character. */
int platform_console_getc(void);
/*
 * Input by interrupt: the line the console interrupts on, and turning the
 * interrupt on; it stays asserted until platform_console_trygetc() has
 * taken every character waiting.
 */
unsigned int platform_console_irq(void);
void platform_console_rx_irq_enable(void);

/* The 24 MHz free-running counter (system register SYS_24MHZ). */
uint32_t platform_counter_read(void);
/* Its rate in Hz. */
uint32_t platform_counter_hz(void);

/*
 * The bus kernel/ram_probe.c probes RAM through (fault-recovering accesses
 * by physical address, valid while head.S's linear map covers the whole RAM
 * window), and in *scratch_off the offset from RAM's base of a word in the
 * first MiB that the probe may overwrite.
 */
struct ram_bus *platform_ram_bus(uint32_t *scratch_off);

/*
 * The interrupt controller: lines 0..PLATFORM_IRQ_COUNT-1, level-triggered,
 * all delivered as IRQs. Call with IRQs masked. A line number out of range
 * is a bug (BUG_ON).
 */
#define PLATFORM_IRQ_COUNT	32
/* Disables every line and any software request; no FIQs, no vectoring. */
void platform_irq_init(void);
void platform_irq_enable(unsigned int irq);
void platform_irq_disable(unsigned int irq);
/* The lowest-numbered enabled line that is asserted, or -1 if none. */
int platform_irq_pending(void);
/* The controller's name for the boot banner ("PL190 VIC"). */
const char *platform_irq_name(void);
#ifdef CONFIG_KTEST
/* Asserts line irq by software until platform_irq_lower(irq) (test kernel). */
void platform_irq_raise(unsigned int irq);
void platform_irq_lower(unsigned int irq);
#endif

/*
 * The periodic tick timer (SP804 timer 0): the line it interrupts on, a
 * start at hz ticks per second (1 <= hz <= 1000000; the period is a whole
 * number of microseconds, 1000000 / hz rounded down, restarting the count),
 * and the acknowledgement of one tick, which drops its line.
 */
unsigned int platform_timer_irq(void);
void platform_timer_start(unsigned int hz);
void platform_timer_ack(void);
/* The timer's name for the boot banner ("SP804"). */
const char *platform_timer_name(void);

/* A one-line description of the board for the boot banner. */
const char *platform_name(void);

#endif
