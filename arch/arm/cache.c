/*
 * ARM926EJ-S cache maintenance loops; see include/arch/cache.h.
 * QEMU does not model caches, so these are right by construction: each
 * operation is the TRM's (DDI 0198E, 2.3.8).
 */
#include <arch/cache.h>

#define line_start(a)	((a) & ~(vaddr_t)(CACHE_LINE_SIZE - 1))

/*
 * Sixteen lines per loop turn: for a 4 KiB page that is 128 mcr, 128 adds
 * and 8 turns of the counter instead of 128 turns of a four-instruction
 * loop. Removing a page spends most of its time here.
 */
#define UNROLL_BYTES	(16 * CACHE_LINE_SIZE)

/* One line operation ("CRm, opcode2" of c7) and the step to the next line. */
#define LINE_STEP(op)	"mcr p15, 0, %0, c7, " op "\n\tadd %0, %0, #32\n\t"
#define LINE_STEP4(op)	LINE_STEP(op) LINE_STEP(op) LINE_STEP(op) LINE_STEP(op)

/*
 * Applies the c7 line operation op to every line of [start, end): from
 * start rounded down to a line, sixteen lines at a time while sixteen are
 * left, then line by line up to end. An empty range does nothing.
 */
#define FOR_EACH_LINE(op, start, end)					\
	do {								\
		vaddr_t a_ = line_start(start);				\
									\
		if ((start) >= (end))					\
			break;						\
		for (vaddr_t n_ = ((end) - a_) / UNROLL_BYTES; n_; n_--)	\
			__asm__ volatile(LINE_STEP4(op) LINE_STEP4(op)	\
					 LINE_STEP4(op) LINE_STEP4(op)	\
					 : "+r"(a_) : : "memory");	\
		for (; a_ < (end); a_ += CACHE_LINE_SIZE)		\
			__asm__ volatile("mcr p15, 0, %0, c7, " op	\
					 : : "r"(a_) : "memory");	\
	} while (0)

void dcache_clean_range(vaddr_t start, vaddr_t end)
{
	FOR_EACH_LINE("c10, 1", start, end);	/* clean D-cache line by MVA */
}

/*
 * A line only partly inside [start, end) also holds bytes outside it,
 * which may be dirty and are not ours to discard: such edge lines are
 * cleaned and invalidated, the whole lines between them invalidated.
 */
void dcache_inv_range(vaddr_t start, vaddr_t end)
{
	if (start >= end)
		return;
	if (start & (CACHE_LINE_SIZE - 1)) {
		FOR_EACH_LINE("c14, 1", start, start + 1);	/* clean+invalidate D-cache line by MVA */
		start = line_start(start) + CACHE_LINE_SIZE;
	}
	if ((end & (CACHE_LINE_SIZE - 1)) && start < end) {
		FOR_EACH_LINE("c14, 1", end - 1, end);	/* clean+invalidate D-cache line by MVA */
		end = line_start(end);
	}
	FOR_EACH_LINE("c6, 1", start, end);	/* invalidate D-cache line by MVA */
}

void dcache_clean_inv_range(vaddr_t start, vaddr_t end)
{
	FOR_EACH_LINE("c14, 1", start, end);	/* clean+invalidate D-cache line by MVA */
}

void icache_inv_range(vaddr_t start, vaddr_t end)
{
	FOR_EACH_LINE("c5, 1", start, end);	/* invalidate I-cache line by MVA */
}

void dcache_clean_inv_all(void)
{
	__asm__ volatile(
		"1:	mrc	p15, 0, APSR_nzcv, c7, c14, 3\n"	/* test, clean and invalidate D-cache */
		"	bne	1b\n" : : : "memory", "cc");
}
