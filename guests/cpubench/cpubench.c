/* CPU-bound integer benchmark: a fixed amount of work whose printed checksum depends
 * on every step, so a simulator that runs it fast but wrong is caught. Each round runs
 * a sieve of Eratosthenes (byte stores, strided loops, compares), a copy loop with
 * word loads/stores, and a hash over the copy (multiply, shifts, xor). About 300
 * million instructions in total with the runtime's -O2 build. */
#include "rt.h"

#define ROUNDS      18
#define SIEVE_N     (1u << 20)
#define COPY_WORDS  (1u << 15)          /* 256 KiB per copy */
#define COPY_PASSES 8

static uint8_t composite[SIEVE_N];
static uint64_t src[COPY_WORDS], dst[COPY_WORDS];

/* Counts primes below SIEVE_N and folds them into a running sum. */
static uint64_t sieve(uint64_t *sum)
{
	uint64_t count = 0, s = 0;
	for (uint32_t i = 0; i < SIEVE_N; i++)
		composite[i] = 0;
	for (uint32_t i = 2; i < SIEVE_N; i++) {
		if (composite[i])
			continue;
		count++;
		s += i;
		if ((uint64_t)i * i < SIEVE_N)
			for (uint32_t j = i * i; j < SIEVE_N; j += i)
				composite[j] = 1;
	}
	*sum = s;
	return count;
}

/* Fills src from a xorshift generator seeded per round. */
static void fill(uint64_t seed)
{
	uint64_t x = seed | 1;
	for (uint32_t i = 0; i < COPY_WORDS; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		src[i] = x;
	}
}

/* Copies with a small twist per pass so the copy cannot be skipped or merged. */
static void copy_passes(void)
{
	for (uint32_t p = 0; p < COPY_PASSES; p++) {
		const uint64_t *s = p & 1 ? dst : src;
		uint64_t *d = p & 1 ? src : dst;
		for (uint32_t i = 0; i < COPY_WORDS; i += 2) {
			uint64_t a = s[i], b = s[i + 1];
			d[i] = a + p;
			d[i + 1] = b ^ ((uint64_t)p << 32);
		}
	}
}

/* FNV-1a style 64-bit hash over the words. */
static uint64_t hash(const uint64_t *w, uint32_t n, uint64_t h)
{
	for (uint32_t i = 0; i < n; i++) {
		h ^= w[i];
		h *= 0x100000001b3ul;
		h ^= h >> 29;
	}
	return h;
}

int main(void)
{
	uint64_t h = 0xcbf29ce484222325ul, primes = 0, prime_sum = 0;

	printf("cpubench: %u rounds\n", ROUNDS);
	for (uint32_t r = 0; r < ROUNDS; r++) {
		primes = sieve(&prime_sum);
		fill(h + r);
		copy_passes();
		h = hash(dst, COPY_WORDS, h ^ primes ^ prime_sum);
	}
	printf("primes below %u: %lu (sum %lu)\n", SIEVE_N, primes, prime_sum);
	printf("checksum: 0x%016lx\n", h);
	return 0;
}
