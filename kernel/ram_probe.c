/*
 * The RAM probe; the method and its contract are in
 * include/kernel/ram_probe.h.
 */
#include <kernel/ram_probe.h>

/* Distinct for every index, and neither 0 nor all ones. */
static uint32_t probe_tag(uint32_t i)
{
	return 0x6d696361u ^ (i * 0x9e3779b1u);	/* "mica", Fibonacci hash */
}

/* Writes tag[i] to word i for i from n - 1 down; returns the lowest that
 * faulted, or n. A faulting word is skipped: the ones below still get theirs. */
static uint32_t write_tags_down(struct ram_bus *bus, paddr_t base,
				uint32_t step, uint32_t n)
{
	uint32_t done = 0, lowest_bad = n, i;

	while (done < n) {
		i = n - 1 - done;
		done += bus->write(base + i * step, -step, i + 1, &bus->tag[done]);
		if (done < n) {
			lowest_bad = n - 1 - done;
			done++;
		}
	}
	return lowest_bad;
}

/*
 * Tags n words, at base + i * step for i < n, and returns how many from the
 * first answer with their own tag. A word whose read or write faults ends
 * the count there. *alias is set when the first wrong word holds word 0's
 * tag: a bus that ignores high address lines mirrors RAM modulo a power of
 * two, so the first word to repeat repeats word 0. (A floating bus that
 * echoes the last transfer shows the previous word's tag instead, which is
 * not taken for a mirror unless that word is word 0.)
 */
static uint32_t probe_words(struct ram_bus *bus, paddr_t base, uint32_t step,
			    uint32_t n, bool *alias)
{
	uint32_t i, good;

	n = bus->read(base, step, n, bus->saved);
	for (i = 0; i < n; i++)
		bus->tag[n - 1 - i] = probe_tag(i);
	good = write_tags_down(bus, base, step, n);
	bus->sync();
	good = bus->read(base, step, good, bus->seen);
	for (i = 0; i < good && bus->seen[i] == bus->tag[n - 1 - i]; i++)
		;
	*alias = i < good && bus->seen[i] == bus->tag[n - 1];
	good = i;
	bus->write(base, step, n, bus->saved);
	bus->sync();
	return good;
}

/* True if the page at pa answers: its word at page_off, and the scratch. */
static bool page_answers(struct ram_bus *bus, paddr_t scratch, paddr_t pa)
{
	bool alias;

	return probe_words(bus, scratch, pa - scratch, 2, &alias) == 2;
}

uint32_t ram_probe(struct ram_bus *bus, paddr_t base, uint32_t max,
		   uint32_t off, paddr_t safe)
{
	uint32_t mibs = (max + RAM_PROBE_MIB - 1) / RAM_PROBE_MIB;
	uint32_t good, known, hi, mid, page_off = off % RAM_PROBE_PAGE;
	paddr_t scratch = base + off;
	bool alias;

	if (mibs > RAM_PROBE_MAX_MIBS)
		mibs = RAM_PROBE_MAX_MIBS;
	good = probe_words(bus, scratch, RAM_PROBE_MIB, mibs, &alias);
	if (good == 0)
		return 0;
	/* Pass 2: the page the last good word is in exists (RAM is
	 * contiguous), and so does the image below safe; search the pages
	 * from there up to the end of the next MiB (unless it mirrors). */
	known = (good - 1) * RAM_PROBE_MIB + off;
	if (safe > base && safe - base - 1 > known)
		known = safe - base - 1;
	known &= ~(RAM_PROBE_PAGE - 1);
	hi = (good + !alias) * RAM_PROBE_MIB;
	if (hi > (max & ~(RAM_PROBE_PAGE - 1)))
		hi = max & ~(RAM_PROBE_PAGE - 1);
	if (hi <= known + RAM_PROBE_PAGE)
		return hi;
	if (page_answers(bus, scratch, base + hi - RAM_PROBE_PAGE + page_off))
		return hi;
	hi -= RAM_PROBE_PAGE;		/* the lowest page known not to answer */
	while (hi - known > RAM_PROBE_PAGE) {
		mid = known + ((hi - known) / 2 & ~(RAM_PROBE_PAGE - 1));
		if (page_answers(bus, scratch, base + mid + page_off))
			known = mid;
		else
			hi = mid;
	}
	return hi;
}
