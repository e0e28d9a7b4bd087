"""Driving mica's console shell through QEMU's serial port (stdin/stdout of
qemu -serial stdio): type a line, wait for the next `mica> ` prompt, get
what was printed in between. Used by the shell group of tools/run-tests."""

import os
import re
import subprocess
import time

import mica_qemu

PROMPT = "mica> "


class Session:
    """One QEMU run of the shell; every wait ends at the session's deadline."""

    def __init__(self, kernel, append, mem="128M", timeout=30):
        self.cmd = mica_qemu.qemu_command(kernel, mem, append)
        self.proc = subprocess.Popen(self.cmd, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        os.set_blocking(self.proc.stdout.fileno(), False)
        self.raw = b""
        self.pos = 0            # where the next wait starts looking
        self.deadline = time.monotonic() + timeout

    @property
    def output(self):
        """Everything printed so far, CR LF as LF."""
        return self.raw.decode("utf-8", "replace").replace("\r\n", "\n")

    def wait_for(self, pattern):
        """Waits for pattern (a regex, multiline) after self.pos; returns
        the match or None when QEMU ends or the deadline passes."""
        rx = re.compile(pattern, re.M)
        while True:
            m = rx.search(self.output, self.pos)
            if m:
                return m
            if self.proc.poll() is not None or time.monotonic() > self.deadline:
                return None
            chunk = self.proc.stdout.read()
            if chunk:
                self.raw += chunk
            else:
                time.sleep(0.01)

    def prompt(self):
        """The text up to the next prompt (None if none comes); the next
        wait starts after it."""
        m = self.wait_for(re.escape(PROMPT))
        if not m:
            return None
        text = self.output[self.pos:m.start()]
        self.pos = m.end()
        return text

    def type(self, keys):
        """Sends keys as typed; what follows is looked for after them."""
        self.pos = len(self.output)
        self.proc.stdin.write(keys.encode())
        self.proc.stdin.flush()

    def command(self, keys):
        """Types keys (a line and its CR) and returns what came before the
        next prompt, the echo included, or None."""
        self.type(keys)
        return self.prompt()

    def close(self):
        self.proc.kill()
        self.proc.wait()
