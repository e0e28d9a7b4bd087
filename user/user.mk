# User space: libmica (user/lib plus lib/format.c and lib/string.c compiled
# again for user mode), the demos (user/demo) and anyone's programs
# (make app SRC=...), and the module archive for the boot loader's initrd
# (make modules PROGRAMS=...). Included by the root Makefile.

UB		:= $(B)/user
APPS		:= $(B)/apps
# -g so that gdb can step user code. No frame-pointer convention: gdb
# unwinds user code from .debug_frame.
USER_CFLAGS	:= $(ARCHFLAGS) -ffreestanding -nostdlib -nostdinc -O2 -g \
		   -std=gnu11 -fno-common -fno-strict-aliasing \
		   -isystem $(shell $(CC) -print-file-name=include 2>/dev/null) \
		   -Iuser/include -Iinclude -Ilib/include -MD -MP
USER_WARN	:= -Wall -Wextra -Wmissing-prototypes -Wshadow -Werror
USER_ASFLAGS	:= $(ARCHFLAGS) -g -Iuser/include -Iinclude -D__ASSEMBLY__ -MD -MP
USER_LDFLAGS	:= -nostdlib -static -T user/user.lds -Wl,--build-id=none \
		   -Wl,-z,max-page-size=0x1000 -Wl,--no-enum-size-warning

libmica-y	:= user/lib/crt0.o user/lib/start.o user/lib/syscall.o \
		   user/lib/ipc.o user/lib/ipc_ops.o user/lib/stdio.o \
		   user/lib/strerror.o user/lib/tap.o user/lib/names.o \
		   user/lib/startup.o user/lib/root.o user/lib/sbrk.o lib/format.o \
		   lib/string.o
libmica-objs	:= $(addprefix $(UB)/,$(libmica-y))
LIBMICA		:= $(UB)/libmica.a
demos		:= ping pong pagedemo
shell-y		:= user/shell/shell.o user/shell/commands.o user/shell/bench.o
shell-objs	:= $(addprefix $(UB)/,$(shell-y))
utests		:= utest ipctest schedtest ubench quota isolate exhaust stress fuzz \
		   pagertest storm reclaim victim spawnee

.PHONY: user app modules

user-progs	:= $(patsubst %,user/demo/%,$(demos)) $(patsubst %,user/test/%,$(utests))

user: $(LIBMICA) $(patsubst %,$(APPS)/%.elf,$(demos) $(utests) shell)

# Keep the programs' objects (make would delete them as intermediates).
.SECONDARY: $(patsubst %,$(UB)/%.o,$(user-progs))

$(UB)/%.o: %.c
	$(quiet) CC $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(USER_CFLAGS) $(USER_WARN) -c -o $@ $<

$(UB)/%.o: %.S
	$(quiet) AS $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(USER_ASFLAGS) -c -o $@ $<

$(LIBMICA): $(libmica-objs)
	$(quiet) AR $@
	$(Q)rm -f $@
	$(Q)$(AR) rcs $@ $^

# $(call user_link,<objects>): links a program from its objects.
define user_link
	$(quiet) LD $@
	@mkdir -p $(@D)
	$(Q)$(CC) $(USER_CFLAGS) $(USER_LDFLAGS) -Wl,-Map,$(@:.elf=.map) \
		-o $@ $(1) $(LIBMICA) $(LIBGCC)
endef

$(APPS)/%.elf: $(UB)/user/demo/%.o $(LIBMICA) user/user.lds
	$(call user_link,$<)

$(APPS)/%.elf: $(UB)/user/test/%.o $(LIBMICA) user/user.lds
	$(call user_link,$<)

# The console shell (user/shell/), built into the root task's archive.
$(APPS)/shell.elf: $(shell-objs) $(LIBMICA) user/user.lds
	$(call user_link,$(shell-objs))

# make app SRC="a.c b.c": build/apps/<first source's basename>.elf. The
# sources may lie anywhere (~ is expanded); each object goes under
# build/apps/<name>.objs/ at its source's absolute path, so sources that
# share a basename, or a program built again from another directory, never
# meet another's object or dependency file. They get -Wall -Wextra but not
# -Werror.
app-src		:= $(foreach s,$(SRC),$(or $(wildcard $(s)),$(s)))
app-name	:= $(basename $(notdir $(firstword $(app-src))))
app-dir		:= $(APPS)/$(app-name).objs
app-obj		= $(app-dir)$(abspath $(basename $(1))).o
app-objs	:= $(foreach s,$(app-src),$(call app-obj,$(s)))

app: $(if $(SRC),$(APPS)/$(app-name).elf,app-nosrc)

.PHONY: app-nosrc
app-nosrc:
	@echo "make app: say which sources, e.g. make app SRC=~/exp/hello.c" >&2
	@false

define app_obj
$(call app-obj,$(1)): $(1)
	$$(quiet) CC $$@
	@mkdir -p $$(@D)
	$$(Q)$$(CC) $$(USER_CFLAGS) -Wall -Wextra -c -o $$@ $$<
endef
$(foreach s,$(app-src),$(eval $(call app_obj,$(s))))

ifneq ($(SRC),)
$(APPS)/$(app-name).elf: $(app-objs) $(LIBMICA) user/user.lds
	$(call user_link,$(app-objs))
endif

# make modules PROGRAMS="x.elf ...": a cpio (newc) archive of the programs,
# each named by its basename without .elf, in the order given, and the
# same archive as a U-Boot ramdisk image. Rebuilt on every request, so it
# always holds exactly PROGRAMS.
PROGRAMS	?=
mod-stage	:= $(B)/modules.d

modules: $(B)/modules.cpio $(B)/modules.uimg

$(B)/modules.cpio: $(PROGRAMS) FORCE | deps
	$(if $(PROGRAMS),,@echo "make modules: say which, e.g. PROGRAMS=\"$(APPS)/ping.elf $(APPS)/pong.elf\"" >&2; false)
	$(quiet) CPIO $@
	$(Q)rm -rf $(mod-stage) && mkdir -p $(mod-stage)
	$(Q)$(foreach p,$(PROGRAMS),cp $(p) $(mod-stage)/$(basename $(notdir $(p))) &&) true
	$(Q)cd $(mod-stage) && printf '%s\n' $(foreach p,$(PROGRAMS),$(basename $(notdir $(p)))) | \
		cpio -o -H newc --quiet > $(abspath $@)

FORCE:

$(B)/modules.uimg: $(B)/modules.cpio
	$(quiet) MKIMAGE $@
	$(Q)$(MKIMAGE) -A arm -O linux -T ramdisk -C none -n mica-modules \
		-d $< $@ >/dev/null

# The root task (pager/): libmica, the ELF and cpio readers, the kernel's
# buddy allocator (mm/, with the kernel's headers, over pager/kshim.c), and
# the archive of built-in programs it starts or runs by name (without their
# debug sections: gdb reads those from build/apps/).
root-y		:= pager/main.o pager/loader.o pager/paging.o pager/frames.o \
		   pager/names.o pager/requests.o pager/kshim.o pager/builtin.o \
		   lib/elf.o lib/cpio.o \
		   mm/buddy.o mm/buddy_init.o mm/buddy_check.o
root-objs	:= $(addprefix $(UB)/,$(root-y))
ROOT_ELF	:= $(UB)/root.elf
BUILTIN_CPIO	:= $(UB)/builtin.cpio
builtin-progs	:= $(patsubst %,$(APPS)/%.elf,$(demos) $(utests) shell)

$(BUILTIN_CPIO): $(builtin-progs) | deps
	$(quiet) CPIO $@
	$(Q)rm -rf $(UB)/builtin.d && mkdir -p $(UB)/builtin.d
	$(Q)$(foreach p,$^,$(STRIP) --strip-debug -o $(UB)/builtin.d/$(basename $(notdir $(p))) $(p) &&) true
	$(Q)cd $(UB)/builtin.d && printf '%s\n' $(foreach p,$^,$(basename $(notdir $(p)))) | \
		cpio -o -H newc --quiet > $(abspath $@)

$(UB)/pager/builtin.o: $(BUILTIN_CPIO)
$(UB)/pager/builtin.o: USER_ASFLAGS += -DBUILTIN_CPIO='"$(BUILTIN_CPIO)"'

$(ROOT_ELF): $(root-objs) $(LIBMICA) user/user.lds
	$(call user_link,$(root-objs))

-include $(root-objs:.o=.d)
-include $(libmica-objs:.o=.d) $(patsubst %,$(UB)/%.d,$(user-progs)) \
	 $(shell-objs:.o=.d) $(app-objs:.o=.d)
