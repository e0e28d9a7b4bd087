/*
 * ARM semihosting (ARM DUI 0471, "Semihosting"): on ARMv5 in ARM state a
 * call is "svc 0x123456" with the operation in r0 and its argument in r1.
 * QEMU serves it when started with -semihosting; mica uses it only to end a
 * test run with an exit status.
 */
#ifndef MICA_ARCH_SEMIHOST_H
#define MICA_ARCH_SEMIHOST_H

/* The semihosting call instruction, "svc 0x123456" (ARM state). */
#define SEMIHOST_SVC_INSN	0xef123456u

/*
 * Ends the QEMU process with the given status (SYS_EXIT_EXTENDED). Where
 * nobody serves semihosting (QEMU without -semihosting, a board) the call
 * traps as an ordinary SVC, trap_dispatch() fails it, and the CPU halts
 * with interrupts masked instead.
 */
void semihost_exit(int status) __attribute__((noreturn));

#endif
