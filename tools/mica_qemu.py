"""Booting mica in QEMU and reading what it prints: shared by tools/run-tests,
tools/run-bench and tools/gdb-test."""

import os
import re
import subprocess
import time

QEMU = os.environ.get("QEMU", "qemu-system-arm")
QEMU_BASE = ["-M", "versatilepb", "-nographic",
             "-audiodev", "none,id=snd0", "-global", "pl041.audiodev=snd0",
             "-monitor", "none", "-serial", "stdio"]

PANIC_RE = re.compile(r"^PANIC at (\S+):(\d+): (.*)$", re.M)
TAP_RE = re.compile(r"^(not ok|ok) (\d+) - (.*)$", re.M)
PLAN_RE = re.compile(r"^1\.\.(\d+)$", re.M)


class Boot:
    """The outcome of one QEMU run."""

    def __init__(self, cmd, status, output, timed_out, seconds):
        self.cmd = cmd
        self.status = status
        self.output = output
        self.timed_out = timed_out
        self.seconds = seconds

    def command_line(self):
        return " ".join(a if " " not in a else repr(a) for a in self.cmd)

    def panic(self):
        return PANIC_RE.search(self.output)

    def tap(self):
        """(plan or None, [(ok, number, description)])"""
        plan = PLAN_RE.search(self.output)
        results = [(m.group(1) == "ok", int(m.group(2)), m.group(3))
                   for m in TAP_RE.finditer(self.output)]
        return (int(plan.group(1)) if plan else None), results

    def mem_line(self):
        m = re.search(r"^mem: (\d+) bytes RAM at 0x([0-9a-f]+) \((\w+)\)$",
                      self.output, re.M)
        return (int(m.group(1)), int(m.group(2), 16), m.group(3)) if m else None


def qemu_command(kernel=None, mem="128M", append=None, extra=(),
                 semihosting=True):
    cmd = [QEMU] + QEMU_BASE + ["-m", mem]
    if semihosting:
        cmd += ["-semihosting"]
    if kernel:
        cmd += ["-kernel", kernel]
    if append:
        cmd += ["-append", append]
    return cmd + list(extra)


def boot(kernel=None, mem="128M", append=None, extra=(), timeout=60,
         until=None, semihosting=True, linger=0):
    """Runs QEMU until it exits, `timeout` seconds pass, or (when given) the
    regular expression `until` appears in the output and `linger` more
    seconds pass (to see that nothing follows it)."""
    cmd = qemu_command(kernel, mem, append, extra, semihosting)
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = b""
    timed_out = False
    stop_at = None
    os.set_blocking(proc.stdout.fileno(), False)
    while True:
        chunk = proc.stdout.read()
        if chunk:
            out += chunk
            if until and re.search(until, out.decode("utf-8", "replace"), re.M):
                until = None
                stop_at = time.monotonic() + linger
        if not until and stop_at is not None and time.monotonic() >= stop_at:
            proc.kill()
            break
        if proc.poll() is not None:
            rest = proc.stdout.read()
            out += rest or b""
            break
        if time.monotonic() - start > timeout:
            timed_out = True
            proc.kill()
            break
        time.sleep(0.02)
    proc.wait()
    text = out.decode("utf-8", "replace").replace("\r\n", "\n")
    return Boot(cmd, proc.returncode, text, timed_out, time.monotonic() - start)
