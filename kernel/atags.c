/*
 * The ATAG reader (QEMU's uImage loader, U-Boot's bootm): a list of
 * native-endian words {size in words, tag, data...}. The contract is
 * atags_parse() in include/kernel/bootinfo.h.
 *
 * The walk's offset only grows, by at least one tag header per step, and
 * every size is checked against what is left before reading, so garbage can
 * stop it early but never make it loop or read outside the buffer.
 */
#include <string.h>

#include <uapi/errno.h>

#include "bootinfo_internal.h"

static uint32_t atag_word(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Takes in one tag of the given size; returns false if it is corrupt. */
static bool atag_use(struct bootinfo *bi, const unsigned char *t,
		     uint32_t words, size_t off)
{
	uint32_t tag = atag_word(t + 4);

	if ((tag == ATAG_MEM || tag == ATAG_INITRD2) && words < 4) {
		bootinfo_warn(bi, "atags: %s at +0x%zx is only %u words, rest ignored\n",
			      tag == ATAG_MEM ? "ATAG_MEM" : "ATAG_INITRD2", off, words);
		return false;
	}
	switch (tag) {
	case ATAG_MEM:
		bootinfo_mem_add(bi, "atags", atag_word(t + 12), atag_word(t + 8));
		break;
	case ATAG_INITRD2:
		bootinfo_initrd_set(bi, "atags", atag_word(t + 8), atag_word(t + 12));
		break;
	case ATAG_CMDLINE:
		bootinfo_cmdline_set(bi, "atags", (const char *)t + 8,
				     (size_t)(words - 2) * 4);
		break;
	}
	return true;
}

/* Reads an ATAG list; see bootinfo.h. */
int atags_parse(const void *atags, size_t len, struct bootinfo *bi)
{
	const unsigned char *p = atags;
	size_t off = 0;
	uint32_t words;

	bootinfo_clear(bi);
	if (len < 8 || atag_word(p + 4) != ATAG_CORE || atag_word(p) < 2 ||
	    atag_word(p) > len / 4)
		return -EINVAL;
	bi->source = BOOT_SRC_ATAGS;
	for (;;) {
		if (len - off < 8) {
			bootinfo_warn(bi, "atags: no ATAG_NONE within %zu bytes, rest ignored\n",
				      len);
			return 0;
		}
		words = atag_word(p + off);
		if (atag_word(p + off + 4) == ATAG_NONE)
			return 0;
		if (words < 2 || words > (len - off) / 4) {
			bootinfo_warn(bi, "atags: tag 0x%08x at +0x%zx has a bad size (%u words), rest ignored\n",
				      atag_word(p + off + 4), off, words);
			return 0;
		}
		if (!atag_use(bi, p + off, words, off))
			return 0;
		off += (size_t)words * 4;
	}
}
