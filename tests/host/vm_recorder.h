/*
 * The host implementation of include/mm/vm_hw.h: every call is appended to
 * a log that tests compare with the order docs/vm.md requires, and a model
 * of what the table walker can see. The walker reads memory, not the
 * D-cache, so the recorder keeps a copy of "memory" for the RAM arena that
 * is updated only where the code cleans lines (whole 32-byte lines) or the
 * whole D-cache; rec_walk() translates through that copy.
 */
#ifndef MICA_TESTS_HOST_VM_RECORDER_H
#define MICA_TESTS_HOST_VM_RECORDER_H

#include <types.h>

enum rec_op {
	REC_DC_CLEAN_INV_RANGE, REC_DC_CLEAN_INV_ALL, REC_DC_CLEAN_RANGE,
	REC_TABLE_CLEAN, REC_IC_INV_RANGE, REC_IC_INV_ALL, REC_DRAIN,
	REC_TLB_INV_VA, REC_TLB_INV_ALL, REC_TTB_SET,
};

struct rec_entry {
	enum rec_op op;
	uintptr_t a, b;		/* range [a, b), an address in a, or ttb */
};

#define REC_MAX		4096

extern struct rec_entry rec_log[REC_MAX];
extern unsigned int rec_len;	/* entries logged (may exceed REC_MAX) */
extern paddr_t rec_ttb;		/* the table base the "MMU" uses */

/*
 * Sets up the recorder for a RAM arena of ram_size bytes at physical 0:
 * allocates the boot first-level table from the buddy with a linear map
 * of RAM at 0xC0000000 and clears the log. Call after buddy_init(),
 * before vm_init().
 */
void rec_setup(paddr_t ram_size);

/* Clears the log. */
void rec_reset(void);

/* Number of logged entries with operation op. */
unsigned int rec_count(enum rec_op op);

/* Index of the first entry with op at or after from, or -1. */
int rec_find(enum rec_op op, unsigned int from);

/*
 * Walks the tables as the hardware would, from memory as cleaned: returns
 * 0 and the physical address, or -1 for a translation fault.
 */
int rec_walk(paddr_t ttb, vaddr_t va, paddr_t *pa);

/* Prints the log (for failing tests). */
void rec_dump(void);

#endif
