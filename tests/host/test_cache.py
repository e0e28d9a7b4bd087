#!/usr/bin/python3
"""Runs the real arch/arm/cache.o on an emulated ARM926 (Unicorn) and checks
every CP15 operation it issues: QEMU does not model caches, so this is the
only place where a wrong cache loop shows.

Each exported range operation is called on empty, 1-, 2-, 15-, 16-, 17-,
31-, 32- and 33-line ranges with aligned and unaligned starts and ends. The
c7 writes are recorded (operation and MVA) and must be exactly: every line
that [start, end) touches, once, in ascending order, with the operation the
function promises (include/arch/cache.h); dcache_inv_range first cleans and
invalidates the lines only partly inside the range, then invalidates the
rest. Prints TAP. Usage: test_cache.py KERNEL.elf...
"""

import re
import subprocess
import tempfile
import sys

try:
    from unicorn import Uc, UC_ARCH_ARM, UC_MODE_ARM, UC_HOOK_CODE
    from unicorn.arm_const import (UC_ARM_REG_R0, UC_ARM_REG_R1,
                                   UC_ARM_REG_SP, UC_ARM_REG_LR,
                                   UC_ARM_REG_PC, UC_CPU_ARM_926)
except ImportError:
    print("Bail out! python3-unicorn is missing: run tools/install-deps")
    sys.exit(1)

LINE = 32
STACK, RET = 0x80000, 0x9000
CROSS = "arm-none-eabi-"

# (CRn, CRm, opcode2) of the c7 line operations, by name.
CLEAN, CLEAN_INV, INV, IINV = "clean", "clean+inv", "inv", "icache inv"
C7_OPS = {(7, 10, 1): CLEAN, (7, 14, 1): CLEAN_INV, (7, 6, 1): INV,
          (7, 5, 1): IINV}


def load(elf):
    """The kernel's .text, its address, and the address of each function.
    The linked image, not cache.o: the compiler may turn one routine into
    a branch to another (identical code folding), resolved only by ld."""
    # Into a file: objcopy writing to /dev/stdout gives nothing when that
    # is a pipe on some hosts (it seeks).
    with tempfile.NamedTemporaryFile(suffix=".bin") as f:
        subprocess.run([CROSS + "objcopy", "-O", "binary", "-j", ".text",
                        elf, f.name], check=True)
        text = f.read()
    sections = subprocess.run([CROSS + "readelf", "-SW", elf],
                              capture_output=True, text=True,
                              check=True).stdout
    addr = int(re.search(r"\] \.text +PROGBITS +([0-9a-f]+)",
                         sections).group(1), 16)
    syms = {}
    nm = subprocess.run([CROSS + "nm", elf], capture_output=True, text=True,
                        check=True).stdout
    for line in nm.splitlines():
        f = line.split()
        if len(f) == 3 and f[1] in "Tt":
            syms[f[2]] = int(f[0], 16)
    return text, addr, syms


class Cpu:
    def __init__(self, text, addr):
        self.uc = Uc(UC_ARCH_ARM, UC_MODE_ARM)
        self.uc.ctl_set_cpu_model(UC_CPU_ARM_926)
        self.uc.mem_map(0, 0x100000)
        base = addr & ~0xfff
        self.uc.mem_map(base, (addr + len(text) - base + 0xfff) & ~0xfff)
        self.uc.mem_write(addr, text)
        self.uc.mem_write(RET, b"\xfe\xff\xff\xea")  # b .
        self.ops = []
        self.uc.hook_add(UC_HOOK_CODE, self.step)

    def step(self, uc, pc, size, _data):
        insn = int.from_bytes(uc.mem_read(pc, 4), "little")
        # MCR/MRC: cond 1110 opc1 L CRn Rd coproc opc2 1 CRm
        if (insn & 0x0f000010) != 0x0e000010 or ((insn >> 8) & 0xf) != 15:
            return
        load_ = (insn >> 20) & 1
        crn, rd = (insn >> 16) & 0xf, (insn >> 12) & 0xf
        opc1, opc2, crm = (insn >> 21) & 7, (insn >> 5) & 7, insn & 0xf
        key = (crn, crm, opc2)
        if load_ or opc1 or key not in C7_OPS:
            self.ops.append((f"{'mrc' if load_ else 'mcr'} "
                             f"{opc1},c{crn},c{crm},{opc2}", None))
            return
        val = uc.reg_read(UC_ARM_REG_R0 + rd) if rd < 13 else None
        self.ops.append((C7_OPS[key], val))

    def call(self, addr, r0=0, r1=0):
        self.ops = []
        uc = self.uc
        uc.reg_write(UC_ARM_REG_R0, r0 & 0xffffffff)
        uc.reg_write(UC_ARM_REG_R1, r1 & 0xffffffff)
        uc.reg_write(UC_ARM_REG_SP, STACK)
        uc.reg_write(UC_ARM_REG_LR, RET)
        uc.emu_start(addr, RET, count=100000)
        if uc.reg_read(UC_ARM_REG_PC) != RET:
            raise RuntimeError("did not return")
        return self.ops


def expected(fn, start, end):
    """The c7 operations fn must issue for [start, end), in order."""
    if start >= end:
        return []
    first, last = start & ~(LINE - 1), (end - 1) & ~(LINE - 1)
    lines = range(first, last + LINE, LINE)
    if fn == "dcache_inv_range":
        def op(a):
            partial = ((a == first and start % LINE) or
                       (a == last and end % LINE))
            return CLEAN_INV if partial else INV
        edge_first = [a for a in lines if op(a) == CLEAN_INV]
        return ([(CLEAN_INV, a) for a in edge_first] +
                [(INV, a) for a in lines if op(a) == INV])
    op = {"dcache_clean_range": CLEAN, "dcache_clean_inv_range": CLEAN_INV,
          "icache_inv_range": IINV}[fn]
    return [(op, a) for a in lines]


RANGE_FNS = ["dcache_clean_range", "dcache_inv_range",
             "dcache_clean_inv_range", "icache_inv_range"]
NLINES = [0, 1, 2, 15, 16, 17, 31, 32, 33]
BASES = [0x00001000, 0xc0123400, 0xfffff000 - 64 * LINE]


def cases():
    for base in BASES:
        for n in NLINES:
            for soff in (0, 4, LINE - 1):
                for eoff in (0, 4, LINE - 1):
                    start, end = base + soff, base + n * LINE + eoff
                    if n == 0 and eoff == 0 and soff:
                        end = start   # an empty unaligned range
                    yield start, end
        yield base + 8, base + 4      # end below start: nothing
        yield base + 8, base + 9      # one byte inside one line


def main(objs):
    tests = []
    for obj in objs:
        text, addr, syms = load(obj)
        cpu = Cpu(text, addr)
        for fn in RANGE_FNS:
            tests.append((obj, fn, cpu, syms.get(fn)))
        tests.append((obj, "dcache_clean_inv_all", cpu,
                      syms.get("dcache_clean_inv_all")))
    print("TAP version 13")
    print(f"1..{len(tests)}")
    failed = 0
    for i, (obj, fn, cpu, addr) in enumerate(tests, 1):
        why = None
        if addr is None:
            why = f"{fn} is not in {obj}"
        elif fn == "dcache_clean_inv_all":
            got = cpu.call(addr)
            if got != [("mrc 0,c7,c14,3", None)]:
                why = f"expected one test-clean-invalidate mrc, got {got}"
        else:
            n = 0
            for start, end in cases():
                n += 1
                want = expected(fn, start, end)
                try:
                    got = cpu.call(addr, start, end)
                except Exception as e:  # noqa: BLE001 (unicorn's UcError too)
                    why = f"[{start:#010x}, {end:#010x}): {e}"
                    break
                if got != want:
                    why = (f"[{start:#010x}, {end:#010x}): expected "
                           f"{[(o, hex(a)) for o, a in want]}, got "
                           f"{[(o, a if a is None else hex(a)) for o, a in got]}")
                    break
        if why:
            failed += 1
            print(f"# {why}")
        label = fn if addr is None or fn == "dcache_clean_inv_all" else \
            f"{fn}: every line once with the right operation ({n} ranges)"
        print(f"{'not ok' if why else 'ok'} {i} - {obj}: {label}")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__.strip().splitlines()[-1])
        sys.exit(2)
    sys.exit(main(sys.argv[1:]))
