/*
 * The vm suite: address spaces on the real MMU. Frames are mapped in the
 * kernel mapping window (VM_KMAP_START..VM_KMAP_END) and in the user half
 * of the kernel's own space; faults are caught through the fixup table.
 *
 * The caches are VIVT: a line written through one alias of a frame is not
 * seen through another until it is cleaned (and stale lines of the reader
 * discarded), so the alias tests do that maintenance explicitly.
 */
#include <arch/cache.h>
#include <arch/fixup.h>
#include <arch/memory.h>
#include <arch/trap.h>
#include <kernel/ktest.h>
#include <kernel/uaccess.h>
#include <mm/buddy.h>
#include <mm/fault_inject.h>
#include <mm/memcache.h>
#include <mm/phys.h>
#include <mm/vm.h>
#include <uapi/errno.h>

#include "vm_test.h"

#define KVA		0xE0000000u
#define UVA		0x00400000u
#define PG		4096u
#define MiB		0x100000u

/* FSR[3:0] (ARM ARM B4.6). */
#define FSR_TRANS_SECT	0x5
#define FSR_TRANS_PAGE	0x7
#define FSR_PERM_PAGE	0xf

uint32_t vm_test_l2_inuse(void)
{
	struct memcache_stats st;

	memcache_stats(&l2pt_cache, &st);
	return st.inuse;
}

uint32_t vm_test_frames_free(void)
{
	struct buddy_stats st;

	memcache_shrink(&l2pt_cache);
	buddy_drain();
	buddy_stats(&st);
	return st.free_frames;
}

uint32_t vm_test_random(uint32_t x)
{
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return x;
}

static paddr_t frame_alloc(void)
{
	paddr_t pa = buddy_alloc(0);

	if (pa != BUDDY_NONE)
		*(volatile uint32_t *)phys_to_virt(pa) = 0;
	return pa;
}

static uint32_t *kptr(vaddr_t va)
{
	return (uint32_t *)va;
}

KTEST(vm, one_frame_two_addresses)
{
	paddr_t pa;
	uint32_t *a = kptr(KVA), *b = kptr(KVA + MiB + 3 * PG);

	pa = frame_alloc();
	KT_ASSERT(pa != BUDDY_NONE);
	KT_ASSERT_EQ(add_mapping(&vm_kernel, KVA, pa, PG, VM_WRITE), 0);
	KT_ASSERT_EQ(add_mapping(&vm_kernel, (vaddr_t)b, pa, PG, VM_WRITE), 0);
	a[5] = 0xfeedc0de;
	dcache_clean_range((vaddr_t)a, (vaddr_t)a + PG);
	KT_ASSERT_EQ(b[5], 0xfeedc0de);
	b[6] = 0x600dcafe;
	dcache_clean_inv_range((vaddr_t)b, (vaddr_t)b + PG);
	dcache_inv_range((vaddr_t)a, (vaddr_t)a + PG);
	KT_ASSERT_EQ(a[6], 0x600dcafe);
	KT_ASSERT_EQ(((uint32_t *)phys_to_virt(pa))[6], 0x600dcafe);
	KT_ASSERT_EQ(remove_mapping(&vm_kernel, KVA, PG), 0);
	KT_ASSERT_EQ(remove_mapping(&vm_kernel, (vaddr_t)b, PG), 0);
	buddy_free(pa, 0);
}

KTEST(vm, unmapped_access_aborts)
{
	paddr_t pa = frame_alloc();
	uint32_t v;

	KT_ASSERT(pa != BUDDY_NONE);
	KT_ASSERT_EQ(add_mapping(&vm_kernel, KVA, pa, 2 * PG, VM_WRITE), 0);
	KT_ASSERT_EQ(probe_write32(kptr(KVA + 8), 77), 0);
	KT_ASSERT_EQ(probe_read32(kptr(KVA + 8), &v), 0);
	KT_ASSERT_EQ(v, 77);
	/* the table stays (one page left): a page translation fault */
	KT_ASSERT_EQ(remove_mapping(&vm_kernel, KVA, PG), 0);
	KT_ASSERT_EQ(probe_read32(kptr(KVA + 8), &v), -EFAULT);
	KT_ASSERT_EQ(trap_last_fixup.fsr & 0xf, FSR_TRANS_PAGE);
	KT_ASSERT_EQ(trap_last_fixup.addr, KVA + 8);
	/* the table is freed: a section translation fault */
	KT_ASSERT_EQ(remove_mapping(&vm_kernel, KVA + PG, PG), 0);
	KT_ASSERT_EQ(probe_write32(kptr(KVA + PG), 1), -EFAULT);
	KT_ASSERT_EQ(trap_last_fixup.fsr & 0xf, FSR_TRANS_SECT);
	buddy_free(pa, 0);
}

KTEST(vm, sections_and_pages)
{
	paddr_t pa = buddy_alloc(8), got;	/* 1 MiB, 1 MiB aligned */
	uint32_t *lin, v;
	unsigned int fl;

	KT_ASSERT(pa != BUDDY_NONE);
	lin = phys_to_virt(pa);
	lin[0] = 0x5ec7;
	lin[(MiB - PG) / 4] = 0x1a57;
	dcache_clean_range((vaddr_t)lin, (vaddr_t)lin + MiB);
	KT_ASSERT_EQ(add_mapping(&vm_kernel, KVA, pa, MiB,
				 VM_WRITE | VM_SECTION), 0);
	KT_ASSERT_EQ(vm_translate(&vm_kernel, KVA + 12, &got, &fl), 0);
	KT_ASSERT_EQ(got, pa + 12);
	KT_ASSERT(fl & VM_SECTION);
	KT_ASSERT_EQ(*kptr(KVA), 0x5ec7);
	KT_ASSERT_EQ(*kptr(KVA + MiB - PG), 0x1a57);
	/* the same frames as small pages, 1 MiB up */
	KT_ASSERT_EQ(add_mapping(&vm_kernel, KVA + MiB, pa, MiB, VM_WRITE), 0);
	KT_ASSERT_EQ(vm_translate(&vm_kernel, KVA + 2 * MiB - PG, &got, &fl), 0);
	KT_ASSERT(!(fl & VM_SECTION));
	KT_ASSERT_EQ(*kptr(KVA + 2 * MiB - PG), 0x1a57);
	KT_ASSERT_EQ(remove_mapping(&vm_kernel, KVA + 4 * PG, PG), -EINVAL);
	KT_ASSERT_EQ(remove_mapping(&vm_kernel, KVA, 2 * MiB), 0);
	KT_ASSERT_EQ(probe_read32(kptr(KVA), &v), -EFAULT);
	KT_ASSERT_EQ(probe_read32(kptr(KVA + MiB), &v), -EFAULT);
	buddy_free(pa, 8);
}

/*
 * With SCTLR.S = 1 (vm_init) AP = 0 is "privileged read-only", so a kernel
 * read-only page faults on a kernel write. User read-only (AP = 2) pages
 * stay writable by privileged stores, but not by copy_to_user's strt.
 */
KTEST(vm, read_only_mappings)
{
	paddr_t pa = frame_alloc();
	uint32_t v;

	KT_ASSERT(pa != BUDDY_NONE);
	KT_ASSERT_EQ(add_mapping(&vm_kernel, KVA, pa, PG, 0), 0);
	KT_ASSERT_EQ(probe_read32(kptr(KVA), &v), 0);
	KT_ASSERT_EQ(probe_write32(kptr(KVA), 1), -EFAULT);
	KT_ASSERT_EQ(trap_last_fixup.fsr & 0xf, FSR_PERM_PAGE);
	KT_ASSERT_EQ(change_mapping(&vm_kernel, KVA, pa, PG, VM_WRITE), 0);
	KT_ASSERT_EQ(probe_write32(kptr(KVA), 1), 0);
	KT_ASSERT_EQ(remove_mapping(&vm_kernel, KVA, PG), 0);

	KT_ASSERT_EQ(add_mapping(&vm_kernel, UVA, pa, PG, VM_USER), 0);
	KT_ASSERT_EQ(get_user(&v, kptr(UVA)), 0);
	KT_ASSERT_EQ(put_user(2, kptr(UVA)), -EFAULT);
	KT_ASSERT_EQ(trap_last_fixup.fsr & 0xf, FSR_PERM_PAGE);
	KT_ASSERT_EQ(probe_write32(kptr(UVA), 3), 0);	/* AP = 2: priv RW */
	KT_ASSERT_EQ(remove_mapping(&vm_kernel, UVA, PG), 0);
	buddy_free(pa, 0);
}

/*
 * QEMU caches translations like a TLB and drops them only on TLB
 * maintenance, so these see a missing tlb_inv_va: each access first loads
 * the old translation, then the mapping changes under it.
 */
KTEST(vm, tlb_sees_rw_to_ro)
{
	paddr_t pa = frame_alloc();
	uint32_t v;

	KT_ASSERT(pa != BUDDY_NONE);
	KT_ASSERT_EQ(add_mapping(&vm_kernel, KVA, pa, PG, VM_WRITE), 0);
	KT_ASSERT_EQ(probe_write32(kptr(KVA + 4), 0x11111111), 0);
	KT_ASSERT_EQ(change_mapping(&vm_kernel, KVA, pa, PG, 0), 0);
	KT_ASSERT_EQ(probe_write32(kptr(KVA + 4), 0x22222222), -EFAULT);
	KT_ASSERT_EQ(trap_last_fixup.fsr & 0xf, FSR_PERM_PAGE);
	KT_ASSERT_EQ(trap_last_fixup.addr, KVA + 4);
	KT_ASSERT_EQ(probe_read32(kptr(KVA + 4), &v), 0);
	KT_ASSERT_EQ(v, 0x11111111);
	KT_ASSERT_EQ(remove_mapping(&vm_kernel, KVA, PG), 0);

	/* the user view: put_user's strt after user RW -> user RO */
	KT_ASSERT_EQ(add_mapping(&vm_kernel, UVA, pa, PG, VM_USER | VM_WRITE), 0);
	KT_ASSERT_EQ(put_user(0x33333333, kptr(UVA + 8)), 0);
	KT_ASSERT_EQ(change_mapping(&vm_kernel, UVA, pa, PG, VM_USER), 0);
	KT_ASSERT_EQ(put_user(0x44444444, kptr(UVA + 8)), -EFAULT);
	KT_ASSERT_EQ(trap_last_fixup.fsr & 0xf, FSR_PERM_PAGE);
	KT_ASSERT_EQ(trap_last_fixup.addr, UVA + 8);
	KT_ASSERT_EQ(get_user(&v, kptr(UVA + 8)), 0);
	KT_ASSERT_EQ(v, 0x33333333);
	KT_ASSERT_EQ(remove_mapping(&vm_kernel, UVA, PG), 0);
	buddy_free(pa, 0);
}

/* Its own address: a failure above must not leave this one mapped. */
#define RVA	(KVA + 2 * MiB)

KTEST(vm, tlb_sees_remap_to_another_frame)
{
	paddr_t a = frame_alloc(), b = frame_alloc();
	uint32_t v;

	KT_ASSERT(a != BUDDY_NONE && b != BUDDY_NONE);
	*(volatile uint32_t *)phys_to_virt(a) = 0xaaaa0001;
	*(volatile uint32_t *)phys_to_virt(b) = 0xbbbb0002;
	dcache_clean_range((vaddr_t)phys_to_virt(a), (vaddr_t)phys_to_virt(a) + PG);
	dcache_clean_range((vaddr_t)phys_to_virt(b), (vaddr_t)phys_to_virt(b) + PG);
	KT_ASSERT_EQ(add_mapping(&vm_kernel, RVA, a, PG, VM_WRITE), 0);
	KT_ASSERT_EQ(probe_read32(kptr(RVA), &v), 0);
	KT_ASSERT_EQ(v, 0xaaaa0001);
	KT_ASSERT_EQ(change_mapping(&vm_kernel, RVA, b, PG, VM_WRITE), 0);
	KT_ASSERT_EQ(probe_read32(kptr(RVA), &v), 0);
	KT_ASSERT_EQ(v, 0xbbbb0002);
	KT_ASSERT_EQ(probe_write32(kptr(RVA), 0xbbbb0003), 0);
	KT_ASSERT_EQ(*(volatile uint32_t *)phys_to_virt(a), 0xaaaa0001);

	/* unmap and map another frame at the same address */
	KT_ASSERT_EQ(remove_mapping(&vm_kernel, RVA, PG), 0);
	KT_ASSERT_EQ(add_mapping(&vm_kernel, RVA, a, PG, VM_WRITE), 0);
	KT_ASSERT_EQ(probe_read32(kptr(RVA), &v), 0);
	KT_ASSERT_EQ(v, 0xaaaa0001);
	KT_ASSERT_EQ(remove_mapping(&vm_kernel, RVA, PG), 0);
	buddy_free(a, 0);
	buddy_free(b, 0);
}

KTEST(vm, uaccess)
{
	paddr_t pa = frame_alloc();
	uint8_t buf[16], out[16];
	uint32_t v = 0;

	KT_ASSERT(pa != BUDDY_NONE);
	for (unsigned int i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 7 + 1);
	/* unmapped user memory, kernel memory, a range into the kernel */
	KT_ASSERT_EQ(copy_from_user(out, (void *)UVA, 4), -EFAULT);
	KT_ASSERT_EQ(copy_from_user(out, _kernel_start, 4), -EFAULT);
	KT_ASSERT_EQ(copy_from_user(out, (void *)(VM_USER_END - 4), 8), -EFAULT);
	KT_ASSERT_EQ(copy_to_user((void *)0xC0010000, buf, 4), -EFAULT);
	KT_ASSERT_EQ(get_user(&v, (uint32_t *)0xC0008000), -EFAULT);
	KT_ASSERT_EQ(put_user(1, (uint32_t *)0), -EFAULT);

	KT_ASSERT_EQ(add_mapping(&vm_kernel, UVA, pa, PG, VM_USER | VM_WRITE), 0);
	KT_ASSERT_EQ(copy_to_user((void *)(UVA + 1), buf, sizeof(buf)), 0);
	KT_ASSERT_EQ(copy_from_user(out, (void *)(UVA + 1), sizeof(out)), 0);
	for (unsigned int i = 0; i < sizeof(buf); i++)
		KT_ASSERT_EQ(out[i], buf[i]);
	KT_ASSERT_EQ(put_user(0xabcdef01, kptr(UVA + 64)), 0);
	KT_ASSERT_EQ(get_user(&v, kptr(UVA + 64)), 0);
	KT_ASSERT_EQ(v, 0xabcdef01);
	KT_ASSERT_EQ(get_user(&v, (uint32_t *)(UVA + 2)), -EFAULT);
	/* running off the end of the mapping part way through */
	KT_ASSERT_EQ(copy_from_user(out, (void *)(UVA + PG - 8), 16), -EFAULT);
	KT_ASSERT_EQ(remove_mapping(&vm_kernel, UVA, PG), 0);

	/* a kernel-only page in the user half is not user memory */
	KT_ASSERT_EQ(add_mapping(&vm_kernel, UVA, pa, PG, VM_WRITE), 0);
	KT_ASSERT_EQ(get_user(&v, kptr(UVA)), -EFAULT);
	KT_ASSERT_EQ(remove_mapping(&vm_kernel, UVA, PG), 0);
	buddy_free(pa, 0);
}

KTEST(vm, spaces_and_switch)
{
	struct vm_space *a, *b;
	paddr_t fa = frame_alloc(), fb = frame_alloc(), fk = frame_alloc();
	uint32_t v;

	KT_ASSERT(fa != BUDDY_NONE && fb != BUDDY_NONE && fk != BUDDY_NONE);
	*(uint32_t *)phys_to_virt(fa) = 0xaaaa;
	*(uint32_t *)phys_to_virt(fb) = 0xbbbb;
	*(uint32_t *)phys_to_virt(fk) = 0xcccc;
	dcache_clean_range((vaddr_t)phys_to_virt(fa), (vaddr_t)phys_to_virt(fa) + PG);
	dcache_clean_range((vaddr_t)phys_to_virt(fb), (vaddr_t)phys_to_virt(fb) + PG);
	dcache_clean_range((vaddr_t)phys_to_virt(fk), (vaddr_t)phys_to_virt(fk) + PG);
	a = vm_space_create();
	b = vm_space_create();
	KT_ASSERT(a && b);
	KT_ASSERT_EQ(add_mapping(a, UVA, fa, PG, VM_USER), 0);
	KT_ASSERT_EQ(add_mapping(b, UVA, fb, PG, VM_USER), 0);
	/* a kernel mapping made after the spaces reaches them */
	KT_ASSERT_EQ(add_mapping(&vm_kernel, KVA, fk, PG, 0), 0);
	vm_space_switch(a);
	KT_ASSERT_EQ(get_user(&v, kptr(UVA)), 0);
	KT_ASSERT_EQ(v, 0xaaaa);
	KT_ASSERT_EQ(*kptr(KVA), 0xcccc);
	vm_space_switch(b);
	KT_ASSERT_EQ(get_user(&v, kptr(UVA)), 0);
	KT_ASSERT_EQ(v, 0xbbbb);
	vm_space_switch(&vm_kernel);
	KT_ASSERT_EQ(get_user(&v, kptr(UVA)), -EFAULT);
	KT_ASSERT_EQ(remove_mapping(&vm_kernel, KVA, PG), 0);
	vm_space_destroy(a);
	vm_space_destroy(b);
	buddy_free(fa, 0);
	buddy_free(fb, 0);
	buddy_free(fk, 0);
}

/* Fails each buddy allocation in turn: -ENOMEM and nothing mapped. */
KTEST(vm, out_of_memory_rolls_back)
{
	const vaddr_t va = KVA + MiB - PG;
	uint32_t before, failures = 0;
	paddr_t pa;
	unsigned int fl;
	int err;

	before = vm_test_frames_free();
	for (uint32_t n = 1;; n++) {
		fault_inject_set(FAULT_NTH, n, 0);
		err = add_mapping(&vm_kernel, va, 0, 3 * MiB, VM_WRITE);
		fault_inject_set(FAULT_OFF, 0, 0);
		if (!err)
			break;
		failures++;
		KT_ASSERT_EQ(err, -ENOMEM);
		KT_ASSERT_EQ(vm_translate(&vm_kernel, va, &pa, &fl), -ENOENT);
		KT_ASSERT_EQ(vm_test_frames_free(), before);
	}
	KT_ASSERT(failures > 0);
	KT_ASSERT_EQ(remove_mapping(&vm_kernel, va, 3 * MiB), 0);
	KT_ASSERT_EQ(vm_test_frames_free(), before);
}

/*
 * Whether a change to s at va reaches the MMU now: s is current or va is
 * in the kernel half. Only those can be checked by touching memory.
 */
static bool live(struct vm_space *s, vaddr_t va)
{
	return s == vm_space_current() || va >= VM_USER_END;
}

/*
 * Every page of a range just mapped to frames from pa on: a word written
 * through the mapping (its line cleaned) reaches the frame, as read
 * through the frame's linear-map alias (its line discarded first: the
 * pool's alias was cleaned once when it was allocated and the test never
 * writes through it, so no line there is dirty).
 */
static bool mapped_ok(vaddr_t va, paddr_t pa, size_t size, uint32_t tag)
{
	for (vaddr_t off = 0; off < size; off += PG) {
		volatile uint32_t *lin = phys_to_virt(pa + off);
		uint32_t v;

		if (probe_write32(kptr(va + off), tag + off) ||
		    probe_read32(kptr(va + off), &v) || v != tag + off)
			return false;
		dcache_clean_range(va + off, va + off + 4);
		dcache_inv_range((vaddr_t)lin, (vaddr_t)lin + 32);
		if (*lin != tag + off)
			return false;
	}
	return true;
}

/* Every page of a range just unmapped aborts. */
static bool unmapped_ok(vaddr_t va, size_t size)
{
	uint32_t v;

	for (vaddr_t off = 0; off < size; off += PG)
		if (probe_read32(kptr(va + off), &v) != -EFAULT)
			return false;
	return true;
}

/*
 * 10,000 random operations in three spaces and the kernel half, onto the
 * frames of a 16-page pool. Live changes are checked by real accesses
 * (QEMU models the TLB: a missing invalidate leaves a stale translation
 * that a probe reaches).
 */
KTEST(vm, random_10000)
{
	struct vm_space *sp[4];
	uint32_t before, rng = 2024;
	paddr_t pa, pool, got;
	unsigned int fl;

	before = vm_test_frames_free();
	pool = buddy_alloc(4);
	KT_ASSERT(pool != BUDDY_NONE);
	/* The buddy wrote its free-list node there through the alias. */
	dcache_clean_inv_range((vaddr_t)phys_to_virt(pool),
			       (vaddr_t)phys_to_virt(pool) + 16 * PG);
	sp[3] = &vm_kernel;
	for (int i = 0; i < 3; i++) {
		sp[i] = vm_space_create();
		KT_ASSERT(sp[i]);
	}
	for (int i = 0; i < 10000; i++) {
		struct vm_space *s;
		vaddr_t va;
		size_t size;
		int err;

		rng = vm_test_random(rng);
		s = sp[rng % 4];
		va = ((rng >> 8) % 4 ? UVA : KVA) + ((rng >> 4) % 1024) * PG;
		size = (1 + (rng >> 16) % 8) * PG;
		pa = pool + ((rng >> 3) % 8) * PG;
		if ((rng >> 20) % 16 == 0)
			vm_space_switch(s);
		if ((rng >> 24) % 2) {
			err = add_mapping(s, va, pa, size,
					  (va < VM_USER_END ? VM_USER : 0) | VM_WRITE);
			KT_ASSERT(err == 0 || err == -EEXIST);
			if (!err)
				KT_ASSERT_EQ(vm_translate(s, va, &got, &fl), 0);
			if (!err && live(s, va))
				KT_ASSERT(mapped_ok(va, pa, size, rng));
		} else {
			KT_ASSERT_EQ(remove_mapping(s, va, size), 0);
			KT_ASSERT_EQ(vm_translate(s, va, &got, &fl), -ENOENT);
			if (live(s, va))
				KT_ASSERT(unmapped_ok(va, size));
		}
	}
	vm_space_switch(&vm_kernel);
	KT_ASSERT_EQ(remove_mapping(&vm_kernel, UVA, 5 * MiB), 0);
	KT_ASSERT_EQ(remove_mapping(&vm_kernel, KVA, 5 * MiB), 0);
	for (int i = 0; i < 3; i++)
		vm_space_destroy(sp[i]);
	buddy_free(pool, 4);
	KT_ASSERT_EQ(vm_test_l2_inuse(), 0);
	KT_ASSERT_EQ(vm_test_frames_free(), before);
}
