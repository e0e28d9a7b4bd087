/*
 * quota: a task's kernel-memory quota. Its first-level table (16 KiB) is
 * charged when it is created, so a smaller quota is refused (-EINVAL); a
 * task whose quota holds just that table gets nothing more (-ENOMEM for a
 * thread) and its account shows the table only. A task with the default
 * quota is the control.
 */
#include <mica.h>
#include <mica/root.h>
#include <mica/tap.h>

#define PC	0x00010000u
#define SP	0x00020000u
#define PGD_BYTES	16384	/* a first-level table (TASK_PGD_BYTES) */

/* Creates a task with quota bytes and tries one thread in it (priority 0:
 * it would only fault on its empty space). Returns the thread's result. */
static int thread_in_task(const char *name, uint32_t quota, uint32_t *task)
{
	int t = mica_task_create(name, quota);

	tap_ok(t > 0, "task %s with quota %u created (%d)", name, quota, t);
	*task = (uint32_t)t;
	return mica_thread_create(*task, PC, SP, MICA_PRIO_MIN, TID_NIL, 0);
}

int main(void)
{
	struct mica_task_info info;
	uint32_t task;
	int r, status;

	tap_plan(10);
	r = thread_in_task("big", 0, &task);
	tap_ok(r > 0, "a thread fits in the default quota (%d)", r);
	tap_is_int(mica_task_destroy(task), 0, "destroy the default-quota task");

	tap_is_int(mica_task_create("tiny", 4096), -EINVAL,
		   "a 4 KiB quota (below the first-level table) is refused");
	tap_is_int(mica_task_create("tiny", PGD_BYTES - 1), -EINVAL,
		   "a quota one byte below the first-level table is refused");

	r = thread_in_task("small", PGD_BYTES, &task);
	tap_is_int(r, -ENOMEM, "no thread fits in a quota of just the first-level table");
	tap_is_int(mica_task_info(task, &info), 0, "task info of the small task");
	tap_is_int(info.used, PGD_BYTES,
		   "only its first-level table is charged to the small task");
	tap_is_int(mica_task_destroy(task), 0, "destroy the small task");
	status = tap_done();
	mica_root_halt(status);
	return status;
}
