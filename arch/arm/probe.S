/*
 * Block forms of the fault-recovering accesses, for the RAM probe
 * (contract in include/arch/fixup.h): four instructions a word, where the C
 * loop around the one-word access took ten. Word i is at va + i * stride;
 * an access that aborts is listed in __ex_table, and its fixup returns how
 * many words were done before it.
 *
 * uint32_t probe_read_words(uintptr_t va, uint32_t stride, uint32_t n,
 *			     uint32_t *buf);
 * uint32_t probe_write_words(uintptr_t va, uint32_t stride, uint32_t n,
 *			      const uint32_t *buf);
 */
#include <arch/asm.h>

	.syntax	unified
	.text

ENTRY(probe_read_words)
	push	{r4}
	mov	r4, r2				@ r4 = n, r2 counts down
	cmp	r2, #0
	beq	2f
1:	ldr	ip, [r0]			@ may abort: fixup 3f
	str	ip, [r3], #4
	add	r0, r0, r1
	subs	r2, r2, #1
	bne	1b
2:	mov	r0, r4				@ all n done
	pop	{r4}
	bx	lr
3:	sub	r0, r4, r2			@ aborted at word n - r2
	pop	{r4}
	bx	lr
	.pushsection __ex_table, "a"
	.align	2
	.word	1b, 3b
	.popsection
END(probe_read_words)

ENTRY(probe_write_words)
	push	{r4}
	mov	r4, r2
	cmp	r2, #0
	beq	2f
1:	ldr	ip, [r3], #4
4:	str	ip, [r0]			@ may abort: fixup 3f
	add	r0, r0, r1
	subs	r2, r2, #1
	bne	1b
2:	mov	r0, r4
	pop	{r4}
	bx	lr
3:	sub	r0, r4, r2
	pop	{r4}
	bx	lr
	.pushsection __ex_table, "a"
	.align	2
	.word	4b, 3b
	.popsection
END(probe_write_words)
