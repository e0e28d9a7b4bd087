/*
 * What generic kernel code needs from the board (platform/pb926/).
 */
#ifndef MICA_PLATFORM_H
#define MICA_PLATFORM_H

#include <types.h>

struct ram_bus;

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
 * The bus kernel/ram_probe.c probes RAM through (fault-recovering accesses
 * by physical address, valid while head.S's linear map covers the whole RAM
 * window), and in *scratch_off the offset from RAM's base of a word in the
 * first MiB that the probe may overwrite.
 */
struct ram_bus *platform_ram_bus(uint32_t *scratch_off);


/* A one-line description of the board for the boot banner. */
const char *platform_name(void);

#endif
