/*
 * A trivial freestanding ARM program, linked at 0x10000 by the host
 * makefile into build/host/sample.elf for test_elf: code, read-only data,
 * data and BSS, as a real root task has.
 */
static const unsigned int table[4] = { 1, 2, 3, 5 };
static unsigned int counter = 7;
unsigned int scratch[64];

extern unsigned int scratch[64];
void _start(void);

void _start(void)
{
	unsigned int i;

	for (i = 0; i < 64; i++)
		scratch[i] = table[i % 4] + counter++;
	for (;;)
		;
}
