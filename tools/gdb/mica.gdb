# gdb-multiarch set-up for mica: `make gdb` loads it with -x (gdb refuses a
# local .gdbinit without an auto-load safe path, so none is used).
#
# The ELF's symbols are the kernel's link (virtual) addresses, 0xC0008000
# and up, which is what the CPU runs at once head.S has turned the MMU on.
# The few instructions before that run at physical 0x8000: mica.py also
# loads head.o's symbols there (head.S's .text.head only: the whole ELF
# shifted down would cover the user programs' addresses from 0x10000), so
# that _start, the boot page-table code and their source lines resolve.
# mica.py then loads the root task's symbols; `mica-user NAME` switches to
# another user program's (docs/debugging.md).
set confirm off
set pagination off
set architecture armv5te
set print pretty on
set disassemble-next-line auto

# Prints the exception frame at the given address (a struct trap_frame *).
define mica-frame
  print *(struct trap_frame *)$arg0
end
document mica-frame
Print a trap frame: mica-frame ADDRESS
end

# User programs: mica-user, mica-task and $mica_task() (tools/gdb/mica.py).
# The root task's symbols are loaded to begin with.
source tools/gdb/mica.py
mica-user root

# The kernel's state: mica-tasks, mica-threads (tools/gdb/mica_kernel.py),
# mica-pt and mica-frames (tools/gdb/mica_mm.py). They use mica.py's readers.
source tools/gdb/mica_kernel.py
source tools/gdb/mica_mm.py
