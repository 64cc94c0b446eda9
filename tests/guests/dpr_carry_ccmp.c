/* Data processing, register: ADC/ADCS/SBC/SBCS and NGC/NGCS with carry in 0 and 1;
 * CCMP/CCMN (register and immediate forms) for all 16 conditions under several input
 * flag values: when the condition holds the flags come from the compare, otherwise
 * from the #nzcv immediate. */
#include "asmtest.h"

static const uint64_t flag_inputs[] = { 0x0, 0x6, 0x9, 0xf };

#define CARRY(MN, W, BITS, SUB, SETF, A, B) do {                                       \
	for (uint64_t c_ = 0; c_ < 2; c_++) {                                             \
		uint64_t fin_ = c_ ? 0xa : 0x8;   /* N set; C = carry in */               \
		struct res r_ = RUN2(MN " %" W "[r], %" W "[a], %" W "[b]", A, B, fin_);  \
		struct res w_ = ref_adc(A, (SUB) ? ~(uint64_t)(B) : (B), c_, BITS);       \
		check_vf(r_, w_.v, (SETF) ? w_.f : fin_, MN " " W " 0x%lx, 0x%lx, C=%lu",  \
			 (uint64_t)(A), (uint64_t)(B), c_);                               \
	}                                                                                 \
} while (0)

/* All four input flag values for one condition. */
#define CC(COND, CN) do {                                                                \
	for (unsigned i_ = 0; i_ < 4; i_++) {                                              \
		uint64_t f_ = flag_inputs[i_];                                             \
		struct res r_ = RUN2("ccmp %x[a], %x[b], #0xa, " COND, 5, 7, f_);          \
		check_vf(r_, 0, cond_holds(CN, f_) ? ref_sub(5, 7, 64).f : 0xa,            \
			 "ccmp x 5, 7, #0xa, " COND " in=%lx", f_);                        \
		r_ = RUN2("ccmn %w[a], #3, #0x5, " COND, 0xfffffffdul, 0, f_);             \
		check_vf(r_, 0, cond_holds(CN, f_) ? ref_add(0xfffffffd, 3, 32).f : 0x5,   \
			 "ccmn w -3, #3, #0x5, " COND " in=%lx", f_);                      \
	}                                                                                  \
} while (0)

int main(void)
{
	CARRY("adc", "x", 64, 0, 0, 0xfffffffffffffffful, 0);
	CARRY("adc", "x", 64, 0, 0, 0x1234ul, 0x4321ul);
	CARRY("adcs", "x", 64, 0, 1, 0xfffffffffffffffful, 0);
	CARRY("adcs", "x", 64, 0, 1, 0x7ffffffffffffffful, 0);
	CARRY("adcs", "x", 64, 0, 1, 0x8000000000000000ul, 0x8000000000000000ul);
	CARRY("adcs", "x", 64, 0, 1, 0xfffffffffffffffful, 0xfffffffffffffffful);
	CARRY("adc", "w", 32, 0, 0, 0xffffffffffffffff, 0);
	CARRY("adcs", "w", 32, 0, 1, 0x7ffffffful, 0);
	CARRY("adcs", "w", 32, 0, 1, 0xfffffffful, 0);
	CARRY("adcs", "w", 32, 0, 1, 0x80000000ul, 0x7ffffffful);
	CARRY("sbc", "x", 64, 1, 0, 0ul, 0);
	CARRY("sbc", "x", 64, 1, 0, 0x10ul, 0x3);
	CARRY("sbcs", "x", 64, 1, 1, 0ul, 0);
	CARRY("sbcs", "x", 64, 1, 1, 5ul, 5);
	CARRY("sbcs", "x", 64, 1, 1, 0x8000000000000000ul, 0);
	CARRY("sbcs", "x", 64, 1, 1, 0x7ffffffffffffffful, 0xfffffffffffffffful);
	CARRY("sbc", "w", 32, 1, 0, 0ul, 0);
	CARRY("sbcs", "w", 32, 1, 1, 0x80000000ul, 0);
	CARRY("sbcs", "w", 32, 1, 1, 0x100000000ul, 0);
	CARRY("sbcs", "w", 32, 1, 1, 0x7ffffffful, 0xfffffffful);

	/* NGC is SBC from the zero register. */
	for (uint64_t c = 0; c < 2; c++) {
		struct res r = RUN2("ngc %x[r], %x[b]", 0, 0x10, c << 1);
		check_vf(r, ref_adc(0, ~0x10ul, c, 64).v, c << 1, "ngc x 0x10, C=%lu", c);
		r = RUN2("ngcs %w[r], %w[b]", 0, 0, c << 1);
		struct res w = ref_adc(0, ~0ul, c, 32);
		check_vf(r, w.v, w.f, "ngcs w 0, C=%lu", c);
	}

	CC("eq", 0);  CC("ne", 1);  CC("cs", 2);  CC("cc", 3);
	CC("mi", 4);  CC("pl", 5);  CC("vs", 6);  CC("vc", 7);
	CC("hi", 8);  CC("ls", 9);  CC("ge", 10); CC("lt", 11);
	CC("gt", 12); CC("le", 13); CC("al", 14); CC("nv", 15);

	/* Immediate-operand CCMP and register CCMN, 64-bit. */
	struct res r = RUN2("ccmp %x[a], #31, #0x0, ne", 31, 0, 0x0);
	check_vf(r, 0, FZ | FC, "ccmp x 31, #31, #0, ne in=0");
	r = RUN2("ccmn %x[a], %x[b], #0xf, eq", 0x7ffffffffffffffful, 1, 0x4);
	check_vf(r, 0, FN | FV, "ccmn x INT64_MAX, 1, #0xf, eq in=4");

	return check_done();
}
