/*
 * PL011 UART0 as a polled console (PrimeCell UART PL011 TRM, DDI 0183).
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
