/*
 * TAP version 13 from user test programs (modelled on tests/host/tap.c):
 *
 *	int main(void)
 *	{
 *		tap_plan(2);
 *		tap_ok(mica_yield() == 0, "yield");
 *		tap_is_int(mica_sleep(1), 0, "sleep 1 ms");
 *		return tap_done();
 *	}
 *
 * Output goes through printf(); a test runner reads it from the console.
 */
#ifndef MICA_TAP_H
#define MICA_TAP_H

/* Prints the header and the plan: n tests follow. */
void tap_plan(int n);

/* Prints "ok N - description" or "not ok N - description"; returns cond. */
int tap_ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Like tap_ok(got == want, name), and on failure prints got and want. */
int tap_is_int(long got, long want, const char *name);

/* Returns the exit status: 0 if every test passed and as many ran as were
 * planned, else 1 (with a diagnostic line for a count mismatch). */
int tap_done(void);

#endif
