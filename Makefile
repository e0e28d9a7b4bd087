# mica — a small ARMv5 microkernel for the ARM Versatile PB926 (ARM926EJ-S).
#
# `make help` lists the targets. Output goes under build/: the kernel in
# build/, the test kernel (in-kernel tests compiled in) in build/test/, host
# programs in build/host/. CROSS_COMPILE= and V=1 work as in kbuild.

CROSS_COMPILE	?= arm-none-eabi-
CC		:= $(CROSS_COMPILE)gcc
LD		:= $(CROSS_COMPILE)ld
AR		:= $(CROSS_COMPILE)ar
OBJCOPY		:= $(CROSS_COMPILE)objcopy
STRIP		:= $(CROSS_COMPILE)strip
HOSTCC		?= gcc
PYTHON		?= python3
QEMU		?= qemu-system-arm
GDB		?= gdb-multiarch
MKIMAGE		?= mkimage
GDBPORT		?= 1234
MEM		?= 128M
APPEND		?=

# Every target but clean and help needs the toolchain: install what is
# missing before anything below asks the cross compiler for its paths.
ifeq ($(filter clean help,$(MAKECMDGOALS)),)
deps-error	:= $(shell out=$$(CROSS_COMPILE='$(CROSS_COMPILE)' tools/install-deps) || \
		     echo "$${out:-tools/install-deps failed}")
ifneq ($(deps-error),)
$(error $(deps-error))
endif
endif

B		:= build
V		?= 0
ifeq ($(V),1)
Q		:=
quiet		= @true
else
Q		:= @
quiet		= @printf '  %-8s %s\n'
endif

# ---------------------------------------------------------------------------
# Object lists, one per folder.
arch-y		:= arch/arm/head.o arch/arm/entry.o arch/arm/trap.o \
		   arch/arm/mmu.o arch/arm/cache.o arch/arm/semihost.o \
		   arch/arm/backtrace.o arch/arm/fixup.o arch/arm/vm_hw.o \
		   arch/arm/uaccess.o arch/arm/probe.o arch/arm/thread.o
platform-y	:= platform/pb926/uart.o platform/pb926/platform.o \
		   platform/pb926/memprobe.o platform/pb926/vic.o \
		   platform/pb926/timer.o
kernel-y	:= kernel/main.o kernel/printk.o kernel/panic.o \
		   kernel/boot.o kernel/bootinfo.o kernel/atags.o kernel/dtb.o \
		   kernel/bootinfo_ram.o kernel/cmdline.o kernel/mem.o \
		   kernel/ram_probe.o kernel/irq.o kernel/clock.o \
		   kernel/idtable.o kernel/thread.o kernel/task.o kernel/sched.o \
		   kernel/ipc.o kernel/syscall.o kernel/sys_task.o kernel/sys_mem.o \
		   kernel/frames.o kernel/mapdb.o kernel/fault.o kernel/root.o kernel/root_image.o \
		   kernel/console.o
mm-y		:= mm/buddy.o mm/buddy_init.o mm/buddy_check.o \
		   mm/memcache.o mm/memcache_check.o \
		   mm/kmalloc.o mm/caches.o mm/vm_space.o mm/vm_map.o \
		   mm/vm_unmap.o mm/vm_change.o mm/vm_walk.o
lib-y		:= lib/format.o lib/string.o lib/elf.o lib/cpio.o
# Only in the test kernel: the framework, fault injection and the in-kernel
# test suites.
ktest-y		:= kernel/ktest.o mm/fault_inject.o $(patsubst %.c,%.o,$(wildcard tests/kernel/*.c))
# The benchmark kernel (make bench) has the framework and the benchmarks
# only, and no fault injection: its allocators are the run kernel's.
kbench-y	:= kernel/ktest.o tests/kernel/crash.o \
		   $(patsubst %.c,%.o,$(wildcard tests/kernel/bench_*.c tests/kernel/vm_bench.c))

objs		:= $(arch-y) $(platform-y) $(kernel-y) $(mm-y) $(lib-y)

# ---------------------------------------------------------------------------
# Flags. The kernel sees gcc's own freestanding headers (stdint.h, stdarg.h)
# and lib/include (string.h), never newlib's.
ARCHFLAGS	:= -mcpu=arm926ej-s -marm -mabi=aapcs-linux -mno-unaligned-access
CFLAGS		:= $(ARCHFLAGS) -ffreestanding -nostdlib -nostdinc -O2 -g \
		   -Wall -Wextra -Wmissing-prototypes -Wshadow -Werror \
		   -std=gnu11 -fno-common \
		   -fno-omit-frame-pointer -mapcs-frame -fno-strict-aliasing \
		   -isystem $(shell $(CC) -print-file-name=include 2>/dev/null) \
		   -Iinclude -Ilib/include -MD -MP
ASFLAGS		:= $(ARCHFLAGS) -g -Iinclude -D__ASSEMBLY__ -MD -MP
LDFLAGS		:= -nostdlib -static -T arch/arm/kernel.lds -Wl,--build-id=none \
		   -Wl,--no-warn-rwx-segments -Wl,--no-enum-size-warning
LIBGCC		= $(shell $(CC) $(ARCHFLAGS) -print-libgcc-file-name)

# The test kernel runs the in-kernel tests. Its built-in command line is
# used when the boot loader passes none (an ELF boot).
TEST_CMDLINE	?= test=all
test-cflags	:= -DCONFIG_KTEST -DCONFIG_FAULT_INJECT \
		   -DCONFIG_DEFAULT_CMDLINE='"$(TEST_CMDLINE)"'
bench-cflags	:= -DCONFIG_KTEST -DCONFIG_DEFAULT_CMDLINE='"test=bench*"'

# ---------------------------------------------------------------------------
.PHONY: all uimage run run-test debug gdb test bench stress clean help deps \
	kernel test-kernel host user FORCE
.DEFAULT_GOAL := all

all: kernel
kernel: $(B)/mica.elf $(B)/mica.bin
test-kernel: $(B)/test/mica.elf $(B)/test/mica.bin $(B)/test/mica.uImage
uimage: $(B)/mica.uImage

# $(call kernel_rules,<outdir>,<extra cflags>,<extra objects>)
define kernel_rules
$(1)/%.o: %.c
	$$(quiet) CC $$@
	@mkdir -p $$(@D)
	$$(Q)$$(CC) $$(CFLAGS) $(2) -c -o $$@ $$<

$(1)/%.o: %.S
	$$(quiet) AS $$@
	@mkdir -p $$(@D)
	$$(Q)$$(CC) $$(ASFLAGS) $(2) -c -o $$@ $$<

$(1)/mica.elf: $(addprefix $(1)/,$(objs) $(3)) arch/arm/kernel.lds
	$$(quiet) LD $$@
	$$(Q)$$(CC) $$(CFLAGS) $$(LDFLAGS) -Wl,-Map,$(1)/mica.map -o $$@ \
		$(addprefix $(1)/,$(objs) $(3)) $$(LIBGCC)

-include $(addprefix $(1)/,$(patsubst %.o,%.d,$(objs) $(3)))
endef

# The allocators', the VM's and the system calls' fast paths are measured
# in instructions: mm/, the system-call, IPC and scheduler files, the
# fault path's (the fault protocol, map items, the mapping database, task
# quotas, frame ownership) and the leaf cache/TLB operations are built
# without frame records.
# -ffixed-r11 keeps them from using fp as a scratch register, so the chain
# of frames stays intact through them and backtraces show them through
# the return addresses.
nofp-objs	:= mm/%.o arch/arm/cache.o arch/arm/vm_hw.o arch/arm/thread.o \
		   kernel/syscall.o kernel/ipc.o kernel/sched.o kernel/fault.o \
		   kernel/sys_mem.o kernel/mapdb.o kernel/task.o kernel/frames.o
$(addprefix $(B)/,$(nofp-objs)) $(addprefix $(B)/test/,$(nofp-objs)) \
$(addprefix $(B)/bench/,$(nofp-objs)): \
	CFLAGS += -fomit-frame-pointer -mno-apcs-frame -ffixed-r11

# In-kernel tests run (and print) in the order they are written.
$(B)/test/tests/kernel/%.o $(B)/bench/tests/kernel/%.o: CFLAGS += -fno-toplevel-reorder

$(eval $(call kernel_rules,$(B),,))
$(eval $(call kernel_rules,$(B)/test,$(test-cflags),$(ktest-y)))
$(eval $(call kernel_rules,$(B)/bench,$(bench-cflags),$(kbench-y)))

%/mica.bin: %/mica.elf
	$(quiet) OBJCOPY $@
	$(Q)$(OBJCOPY) -O binary $< $@

%/mica.uImage: %/mica.bin | deps
	$(quiet) MKIMAGE $@
	$(Q)$(MKIMAGE) -A arm -O linux -T kernel -C none -a 0x8000 -e 0x8000 \
		-n mica -d $< $@ >/dev/null

# ---------------------------------------------------------------------------
# User space: libmica, the demos, make app and make modules.
include user/user.mk

# Every kernel embeds the root task (kernel/root_image.S), which embeds
# the built-in programs (pager/builtin.S); user/user.mk builds both.
$(B)/kernel/root_image.o $(B)/test/kernel/root_image.o $(B)/bench/kernel/root_image.o: \
	ASFLAGS += -DROOT_ELF='"$(ROOT_ELF)"'
$(B)/kernel/root_image.o $(B)/test/kernel/root_image.o $(B)/bench/kernel/root_image.o: \
	$(ROOT_ELF)

# ---------------------------------------------------------------------------
# Host programs (unit tests, random tests, benchmarks) for portable code.
include tests/host/host.mk

# ---------------------------------------------------------------------------
# Workflows. Each installs what it needs first.
QEMUFLAGS	:= -M versatilepb -m $(MEM) -nographic -semihosting \
		   -audiodev none,id=snd0 -global pl041.audiodev=snd0

deps:
	$(Q)tools/install-deps

# An ELF boot passes no ATAGs, so a command line or a module archive
# (PROGRAMS=..., passed as the initrd) needs the uImage.
run-uimage	= $(or $(APPEND),$(PROGRAMS))
run: deps kernel $(if $(run-uimage),uimage) $(if $(PROGRAMS),$(B)/modules.cpio)
	@echo "mica: booting in QEMU ($(MEM) RAM); quit with ctrl-a x"
	$(Q)$(QEMU) $(QEMUFLAGS) \
		$(if $(run-uimage),-kernel $(B)/mica.uImage,-kernel $(B)/mica.elf) \
		$(if $(APPEND),-append "$(APPEND)") \
		$(if $(PROGRAMS),-initrd $(B)/modules.cpio)

# The test kernel with a test selection (TEST= as test=, e.g. buddy,
# 'vm*' or all; empty: no test= at all) and any other APPEND options;
# QEMU's exit status is the tests' verdict.
TEST		?= all
run-test-args	= $(strip $(if $(TEST),test=$(TEST)) $(APPEND))
run-test: deps test-kernel
	@echo "mica: booting the test kernel in QEMU ($(MEM) RAM) with '$(run-test-args)'"
	$(Q)$(QEMU) $(QEMUFLAGS) -kernel $(B)/test/mica.uImage \
		-append "$(run-test-args)"

debug: deps kernel
	@echo "mica: QEMU halted at reset, gdbstub on tcp::$(GDBPORT)."
	@echo "      attach from another terminal with:  make gdb GDBPORT=$(GDBPORT)"
	$(Q)$(QEMU) $(QEMUFLAGS) -kernel $(B)/mica.elf -S -gdb tcp:127.0.0.1:$(GDBPORT)

gdb: deps kernel
	$(Q)$(GDB) -q -x tools/gdb/mica.gdb \
		-ex 'target remote 127.0.0.1:$(GDBPORT)' $(B)/mica.elf

test: deps kernel uimage test-kernel host user
	$(Q)$(PYTHON) tools/run-tests

bench: deps kernel uimage $(B)/bench/mica.bin $(B)/bench/mica.uImage host
	$(Q)$(PYTHON) tools/run-bench

stress: deps host
	$(Q)tools/alloc-campaign --long

clean:
	rm -rf $(B)

help:
	@echo "mica targets:"
	@echo "  make              build build/mica.elf, mica.bin and mica.map (same as make kernel)"
	@echo "  make uimage       build build/mica.uImage for U-Boot's bootm"
	@echo "  make test-kernel  build the test kernel (build/test/: ELF, bin, uImage) and the boot shims"
	@echo "  make host         build the host programs (build/host/: unit tests, alloctest, allocbench)"
	@echo "  make user         build libmica (build/user/libmica.a) and the demos (build/apps/ping.elf, pong.elf)"
	@echo "  make app          build a user program: SRC='a.c [b.c ...]' (anywhere) -> build/apps/a.elf"
	@echo "  make modules      pack PROGRAMS='x.elf ...' into build/modules.cpio and build/modules.uimg"
	@echo "  make run          boot mica in QEMU (MEM=128M; APPEND='k=v ...' boots the uImage;"
	@echo "                    PROGRAMS='x.elf ...' boots the uImage with them as the initrd)"
	@echo "  make run-test     boot the test kernel with TEST=<selection> (e.g. TEST=buddy; default all)"
	@echo "  make debug        start QEMU halted with a gdbstub on GDBPORT=$(GDBPORT)"
	@echo "  make gdb          attach gdb-multiarch to a 'make debug' session"
	@echo "  make test         build everything and run every test group"
	@echo "  make bench        build the benchmark kernel (build/bench/) and run the benchmarks (in-kernel and ubench under QEMU -icount, host; docs/bench.md)"
	@echo "  make stress       run a long randomized allocator campaign"
	@echo "  make deps         install the Debian packages mica needs"
	@echo "  make clean        remove build/"
	@echo "  make help         print this"
	@echo "test groups (tools/run-tests -k GROUP; tools/run-tests -h for more):"
	@echo "  host alloc boot negative run docs user gdb"
	@echo "variables: CROSS_COMPILE=$(CROSS_COMPILE) V=1 MEM= APPEND= TEST= GDBPORT= SRC= PROGRAMS="

# ---------------------------------------------------------------------------
# Boot-loader shims for the negative boot tests (tests/boot/shim.S).
shim-variants	:= atags-corrupt atags-nocore atags-huge atags-overlap dtb \
		   atags-nometa r2-image r2-outside atags-initrd-outside \
		   atags-initrd-low
shims		:= $(patsubst %,$(B)/test/shim-%.elf,$(shim-variants))
test-kernel: $(shims)

$(B)/test/board.dtb: tests/boot/board.dts | deps
	$(quiet) DTC $@
	@mkdir -p $(@D)
	$(Q)dtc -q -I dts -O dtb -o $@ $<

# KERNEL_END: the physical end of the test kernel's image.
$(B)/test/shim-%.elf: tests/boot/shim.S tests/boot/shim.lds $(B)/test/board.dtb \
		$(B)/test/mica.elf
	$(quiet) AS $@
	$(Q)$(CC) $(ARCHFLAGS) -Iinclude -D__ASSEMBLY__ -nostdlib -static \
		-T tests/boot/shim.lds \
		-DVARIANT_$(subst -,_,$*) -DDTB_FILE='"$(B)/test/board.dtb"' \
		-DKERNEL_END=$$(( 0x$$($(CROSS_COMPILE)nm $(B)/test/mica.elf | \
			awk '$$3 == "_kernel_end" { print $$1 }') - 0xc0000000 )) \
		-Wl,--build-id=none -o $@ $<
