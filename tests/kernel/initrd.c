/*
 * Initrd suite: the initrd the loader passed is reserved in the buddy and
 * reads back as the file given to QEMU. tools/run-tests boots the test
 * kernel with -initrd FILE and initrd_fnv=<FNV-1a of FILE, hex>; the test
 * prints the hash it computed, so a run that never compared is visible.
 */
#include <kernel/boot.h>
#include <kernel/ktest.h>
#include <mm/buddy.h>
#include <mm/phys.h>

#define FNV_OFFSET	0x811c9dc5u
#define FNV_PRIME	0x01000193u

static uint32_t fnv1a(const unsigned char *p, size_t n)
{
	uint32_t h = FNV_OFFSET;

	while (n--)
		h = (h ^ *p++) * FNV_PRIME;
	return h;
}

/* Parses lower-case hex; returns false on anything else. */
static bool hex_parse(const char *s, uint32_t *v)
{
	unsigned int n = 0;

	for (*v = 0; *s; s++, n++) {
		if (*s >= '0' && *s <= '9')
			*v = *v << 4 | (uint32_t)(*s - '0');
		else if (*s >= 'a' && *s <= 'f')
			*v = *v << 4 | (uint32_t)(*s - 'a' + 10);
		else
			return false;
	}
	return n >= 1 && n <= 8;
}

KTEST(initrd, reserved_and_matches_cmdline)
{
	const char *want = boot_option("initrd_fnv");
	paddr_t start, pa;
	size_t size;
	uint32_t h, expect;

	if (!boot_initrd(&start, &size)) {
		KT_ASSERT(want == NULL);
		KT_ASSERT_EQ(size, 0);
		return;
	}
	for (pa = ALIGN_DOWN(start, PAGE_SIZE); pa < start + size; pa += PAGE_SIZE)
		KT_ASSERT_EQ(buddy_frame_state(pa, NULL), FRAME_RESERVED);
	if (!want)
		return;
	KT_ASSERT(hex_parse(want, &expect));
	h = fnv1a(phys_to_virt(start), size);
	ktest_note("initrd: fnv1a 0x%08x of %zu bytes at 0x%08x", h, size, start);
	KT_ASSERT_EQ(h, expect);
}
