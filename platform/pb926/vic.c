/*
 * The PL190 vectored interrupt controller (PrimeCell VIC PL190 TRM, DDI
 * 0181) used as a plain mask-and-status controller: all 32 lines are IRQs
 * (none FIQ), the 16 vector slots stay disabled and VICVECTADDR is never
 * read or written, so the VIC's priority logic never masks a line; the
 * pending line comes from VICIRQSTATUS alone.
 *
 * Lines 0-30 are the on-chip sources (4: timers 0 and 1, 12: UART0). Line
 * 31 is the secondary interrupt controller (SIC, PB926_SIC) that gathers
 * the board's other sources (UART3, MMC, keyboard, ...). mica drives none
 * of those, so the SIC stays as reset left it, every source masked; a
 * driver for one would enable its bit in SIC_ENSET and line 31 here, and
 * read SIC_STATUS to tell them apart.
 */
#include <kernel/panic.h>
#include <platform.h>

#include "pb926.h"

#define VICIRQSTATUS	0x00	/* enabled IRQ lines that are asserted */
#define VICINTSELECT	0x0c	/* per line: 1 FIQ, 0 IRQ */
#define VICINTENABLE	0x10	/* write 1s: enable those lines */
#define VICINTENCLEAR	0x14	/* write 1s: disable those lines */
#define VICSOFTINT	0x18	/* write 1s: assert those lines by software */
#define VICSOFTINTCLEAR	0x1c	/* write 1s: drop those software requests */
#define VICVECTCNTL(n)	(0x200 + 4 * (n))	/* vector slot n: line, enable */
#define VIC_VECTORS	16

#define vic		DEV_ADDR(PB926_VIC)

void platform_irq_init(void)
{
	mmio_write32(vic, VICINTENCLEAR, ~0u);		/* disable every line */
	mmio_write32(vic, VICINTSELECT, 0);		/* every line an IRQ, no FIQ */
	mmio_write32(vic, VICSOFTINTCLEAR, ~0u);	/* no software requests */
	for (int i = 0; i < VIC_VECTORS; i++)
		mmio_write32(vic, VICVECTCNTL(i), 0);	/* vector slot i unused */
}

void platform_irq_enable(unsigned int irq)
{
	BUG_ON(irq >= PLATFORM_IRQ_COUNT);
	mmio_write32(vic, VICINTENABLE, 1u << irq);	/* enable line irq */
}

void platform_irq_disable(unsigned int irq)
{
	BUG_ON(irq >= PLATFORM_IRQ_COUNT);
	mmio_write32(vic, VICINTENCLEAR, 1u << irq);	/* disable line irq */
}

/* The lowest pending line first (gcc isolates it with x & -x, then CLZ). */
int platform_irq_pending(void)
{
	uint32_t status = mmio_read32(vic, VICIRQSTATUS);

	if (!status)
		return -1;
	return __builtin_ctz(status);
}

const char *platform_irq_name(void)
{
	return "PL190 VIC";
}

#ifdef CONFIG_KTEST
void platform_irq_raise(unsigned int irq)
{
	BUG_ON(irq >= PLATFORM_IRQ_COUNT);
	mmio_write32(vic, VICSOFTINT, 1u << irq);	/* assert line irq */
}

void platform_irq_lower(unsigned int irq)
{
	BUG_ON(irq >= PLATFORM_IRQ_COUNT);
	mmio_write32(vic, VICSOFTINTCLEAR, 1u << irq);	/* drop the request */
}
#endif
