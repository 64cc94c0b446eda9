/* Data processing, register: ADD/ADDS/SUB/SUBS with shifted register (LSL/LSR/ASR by
 * 0..width-1) and extended register (UXTB..SXTX with left shift 0..4, including SP as
 * an operand), NEG/NEGS/CMP/CMN aliases, 32- and 64-bit. */
#include "asmtest.h"

#define A 0x8123456789abcdeful
#define B 0xfedcba9876543210ul

static uint64_t shift(uint64_t v, int type, unsigned n, int bits)
{
	v &= mask_bits(bits);
	switch (type) {
	case 0: return (v << n) & mask_bits(bits);                    /* LSL */
	case 1: return v >> n;                                        /* LSR */
	default: return (uint64_t)(sext(v, bits) >> n) & mask_bits(bits); /* ASR */
	}
}

static uint64_t extend(uint64_t v, int type, unsigned n, int bits)
{
	uint64_t e;
	switch (type) {
	case 0: e = v & 0xff; break;
	case 1: e = v & 0xffff; break;
	case 2: e = v & 0xffffffff; break;
	case 3: e = v; break;
	case 4: e = (uint64_t)(int64_t)(int8_t)v; break;
	case 5: e = (uint64_t)(int64_t)(int16_t)v; break;
	case 6: e = (uint64_t)(int64_t)(int32_t)v; break;
	default: e = v; break;
	}
	return (e << n) & mask_bits(bits);
}

#define FIN 0x5

/* Shifted register: MN in add/adds/sub/subs, ST 0/1/2 for lsl/lsr/asr. */
#define SH(MN, W, BITS, ST, SN, N) do {                                               \
	struct res r_ = RUN2(MN " %" W "[r], %" W "[a], %" W "[b], " SN " #" #N, A, B, FIN); \
	uint64_t op2_ = shift(B, ST, N, BITS);                                           \
	const char *m_ = MN;                                                             \
	struct res w_ = m_[0] == 's' ? ref_sub(A, op2_, BITS) : ref_add(A, op2_, BITS);  \
	check_vf(r_, w_.v, m_[3] == 's' ? w_.f : FIN, MN " " W " a, b, " SN " #" #N);    \
} while (0)

/* Extended register: ET 0..7 for uxtb uxth uxtw uxtx sxtb sxth sxtw sxtx; RM is the
 * register form of the second operand ("w" or "x"). */
#define EX(MN, W, BITS, RM, ET, SN, N) do {                                            \
	struct res r_ = RUN2(MN " %" W "[r], %" W "[a], %" RM "[b], " SN " #" #N, A, B, FIN); \
	uint64_t op2_ = extend(B, ET, N, BITS);                                          \
	const char *m_ = MN;                                                             \
	struct res w_ = m_[0] == 's' ? ref_sub(A, op2_, BITS) : ref_add(A, op2_, BITS);  \
	check_vf(r_, w_.v, m_[3] == 's' ? w_.f : FIN, MN " " W " a, " RM " b, " SN " #" #N); \
} while (0)

int main(void)
{
	SH("add", "x", 64, 0, "lsl", 0);
	SH("add", "x", 64, 0, "lsl", 1);
	SH("add", "x", 64, 0, "lsl", 63);
	SH("add", "x", 64, 1, "lsr", 4);
	SH("add", "x", 64, 1, "lsr", 63);
	SH("add", "x", 64, 2, "asr", 12);
	SH("add", "x", 64, 2, "asr", 63);
	SH("adds", "x", 64, 0, "lsl", 0);
	SH("adds", "x", 64, 2, "asr", 1);
	SH("adds", "x", 64, 1, "lsr", 32);
	SH("sub", "x", 64, 0, "lsl", 8);
	SH("subs", "x", 64, 0, "lsl", 0);
	SH("subs", "x", 64, 1, "lsr", 1);
	SH("subs", "x", 64, 2, "asr", 60);
	SH("add", "w", 32, 0, "lsl", 31);
	SH("add", "w", 32, 1, "lsr", 31);
	SH("adds", "w", 32, 2, "asr", 3);
	SH("adds", "w", 32, 0, "lsl", 0);
	SH("sub", "w", 32, 2, "asr", 31);
	SH("subs", "w", 32, 1, "lsr", 7);
	SH("subs", "w", 32, 0, "lsl", 20);

	EX("add", "x", 64, "w", 0, "uxtb", 0);
	EX("add", "x", 64, "w", 1, "uxth", 1);
	EX("add", "x", 64, "w", 2, "uxtw", 2);
	EX("add", "x", 64, "x", 3, "uxtx", 3);
	EX("add", "x", 64, "w", 4, "sxtb", 4);
	EX("add", "x", 64, "w", 5, "sxth", 0);
	EX("add", "x", 64, "w", 6, "sxtw", 1);
	EX("add", "x", 64, "x", 7, "sxtx", 2);
	EX("adds", "x", 64, "w", 6, "sxtw", 0);
	EX("adds", "x", 64, "w", 2, "uxtw", 4);
	EX("sub", "x", 64, "w", 4, "sxtb", 3);
	EX("subs", "x", 64, "w", 5, "sxth", 2);
	EX("subs", "x", 64, "w", 0, "uxtb", 0);
	EX("add", "w", 32, "w", 0, "uxtb", 2);
	EX("add", "w", 32, "w", 4, "sxtb", 1);
	EX("adds", "w", 32, "w", 5, "sxth", 0);
	EX("subs", "w", 32, "w", 1, "uxth", 4);
	EX("sub", "w", 32, "w", 2, "uxtw", 3);

	/* Aliases. */
	struct res r = RUN2("neg %x[r], %x[a]", A, 0, FIN);
	check_vf(r, -A, FIN, "neg x a");
	r = RUN2("negs %x[r], %x[a]", 0x8000000000000000ul, 0, FIN);
	check_vf(r, 0x8000000000000000ul, FN | FV, "negs x 0x8000000000000000");
	r = RUN2("negs %w[r], %w[a]", 0, 0, FIN);
	check_vf(r, 0, FZ | FC, "negs w 0");
	r = RUN2("neg %x[r], %x[a], lsl #4", 1, 0, FIN);
	check_vf(r, (uint64_t)-16, FIN, "neg x 1, lsl #4");
	r = RUN2("cmp %x[a], %x[b], lsr #8", A, B, FIN);
	check_vf(r, 0, ref_sub(A, B >> 8, 64).f, "cmp x a, b, lsr #8");
	r = RUN2("cmn %w[a], %w[b], sxtb", A, B, FIN);
	check_vf(r, 0, ref_add(A, extend(B, 4, 0, 32), 32).f, "cmn w a, w b, sxtb");
	r = RUN2("cmp %x[a], %w[b], uxtw #2", A, B, FIN);
	check_vf(r, 0, ref_sub(A, extend(B, 2, 2, 64), 64).f, "cmp x a, w b, uxtw #2");

	/* Extended form with SP: Rn=SP and Rd=SP (LSL is the preferred UXTX alias). */
	uint64_t d;
	__asm__ volatile("mov x9, sp\n\t"
			 "mov x10, #-3\n\t"
			 "add x11, sp, w10, uxtw #4\n\t"   /* sp + 0xfffffffd * 16 */
			 "sub %0, x11, x9" : "=r"(d) :: "x9", "x10", "x11");
	check("add x, sp, w(-3), uxtw #4 - sp", d, 0xfffffffdul << 4);
	__asm__ volatile("mov x9, sp\n\t"
			 "mov x10, #-2\n\t"
			 "add sp, sp, x10, lsl #4\n\t"      /* sp - 32 */
			 "mov x11, sp\n\t"
			 "mov sp, x9\n\t"
			 "sub %0, x11, x9" : "=r"(d) :: "x9", "x10", "x11");
	check("add sp, sp, x(-2), lsl #4 - old sp", d, (uint64_t)-32);
	__asm__ volatile("mov x9, sp\n\t"
			 "mov x10, #48\n\t"
			 "sub sp, sp, w10, sxtw\n\t"
			 "mov x11, sp\n\t"
			 "mov sp, x9\n\t"
			 "sub %0, x9, x11" : "=r"(d) :: "x9", "x10", "x11");
	check("sub sp, sp, w(48), sxtw: moved by", d, 48);

	return check_done();
}
