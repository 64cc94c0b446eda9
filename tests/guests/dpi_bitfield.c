/* Data processing, immediate: SBFM/UBFM/BFM in raw form (checked against the Arm ARM
 * pseudocode with DecodeBitMasks) and through every alias (LSL/LSR/ASR immediate,
 * SXTB/SXTH/SXTW, UXTB/UXTH, SBFX/UBFX, SBFIZ/UBFIZ, BFI/BFXIL/BFC), and EXTR/ROR. */
#include "asmtest.h"

#define X 0x8badf00ddeadbeeful     /* source */
#define D 0x0123456789abcdeful     /* destination's old value, for BFM */

static uint64_t ror(uint64_t v, unsigned r, int bits)
{
	v &= mask_bits(bits);
	r %= (unsigned)bits;
	return r ? ((v >> r) | (v << (bits - r))) & mask_bits(bits) : v;
}

static uint64_t ones(unsigned n)
{
	return n >= 64 ? ~0ul : (1ul << n) - 1;
}

/* kind: 0 SBFM, 1 BFM, 2 UBFM, following the shared decode of the pseudocode. */
static uint64_t ref_bfm(int kind, uint64_t dst, uint64_t src, unsigned immr,
			unsigned imms, int bits)
{
	uint64_t wmask = ror(ones(imms + 1), immr, bits);
	uint64_t tmask = ones(((imms - immr) & (bits - 1)) + 1);
	uint64_t bot = ror(src, immr, bits) & wmask;
	if (kind == 1)
		bot |= dst & ~wmask;
	uint64_t top = kind == 0 ? ((src >> imms) & 1 ? ~0ul : 0) : kind == 1 ? dst : 0;
	return ((top & ~tmask) | (bot & tmask)) & mask_bits(bits);
}

#define RAW(MN, KIND, W, BITS, R, S) do {                                              \
	struct res r_ = RUN2("mov %x[r], %x[b]\n\t" MN " %" W "[r], %" W "[a], #" #R ", #" #S, \
			     X, D, 0);                                                    \
	check_vf(r_, ref_bfm(KIND, D, X, R, S, BITS), 0, MN " " W " #" #R ", #" #S);      \
} while (0)

#define ALIAS(TMPL, WANT) do {                                                        \
	struct res r_ = RUN2("mov %x[r], %x[b]\n\t" TMPL, X, D, 0);                       \
	check_vf(r_, WANT, 0, "%s", TMPL);                                                \
} while (0)

int main(void)
{
	/* Raw forms: imms >= immr (field extract) and imms < immr (field insert). */
	RAW("sbfm", 0, "x", 64, 0, 63);
	RAW("sbfm", 0, "x", 64, 8, 23);
	RAW("sbfm", 0, "x", 64, 40, 7);
	RAW("sbfm", 0, "x", 64, 63, 62);
	RAW("sbfm", 0, "w", 32, 4, 27);
	RAW("sbfm", 0, "w", 32, 31, 0);
	RAW("ubfm", 2, "x", 64, 12, 55);
	RAW("ubfm", 2, "x", 64, 60, 3);
	RAW("ubfm", 2, "x", 64, 1, 0);
	RAW("ubfm", 2, "w", 32, 3, 30);
	RAW("ubfm", 2, "w", 32, 20, 7);
	RAW("bfm", 1, "x", 64, 16, 31);
	RAW("bfm", 1, "x", 64, 48, 15);
	RAW("bfm", 1, "x", 64, 0, 63);
	RAW("bfm", 1, "w", 32, 8, 15);
	RAW("bfm", 1, "w", 32, 24, 3);

	/* Aliases, with the expected value written out directly. */
	ALIAS("lsl %x[r], %x[a], #4", X << 4);
	ALIAS("lsl %x[r], %x[a], #63", X << 63);
	ALIAS("lsl %w[r], %w[a], #31", (X << 31) & 0xffffffff);
	ALIAS("lsr %x[r], %x[a], #60", X >> 60);
	ALIAS("lsr %w[r], %w[a], #16", (X & 0xffffffff) >> 16);
	ALIAS("asr %x[r], %x[a], #8", (uint64_t)((int64_t)X >> 8));
	ALIAS("asr %x[r], %x[a], #63", ~0ul);
	ALIAS("asr %w[r], %w[a], #4", (uint64_t)(uint32_t)((int32_t)(uint32_t)X >> 4));
	ALIAS("sxtb %x[r], %w[a]", (uint64_t)(int64_t)(int8_t)X);
	ALIAS("sxth %x[r], %w[a]", (uint64_t)(int64_t)(int16_t)X);
	ALIAS("sxtw %x[r], %w[a]", (uint64_t)(int64_t)(int32_t)X);
	ALIAS("sxtb %w[r], %w[a]", (uint64_t)(uint32_t)(int32_t)(int8_t)X);
	ALIAS("sxth %w[r], %w[a]", (uint64_t)(uint32_t)(int32_t)(int16_t)X);
	ALIAS("uxtb %w[r], %w[a]", X & 0xff);
	ALIAS("uxth %w[r], %w[a]", X & 0xffff);
	ALIAS("ubfx %x[r], %x[a], #20, #12", (X >> 20) & 0xfff);
	ALIAS("ubfx %x[r], %x[a], #63, #1", X >> 63);
	ALIAS("sbfx %x[r], %x[a], #28, #8", (uint64_t)(int64_t)(int8_t)(X >> 28));
	ALIAS("sbfx %w[r], %w[a], #16, #16", (uint64_t)(uint32_t)(int32_t)(int16_t)(X >> 16));
	ALIAS("ubfiz %x[r], %x[a], #40, #16", (X & 0xffff) << 40);
	ALIAS("sbfiz %x[r], %x[a], #4, #8", (uint64_t)((int64_t)(int8_t)X * 16));
	ALIAS("ubfiz %w[r], %w[a], #28, #4", (X & 0xf) << 28);
	ALIAS("bfi %x[r], %x[a], #8, #16", (D & ~0xffff00ul) | ((X & 0xffff) << 8));
	ALIAS("bfi %w[r], %w[a], #0, #32", X & 0xffffffff);
	ALIAS("bfxil %x[r], %x[a], #32, #24", (D & ~0xfffffful) | ((X >> 32) & 0xffffff));
	ALIAS("bfxil %w[r], %w[a], #4, #8", ((D & 0xffffffff) & ~0xfful) | ((X >> 4) & 0xff));
	ALIAS("bfc %x[r], #4, #56", D & 0xf00000000000000ful);
	ALIAS("bfc %w[r], #0, #16", D & 0xffff0000ul);

	/* EXTR: bits lsb.. of the concatenation Rn:Rm; ROR (immediate) is EXTR Rn, Rn. */
	ALIAS("extr %x[r], %x[a], %x[b], #0", D);
	ALIAS("extr %x[r], %x[a], %x[b], #8", (D >> 8) | (X << 56));
	ALIAS("extr %x[r], %x[a], %x[b], #63", (D >> 63) | (X << 1));
	ALIAS("extr %w[r], %w[a], %w[b], #12", (((D & 0xffffffff) >> 12) | (X << 20)) & 0xffffffff);
	ALIAS("ror %x[r], %x[a], #17", ror(X, 17, 64));
	ALIAS("ror %w[r], %w[a], #31", ror(X, 31, 32));

	return check_done();
}
