/* PB926 board identity and system registers. */
#include <platform.h>

#include "pb926.h"

uint32_t platform_counter_read(void)
{
	return mmio_read32(DEV_ADDR(PB926_SYSREGS), SYS_24MHZ);
}

uint32_t platform_counter_hz(void)
{
	return 24000000;	/* SYS_24MHZ counts the 24 MHz reference clock */
}

const char *platform_name(void)
{
	return "ARM Versatile/PB926EJ-S";
}
