/*
 * Interrupt dispatch: one handler per interrupt line of the platform's
 * controller (include/platform.h numbers them). Everything here runs with
 * IRQs masked: the kernel is not preemptible and takes an interrupt only
 * where it waits for one (cpu_idle()).
 */
#ifndef MICA_KERNEL_IRQ_H
#define MICA_KERNEL_IRQ_H

#include <types.h>

/*
 * Called with the line that interrupted and the registered argument. It
 * must make its device drop the line (acknowledge it) before returning,
 * or irq_handle() calls it again at once.
 */
typedef void (*irq_handler_fn)(unsigned int irq, void *arg);

/* Sets up the controller with every line disabled. */
void irq_init(void);

/*
 * Installs fn(irq, arg) as line irq's handler and enables the line.
 * Returns 0, -EINVAL for a line the controller does not have or a NULL fn,
 * -EBUSY if the line already has a handler.
 */
int irq_register(unsigned int irq, irq_handler_fn fn, void *arg);

/* Disables line irq and removes its handler (a bug if irq is out of range). */
void irq_unregister(unsigned int irq);

/*
 * The trap path's IRQ entry: runs the handler of every pending line until
 * none is pending, lowest line first. A pending line without a handler is
 * disabled and reported with one warning, not a panic.
 */
void irq_handle(void);

#endif
