/*
 * pagedemo [PAGES [SECONDS]]: a program whose memory comes in through its
 * pager. It grows its heap by PAGES pages (default 256) with sbrk, writes
 * every page (each first touch is a page fault the root task serves with a
 * fresh frame), reads them all back, prints what it measured, and then
 * stays SECONDS seconds (default 60) so that the shell's ps and mem show
 * it, before it gives the pages back and exits.
 */
#include <mica.h>
#include <stdio.h>
#include <unistd.h>

#define PAGE		4096u
#define WORDS		(PAGE / sizeof(uint32_t))

/* argv[i] as a decimal number, or dflt when it is not there. */
static uint32_t arg(int argc, char *argv[], int i, uint32_t dflt)
{
	uint32_t n = 0;

	if (argc <= i)
		return dflt;
	for (const char *c = argv[i]; *c >= '0' && *c <= '9'; c++)
		n = n * 10 + (uint32_t)(*c - '0');
	return n;
}

int main(int argc, char *argv[])
{
	uint32_t pages = arg(argc, argv, 1, 256), secs = arg(argc, argv, 2, 60);
	uint32_t t0, t1, hz, sum = 0;
	uint32_t *heap = sbrk((intptr_t)(pages * PAGE));

	if (heap == (void *)-1) {
		printf("pagedemo: sbrk of %u pages refused\n", pages);
		return 1;
	}
	t0 = mica_clock(&hz, NULL);
	for (uint32_t p = 0; p < pages; p++)
		heap[p * WORDS] = p * 2654435761u;
	t1 = mica_clock(NULL, NULL);
	for (uint32_t p = 0; p < pages; p++)
		sum += heap[p * WORDS] == p * 2654435761u;
	printf("pagedemo: %u pages at 0x%08x faulted in, %u ns each, %u of %u read back\n",
	       pages, (unsigned int)(uintptr_t)heap,
	       (uint32_t)((uint64_t)(t1 - t0) * 1000000000u / hz / (pages ? pages : 1)),
	       sum, pages);
	mica_sleep(secs * 1000 > IPC_TIMEOUT_MAX_MS ? IPC_TIMEOUT_MAX_MS : secs * 1000);
	sbrk(-(intptr_t)(pages * PAGE));
	printf("pagedemo: done\n");
	return sum == pages ? 0 : 1;
}
