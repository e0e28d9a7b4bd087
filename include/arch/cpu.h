/*
 * ARM926EJ-S processor state: PSR bits, CP15 control bits and one-line
 * accessors for the CP15 registers the kernel reads and writes.
 * References: ARM926EJ-S TRM (DDI 0198E) chapter 2, "Programmer's model".
 */
#ifndef MICA_ARCH_CPU_H
#define MICA_ARCH_CPU_H

/* Program status register */
#define PSR_MODE_USR	0x10
#define PSR_MODE_FIQ	0x11
#define PSR_MODE_IRQ	0x12
#define PSR_MODE_SVC	0x13
#define PSR_MODE_ABT	0x17
#define PSR_MODE_UND	0x1b
#define PSR_MODE_SYS	0x1f
#define PSR_MODE_MASK	0x1f
#define PSR_T		0x20	/* Thumb state */
#define PSR_F		0x40	/* FIQs masked */
#define PSR_I		0x80	/* IRQs masked */

/* CP15 c1, control register (TRM 2.3.5) */
#define SCTLR_M		(1 << 0)	/* MMU enable */
#define SCTLR_A		(1 << 1)	/* alignment fault checking */
#define SCTLR_C		(1 << 2)	/* D-cache enable */
#define SCTLR_W		(1 << 3)	/* write buffer (SBO on ARM926) */
#define SCTLR_S		(1 << 8)	/* system protection */
#define SCTLR_R		(1 << 9)	/* ROM protection */
#define SCTLR_I		(1 << 12)	/* I-cache enable */
#define SCTLR_V		(1 << 13)	/* high exception vectors */

#ifndef __ASSEMBLY__
#include <types.h>

static inline uint32_t cpsr_get(void)
{
	uint32_t v;

	__asm__ volatile("mrs %0, cpsr" : "=r"(v));
	return v;
}

static inline void cpsr_set_c(uint32_t v)
{
	__asm__ volatile("msr cpsr_c, %0" : : "r"(v) : "memory", "cc");
}

static inline bool irqs_disabled(void)
{
	return cpsr_get() & PSR_I;
}

static inline void irq_disable(void)
{
	cpsr_set_c(cpsr_get() | PSR_I | PSR_F);
}

static inline uint32_t sctlr_get(void)
{
	uint32_t v;

	__asm__ volatile("mrc p15, 0, %0, c1, c0, 0" : "=r"(v));	/* read control register */
	return v;
}

static inline void sctlr_set(uint32_t v)
{
	__asm__ volatile("mcr p15, 0, %0, c1, c0, 0" : : "r"(v) : "memory");	/* write control register */
}

static inline uint32_t midr_get(void)
{
	uint32_t v;

	__asm__ volatile("mrc p15, 0, %0, c0, c0, 0" : "=r"(v));	/* read main ID register */
	return v;
}

static inline uint32_t ttbr_get(void)
{
	uint32_t v;

	__asm__ volatile("mrc p15, 0, %0, c2, c0, 0" : "=r"(v));	/* read translation table base */
	return v;
}

static inline uint32_t dfsr_get(void)
{
	uint32_t v;

	__asm__ volatile("mrc p15, 0, %0, c5, c0, 0" : "=r"(v));	/* read data fault status */
	return v;
}

static inline uint32_t ifsr_get(void)
{
	uint32_t v;

	__asm__ volatile("mrc p15, 0, %0, c5, c0, 1" : "=r"(v));	/* read instruction fault status */
	return v;
}

static inline uint32_t far_get(void)
{
	uint32_t v;

	__asm__ volatile("mrc p15, 0, %0, c6, c0, 0" : "=r"(v));	/* read fault address */
	return v;
}

/* Waits for an interrupt (ARM926: CP15 c7 "wait for interrupt"). */
static inline void cpu_wait_for_interrupt(void)
{
	__asm__ volatile("mcr p15, 0, %0, c7, c0, 4" : : "r"(0) : "memory");	/* wait for interrupt */
}

/* Unmasks IRQs; FIQs stay masked (nothing uses them). */
static inline void irq_enable(void)
{
	cpsr_set_c(cpsr_get() & ~PSR_I);
}

/*
 * Sleeps until an interrupt is pending and lets it be taken: waits with
 * IRQs masked (the ARM926 wakes on a masked interrupt too), then unmasks
 * and masks them again, so an interrupt that came after the caller's last
 * check still ends the wait instead of being slept through. Call with IRQs
 * masked; returns with them masked.
 */
static inline void cpu_idle(void)
{
	cpu_wait_for_interrupt();
	irq_enable();
	irq_disable();
}

/* Stops the CPU for good: interrupts masked, waiting for interrupts. */
static inline void __noreturn cpu_halt(void)
{
	irq_disable();
	for (;;)
		cpu_wait_for_interrupt();
}
#endif

#endif
