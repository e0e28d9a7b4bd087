/*
 * kmain: the boot story, one step per line. head.S has turned the MMU on
 * with the linear map of RAM at 0xC0000000 and the device window, cleared
 * BSS and set up the stacks; interrupts stay masked.
 */
#include <arch/cpu.h>
#include <arch/memory.h>
#include <arch/trap.h>
#include <kernel/boot.h>
#include <kernel/frames.h>
#include <kernel/mapdb.h>
#include <kernel/root.h>
#include <kernel/sched.h>
#include <kernel/clock.h>
#include <kernel/console.h>
#include <kernel/irq.h>
#include <kernel/ktest.h>
#include <kernel/panic.h>
#include <kernel/printk.h>
#include <mm/memcache.h>
#include <mm/phys.h>
#include <mm/vm.h>
#include <platform.h>

static struct bootinfo bootinfo;

static void cpu_report(void)
{
	uint32_t sctlr = sctlr_get();

	printk("cpu: ARM926EJ-S (id 0x%08x), MMU %s, I-cache %s, D-cache %s, "
	       "vectors at 0x%08x\n", midr_get(),
	       sctlr & SCTLR_M ? "on" : "off", sctlr & SCTLR_I ? "on" : "off",
	       sctlr & SCTLR_C ? "on" : "off",
	       sctlr & SCTLR_V ? VECTORS_VIRT : 0);
}

void kmain(paddr_t boot_params)
{
	platform_console_init();	/* PL011 UART0: printk works from here */
	printk("\nmica: booting on %s\n", platform_name());
	trap_init();			/* exception vectors at 0xFFFF0000 */
	cpu_report();			/* what head.S turned on */
	boot_params_read(boot_params, &bootinfo);	/* ATAGs/DTB, cmdline */
	mem_init(&bootinfo);		/* RAM: loader's map or probe; buddy */
	mm_caches_init();		/* kmalloc and page-table caches */
	vm_init();			/* the kernel's address space */
	irq_init();			/* interrupt controller, every line off */
	clock_init(CLOCK_HZ);		/* the periodic tick */
	printk("mica: banner done at %u ticks of 24 MHz\n", platform_counter_read());
#ifdef CONFIG_KTEST
	ktest_main();			/* run the selected tests, exit QEMU */
#endif
	frames_init();			/* the frame-ownership record */
	mapdb_init();			/* where each frame is mapped */
	thread_init();			/* ids, TCB and task caches, run queues */
	root_start();			/* the root task, and its grant of frames */
	console_init();			/* console input by interrupt */
	clock_set_tick_hook(sched_tick);	/* timeslices and timeouts */
	sched_return();			/* to user space, for good */
}
