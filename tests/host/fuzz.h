/*
 * A seeded xorshift generator for the host fuzzers. fuzz_seed() takes the
 * seed from MICA_SEED if set, else from the clock, and prints it as a TAP
 * comment, so a failing run is repeated with MICA_SEED=<seed>.
 */
#ifndef MICA_TESTS_HOST_FUZZ_H
#define MICA_TESTS_HOST_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static uint64_t fuzz_state;

static inline void fuzz_seed(const char *who)
{
	const char *env = getenv("MICA_SEED");
	uint64_t seed = env ? strtoull(env, NULL, 0) : (uint64_t)time(NULL);

	printf("# %s: seed %llu (MICA_SEED=%llu repeats it)\n", who,
	       (unsigned long long)seed, (unsigned long long)seed);
	fuzz_state = seed * 0x9e3779b97f4a7c15ull | 1;
}

static inline uint32_t fuzz_rand(void)
{
	fuzz_state ^= fuzz_state << 13;
	fuzz_state ^= fuzz_state >> 7;
	fuzz_state ^= fuzz_state << 17;
	return (uint32_t)(fuzz_state >> 16);
}

#endif
