"""gdb views of mica's memory, sourced by tools/gdb/mica.gdb after
mica_kernel.py, whose readers they use.

  mica-pt ADDR [TASK]   walk a space's ARMv5 tables for ADDR; sets $mica_pa
  mica-frames           the buddy allocator's and the frame owners' counts

The descriptor formats are include/arch/pgtable.h's (docs/vm.md): first
level fault/coarse/section, coarse second-level tables of small pages. gdb
reads virtual memory, so a table's physical address is read through the
kernel's linear map (phys_to_virt: pa + phys_virt_offset).
"""

import gdb

PMD_SHIFT = 20
USER_PMDS = KERNEL_BASE >> PMD_SHIFT       # first-level entries of the user half
L1_TYPES = {0: "fault", 1: "coarse", 2: "section", 3: "fine (not used by mica)"}
L2_TYPES = {0: "fault", 1: "large page (64 KiB, not used by mica)",
            2: "small page (4 KiB)", 3: "tiny page (1 KiB, not used by mica)"}
# AP with SCTLR.S = 1, R = 0, as vm_init() sets (include/arch/pgtable.h).
AP_TEXT = {0: "kernel ro, user none", 1: "kernel rw, user none",
           2: "kernel rw, user ro", 3: "kernel rw, user rw"}
CB_TEXT = {0: "uncached, unbuffered", 1: "uncached, buffered",
           2: "write-through", 3: "write-back"}


def phys_to_virt(pa):
    return (pa + kernel_word(symbol_address("phys_virt_offset"))) & 0xFFFFFFFF


def space_of(spec):
    """(label, struct vm_space address) of task spec's space, or of the
    current space (vm_current) when spec is empty."""
    if spec:
        tid, _, t = task_find(spec)
        return f"{c_string(t['name'])}'s space (task {tid})", addr(t["space"])
    current = kernel_word(symbol_address("vm_current"))
    if current == 0:
        raise gdb.GdbError("mica: no current space yet (before vm_init)")
    if current == symbol_address("vm_kernel"):
        return "the kernel's space", current
    for tid, _, t in live_tasks():
        if addr(t["space"]) == current:
            return f"the current space, {c_string(t['name'])}'s (task {tid})", \
                current
    return f"the current space ({current:#x})", current


def exec_bit(space, index):
    """The space's "holds code" bit of first-level entry index (the kernel
    space's for the kernel half, as mm/vm_internal.h's exec_test)."""
    if index >= USER_PMDS:
        space = symbol_address("vm_kernel")
    exec_bytes = addr(kernel_value(space, "struct vm_space")["exec"])
    return kernel_read(exec_bytes + index // 8, 1)[0] >> (index % 8) & 1


def access_text(aps, desc):
    """AP (one per 1 KiB subpage of a small page, one for a section) and the
    C and B bits of desc, decoded."""
    cb = (desc >> 2) & 3
    ap = f"AP {aps[0]} {AP_TEXT[aps[0]]}" if len(set(aps)) == 1 else \
        "AP per 1 KiB subpage " + "/".join(str(a) for a in aps)
    return f"{ap}; C {cb >> 1} B {cb & 1} {CB_TEXT[cb]}"


def pt_walk(va, space):
    """Lines describing va's translation in space (a struct vm_space), and
    the physical address (None when not mapped)."""
    s = kernel_value(space, "struct vm_space")
    index = va >> PMD_SHIFT
    pmd = kernel_word(addr(s["pgd"]) + 4 * index)
    lines = [f"first-level table {addr(s['pgd']):#010x} "
             f"(pa {addr(s['pgd_pa']):#010x})"]
    kind = L1_TYPES[pmd & 3]
    if kind == "section":
        pa = (pmd & 0xFFF00000) | (va & 0xFFFFF)
        lines += [f"L1[{index:#05x}] = {pmd:#010x}: section (1 MiB) at pa "
                  f"{pmd & 0xFFF00000:#010x}, domain {(pmd >> 5) & 15}",
                  f"pa {pa:#010x}: " + access_text([(pmd >> 10) & 3], pmd)]
    elif kind != "coarse":
        stop = "not mapped" if kind == "fault" else "not decoded"
        return lines + [f"L1[{index:#05x}] = {pmd:#010x}: {kind}: {stop}"], None
    else:
        table = pmd & 0xFFFFFC00
        lines.append(f"L1[{index:#05x}] = {pmd:#010x}: coarse table at pa "
                     f"{table:#010x}, domain {(pmd >> 5) & 15}")
        l2, pa = pte_walk(va, table)
        lines += l2
        if pa is None:
            return lines, None
    code = "holds code" if exec_bit(space, index) else "no code"
    return lines + [f"{code} (the space's exec bit of L1[{index:#05x}]; "
                    "ARMv5 has no XN)"], pa


def pte_walk(va, table):
    """The second-level lines for va in the coarse table at pa table and
    the physical address, or one line and None when the walk stops there."""
    index = (va >> 12) & 0xFF
    pte = kernel_word(phys_to_virt(table) + 4 * index)
    kind = L2_TYPES[pte & 3]
    head = f"L2[{index:#04x}] = {pte:#010x}: {kind}"
    if pte & 3 != 2:
        return [head + (": not mapped" if pte & 3 == 0 else ": not decoded")], \
            None
    aps = [(pte >> shift) & 3 for shift in (4, 6, 8, 10)]
    pa = (pte & 0xFFFFF000) | (va & 0xFFF)
    return [f"{head} at pa {pte & 0xFFFFF000:#010x}",
            f"pa {pa:#010x}: {access_text(aps, pte)}"], pa


def address_of(expr):
    """The address expr names: its value, or a function's address."""
    v = gdb.parse_and_eval(expr)
    if v.type.code == gdb.TYPE_CODE_FUNC:
        v = v.address
    return addr(v)


class MicaPt(gdb.Command):
    """Walk the ARMv5 translation tables for an address: the first-level
entry (raw, fault/coarse/section), the second-level entry (raw, small page),
the physical address, AP decoded (kernel/user read/write), C and B, and the
space's "holds code" bit; "not mapped" where the walk stops. Sets $mica_pa
to the physical address (void when not mapped).
Usage: mica-pt ADDR [TASK]
ADDR is any expression (main, 0x10100, $pc). TASK is a live task's name,
or an expression for its id (65538, sched_current->task->id); without it,
the current space (vm_current)."""

    name = "mica-pt"

    def __init__(self):
        super().__init__(self.name, gdb.COMMAND_DATA)

    @report_errors
    def invoke(self, arg):
        args = gdb.string_to_argv(arg)
        if not 1 <= len(args) <= 2:
            raise gdb.GdbError("usage: mica-pt ADDR [TASK]")
        va = address_of(args[0])
        label, space = space_of(args[1] if len(args) == 2 else "")
        gdb.set_convenience_variable("mica_pa", None)
        lines, pa = pt_walk(va, space)
        if pa is not None:
            gdb.set_convenience_variable("mica_pa", pa)
        print(f"mica-pt: {va:#010x} in {label}, {lines[0]}")
        for line in lines[1:]:
            print("  " + line)


def buddy_lines():
    """The buddy allocator's counts: free blocks per order, hot frames,
    reserved, total, and whether the free counts add up."""
    b = kernel_global("buddy", "struct buddy")
    total = int(kernel_global("mm_ram", "struct mm_ram")["nr_frames"])
    if total == 0:
        raise gdb.GdbError("mica: the buddy allocator is not set up yet "
                           "(before buddy_init)")
    area = b["area"]
    orders = range(area.type.range()[1] + 1)
    blocks = [int(area[o]["nr_free"]) for o in orders]
    hot, free = int(b["nr_hot"]), int(b["nr_free"])
    listed = sum(n << o for o, n in enumerate(blocks)) + hot
    lines = [f"buddy: {free} free, {int(b['nr_reserved'])} reserved of "
             f"{total} frames"]
    lines += [f"  order {o}: {n} free blocks, {n << o} frames"
              for o, n in enumerate(blocks) if n]
    lines.append(f"  hot: {hot} frames")
    lines.append(f"  free lists + hot = {listed} frames" +
                 (" = free" if listed == free else f" != free {free}: BAD"))
    return lines, total


def owner_lines(total):
    """The frame owners' counts from kernel/frames.c's per-frame owner byte
    (a task's id slot, 0 the kernel), each task's checked against its
    record, the whole against total and the tasks' against granted."""
    owner = kernel_word(symbol_address("'kernel/frames.c'::owner"))
    if owner == 0:
        raise gdb.GdbError("mica: frame owners are not set up yet "
                           "(before frames_init)")
    counts = {}
    for slot in kernel_read(owner, total):
        counts[slot] = counts.get(slot, 0) + 1
    kernel = counts.pop(0, 0)
    tasks = {i & 0xFF: (f"{c_string(t['name'])} (task {i})", int(t["frames"]))
             for i, _, t in live_tasks()}
    lines = [f"owners: kernel {kernel} frames"]
    for slot in sorted(counts):
        name, frames = tasks.get(slot, (f"slot {slot} (no live task)", None))
        note = "" if frames in (None, counts[slot]) else \
            f" (its record says {frames}: BAD)"
        lines.append(f"  {name}: {counts[slot]} frames{note}")
    owned = sum(counts.values())
    granted = kernel_word(symbol_address("'kernel/frames.c'::granted"))
    lines.append(f"  tasks: {owned} frames" + ("" if owned == granted else
                 f" != granted {granted}: BAD"))
    lines.append(f"  kernel + tasks = {kernel + owned} frames" +
                 (" = total" if kernel + owned == total else
                  f" != total {total}: BAD"))
    return lines


class MicaFrames(gdb.Command):
    """Summarise physical memory: the buddy allocator's free blocks per
order, hot frames, reserved and total frames; then the frames each task
owns (kernel/frames.c), each line checked against the task's record, the
whole checked to add up to the total.
Usage: mica-frames"""

    name = "mica-frames"

    def __init__(self):
        super().__init__(self.name, gdb.COMMAND_STATUS)

    @report_errors
    def invoke(self, arg):
        lines, total = buddy_lines()
        lines += owner_lines(total)
        for line in lines:
            print(f"{self.name}: {line}" if not line.startswith(" ") else line)


MicaPt()
MicaFrames()
