/* Data processing, three sources: MADD/MSUB (MUL/MNEG), the widening SMADDL/SMSUBL/
 * UMADDL/UMSUBL (SMULL/UMULL/SMNEGL/UMNEGL) and the high halves SMULH/UMULH, checked
 * against 128-bit C arithmetic. */
#include "asmtest.h"

struct trio { uint64_t a, b, c; };

static const struct trio cases[] = {
	{ 3, 5, 7 },
	{ 0xfffffffffffffffful, 0xfffffffffffffffful, 0 },
	{ 0x8000000000000000ul, 0x8000000000000000ul, 1 },
	{ 0x0123456789abcdeful, 0xfedcba9876543210ul, 0x1111111111111111ul },
	{ 0x00000000fffffffful, 0x00000000fffffffful, 0xfffffffffffffffful },
	{ 0x7fffffffffffffff, 0xfffffffffffffffeul, 0x8000000000000000ul },
	{ 0xdeadbeef80000000ul, 0x1234567880000001ul, 0x0000000100000000ul },
};

int main(void)
{
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t a = cases[i].a, b = cases[i].b, c = cases[i].c;
		uint64_t aw = a & 0xffffffff, bw = b & 0xffffffff;
		int64_t as = (int32_t)a, bs = (int32_t)b;
		printf("case %u: a=0x%016lx b=0x%016lx c=0x%016lx\n", i, a, b, c);
		checkf(RUN3("madd %x[r], %x[a], %x[b], %x[c]", a, b, c), c + a * b, "  madd x");
		checkf(RUN3("msub %x[r], %x[a], %x[b], %x[c]", a, b, c), c - a * b, "  msub x");
		checkf(RUN3("madd %w[r], %w[a], %w[b], %w[c]", a, b, c),
		       (c + aw * bw) & 0xffffffff, "  madd w");
		checkf(RUN3("msub %w[r], %w[a], %w[b], %w[c]", a, b, c),
		       (c - aw * bw) & 0xffffffff, "  msub w");
		checkf(RUN3("mul %x[r], %x[a], %x[b]", a, b, c), a * b, "  mul x");
		checkf(RUN3("mneg %w[r], %w[a], %w[b]", a, b, c), (-(aw * bw)) & 0xffffffff,
		       "  mneg w");
		checkf(RUN3("smaddl %x[r], %w[a], %w[b], %x[c]", a, b, c),
		       c + (uint64_t)(as * bs), "  smaddl");
		checkf(RUN3("smsubl %x[r], %w[a], %w[b], %x[c]", a, b, c),
		       c - (uint64_t)(as * bs), "  smsubl");
		checkf(RUN3("umaddl %x[r], %w[a], %w[b], %x[c]", a, b, c), c + aw * bw,
		       "  umaddl");
		checkf(RUN3("umsubl %x[r], %w[a], %w[b], %x[c]", a, b, c), c - aw * bw,
		       "  umsubl");
		checkf(RUN3("smull %x[r], %w[a], %w[b]", a, b, c), (uint64_t)(as * bs), "  smull");
		checkf(RUN3("umull %x[r], %w[a], %w[b]", a, b, c), aw * bw, "  umull");
		checkf(RUN3("smnegl %x[r], %w[a], %w[b]", a, b, c), -(uint64_t)(as * bs),
		       "  smnegl");
		checkf(RUN3("umnegl %x[r], %w[a], %w[b]", a, b, c), -(aw * bw), "  umnegl");
		checkf(RUN3("smulh %x[r], %x[a], %x[b]", a, b, c),
		       (uint64_t)(((s128)(int64_t)a * (int64_t)b) >> 64), "  smulh");
		checkf(RUN3("umulh %x[r], %x[a], %x[b]", a, b, c),
		       (uint64_t)(((u128)a * b) >> 64), "  umulh");
	}
	return check_done();
}
