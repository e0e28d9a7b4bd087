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

/*
 * Tags n words, at base + i * step for i < n, and returns how many from the
 * first answer with their own tag. A word whose read or write faults ends
 * the count there. *alias is set when the first wrong word holds the tag of
 * a lower one (it mirrors it).
 */
static uint32_t probe_words(struct ram_bus *bus, paddr_t base, uint32_t step,
			    uint32_t n, bool *alias)
{
	uint32_t i, j, v, good = n;

	for (i = 0; i < n; i++)
		if (bus->read(base + i * step, &bus->saved[i]))
			break;
	n = good = i;
	for (i = n; i-- > 0;)
		if (bus->write(base + i * step, probe_tag(i)))
			good = i;
	bus->sync();
	*alias = false;
	for (i = 0; i < good; i++) {
		if (bus->read(base + i * step, &v) == 0 && v == probe_tag(i))
			continue;
		for (j = 0; j < i; j++)
			*alias |= v == probe_tag(j);
		good = i;
	}
	for (i = 0; i < n; i++)
		bus->write(base + i * step, bus->saved[i]);
	bus->sync();
	return good;
}

uint32_t ram_probe(struct ram_bus *bus, paddr_t base, uint32_t max,
		   uint32_t off, paddr_t safe)
{
	uint32_t mibs = (max + RAM_PROBE_MIB - 1) / RAM_PROBE_MIB;
	uint32_t good, lo, hi, pages, page_off = off % RAM_PROBE_PAGE;
	bool alias;

	if (mibs > RAM_PROBE_MAX_MIBS)
		mibs = RAM_PROBE_MAX_MIBS;
	good = probe_words(bus, base + off, RAM_PROBE_MIB, mibs, &alias);
	if (good == 0)
		return 0;
	lo = (good - 1) * RAM_PROBE_MIB;
	if (safe > base + lo)
		lo = (safe - base + RAM_PROBE_PAGE - 1) & ~(RAM_PROBE_PAGE - 1);
	hi = (good + !alias) * RAM_PROBE_MIB;
	if (hi > (max & ~(RAM_PROBE_PAGE - 1)))
		hi = max & ~(RAM_PROBE_PAGE - 1);
	if (lo >= hi)
		return hi;
	pages = (hi - lo) / RAM_PROBE_PAGE;
	return lo + probe_words(bus, base + lo + page_off, RAM_PROBE_PAGE,
				pages, &alias) * RAM_PROBE_PAGE;
}
