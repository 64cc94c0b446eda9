/* Data processing, two sources: LSLV/LSRV/ASRV/RORV (and their LSL/LSR/ASR/ROR
 * register aliases). The shift amount is Rm modulo the register width, so amounts at or
 * above the width wrap instead of clearing the register. */
#include "asmtest.h"

#define V 0x8123456789abcdeful

static const uint64_t amounts[] = {
	0, 1, 4, 31, 32, 33, 63, 64, 65, 100, 127, 0xffffffffffffffe1ul, 0xfffffffffffffffful,
};

static uint64_t ref_shift(int op, uint64_t v, uint64_t amount, int bits)
{
	unsigned n = (unsigned)(amount % (uint64_t)bits);
	v &= mask_bits(bits);
	switch (op) {
	case 0: return (v << n) & mask_bits(bits);
	case 1: return v >> n;
	case 2: return (uint64_t)(sext(v, bits) >> n) & mask_bits(bits);
	default: return n ? ((v >> n) | (v << (bits - n))) & mask_bits(bits) : v;
	}
}

int main(void)
{
	for (unsigned i = 0; i < sizeof(amounts) / sizeof(amounts[0]); i++) {
		uint64_t m = amounts[i];
		struct res r;
		r = RUN2("lslv %x[r], %x[a], %x[b]", V, m, 0);
		check_vf(r, ref_shift(0, V, m, 64), 0, "lslv x by 0x%lx", m);
		r = RUN2("lsrv %x[r], %x[a], %x[b]", V, m, 0);
		check_vf(r, ref_shift(1, V, m, 64), 0, "lsrv x by 0x%lx", m);
		r = RUN2("asrv %x[r], %x[a], %x[b]", V, m, 0);
		check_vf(r, ref_shift(2, V, m, 64), 0, "asrv x by 0x%lx", m);
		r = RUN2("rorv %x[r], %x[a], %x[b]", V, m, 0);
		check_vf(r, ref_shift(3, V, m, 64), 0, "rorv x by 0x%lx", m);
		r = RUN2("lsl %w[r], %w[a], %w[b]", V, m, 0);
		check_vf(r, ref_shift(0, V, m, 32), 0, "lsl w by 0x%lx", m);
		r = RUN2("lsr %w[r], %w[a], %w[b]", V, m, 0);
		check_vf(r, ref_shift(1, V, m, 32), 0, "lsr w by 0x%lx", m);
		r = RUN2("asr %w[r], %w[a], %w[b]", V, m, 0);
		check_vf(r, ref_shift(2, V, m, 32), 0, "asr w by 0x%lx", m);
		r = RUN2("ror %w[r], %w[a], %w[b]", V, m, 0);
		check_vf(r, ref_shift(3, V, m, 32), 0, "ror w by 0x%lx", m);
	}
	return check_done();
}
