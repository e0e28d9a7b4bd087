/*
 * What generic kernel code needs from the board (platform/pb926/).
 */
#ifndef MICA_PLATFORM_H
#define MICA_PLATFORM_H

#include <types.h>

/* The console, PL011 UART0 on the PB926: 38400 8N1, polled. */
void platform_console_init(void);
void platform_console_putc(char c);
/* Returns the next received character, or -1 if none is waiting. */
int platform_console_trygetc(void);
/* Waits for and returns the next received character. */
int platform_console_getc(void);

/* The 24 MHz free-running counter (system register SYS_24MHZ). */
uint32_t platform_counter_read(void);

/*
 * Finds RAM by writing and reading back a pattern in 1 MiB steps through
 * the linear map, from the MiB above the kernel image up to max_size.
 * Returns the number of contiguous bytes from physical 0 that behave like
 * RAM (always at least the MiBs holding the kernel image).
 */
uint32_t platform_ram_probe(uint32_t max_size);

/* A one-line description of the board for the boot banner. */
const char *platform_name(void);

#endif
