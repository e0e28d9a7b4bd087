/*
 * Reading what the boot loader passed. QEMU's uImage and raw loaders and
 * U-Boot's bootm pass r2 = physical address of an ATAG list (0x100) or a
 * DTB; QEMU's ELF loader passes 0.
 */
#include <arch/fixup.h>
#include <arch/memory.h>
#include <kernel/boot.h>
#include <kernel/cmdline.h>
#include <kernel/printk.h>
#include <mm/phys.h>
#include <string.h>

#ifndef CONFIG_DEFAULT_CMDLINE
#define CONFIG_DEFAULT_CMDLINE ""
#endif

#define BOOT_PARAMS_MAX	(64 * 1024)	/* how far an ATAG list or DTB may reach */

static const char *const known_options[] = {
	"kmem",		/* the kernel's memory reserve (docs/tasks.md) */
#ifdef CONFIG_KTEST
	"test",		/* in-kernel tests to run */
	"crash",	/* deliberate fault to check the panic path */
	"initrd_fnv",	/* FNV-1a of the initrd, checked by the initrd suite */
#endif
	NULL,
};

static struct cmdline cmdline;
static char root_args[CMDLINE_MAX];	/* what follows " -- " */

/*
 * The options before a "--" word are the kernel's; the words after it go
 * to the root task (its argv). Returns the kernel's part in buf.
 */
static const char *cmdline_split(const char *text, char *buf)
{
	size_t n = strlen(text);

	for (size_t i = 0; i + 1 < n; i++) {
		bool word_start = i == 0 || text[i - 1] == ' ';
		bool word_end = text[i + 2] == ' ' || text[i + 2] == '\0';

		if (word_start && text[i] == '-' && text[i + 1] == '-' && word_end) {
			strlcpy(root_args, text[i + 2] ? text + i + 3 : "", sizeof(root_args));
			memcpy(buf, text, i);
			buf[i] = '\0';
			return buf;
		}
	}
	return text;
}

/*
 * Parses the parameters at params, which lie outside the image. They may
 * not run into it either: head.S has rewritten its BSS and page tables.
 */
static void boot_params_parse(paddr_t params, struct bootinfo *bi)
{
	paddr_t kstart = virt_to_phys(_kernel_start);
	const void *p = phys_to_virt(params);
	size_t len = RAM_MAX_SIZE - params;
	uint32_t word;

	if (len > BOOT_PARAMS_MAX)
		len = BOOT_PARAMS_MAX;
	if (params < kstart && len > kstart - params)
		len = kstart - params;
	if (probe_read32(p, &word) != 0) {
		printk("warning: boot: r2=0x%08x is not readable\n", params);
		return;
	}
	if (dtb_parse(p, len, bi) == 0 || atags_parse(p, len, bi) == 0)
		return;
	printk("warning: boot: r2=0x%08x holds neither ATAGs nor a DTB, ignored\n",
	       params);
	bootinfo_init(bi);
}

void boot_params_read(paddr_t params, struct bootinfo *bi)
{
	static char kernel_part[CMDLINE_MAX];
	const char *text;

	bootinfo_init(bi);
	if (params == 0)
		printk("boot: no ATAGs or DTB (r2=0)\n");
	else if ((params & 3) || params >= RAM_MAX_SIZE - 8)
		printk("warning: boot: r2=0x%08x is outside the RAM window, "
		       "ignored\n", params);
	else if (params >= virt_to_phys(_kernel_start) &&
		 params < virt_to_phys(_kernel_end))
		printk("warning: boot: r2=0x%08x lies in the kernel image (BSS, "
		       "page tables: already overwritten), ignored\n", params);
	else
		boot_params_parse(params, bi);

	if (bi->source != BOOT_SRC_PROBE)
		printk("boot: %s at 0x%08x\n",
		       bi->source == BOOT_SRC_ATAGS ? "atags" : "dtb", params);

	text = bi->cmdline[0] ? bi->cmdline : CONFIG_DEFAULT_CMDLINE;
	cmdline_parse(&cmdline, cmdline_split(text, kernel_part));
	printk("cmdline: \"%s\"%s\n", text, bi->cmdline[0] ? "" : " (built in)");
	cmdline_warn_unknown(&cmdline, known_options);
}

const char *boot_option(const char *key)
{
	return cmdline_get(&cmdline, key);
}

const char *boot_root_args(void)
{
	return root_args;
}
