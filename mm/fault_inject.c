/*
 * Fault injection at the buddy level: buddy_alloc() asks
 * fault_inject_should_fail() first, which costs a load and a branch while
 * injection is off. Linked only into the test kernel and the host programs.
 */
#include <mm/fault_inject.h>

bool fault_inject_armed;

static struct {
	enum fault_mode mode;
	uint32_t param;
	uint32_t calls;
	uint32_t rng;
	uint32_t injected;
} fault;

/* xorshift32: a small seeded generator, never 0 once seeded. */
static uint32_t fault_random(void)
{
	uint32_t x = fault.rng;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	fault.rng = x;
	return x;
}

void fault_inject_set(enum fault_mode mode, uint32_t param, uint32_t seed)
{
	fault.mode = mode;
	fault.param = param;
	fault.calls = 0;
	fault.rng = seed ? seed : 0x2545f491;
	fault.injected = 0;
	fault_inject_armed = mode != FAULT_OFF && param != 0;
}

bool fault_inject_fail(void)
{
	bool fail;

	fault.calls++;
	switch (fault.mode) {
	case FAULT_NTH:
		fail = fault.calls == fault.param;
		break;
	case FAULT_EVERY:
		fail = fault.calls % fault.param == 0;
		break;
	case FAULT_RANDOM:
		fail = fault_random() % 1000000u < fault.param;
		break;
	default:
		fail = false;
	}
	fault.injected += fail;
	return fail;
}

uint32_t fault_inject_count(void)
{
	return fault.injected;
}
