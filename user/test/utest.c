/*
 * utest: libmica against the kernel, as TAP (<mica/tap.h>), for when the
 * kernel starts user programs: the plain calls, IPC errors that need no
 * partner, and a call/reply-and-wait echo of 16 words (8 in registers, 8
 * in the UTCB) with a thread made by mica_thread_start(), whose id is
 * stale (-ESRCH) once its function has returned; the info calls'
 * iteration against the kernel's counts, and console reads with nothing
 * typed (the runner gives QEMU no input).
 */
#include <mica.h>
#include <mica/root.h>
#include <mica/tap.h>
#include <stdio.h>
#include <string.h>

#define ECHO		0x7501
#define QUIT		0x7502
#define WORDS		16
#define NO_THREAD	0x7fffffffu	/* the largest version and slot */

static uint32_t echo_stack[512] __attribute__((aligned(8)));
static uint32_t reader_stack[512] __attribute__((aligned(8)));
static volatile int reader_result;

/* Echoes every call until QUIT, which it answers before returning. */
static int echo_server(void *arg __attribute__((unused)))
{
	struct mica_msg msg;
	uint32_t client;
	int err = mica_wait(&msg, IPC_TIMEOUT_NEVER, &client);

	while (err == 0 && IPC_TAG_LABEL(msg.tag) != QUIT)
		err = mica_reply_wait(client, &msg, IPC_TIMEOUT_NEVER, &client);
	if (err == 0)
		mica_send(client, &msg, IPC_TIMEOUT_POLL);
	return err;
}

/* One call of WORDS words; returns 1 if all came back as sent. */
static int echo_once(uint32_t server)
{
	struct mica_msg msg = { .tag = IPC_TAG(ECHO, WORDS) };
	uint32_t *mr = mica_utcb()->mr;
	unsigned int i;

	for (i = 0; i < IPC_REG_WORDS; i++)
		msg.w[i] = 0x1000 + i;
	for (i = IPC_REG_WORDS; i < WORDS; i++)
		mr[i] = 0x1000 + i;
	if (mica_call(server, &msg, 1000, 1000))
		return 0;
	for (i = 0; i < IPC_REG_WORDS; i++)
		if (msg.w[i] != 0x1000 + i)
			return 0;
	for (i = IPC_REG_WORDS; i < WORDS; i++)
		if (mr[i] != 0x1000 + i)
			return 0;
	return msg.tag == IPC_TAG(ECHO, WORDS);
}

static void test_plain_calls(void)
{
	struct mica_task_info info;
	uint32_t self = mica_thread_self();

	tap_is_int(mica_null(), 0, "SYS_NULL returns 0");
	tap_ok(TID_VERSION(self) != 0, "thread id 0x%x has a version", self);
	tap_is_int(mica_utcb()->tid, self, "the UTCB names this thread");
	tap_is_int(mica_yield(), 0, "yield");
	tap_is_int(mica_sleep(2), 0, "sleep 2 ms");
	tap_is_int(mica_task_info(MICA_TASK_SELF, &info), 0, "task info");
	tap_is_int(info.id, mica_task_self(), "task info names this task");
	tap_is_int(mica_thread_set_prio(self, MICA_PRIO_MAX + 1), -EINVAL,
		   "priority 256 is refused");
}

static void test_ipc_errors(void)
{
	struct mica_msg msg = { .tag = IPC_TAG(ECHO, 0) };

	tap_is_int(mica_wait(&msg, IPC_TIMEOUT_POLL, NULL), -ETIMEDOUT,
		   "a polling wait with nobody sending");
	tap_is_int(mica_send(NO_THREAD, &msg, IPC_TIMEOUT_POLL), -ESRCH,
		   "send to a thread that does not exist");
	tap_is_int(mica_send(NO_THREAD, &msg, IPC_TIMEOUT_NEVER + 1), -EINVAL,
		   "a timeout above 0xffff is refused before the call");
}

static void test_echo_thread(void)
{
	struct mica_msg quit = { .tag = IPC_TAG(QUIT, 0) };
	int tid = mica_thread_start(echo_server, NULL, echo_stack,
				    sizeof(echo_stack), MICA_PRIO_DEFAULT);

	if (!tap_ok(tid > 0, "thread start: %s", mica_strerror(tid < 0 ? tid : 0)))
		return;
	tap_ok(echo_once((uint32_t)tid), "16-word echo through a thread");
	tap_is_int(mica_call((uint32_t)tid, &quit, 1000, 1000), 0, "quit");
	mica_sleep(10);
	tap_is_int(mica_send((uint32_t)tid, &quit, IPC_TIMEOUT_POLL), -ESRCH,
		   "the ended thread's id finds nothing");
}

/* Iterates with INFO_NEXT; returns how many came before -ESRCH. */
static uint32_t threads_listed(void)
{
	struct mica_thread_info ti = { .tid = 0 };
	uint32_t n = 0;

	while (mica_thread_next(ti.tid, &ti) == 0)
		n++;
	return n;
}

static uint32_t tasks_listed(void)
{
	struct mica_task_info info = { .id = 0 };
	uint32_t n = 0;

	while (mica_task_next(info.id, &info) == 0)
		n++;
	return n;
}

static void test_info(void)
{
	struct mica_kernel_info k;
	struct mica_thread_info ti;
	struct mica_task_info info;
	uint32_t self = mica_thread_self();

	tap_is_int(mica_thread_info(self, &ti), 0, "thread info of itself");
	tap_ok(ti.tid == self && ti.task == mica_task_self() &&
	       ti.state == MICA_THREAD_READY && ti.prio == MICA_PRIO_DEFAULT &&
	       ti.pager == mica_root_tid(), "thread info: tid, task, READY, priority "
	       "100, paged by the root task (state %u prio %u pager %08x)", ti.state,
	       ti.prio, ti.pager);
	tap_is_int(mica_thread_info(mica_root_tid(), &ti), 0,
		   "thread info of the root task's thread");
	tap_is_int(mica_task_info(ti.task, &info), 0,
		   "task info of the root task (not controlled: read only)");
	tap_ok(strcmp(info.name, "root") == 0, "the root task's name: %s", info.name);
	mica_kernel_info(&k, 0);
	tap_is_int(threads_listed(), k.threads, "INFO_NEXT lists every thread");
	tap_is_int(tasks_listed(), k.tasks, "INFO_NEXT lists every task");
	tap_is_int(mica_thread_info(NO_THREAD, &ti), -ESRCH, "thread info: no such thread");
}

/* Waits 300 ms for input that does not come. */
static int console_reader(void *arg __attribute__((unused)))
{
	char c;

	reader_result = mica_console_read(&c, 1, 300);
	return 0;
}

static void test_console_read(void)
{
	struct mica_thread_info ti;
	char buf[4];
	int tid;

	tap_is_int(mica_console_read(buf, sizeof(buf), IPC_TIMEOUT_POLL), -ETIMEDOUT,
		   "console read: a poll with nothing typed");
	tap_is_int(mica_console_read((void *)0xc0000000u, sizeof(buf), IPC_TIMEOUT_POLL),
		   -EFAULT, "console read into the kernel's half");
	tap_is_int(mica_console_read(buf, 0, IPC_TIMEOUT_POLL), -EINVAL,
		   "console read of 0 bytes");
	tap_is_int(mica_console_read(buf, sizeof(buf), 20), -ETIMEDOUT,
		   "console read: a 20 ms wait ends with -ETIMEDOUT");
	reader_result = 1;
	tid = mica_thread_start(console_reader, NULL, reader_stack,
				sizeof(reader_stack), MICA_PRIO_DEFAULT);
	mica_sleep(20);
	tap_ok(mica_thread_info((uint32_t)tid, &ti) == 0 && ti.state == MICA_THREAD_INPUT,
	       "the waiting reader's state is INPUT (%u)", ti.state);
	tap_is_int(mica_console_read(buf, sizeof(buf), IPC_TIMEOUT_POLL), -EBUSY,
		   "console read while another thread waits");
	mica_sleep(400);
	tap_is_int(reader_result, -ETIMEDOUT, "the waiting reader times out");
}

static void test_library(void)
{
	char buf[16];

	tap_is_int(snprintf(buf, sizeof(buf), "%s-%04x", "id", 0x2a), 7,
		   "snprintf length");
	tap_ok(strcmp(buf, "id-002a") == 0, "snprintf text");
	tap_ok(strcmp(mica_strerror(-ESENDTIMEDOUT), "ESENDTIMEDOUT") == 0,
	       "mica_strerror");
}

/*
 * System calls with buffers in pages the root task has not paged in yet:
 * the call becomes a page fault, the page comes in, the call succeeds; a
 * buffer where nothing can be fails with -EFAULT and the thread goes on.
 */
static void test_demand_paged_buffers(void)
{
	static struct mica_task_info fresh[4096 / sizeof(struct mica_task_info) + 1]
		__attribute__((aligned(4096)));
	static char line[8192] __attribute__((aligned(4096)));
	struct mica_thread_info *ti = (void *)&line[4096];

	tap_is_int(mica_task_info(MICA_TASK_SELF, &fresh[0]), 0,
		   "a system call writing into a page not paged in yet");
	tap_is_int(fresh[0].id, mica_task_self(), "  and the page holds its result");
	memcpy(line, "written\n", 8);
	tap_is_int(mica_thread_info(mica_thread_self(), ti), 0,
		   "a buffer in a second fresh page of an array");
	tap_is_int(ti->tid, mica_thread_self(), "  with the result");
	tap_is_int(mica_task_info(MICA_TASK_SELF, (void *)0x7f12345c), -EFAULT,
		   "a buffer outside every region: -EFAULT, and the task goes on");
}

int main(void)
{
	int status;

	tap_plan(38);
	test_plain_calls();
	test_ipc_errors();
	test_echo_thread();
	test_info();
	test_console_read();
	test_demand_paged_buffers();
	test_library();
	status = tap_done();
	mica_root_halt(status);		/* the test image stops here */
	return status;
}
