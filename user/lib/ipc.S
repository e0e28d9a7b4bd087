/*
 * int mica_ipc(uint32_t to, uint32_t from, uint32_t timeouts,
 *              struct mica_msg *msg, uint32_t *sender)
 *
 * SYS_IPC with the registers of <uapi/ipc.h>: r0 to, r1 from, r2 tag,
 * r3 timeouts, message words 0-7 in r4, r5, r6, r8, r9, r10, r11, r12, the
 * call number in r7. Every one of r4-r12 carries a word in and out, so
 * this is assembly: C cannot bind r11 (fp) or r7 around one svc. The
 * message and the sender are stored only when a receive phase succeeded
 * (r0 == 0 and from != TID_NIL).
 */
#include <arch/asm.h>
#include <mica/ipc.h>
#include <uapi/syscall.h>

#define SAVED		44	/* bytes pushed: from, msg, r4-r11, lr */

	.syntax	unified
	.arm
	.cfi_sections .debug_frame
	.text

ENTRY(mica_ipc)
	.cfi_startproc
	push	{r1, r3-r11, lr}	@ from at [sp], msg at [sp, #4]
	.cfi_adjust_cfa_offset SAVED
	.cfi_rel_offset r4, 8
	.cfi_rel_offset r5, 12
	.cfi_rel_offset r6, 16
	.cfi_rel_offset r7, 20
	.cfi_rel_offset r8, 24
	.cfi_rel_offset r9, 28
	.cfi_rel_offset r10, 32
	.cfi_rel_offset r11, 36
	.cfi_rel_offset lr, 40
	mov	r12, r3			@ msg
	mov	r3, r2			@ timeouts
	ldr	r2, [r12, #MICA_MSG_TAG]
	add	r12, r12, #MICA_MSG_W
	ldmia	r12, {r4-r6, r8-r11}	@ words 0-6
	ldr	r12, [r12, #7 * 4]	@ word 7
	mov	r7, #SYS_IPC
	svc	#0
	cmp	r0, #0
	bne	1f			@ failed
	ldr	lr, [sp]		@ from
	cmp	lr, #0			@ TID_NIL: no receive phase
	beq	1f
	ldr	lr, [sp, #4]		@ msg
	str	r2, [lr], #MICA_MSG_W
	stmia	lr, {r4-r6, r8-r12}
	ldr	lr, [sp, #SAVED]	@ sender
	cmp	lr, #0
	strne	r1, [lr]
1:	add	sp, sp, #8
	.cfi_adjust_cfa_offset -8
	pop	{r4-r11, pc}
	.cfi_endproc
END(mica_ipc)
