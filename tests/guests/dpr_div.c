/* Data processing, two sources: UDIV and SDIV, 32- and 64-bit. Division by zero gives
 * zero (no exception), INT_MIN / -1 gives INT_MIN (the overflowed quotient), and SDIV
 * rounds toward zero. */
#include "asmtest.h"

struct pair { uint64_t n, d; };

static const struct pair cases[] = {
	{ 100, 7 }, { 7, 100 }, { 0, 5 }, { 5, 0 }, { 0, 0 },
	{ 0xfffffffffffffffful, 1 }, { 0xfffffffffffffffful, 0xfffffffffffffffful },
	{ 0x8000000000000000ul, 0xfffffffffffffffful },     /* INT64_MIN / -1 */
	{ 0x8000000000000000ul, 2 }, { 0xfffffffffffffff9ul, 2 },   /* -7 / 2 */
	{ 7, 0xfffffffffffffffeul },                         /* 7 / -2 */
	{ 0xfffffffffffffff9ul, 0xfffffffffffffffeul },      /* -7 / -2 */
	{ 0x0000000080000000ul, 0x00000000fffffffful },      /* INT32_MIN / -1 (32-bit) */
	{ 0x1234567800000009ul, 0xabcdef0000000003ul },      /* upper halves ignored by W */
	{ 0x0123456789abcdeful, 0x1000ul },
};

static uint64_t ref_udiv(uint64_t n, uint64_t d) { return d ? n / d : 0; }

static uint64_t ref_sdiv(uint64_t n, uint64_t d, int bits)
{
	int64_t sn = sext(n, bits), sd = sext(d, bits);
	if (!sd)
		return 0;
	/* The only overflow: -2^(bits-1) / -1 = 2^(bits-1), which truncates to itself. */
	if (sd == -1)
		return (uint64_t)(-(u128)(uint64_t)sn) & mask_bits(bits);
	return (uint64_t)(sn / sd) & mask_bits(bits);
}

int main(void)
{
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t n = cases[i].n, d = cases[i].d;
		uint64_t n32 = n & 0xffffffff, d32 = d & 0xffffffff;
		struct res r = RUN2("udiv %x[r], %x[a], %x[b]", n, d, 0);
		check_vf(r, ref_udiv(n, d), 0, "udiv x 0x%016lx / 0x%016lx", n, d);
		r = RUN2("sdiv %x[r], %x[a], %x[b]", n, d, 0);
		check_vf(r, ref_sdiv(n, d, 64), 0, "sdiv x 0x%016lx / 0x%016lx", n, d);
		r = RUN2("udiv %w[r], %w[a], %w[b]", n, d, 0);
		check_vf(r, ref_udiv(n32, d32), 0, "udiv w 0x%016lx / 0x%016lx", n, d);
		r = RUN2("sdiv %w[r], %w[a], %w[b]", n, d, 0);
		check_vf(r, ref_sdiv(n32, d32, 32), 0, "sdiv w 0x%016lx / 0x%016lx", n, d);
	}
	return check_done();
}
