/* Semihosting calls; see include/arch/semihost.h. */
#include <arch/cpu.h>
#include <arch/semihost.h>
#include <types.h>

#define SYS_EXIT_EXTENDED		0x20
#define ADP_STOPPED_APPLICATION_EXIT	0x20026

static int semihost_call(int op, void *arg)
{
	register int r0 __asm__("r0") = op;
	register void *r1 __asm__("r1") = arg;

	_Static_assert(SEMIHOST_SVC_INSN == 0xef123456u, "svc 0x123456 below");
	__asm__ volatile("svc 0x123456" : "+r"(r0) : "r"(r1) : "memory", "lr");
	return r0;
}

void semihost_exit(int status)
{
	uint32_t block[2] = { ADP_STOPPED_APPLICATION_EXIT, (uint32_t)status };

	semihost_call(SYS_EXIT_EXTENDED, block);
	cpu_halt();
}
