/*
 * The fault protocol (docs/pager.md). Every thread has a pager, a thread
 * id set when the thread is created and changed by its controller with
 * SYS_THREAD_SET_PAGER. When the thread takes a page fault, an undefined
 * instruction, an alignment fault or calls SYS_EXIT, the kernel sends its
 * pager a message on its behalf, as a call: the sender id is the faulting
 * thread, and the thread waits for the pager's reply. Its own registers
 * and message words are untouched: the message is built apart from them.
 *
 * The message: IPC_TAG(label, 4) with
 *   w0 = the fault address (the FAR of a data abort, the pc of a prefetch
 *        abort or an undefined instruction), or the status of an exit
 *   w1 = the pc of the faulting instruction
 *   w2 = the raw FSR; for an undefined instruction the instruction word
 *        (0 when it cannot be read, or in Thumb state); 0 for an exit
 *   w3 = the faulting thread's task id (written by the kernel)
 *
 * Labels from IPC_LABEL_KERNEL up are the kernel's: a thread cannot send
 * one (-EINVAL), except as a reply to a thread that waits for its pager.
 */
#ifndef MICA_UAPI_FAULT_H
#define MICA_UAPI_FAULT_H

#define IPC_LABEL_KERNEL	0xffe0u

/* A page fault: FAULT_LABEL | the access (read, write or execute). */
#define FAULT_LABEL		0xfff0u
#define FAULT_READ		(1u << 0)	/* as MAP_READ */
#define FAULT_WRITE		(1u << 1)	/* as MAP_WRITE */
#define FAULT_EXEC		(1u << 2)	/* as MAP_EXEC: w0 == w1 */
#define FAULT_ACCESS		(FAULT_READ | FAULT_WRITE | FAULT_EXEC)
/*
 * A system call's access to a user buffer found no page there: w1 is the
 * svc's pc. Once the page is mapped the call runs again; a kill reply
 * makes the call fail with -EFAULT instead (the thread goes on).
 */
#define FAULT_SYSCALL		(1u << 3)
#define FAULT_IS_PAGE(label)	(((label) & ~(FAULT_ACCESS | FAULT_SYSCALL)) == FAULT_LABEL)

/* An undefined instruction: w0 = w1 = the pc. */
#define EXC_LABEL_UNDEF		0xffe1u
/* An alignment fault: EXC_LABEL_ALIGN | FAULT_READ or FAULT_WRITE; w0 = FAR. */
#define EXC_LABEL_ALIGN		0xffe8u
#define FAULT_IS_ALIGN(label)	(((label) & ~FAULT_ACCESS) == EXC_LABEL_ALIGN)
/*
 * SYS_EXIT of a thread whose pager is in another task: w0 = the status.
 * The pager learns of the exit and reclaims what it gave the task;
 * whatever it replies, the task is destroyed (it may also destroy it).
 */
#define EXIT_LABEL		0xffe2u

#define FAULT_MSG_WORDS		4

/*
 * The pager's reply (its reply-and-wait, to = the faulting thread):
 *   IPC_TAG(FAULT_REPLY_RESUME, 0)  restart the faulting instruction (the
 *                  pager may have mapped with SYS_MAP or changed the
 *                  registers with SYS_THREAD_REGS first)
 *   IPC_TAG(FAULT_REPLY_MAP, 4)     w0 = MAP_* flags (rights, MAP_PHYS,
 *                  MAP_GRANT), w1 = src (a physical address the pager owns
 *                  with MAP_PHYS, else a range of its own space), w2 = the
 *                  destination address in the faulting task, w3 = size;
 *                  the kernel installs the mapping as SYS_MAP would and
 *                  restarts the instruction
 *   IPC_TAG(FAULT_REPLY_KILL, 1)    w0 = FAULT_KILL_* reason: the thread
 *                  stops with a decoded message
 * An item the kernel refuses (bad flags, frames the pager neither owns nor
 * has mapped, rights beyond its own, a destination outside user space, a
 * misaligned or wrapping range, no quota left) fails the pager's call with
 * the error SYS_MAP would give and no change; the faulting thread stops
 * with a message. Any other label fails with -EINVAL, the same way. A map
 * item whose destination is mapped already (another thread of the task
 * faulted on the same page and was served first) fails with -EEXIST, and
 * the faulting thread runs again: the pager takes its frame back.
 */
#define FAULT_REPLY_RESUME	0u
#define FAULT_REPLY_MAP		0xffe4u
#define FAULT_REPLY_KILL	0xffe5u

#define FAULT_KILL_SEGV		1	/* "segmentation fault": nothing there */
#define FAULT_KILL_STACK	2	/* "stack overflow": the guard page */
#define FAULT_KILL_NOMEM	3	/* "out of memory" */
#define FAULT_KILL_EXCEPTION	4	/* "unhandled exception" */
#define FAULT_KILL_MAX		4

#endif
