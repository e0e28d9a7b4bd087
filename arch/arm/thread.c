/*
 * Threads, the ARM side: a new thread's user context, the switch between
 * threads (the VIVT recipe lives in vm_space_switch), and the decoding
 * ARMv5 needs to tell a read fault from a write fault.
 */
#include <arch/cpu.h>
#include <arch/thread.h>
#include <kernel/uaccess.h>
#include <uapi/ipc.h>

_Static_assert(TF_SIZE % 8 == 0, "a TCB's context keeps the SVC sp 8-byte aligned");

void arch_ctx_init(struct trap_frame *ctx, vaddr_t pc, vaddr_t sp, uint32_t arg)
{
	for (unsigned int i = 0; i < 13; i++)
		ctx->r[i] = 0;
	ctx->r[0] = arg;
	ctx->sp = sp;
	ctx->lr = 0;
	ctx->pc = pc;
	/*
	 * IRQs on, FIQs off (nothing uses them; user mode cannot change the
	 * mask): the SVC entry, which masks only IRQs, then runs with both
	 * masked, as every kernel entry must. ARM state.
	 */
	ctx->cpsr = PSR_MODE_USR | PSR_F;
	ctx->type = TRAP_RESET;
}


#define INSN_L		(1u << 20)	/* load/store bit of the transfer classes */

/*
 * ARM ARM A3.1 instruction classes: single transfers (bits 27:26 = 01),
 * multiple (27:25 = 100), coprocessor (27:25 = 110) and the extra
 * transfers (27:25 = 000 with bits 7 and 4 set: halfwords, doublewords,
 * SWP) say "load" in bit 20, except LDRD/STRD (L = 0, bit 5 = store) and
 * SWP, which reads and writes (counted a write).
 */
static bool insn_is_write(uint32_t insn)
{
	if ((insn & 0x0c000000u) == 0x04000000u ||
	    (insn & 0x0e000000u) == 0x08000000u ||
	    (insn & 0x0e000000u) == 0x0c000000u)
		return !(insn & INSN_L);
	if ((insn & 0x0e000090u) != 0x00000090u)
		return false;
	if ((insn & 0x0fb00ff0u) == 0x01000090u)	/* SWP, SWPB */
		return true;
	if (!(insn & INSN_L) && (insn & 0x60u) == 0x40u)	/* LDRD */
		return false;
	return !(insn & INSN_L);
}

bool arch_kernel_fault_is_write(const struct trap_frame *tf)
{
	return insn_is_write(*(const uint32_t *)tf->pc);
}

bool arch_fault_is_write(const struct trap_frame *tf)
{
	uint32_t insn;

	if (get_user(&insn, (const uint32_t *)tf->pc))
		return false;
	return insn_is_write(insn);
}
