/* Data processing, register: AND/BIC/ORR/ORN/EOR/EON/ANDS/BICS with LSL/LSR/ASR/ROR
 * shifted operands, the MVN/MOV/TST aliases, 32- and 64-bit. Flag-setting forms set N
 * and Z from the result and clear C and V. */
#include "asmtest.h"

#define A 0xf0f0ff00a5a5c3c3ul
#define B 0x8001234f0e0d0c0bul
#define FIN 0x3

static uint64_t shift(uint64_t v, int type, unsigned n, int bits)
{
	v &= mask_bits(bits);
	switch (type) {
	case 0: return (v << n) & mask_bits(bits);
	case 1: return v >> n;
	case 2: return (uint64_t)(sext(v, bits) >> n) & mask_bits(bits);
	default: return n ? ((v >> n) | (v << (bits - n))) & mask_bits(bits) : v;
	}
}

/* OP: 0 and, 1 bic, 2 orr, 3 orn, 4 eor, 5 eon; SETF for ands/bics. */
static uint64_t ref_logic(int op, uint64_t a, uint64_t b, int bits)
{
	uint64_t r;
	switch (op) {
	case 0: r = a & b; break;
	case 1: r = a & ~b; break;
	case 2: r = a | b; break;
	case 3: r = a | ~b; break;
	case 4: r = a ^ b; break;
	default: r = a ^ ~b; break;
	}
	return r & mask_bits(bits);
}

#define T(MN, OP, SETF, W, BITS, ST, SN, N) do {                                      \
	struct res r_ = RUN2(MN " %" W "[r], %" W "[a], %" W "[b], " SN " #" #N, A, B, FIN); \
	uint64_t w_ = ref_logic(OP, A & mask_bits(BITS), shift(B, ST, N, BITS), BITS);   \
	check_vf(r_, w_, SETF ? ref_logic_flags(w_, BITS) : FIN,                          \
		 MN " " W " a, b, " SN " #" #N);                                          \
} while (0)

int main(void)
{
	T("and", 0, 0, "x", 64, 0, "lsl", 0);
	T("and", 0, 0, "x", 64, 3, "ror", 16);
	T("bic", 1, 0, "x", 64, 1, "lsr", 4);
	T("orr", 2, 0, "x", 64, 2, "asr", 8);
	T("orn", 3, 0, "x", 64, 3, "ror", 63);
	T("eor", 4, 0, "x", 64, 0, "lsl", 60);
	T("eon", 5, 0, "x", 64, 1, "lsr", 0);
	T("ands", 0, 1, "x", 64, 0, "lsl", 0);
	T("ands", 0, 1, "x", 64, 0, "lsl", 62);
	T("ands", 0, 1, "x", 64, 1, "lsr", 63);
	T("bics", 1, 1, "x", 64, 3, "ror", 32);
	T("bics", 1, 1, "x", 64, 2, "asr", 63);
	T("and", 0, 0, "w", 32, 3, "ror", 4);
	T("bic", 1, 0, "w", 32, 2, "asr", 31);
	T("orr", 2, 0, "w", 32, 0, "lsl", 16);
	T("orn", 3, 0, "w", 32, 1, "lsr", 12);
	T("eor", 4, 0, "w", 32, 3, "ror", 31);
	T("eon", 5, 0, "w", 32, 0, "lsl", 0);
	T("ands", 0, 1, "w", 32, 0, "lsl", 0);
	T("ands", 0, 1, "w", 32, 2, "asr", 1);
	T("bics", 1, 1, "w", 32, 3, "ror", 8);
	T("bics", 1, 1, "w", 32, 1, "lsr", 31);

	/* Aliases. */
	struct res r = RUN2("mvn %x[r], %x[b]", A, B, FIN);
	check_vf(r, ~B, FIN, "mvn x b");
	r = RUN2("mvn %w[r], %w[b], ror #4", A, B, FIN);
	check_vf(r, ~shift(B, 3, 4, 32) & 0xffffffff, FIN, "mvn w b, ror #4");
	r = RUN2("mov %w[r], %w[b]", A, B, FIN);
	check_vf(r, B & 0xffffffff, FIN, "mov w b (orr w, wzr, b)");
	r = RUN2("tst %x[a], %x[b], lsl #1", A, B, FIN);
	check_vf(r, 0, ref_logic_flags(A & (B << 1), 64), "tst x a, b, lsl #1");
	r = RUN2("tst %w[a], %w[b], lsr #28", 0xfffffff0ul, B, FIN);
	check_vf(r, 0, FZ, "tst w 0xfffffff0, b, lsr #28");
	r = RUN2("bics xzr, %x[a], %x[a]", A, 0, FIN);
	check_vf(r, 0, FZ, "bics xzr, a, a");

	return check_done();
}
