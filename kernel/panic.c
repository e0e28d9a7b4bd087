/*
 * panic(): report a broken invariant and stop. The test kernel ends QEMU
 * with exit status 1 through semihosting so the test runner sees it; the
 * normal kernel halts the CPU with interrupts masked and every interrupt
 * line disabled (a pending tick would end each WFI at once), leaving the
 * report on the console and the rest of the state for a debugger.
 */
#include <arch/cpu.h>
#include <arch/semihost.h>
#include <arch/trap.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <platform.h>

static bool panicking;

void kernel_exit(int status)
{
	irq_disable();
	platform_irq_init();		/* every line off: a halt's WFI sleeps */
#ifdef CONFIG_KTEST
	semihost_exit(status);		/* halts if semihosting is absent */
#else
	(void)status;
	cpu_halt();
#endif
}

void kernel_power_off(int status)
{
	irq_disable();
	platform_irq_init();
	semihost_exit(status);		/* halts if semihosting is absent */
}

static void __noreturn panic_report(const char *file, int line,
				    const struct trap_frame *tf,
				    const char *fmt, va_list ap)
{
	irq_disable();
	if (panicking)
		kernel_exit(2);
	panicking = true;

	printk("\nPANIC at %s:%d: ", file, line);
	vprintk(fmt, ap);
	printk("\n");
	trap_dump(tf);
	backtrace_print(tf->r[11], tf->pc, tf->sp);
	printk("---[ end of panic ]---\n");
	kernel_exit(1);
}

void panic_at(const char *file, int line, const char *fmt, ...)
{
	struct trap_frame tf;
	va_list ap;

	trap_capture(&tf);
	va_start(ap, fmt);
	panic_report(file, line, &tf, fmt, ap);
}

void panic_frame_at(const char *file, int line, const struct trap_frame *tf,
		    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	panic_report(file, line, tf, fmt, ap);
}
