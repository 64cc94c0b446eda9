/* MTE: SUBP, SUBPS and CMPP (SUBPS with Rd = XZR). The operands are
 * SignExtend(Xn[55:0]) and SignExtend(Xm[55:0]): tags and bits [63:56] are ignored and
 * bit 55 is the sign. SUBP writes the 64-bit difference; SUBPS/CMPP also set NZCV as
 * AddWithCarry(op1, NOT(op2), 1) on 64 bits (the model in asmtest.h). Xn|SP/Xm|SP forms
 * read SP. */
#include "mtetest.h"

static uint64_t op(uint64_t x) { return (uint64_t)sext(x & 0x00fffffffffffffful, 56); }

int main(void)
{
	static const uint64_t v[] = {
		0, 1, 0x0f00000000001000ul, 0x0a00000000000ff0ul, 0x007ffffffffffffful,
		0x0080000000000000ul, 0xff80000000000000ul, 0x05fffffffffffffful, 0xfa12345678abcdeful,
	};
	const unsigned n = sizeof(v) / sizeof(v[0]);
	for (unsigned i = 0; i < n; i++) {
		for (unsigned j = 0; j < n; j += 2) {
			uint64_t a = v[i], b = v[(i + j) % n];
			struct res want = ref_sub(op(a), op(b), 64);
			struct res r = RUN2("subp %x[r], %x[a], %x[b]", a, b, 0xa);
			check_vf(r, want.v, 0xa, "subp  0x%016lx, 0x%016lx (NZCV kept)", a, b);
			r = RUN2("subps %x[r], %x[a], %x[b]", a, b, 0x0);
			check_vf(r, want.v, want.f, "subps 0x%016lx, 0x%016lx", a, b);
			r = RUN2("cmpp %x[a], %x[b]", a, b, 0xf);
			check_vf(r, 0, want.f, "cmpp  0x%016lx, 0x%016lx", a, b);
		}
	}
	/* SP operands: SP - SP = 0, Z and C set. */
	uint64_t d, f;
	__asm__ volatile("msr nzcv, xzr\n\tsubps %0, sp, sp\n\tmrs %1, nzcv" : "=r"(d), "=r"(f) :: "cc");
	checkf(d, 0, "subps Xd, SP, SP");
	checkf(f >> 28, FZ | FC, "subps Xd, SP, SP: NZCV");
	return check_done();
}
