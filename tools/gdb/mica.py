"""gdb helpers for mica's user programs, sourced by tools/gdb/mica.gdb.

Every user program (the root task build/user/root.elf, the built-in
programs build/apps/NAME.elf) is linked at the same addresses (0x10000 up,
user/user.lds), each running in its own task's address space, so at most
one program's symbols are loaded at a time; the kernel's (0xC0000000 up)
stay loaded throughout.

  mica-user NAME    load the symbols of program NAME (root, ping, pong, ...,
                    or a path to an ELF) in place of the current program's
  mica-user         load the symbols of the program running now
  mica-task         print the running thread and task, and where the CPU is
  $mica_task("ping")  1 when the running task is named ping: a breakpoint
                    condition, since a breakpoint at a user address fires in
                    every task whose code is at that address
"""

import os

import gdb

KERNEL_BASE = 0xC0000000


def build_dir():
    """The build directory: the nearest one above the kernel ELF gdb was
    started with that holds user/root.elf, else ./build."""
    exe = gdb.current_progspace().filename
    d = os.path.dirname(os.path.abspath(exe)) if exe else os.getcwd()
    while True:
        if os.path.exists(os.path.join(d, "user", "root.elf")):
            return d
        up = os.path.dirname(d)
        if up == d:
            return os.path.abspath("build")
        d = up


def program_path(name):
    """The ELF of program name: a path as given, the root task, or an app."""
    if "/" in name or name.endswith(".elf"):
        return os.path.abspath(os.path.expanduser(name))
    b = build_dir()
    if name == "root":
        return os.path.join(b, "user", "root.elf")
    return os.path.join(b, "apps", name + ".elf")


def programs():
    """The names mica-user knows: root and every build/apps/*.elf."""
    apps = os.path.join(build_dir(), "apps")
    names = sorted(f[:-4] for f in os.listdir(apps) if f.endswith(".elf")) \
        if os.path.isdir(apps) else []
    return ["root"] + names


class UserSymbols:
    """The user program whose symbols are loaded, if any."""
    path = None
    name = None


def user_mode():
    """True when the CPU stopped in user mode (CPSR mode bits 0x10)."""
    return int(gdb.parse_and_eval("$cpsr")) & 0x1F == 0x10


def kernel_read(va, size):
    """size bytes of kernel memory at va. QEMU's gdbstub reads through the
    MMU with the current mode's rights, and the kernel half is privileged
    only: stopped in user mode, read RAM's physical address (the kernel maps
    RAM linearly from KERNEL_BASE) in the gdbstub's physical-memory mode."""
    inf = gdb.selected_inferior()
    try:
        if not user_mode():
            return bytes(inf.read_memory(va, size))
        gdb.execute("maintenance packet Qqemu.PhyMemMode:1", to_string=True)
        try:
            return bytes(inf.read_memory(va - KERNEL_BASE, size))
        finally:
            gdb.execute("maintenance packet Qqemu.PhyMemMode:0",
                        to_string=True)
    except gdb.MemoryError:
        raise gdb.GdbError(f"mica: cannot read kernel memory at {va:#x} "
                           "(is the MMU on yet?)")


def kernel_word(va):
    return int.from_bytes(kernel_read(va, 4), "little")


def field_offset(struct, name):
    return gdb.lookup_type(struct)[name].bitpos // 8


def running_task():
    """(task name, task id, thread id) of sched_current, the thread running
    (in user mode) or the one the kernel returns to; None while idle."""
    cur = kernel_word(int(gdb.parse_and_eval("(unsigned int)&sched_current")))
    if cur == 0:
        return None
    task = kernel_word(cur + field_offset("struct tcb", "task"))
    tid = kernel_word(cur + field_offset("struct tcb", "tid"))
    task_id = kernel_word(task + field_offset("struct task", "id"))
    size = gdb.lookup_type("struct task")["name"].type.sizeof
    name = kernel_read(task + field_offset("struct task", "name"), size)
    return (name.split(b"\0")[0].decode("ascii", "replace"), task_id, tid)


def user_load(name):
    path = program_path(name)
    if not os.path.exists(path):
        raise gdb.GdbError(f"mica-user: no {path}; programs: "
                           + " ".join(programs()))
    if UserSymbols.path:
        for obj in gdb.objfiles():
            if obj.filename == UserSymbols.path:
                gdb.execute(f"remove-symbol-file {obj.filename}",
                            to_string=True)
                break
    UserSymbols.path = UserSymbols.name = None
    gdb.execute(f"add-symbol-file {path}", to_string=True)
    if "/" in name or name.endswith(".elf"):
        name = os.path.basename(name)[:-4] if name.endswith(".elf") \
            else os.path.basename(name)
    UserSymbols.path = path
    UserSymbols.name = name
    print(f"mica-user: {name} ({os.path.relpath(path)})")


class MicaUser(gdb.Command):
    """Load the symbols of a user program in place of the current one's.
Usage: mica-user [NAME]
NAME is root (the root task), a program in build/apps (ping, pong, utest,
...) or a path to an ELF. Without NAME: the program of the task running
now (sched_current->task->name).
Breakpoints set by name (break main) are re-set against the program loaded
now; a breakpoint at an address (break *0x10100) stays where it is."""

    def __init__(self):
        super().__init__("mica-user", gdb.COMMAND_FILES)

    def invoke(self, arg, from_tty):
        name = arg.strip()
        if not name:
            task = running_task()
            if task is None:
                raise gdb.GdbError("mica-user: no thread is running")
            name = task[0]
        user_load(name)

    def complete(self, text, word):
        return [n for n in programs() if n.startswith(text)]


class MicaTask(gdb.Command):
    """Print the running thread and task, where the CPU is (user or kernel
code) and whose user symbols are loaded.
Usage: mica-task"""

    def __init__(self):
        super().__init__("mica-task", gdb.COMMAND_STATUS)

    def invoke(self, arg, from_tty):
        pc = int(gdb.parse_and_eval("$pc")) & 0xFFFFFFFF
        where = "kernel" if pc >= KERNEL_BASE else "user"
        try:
            task = running_task()
        except gdb.GdbError as e:
            print(f"{e}; pc 0x{pc:08x}")
            return
        if task is None:
            print(f"mica-task: idle, pc 0x{pc:08x} in the kernel")
        else:
            print(f"mica-task: {task[0]} (task {task[1]}, thread "
                  f"{task[2]:08x}), pc 0x{pc:08x} in {where} code")
        print(f"mica-task: user symbols: {UserSymbols.name or 'none'}")


class MicaTaskFunction(gdb.Function):
    """$mica_task("NAME"): 1 if the running task is named NAME, else 0.
Usage: break main if $mica_task("ping")"""

    def __init__(self):
        super().__init__("mica_task")

    def invoke(self, name):
        task = running_task()
        return 1 if task is not None and task[0] == name.string() else 0


def boot_alias_load():
    """head.S's symbols at the physical address they run at with the MMU
    off, from head.o (the linked ELF's alias would cover the user programs'
    addresses too): the executable's arch/arm/head.o, if it is there."""
    exe = gdb.current_progspace().filename
    head = os.path.join(os.path.dirname(exe), "arch", "arm", "head.o") \
        if exe else ""
    if not os.path.exists(head):
        return
    text = int(gdb.parse_and_eval("(unsigned int)&_start"))
    gdb.execute(f"add-symbol-file {head} -s .text.head {text - KERNEL_BASE:#x}",
                to_string=True)


boot_alias_load()
MicaUser()
MicaTask()
MicaTaskFunction()
