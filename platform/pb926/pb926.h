/* PB926 (Versatile/PB) physical memory map of the devices mica uses. */
#ifndef MICA_PLATFORM_PB926_H
#define MICA_PLATFORM_PB926_H

#include <arch/memory.h>

#define PB926_SYSREGS	0x10000000	/* system registers */
#define PB926_SIC	0x10003000	/* secondary interrupt controller */
#define PB926_VIC	0x10140000	/* PL190 vectored interrupt controller */
#define PB926_TIMER01	0x101E2000	/* SP804 timers 0 and 1 */
#define PB926_TIMER23	0x101E3000	/* SP804 timers 2 and 3 */
#define PB926_UART0	0x101F1000	/* PL011 */

#define SYS_24MHZ	0x5c		/* 24 MHz counter, offset in the system registers */

/* PL190 VIC lines (Versatile/PB926EJ-S user guide, "Interrupts"). */
#define PB926_IRQ_TIMER01	4	/* SP804 timers 0 and 1, ORed */
#define PB926_IRQ_UART0		12	/* PL011 UART0 */
#define PB926_IRQ_SIC		31	/* the secondary controller's output */

static inline uint32_t mmio_read32(volatile void *base, uint32_t off)
{
	return *(volatile uint32_t *)((volatile char *)base + off);
}

static inline void mmio_write32(volatile void *base, uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)((volatile char *)base + off) = v;
}

#endif
