/*
 * Interrupt dispatch; see include/kernel/irq.h. The table is indexed by
 * line, so a dispatch is a load and a call.
 */
#include <arch/cpu.h>
#include <kernel/irq.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <platform.h>
#include <uapi/errno.h>

struct irq_action {
	irq_handler_fn fn;
	void *arg;
};

static struct irq_action irq_actions[PLATFORM_IRQ_COUNT];

void irq_init(void)
{
	platform_irq_init();
}

int irq_register(unsigned int irq, irq_handler_fn fn, void *arg)
{
	BUG_ON(!irqs_disabled());
	if (irq >= PLATFORM_IRQ_COUNT || !fn)
		return -EINVAL;
	if (irq_actions[irq].fn)
		return -EBUSY;
	irq_actions[irq].fn = fn;
	irq_actions[irq].arg = arg;
	platform_irq_enable(irq);
	return 0;
}

void irq_unregister(unsigned int irq)
{
	BUG_ON(!irqs_disabled() || irq >= PLATFORM_IRQ_COUNT);
	platform_irq_disable(irq);
	irq_actions[irq].fn = NULL;
	irq_actions[irq].arg = NULL;
}

/* Disabled, the line stays quiet: one warning per line enabled by mistake. */
static void irq_unhandled(unsigned int irq)
{
	platform_irq_disable(irq);
	printk("irq: warning: line %u has no handler, disabled\n", irq);
}

void irq_handle(void)
{
	int irq;

	BUG_ON(!irqs_disabled());
	while ((irq = platform_irq_pending()) >= 0) {
		const struct irq_action *a = &irq_actions[irq];

		if (likely(a->fn))
			a->fn(irq, a->arg);
		else
			irq_unhandled(irq);
	}
}
