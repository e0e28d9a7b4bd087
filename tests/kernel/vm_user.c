/*
 * A user-mode fault reaches the user-fault hook with a decoded FSR and the
 * address: a two-instruction user program makes a data abort (resumed past
 * by the hook) and then a prefetch abort (which the hook turns into a
 * return to the kernel, to vm_user_return below).
 */
#include <arch/cpu.h>
#include <arch/trap.h>
#include <kernel/ktest.h>
#include <mm/buddy.h>
#include <mm/phys.h>
#include <mm/vm.h>

#include "vm_test.h"

#define UCODE		0x00400000u
#define UDATA_BAD	0x00800000u	/* no table in this MiB */
#define UCODE_BAD	0x00900000u
#define FSR_TRANS_SECT	0x5

/*
 * vm_user_enter(pc, r1, r2): saves the callee-saved registers and the SVC
 * stack pointer, then enters user mode at pc (IRQs masked) with r1 and r2
 * as given. vm_user_return restores them and returns from vm_user_enter.
 */
void vm_user_enter(uint32_t pc, uint32_t r1, uint32_t r2);
void vm_user_return(void);
uint32_t vm_user_saved_sp;

__asm__(
	"	.text\n"
	"	.align	2\n"
	"	.global	vm_user_enter, vm_user_return\n"
	"vm_user_enter:\n"
	"	push	{r4-r11, lr}\n"
	"	ldr	r3, =vm_user_saved_sp\n"
	"	str	sp, [r3]\n"
	"	msr	spsr_cxsf, #0xd0\n"	/* user mode, IRQs and FIQs masked */
	"	movs	pc, r0\n"
	"vm_user_return:\n"
	"	ldr	r3, =vm_user_saved_sp\n"
	"	ldr	sp, [r3]\n"
	"	pop	{r4-r11, pc}\n"
	"	.ltorg\n");

static const uint32_t user_program[] = {
	0xe5910000,	/* ldr r0, [r1]: data abort */
	0xe12fff12,	/* bx r2: prefetch abort */
};

static struct fault_info seen[2];
static unsigned int nseen;

static void hook(struct trap_frame *tf, const struct fault_info *fi)
{
	if (nseen < 2)
		seen[nseen] = *fi;
	nseen++;
	if (!fi->prefetch && nseen == 1) {
		tf->pc += 4;
		return;
	}
	tf->pc = (uint32_t)vm_user_return;
	tf->cpsr = PSR_MODE_SVC | PSR_I | PSR_F;
}

KTEST(vm, user_fault_hook)
{
	paddr_t pa = buddy_alloc(0);
	uint32_t *code;

	KT_ASSERT(pa != BUDDY_NONE);
	code = phys_to_virt(pa);
	code[0] = user_program[0];
	code[1] = user_program[1];
	KT_ASSERT_EQ(add_mapping(&vm_kernel, UCODE, pa, 4096,
				 VM_USER | VM_EXEC), 0);
	nseen = 0;
	trap_set_user_fault(hook);
	vm_user_enter(UCODE, UDATA_BAD, UCODE_BAD);
	trap_set_user_fault(NULL);
	KT_ASSERT_EQ(nseen, 2);
	KT_ASSERT(!seen[0].prefetch);
	KT_ASSERT_EQ(seen[0].addr, UDATA_BAD);
	KT_ASSERT_EQ(seen[0].fsr & 0xf, FSR_TRANS_SECT);
	KT_ASSERT(seen[1].prefetch);
	KT_ASSERT_EQ(seen[1].addr, UCODE_BAD);
	KT_ASSERT_EQ(seen[1].fsr & 0xf, FSR_TRANS_SECT);
	KT_ASSERT_EQ(remove_mapping(&vm_kernel, UCODE, 4096), 0);
	buddy_free(pa, 0);
}
