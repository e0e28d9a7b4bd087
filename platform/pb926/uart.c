/*
 * PL011 UART0 as the console (PrimeCell UART PL011 TRM, DDI 0183): polled
 * output, input polled or, once platform_console_rx_irq_enable() is called,
 * interrupting on VIC line 12 while characters wait in the receive FIFO.
 * The PB926's UART reference clock is 24 MHz; 38400 baud gives
 * 24e6 / (16 * 38400) = 39.0625: IBRD 39, FBRD round(0.0625 * 64) = 4.
 */
#include <platform.h>

#include "pb926.h"

#define UARTDR		0x00
#define UARTFR		0x18
#define  FR_RXFE	(1 << 4)	/* receive FIFO empty */
#define  FR_TXFF	(1 << 5)	/* transmit FIFO full */
#define UARTIBRD	0x24
#define UARTFBRD	0x28
#define UARTLCR_H	0x2c
#define  LCR_FEN	(1 << 4)	/* FIFOs on */
#define  LCR_WLEN8	(3 << 5)
#define UARTCR		0x30
#define  CR_UARTEN	(1 << 0)
#define  CR_TXE		(1 << 8)
#define  CR_RXE		(1 << 9)
#define UARTIMSC	0x38
#define  IMSC_RXIM	(1 << 4)	/* receive: FIFO at its trigger level */
#define  IMSC_RTIM	(1 << 6)	/* receive timeout: fewer, but idle */
#define UARTICR		0x44

#define uart		DEV_ADDR(PB926_UART0)

void platform_console_init(void)
{
	mmio_write32(uart, UARTCR, 0);
	mmio_write32(uart, UARTIMSC, 0);
	mmio_write32(uart, UARTIBRD, 39);
	mmio_write32(uart, UARTFBRD, 4);
	mmio_write32(uart, UARTLCR_H, LCR_WLEN8 | LCR_FEN);
	mmio_write32(uart, UARTCR, CR_UARTEN | CR_TXE | CR_RXE);
}

static void uart_putc(char c)
{
	while (mmio_read32(uart, UARTFR) & FR_TXFF)
		;
	mmio_write32(uart, UARTDR, (uint8_t)c);
}

void platform_console_putc(char c)
{
	if (c == '\n')
		uart_putc('\r');
	uart_putc(c);
}

int platform_console_trygetc(void)
{
	if (mmio_read32(uart, UARTFR) & FR_RXFE)
		return -1;
	return mmio_read32(uart, UARTDR) & 0xff;
}

int platform_console_getc(void)
{
	int c;

	while ((c = platform_console_trygetc()) < 0)
		;
	return c;
}

unsigned int platform_console_irq(void)
{
	return PB926_IRQ_UART0;
}

/*
 * The receive and receive-timeout interrupts stay asserted while the FIFO
 * holds characters: the handler drains it with platform_console_trygetc().
 */
void platform_console_rx_irq_enable(void)
{
	mmio_write32(uart, UARTICR, IMSC_RXIM | IMSC_RTIM);	/* drop stale ones */
	mmio_write32(uart, UARTIMSC, IMSC_RXIM | IMSC_RTIM);	/* receive, timeout */
}
