/*
 * A program's C start: from the start-up block (<mica/startup.h>) to
 * main(argc, argv) and from its result to mica_exit(). Also the end of a
 * thread made by mica_thread_start() (user/lib/crt0.S enters both).
 */
#include <mica.h>
#include <mica/startup.h>

int main(int argc, char **argv);
__attribute__((noreturn)) void __mica_start(struct mica_startup *s);
__attribute__((noreturn)) void __mica_thread_exit(int status);
void __mica_thread_entry(void);

static uint32_t root_tid = TID_NIL;

uint32_t mica_root_tid(void)
{
	return root_tid;
}

void __mica_start(struct mica_startup *s)
{
	static char *no_args[1];

	if (!s)
		mica_exit(main(0, no_args));
	root_tid = s->root_tid;
	mica_exit(main((int)s->argc, (char **)s->argv));
}

/* A thread's function returned: the thread destroys itself. Should the
 * kernel refuse, the task ends with the function's result instead. */
void __mica_thread_exit(int status)
{
	mica_thread_destroy(mica_thread_self());
	mica_exit(status);
}

int mica_thread_start(int (*fn)(void *), void *arg, void *stack,
		      size_t stack_size, unsigned int prio)
{
	uint32_t *sp;

	if (!stack || stack_size < MICA_THREAD_STACK_MIN)
		return -EINVAL;
	sp = (uint32_t *)(((uintptr_t)stack + stack_size) & ~(uintptr_t)7) - 2;
	sp[0] = (uintptr_t)fn;
	return mica_thread_create(MICA_TASK_SELF, (uintptr_t)__mica_thread_entry,
				  (uintptr_t)sp, prio, root_tid, (uintptr_t)arg);
}
