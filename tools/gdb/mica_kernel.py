"""gdb views of mica's tasks and threads, sourced by tools/gdb/mica.gdb after
mica.py, whose kernel_read and kernel_word they use (gdb runs every sourced
script in one namespace, __main__).

  mica-tasks      one line per live task, from the task id table
  mica-threads    one line per live thread, from the thread id table

Structures are read whole (kernel_read, which works in user mode too) and
decoded with the kernel's own types, so fields are found by name: a field
added to struct tcb or struct task moves nothing here. A command that runs
before the kernel has set up what it reads prints why and returns (as
mica-task does), so a script goes on.
"""

import gdb

TID_NIL = 0
TID_ANY = 0xFFFFFFFF
ID_FREE = 1 << 31       # kernel/idtable.c: a free slot's id has it set


def symbol_address(name):
    """The address of kernel global name (no memory is read)."""
    return int(gdb.parse_and_eval(f"(unsigned int)&{name}")) & 0xFFFFFFFF


def kernel_value(va, type_name):
    """The object of type type_name at kernel address va, read whole."""
    t = gdb.lookup_type(type_name)
    return gdb.Value(kernel_read(va, t.sizeof), t)


def kernel_global(name, type_name):
    return kernel_value(symbol_address(name), type_name)


def kernel_words(va, n):
    data = kernel_read(va, 4 * n)
    return [int.from_bytes(data[i:i + 4], "little") for i in range(0, 4 * n, 4)]


def addr(v):
    """A pointer (or integer) gdb.Value as an unsigned address."""
    return int(v) & 0xFFFFFFFF


def c_string(v):
    """A char array field as text, up to its NUL."""
    raw = bytes(int(c) & 0xFF for c in (v[i] for i in range(v.type.sizeof)))
    return raw.split(b"\0")[0].decode("ascii", "replace")


def idtable_live(table, init):
    """(id, object address) of each live slot of the struct idtable
    named table, slot order; a GdbError before init (its set-up) has run."""
    t = kernel_global(table, "struct idtable")
    n, objs = int(t["nslots"]), addr(t["obj"])
    if n == 0 or objs == 0:
        raise gdb.GdbError(f"mica: {table} is not set up yet (before {init})")
    obj, ids = kernel_words(objs, n), kernel_words(addr(t["id"]), n)
    return [(ids[s], obj[s]) for s in range(1, n)
            if obj[s] and not ids[s] & ID_FREE]


def live_tasks():
    """(id, address, struct task value) of every live task."""
    return [(i, a, kernel_value(a, "struct task"))
            for i, a in idtable_live("task_ids", "task_init")]


def task_find(spec):
    """The (id, address, value) of the live task named spec, or else with
    the id the expression spec gives (65538, 0x10002, $id); a GdbError
    when there is none."""
    tasks = live_tasks()
    for task in tasks:
        if c_string(task[2]["name"]) == spec:
            return task
    try:
        want = addr(gdb.parse_and_eval(spec))
    except gdb.error:
        want = None
    for task in tasks:
        if task[0] == want:
            return task
    raise gdb.GdbError(f"mica: no live task {spec}; live: " +
                       " ".join(f"{c_string(t[2]['name'])} ({t[0]})"
                                for t in tasks))


def task_label(task_addr):
    """'name (id)' of the task record at task_addr."""
    t = kernel_value(task_addr, "struct task")
    return f"{c_string(t['name'])} ({int(t['id'])})"


def field_word(va, struct, name):
    return kernel_word(va + field_offset(struct, name))


def report_errors(run):
    """Makes run(self, arg) a command's invoke that prints an error (the
    kernel not far enough in boot, a bad argument or expression) instead of
    failing the command: a batch script goes on, as after mica-task."""
    def invoke(self, arg, from_tty):
        try:
            run(self, arg)
        except (gdb.GdbError, gdb.error) as e:
            print(f"{self.name}: {e}")
    return invoke


def print_table(head, rows):
    """Prints rows under head, each column as wide as its widest cell."""
    widths = [max(len(r[i]) for r in [head] + rows) for i in range(len(head))]
    for r in [head] + rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())


class MicaTasks(gdb.Command):
    """List the live tasks: id, name, parent's id, threads, kernel bytes used
of the quota, frames owned (struct task), in task-table slot order.
Usage: mica-tasks"""

    name = "mica-tasks"

    def __init__(self):
        super().__init__(self.name, gdb.COMMAND_STATUS)

    @report_errors
    def invoke(self, arg):
        rows = []
        for tid, _, t in live_tasks():
            parent = addr(t["parent"])
            rows.append((str(tid), c_string(t["name"]),
                         str(field_word(parent, "struct task", "id"))
                         if parent else "-",
                         str(int(t["nthreads"])),
                         f"{int(t['used'])}/{int(t['quota'])}",
                         str(int(t["frames"]))))
        print_table(("id", "name", "parent", "threads", "used/quota",
                     "frames"), rows)


def thread_states():
    """enum thread_state's values to names without THREAD_: READY, ..."""
    return {f.enumval: f.name[len("THREAD_"):]
            for f in gdb.lookup_type("enum thread_state").fields()}


def tid_text(tid):
    return "-" if tid == TID_NIL else "any" if tid == TID_ANY else f"{tid:08x}"


def thread_waits(th, state):
    """What a blocked thread waits for: 'to TID' (SEND), 'from TID' (RECV)."""
    if state == "SEND":
        partner = addr(th["partner"])
        return "to " + (f"{field_word(partner, 'struct tcb', 'tid'):08x}"
                        if partner else "?")
    if state == "RECV":
        return "from " + tid_text(addr(th["wait_from"]))
    return ""


class MicaThreads(gdb.Command):
    """List the live threads: the running one (sched_current) marked *, its
id, task, state (enum thread_state), priority, saved user pc (ctx.pc), pager
(- for none), and whom a SEND or RECV waits for.
Usage: mica-threads"""

    name = "mica-threads"

    def __init__(self):
        super().__init__(self.name, gdb.COMMAND_STATUS)

    @report_errors
    def invoke(self, arg):
        current = kernel_word(symbol_address("sched_current"))
        states = thread_states()
        rows = []
        for tid, a in idtable_live("thread_ids", "thread_init"):
            th = kernel_value(a, "struct tcb")
            state = states.get(int(th["state"]), str(int(th["state"])))
            rows.append(("*" if a == current else "", f"{tid:08x}",
                         task_label(addr(th["task"])), state,
                         str(int(th["prio"])),
                         f"{addr(th['ctx']['pc']):#010x}",
                         tid_text(addr(th["pager"])),
                         thread_waits(th, state)))
        print_table(("", "tid", "task", "state", "prio", "user pc", "pager",
                     "waits"), rows)


MicaTasks()
MicaThreads()
