/*
 * Boot suite: what head.S, trap_init() and mem_init() promised holds in the
 * running kernel.
 */
#include <arch/cpu.h>
#include <arch/fixup.h>
#include <arch/memory.h>
#include <kernel/boot.h>
#include <kernel/ktest.h>
#include <lib/format.h>
#include <mm/buddy.h>
#include <mm/phys.h>
#include <platform.h>
#include <string.h>
#include <uapi/errno.h>

extern char vectors_page[];

KTEST(boot, mmu_caches_vectors_on)
{
	uint32_t sctlr = sctlr_get();

	KT_ASSERT(sctlr & SCTLR_M);
	KT_ASSERT(sctlr & SCTLR_C);
	KT_ASSERT(sctlr & SCTLR_I);
	KT_ASSERT(sctlr & SCTLR_V);
	KT_ASSERT(sctlr & SCTLR_A);
	KT_ASSERT_EQ(ttbr_get() & ~0x3fffu, virt_to_phys(boot_pgd));
}

KTEST(boot, irqs_masked_in_svc)
{
	KT_ASSERT_EQ(cpsr_get() & PSR_MODE_MASK, PSR_MODE_SVC);
	KT_ASSERT(irqs_disabled());
}

KTEST(boot, vector_page_is_the_kernel_vectors)
{
	KT_ASSERT(!memcmp((const void *)VECTORS_VIRT, vectors_page, 64));
}

KTEST(boot, identity_map_dropped)
{
	uint32_t v;

	KT_ASSERT_EQ(probe_read32((const uint32_t *)KERNEL_PHYS, &v), -EFAULT);
}

/* The last RAM page reads; the first byte past it faults, read or write. */
KTEST(boot, linear_map_covers_ram_only)
{
	paddr_t start, end;
	uint32_t v;

	buddy_ram_range(&start, &end);
	KT_ASSERT_EQ(probe_read32(phys_to_virt(end - 4), &v), 0);
	KT_ASSERT_EQ(probe_read32(phys_to_virt(end - PAGE_SIZE), &v), 0);
	if (end < PHYS_OFFSET + RAM_MAX_SIZE) {
		KT_ASSERT_EQ(probe_read32(phys_to_virt(end), &v), -EFAULT);
		KT_ASSERT_EQ(probe_write32(phys_to_virt(end), 1), -EFAULT);
		KT_ASSERT_EQ(probe_read32(phys_to_virt(end + PAGE_SIZE - 4), &v), -EFAULT);
	}
}

KTEST(boot, ram_holds_the_kernel)
{
	paddr_t start, end;

	buddy_ram_range(&start, &end);
	KT_ASSERT(start <= virt_to_phys(_kernel_start));
	KT_ASSERT(virt_to_phys(_kernel_end) <= end);
	KT_ASSERT(IS_ALIGNED(start, PAGE_SIZE) && IS_ALIGNED(end, PAGE_SIZE));
}

KTEST(boot, fixup_catches_write_fault)
{
	KT_ASSERT_EQ(probe_write32((uint32_t *)0x1000, 1), -EFAULT);
}

KTEST(boot, device_window_reaches_counter)
{
	uint32_t a = platform_counter_read();
	volatile int spin;

	for (spin = 0; spin < 10000; spin++)
		;
	KT_ASSERT(platform_counter_read() != a);
}

KTEST(boot, format_in_kernel)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%08x|%-4d|%5s|%c|%llu|%zu|%p", 0xbeefu, -7,
		 "ab", 'z', 1ull << 40, (size_t)3, (void *)0xc0008000);
	KT_ASSERT(!strcmp(buf, "0000beef|-7  |   ab|z|1099511627776|3|0xc0008000"));
}

KTEST(boot, command_line_parsed)
{
	KT_ASSERT(boot_option("test") != NULL);
	KT_ASSERT(boot_option("no-such-option") == NULL);
}

/*
 * An abort taken while sp is 4 mod 8 (between a push and its pop): the
 * stub must still build an 8-byte aligned frame (trap_dispatch BUG()s on a
 * misaligned one) and return with sp exactly as it was.
 */
KTEST(boot, fault_with_unaligned_sp)
{
	volatile uintptr_t addr = 0x10;		/* page 0: never mapped */
	uint32_t saved, odd_sp, sp_after, v = 0;
	int err = 0;

	__asm__ volatile(
		"	mov	%[saved], sp\n"
		"	bic	%[odd], %[saved], #7\n"
		"	sub	%[odd], %[odd], #4\n"
		"	mov	sp, %[odd]\n"
		"1:	ldr	%[v], [%[p]]\n"
		"2:	mov	%[after], sp\n"
		"	mov	sp, %[saved]\n"
		EX_FIXUP("%[err]")
		EX_TABLE_ENTRY("1b", "3b")
		: [err] "+r"(err), [v] "+r"(v), [saved] "=&r"(saved),
		  [odd] "=&r"(odd_sp), [after] "=&r"(sp_after)
		: [p] "r"(addr), [efault] "i"(-EFAULT)
		: "memory");
	KT_ASSERT_EQ(err, -EFAULT);
	KT_ASSERT_EQ(odd_sp & 7, 4);
	KT_ASSERT_EQ(sp_after, odd_sp);
}
