# Host programs: portable code (lib/, kernel parsers, mm/) compiled unchanged
# with the host compiler against a small shim (tests/host/shim.c), run under
# AddressSanitizer and UndefinedBehaviorSanitizer. Every test program prints
# TAP version 13 and is listed in tools/run-tests.
#
# Included by the root Makefile; outputs go under $(B)/host/.

HB		:= $(B)/host
HOSTCFLAGS	:= -std=gnu11 -g -O1 -Wall -Wextra -Wmissing-prototypes -Wshadow -Werror -DMICA_HOST -Iinclude \
		   -fsanitize=address,undefined -fno-sanitize-recover=all \
		   -fno-omit-frame-pointer -MD -MP
HOSTBENCHFLAGS	:= -std=gnu11 -g -O2 -Wall -Wextra -Wmissing-prototypes -Wshadow -Werror -DMICA_HOST -Iinclude -MD -MP

# $(HB)/<name> is built from the sources listed in host-<name>-src.
host-progs	:=

$(HB)/%.o: %.c
	$(quiet) HOSTCC $@
	@mkdir -p $(@D)
	$(Q)$(HOSTCC) $(HOSTCFLAGS) -c -o $@ $<

# Each area lists its programs in its own fragment.
include $(wildcard tests/host/*.mk.inc)

host: $(addprefix $(HB)/,$(host-progs))

-include $(wildcard $(HB)/*.d $(HB)/*/*.d $(HB)/*/*/*.d)
