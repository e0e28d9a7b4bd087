#!/usr/bin/python3
"""Runs the linked demos, build/apps/ping.elf and pong.elf, on an emulated
ARM926 (Unicorn) under a fake kernel written here, until the kernel can
run them: crt0, the start-up block, the system-call wrappers, the IPC stub
and printf, end to end.

The fake kernel starts each program at _start with sp = r0 = a start-up
block (<mica/startup.h>) naming ROOT, answers the name service, and plays
the other side of the echo. It checks that message words arrive in r4, r5,
r6, r8-r12 as the programs wrote them, and after every call but SYS_IPC
overwrites r1-r3 and r12 (the ABI lets it), so a wrapper with a missing
clobber shows as a wrong result. Prints TAP. Usage: test_user_run.py
PING.elf PONG.elf
"""

import re
import struct
import subprocess
import sys

try:
    from unicorn import Uc, UC_ARCH_ARM, UC_MODE_ARM, UC_HOOK_INTR
    from unicorn import arm_const as A
except ImportError:
    print("Bail out! python3-unicorn is missing: run tools/install-deps")
    sys.exit(1)

CROSS = "arm-none-eabi-"
PAGE = 0x1000
STACK_TOP, STACK_PAGES = 0x80000, 16
UTCB, UTCB_POINTER = 0xbff00000, 0xffff0ff0
ROOT, SELF, PEER, TASK = 0x10001, 0x10002, 0x10003, 0x10004
SYS_DEBUG_WRITE, SYS_IPC, SYS_THREAD_SELF, SYS_SLEEP, SYS_EXIT = 1, 2, 3, 5, 12
SYS_CLOCK = 17
# The fake 24 MHz counter: each SYS_CLOCK call finds it 10 ms further on.
CLOCK_HZ, CLOCK_STEP = 24000000, 240000
NAME_REPLY, NAME_REGISTER, NAME_LOOKUP = 0x4E00, 0x4E01, 0x4E02
ECHO, QUIT = 0x5001, 0x5002
ENOENT, ENOSYS = 2, 38
TID_NIL, TID_ANY, NEVER = 0, 0xFFFFFFFF, 0xFFFF
WORD_REGS = [A.UC_ARM_REG_R4, A.UC_ARM_REG_R5, A.UC_ARM_REG_R6,
             A.UC_ARM_REG_R8, A.UC_ARM_REG_R9, A.UC_ARM_REG_R10,
             A.UC_ARM_REG_R11, A.UC_ARM_REG_R12]
R = [getattr(A, f"UC_ARM_REG_R{i}") for i in range(13)]
GARBAGE = 0xDEADBEEF


def tag(label, words):
    return label << 16 | words


def name_words(name):
    return list(struct.unpack("<4I", name.encode().ljust(16, b"\0")))


def loads(elf):
    """(vaddr, file bytes, memsz) of each PT_LOAD."""
    out = subprocess.run([CROSS + "readelf", "-lW", elf], capture_output=True,
                         text=True, check=True).stdout
    data = open(elf, "rb").read()
    segs = []
    for off, va, fsz, msz in re.findall(
            r"^ +LOAD +(0x\w+) +(0x\w+) +\S+ +(0x\w+) +(0x\w+)", out, re.M):
        off, fsz = int(off, 16), int(fsz, 16)
        segs.append((int(va, 16), data[off:off + fsz], int(msz, 16)))
    return segs


def entry(elf):
    out = subprocess.run([CROSS + "readelf", "-h", elf], capture_output=True,
                         text=True, check=True).stdout
    return int(re.search(r"Entry point address: +0x(\w+)", out).group(1), 16)


class FakeKernel:
    """One program's thread and the kernel around it; subclasses answer
    SYS_IPC in ipc(to, from_, tag, timeouts, words) -> (r0, r1, tag, words)."""

    def __init__(self, elf, argv):
        self.uc = Uc(UC_ARCH_ARM, UC_MODE_ARM)
        self.out, self.status, self.errors, self.sleeps = "", None, [], 0
        self.clock = 0
        for va, data, memsz in loads(elf):
            size = (memsz + PAGE - 1) & ~(PAGE - 1)
            self.uc.mem_map(va, size)
            self.uc.mem_write(va, data)
        self.uc.mem_map(STACK_TOP - STACK_PAGES * PAGE, STACK_PAGES * PAGE)
        self.uc.mem_map(UTCB, PAGE)
        self.uc.mem_map(UTCB_POINTER & ~(PAGE - 1), PAGE)
        self.uc.mem_write(UTCB_POINTER, struct.pack("<I", UTCB))
        sp = self.startup_block(argv)
        self.uc.reg_write(A.UC_ARM_REG_SP, sp)
        self.uc.reg_write(R[0], sp)
        self.uc.hook_add(UC_HOOK_INTR, self.trap)
        self.pc = entry(elf)

    def startup_block(self, argv):
        strings = b"".join(a.encode() + b"\0" for a in argv)
        n = (8 + 4 * (len(argv) + 1) + len(strings) + 7) & ~7
        base = STACK_TOP - n
        ptrs, at = [], base + 8 + 4 * (len(argv) + 1)
        for a in argv:
            ptrs.append(at)
            at += len(a) + 1
        block = struct.pack(f"<{2 + len(argv) + 1}I", ROOT, len(argv),
                            *ptrs, 0) + strings
        self.uc.mem_write(base, block.ljust(n, b"\0"))
        return base

    def run(self):
        try:
            self.uc.emu_start(self.pc, 0, count=200_000_000)
        except Exception as e:  # an emulated fault: report, do not crash
            self.errors.append(f"{e} at pc 0x{self.uc.reg_read(A.UC_ARM_REG_PC):x}")
        if self.status is None:
            self.errors.append("did not exit")

    def trap(self, uc, intno, _data):
        if intno != 2:
            self.errors.append(f"exception {intno}")
            uc.emu_stop()
            return
        nr = uc.reg_read(A.UC_ARM_REG_R7)
        regs = [uc.reg_read(r) for r in R[:4]]
        if nr == SYS_IPC:
            words = [uc.reg_read(r) for r in WORD_REGS]
            r0, r1, t, words = self.ipc(*regs, words)
            for reg, v in zip(R[:3] + WORD_REGS, [r0, r1, t] + words):
                uc.reg_write(reg, v & 0xFFFFFFFF)
            uc.reg_write(R[3], GARBAGE)
            return
        if nr == SYS_CLOCK:     # r0 count, r1 Hz, r2 ticks: three results
            self.clock += CLOCK_STEP
            for reg, v in zip(R[:3], (self.clock, CLOCK_HZ, self.clock // 24000)):
                uc.reg_write(reg, v & 0xFFFFFFFF)
            uc.reg_write(R[3], GARBAGE)
            uc.reg_write(R[12], GARBAGE)
            return
        r0, r1 = self.syscall(nr, regs)
        for reg in (R[1], R[2], R[3], R[12]):
            uc.reg_write(reg, GARBAGE)
        uc.reg_write(R[0], r0 & 0xFFFFFFFF)
        if r1 is not None:
            uc.reg_write(R[1], r1)

    def syscall(self, nr, regs):
        if nr == SYS_DEBUG_WRITE:
            self.out += bytes(self.uc.mem_read(regs[0], regs[1])).decode()
            return regs[1], None
        if nr == SYS_THREAD_SELF:
            return SELF, TASK
        if nr == SYS_SLEEP:
            self.sleeps += 1
            return 0, None
        if nr == SYS_EXIT:
            self.status = regs[0]
            self.uc.emu_stop()
            return 0, None
        self.errors.append(f"unexpected system call {nr}")
        self.uc.emu_stop()
        return -ENOSYS, None

    def fail(self, what):
        self.errors.append(what)
        self.uc.emu_stop()
        return -ENOSYS, 0, 0, [0] * 8


def echo_ok(words, count):
    return words == [count * 8 + i for i in range(8)]


class PingKernel(FakeKernel):
    """The root answers "pong" after one -ENOENT; the peer echoes."""

    def __init__(self, elf):
        super().__init__(elf, ["ping"])
        self.lookups, self.echoes, self.quit = 0, 0, False

    def ipc(self, to, from_, t, timeouts, words):
        if to == ROOT and from_ == ROOT and t == tag(NAME_LOOKUP, 4):
            if words[:4] != name_words("pong") or timeouts != 0xFFFFFFFF:
                return self.fail(f"lookup words {words[:4]} timeouts {timeouts:#x}")
            self.lookups += 1
            return 0, ROOT, tag(NAME_REPLY, 1), [-ENOENT if self.lookups == 1 else PEER] + [0] * 7
        if to != PEER or from_ != PEER:
            return self.fail(f"ipc to {to:#x} from {from_:#x}")
        if t == tag(QUIT, 0):
            self.quit = True
            return 0, PEER, t, words
        if t != tag(ECHO, 8) or not echo_ok(words, self.echoes):
            return self.fail(f"call {self.echoes}: tag {t:#x} words {words}")
        self.echoes += 1
        return 0, PEER, t, words


class PongKernel(FakeKernel):
    """The root accepts "pong"; a client sends ROUNDS echoes, then quit."""
    ROUNDS = 100

    def __init__(self, elf):
        super().__init__(elf, ["pong"])
        self.registered, self.echoes, self.quit_sent = False, 0, False

    def next_request(self):
        if self.echoes == self.ROUNDS:
            return 0, PEER, tag(QUIT, 0), [0] * 8
        return 0, PEER, tag(ECHO, 8), [self.echoes * 8 + i for i in range(8)]

    def ipc(self, to, from_, t, timeouts, words):
        if to == ROOT and t == tag(NAME_REGISTER, 4):
            self.registered = words[:4] == name_words("pong")
            return 0, ROOT, tag(NAME_REPLY, 1), [0] * 8
        if to == TID_NIL and from_ == TID_ANY:
            return self.next_request()
        if to == PEER and from_ == TID_ANY and timeouts == NEVER << 16:
            if t != tag(ECHO, 8) or not echo_ok(words, self.echoes):
                return self.fail(f"reply {self.echoes}: tag {t:#x} words {words}")
            self.echoes += 1
            return self.next_request()
        if to == PEER and from_ == TID_NIL and t == tag(QUIT, 0):
            self.quit_sent = True
            return 0, 0, 0, words
        return self.fail(f"ipc to {to:#x} from {from_:#x} tag {t:#x} "
                         f"timeouts {timeouts:#x}")


def checksum(first, count):
    s = 0
    for seq in range(first, first + count):
        for i in range(8):
            s = (s * 31 + seq * 8 + i) & 0xFFFFFFFF
    return s


def main():
    ping, pong = PingKernel(sys.argv[1]), PongKernel(sys.argv[2])
    ping.run()
    pong.run()
    # One clock call before the timed rounds and one after: CLOCK_STEP
    # counts for 10000 round trips.
    ns = CLOCK_STEP * 10**9 // CLOCK_HZ // 10000
    want = (f"ping: 10000 round trips of 8 words, {ns} ns each, "
            f"checksum 0x{checksum(1000, 10000):08x}\n")
    checks = [
        (not ping.errors, "ping runs to its exit under the fake kernel"
         + "".join(f"; {e}" for e in ping.errors)),
        (ping.lookups == 2 and ping.sleeps == 1, "ping asks the root task "
         "named in its start-up block, again after -ENOENT and a sleep"),
        (ping.echoes == 11000 and ping.quit, "ping makes 11000 echo calls "
         "with words 0-7 in r4-r6, r8-r12, then quits pong"),
        (ping.out == want, f"ping prints the count and checksum: {ping.out!r}"),
        (ping.status == 0, f"ping exits 0 (status {ping.status})"),
        (not pong.errors, "pong runs to its exit under the fake kernel"
         + "".join(f"; {e}" for e in pong.errors)),
        (pong.registered, "pong registers \"pong\" with the root task"),
        (pong.echoes == PongKernel.ROUNDS and pong.quit_sent, "pong echoes "
         "every request with reply-and-wait, then answers quit"),
        (pong.out == "pong: done\n" and pong.status == 0,
         f"pong prints 'pong: done' and exits 0: {pong.out!r} {pong.status}"),
    ]
    print(f"TAP version 13\n1..{len(checks)}")
    for i, (ok, name) in enumerate(checks, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {name}")
    return 0 if all(ok for ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
