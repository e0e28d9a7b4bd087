/*
 * Boot parameters: what the loader passed in r2 and the kernel command line.
 */
#ifndef MICA_KERNEL_BOOT_H
#define MICA_KERNEL_BOOT_H

#include <kernel/bootinfo.h>

/*
 * The C entry, called once by head.S with the MMU on, BSS cleared, the
 * stacks set and interrupts masked; params is the loader's r2. Never returns.
 */
void __noreturn kmain(paddr_t params);

/*
 * Reads the ATAG list or DTB at physical address params (0: none) into bi
 * and parses the command line (the loader's, or the built-in default when
 * the loader gave none). A pointer to neither is reported and ignored.
 */
void boot_params_read(paddr_t params, struct bootinfo *bi);

/* The value of command-line option key ("" for a bare key), or NULL. */
const char *boot_option(const char *key);

/* The command line after its "--" word: the root task's arguments ("" if none). */
const char *boot_root_args(void);

/*
 * Finds RAM (the loader's map, checked against the probe, or the probe
 * alone), prints it, hands it to the buddy (whose buddy_ram_range() is then
 * the one record of it). Reserves the loader's initrd (bi->initrd_*) and
 * prints it if it lies wholly inside RAM above the kernel and the buddy's
 * metadata, else warns and ignores it. Panics if RAM leaves no free frame.
 */
void mem_init(struct bootinfo *bi);

/*
 * The initrd mem_init() kept: sets *start (physical) and *size and returns
 * true, or sets them to 0 and returns false if there is none. Its frames
 * are reserved: never handed out by the buddy. After mem_init().
 */
bool boot_initrd(paddr_t *start, size_t *size);

#endif
