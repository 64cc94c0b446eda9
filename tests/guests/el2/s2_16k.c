/* Stage 2 with the 16KB granule (VTCR_EL2.TG0 = 0b10): IPA sizes 31..48 bits with the
 * start levels SL0 selects (0b10 = level 1, 0b01 = level 2): 48-bit at level 1 needs two
 * concatenated tables (R_DXBSH), 47-bit fits one, 40-bit at level 2 takes sixteen,
 * 36-bit one, 31-bit a partial table. Blocks at level 2 (32 MiB), pages at level 3
 * (16 KiB). Arm ARM D8.2.2, D8.2.9.2, J1.1 AArch64.S2StartLevel / S2InconsistentSL. */
#include "s2walk.h"

#define G16K (2ul << 14)
#define VTCR(t0sz, sl0, tg) ((t0sz) | (uint64_t)(sl0) << 6 | 1ul << 8 | 1ul << 10 | 3ul << 12 | (tg) | 5ul << 16 | 1ul << 31)

static const struct config configs[] = {
	{ "16K 48-bit L1 x2", PT_16K, 48, 1, 2, VTCR(16, 2, G16K),
	  { { 0xfffffe000000ul, 2 }, { 0x800000004000ul, 3 } } },
	{ "16K 47-bit L1", PT_16K, 47, 1, 1, VTCR(17, 2, G16K),
	  { { 0x7ffffe000000ul, 2 }, { 0x400000004000ul, 3 } } },
	{ "16K 40-bit L2 x16", PT_16K, 40, 2, 16, VTCR(24, 1, G16K),
	  { { 0xfffe000000ul, 2 }, { 0x8000004000ul, 3 } } },
	{ "16K 36-bit L2", PT_16K, 36, 2, 1, VTCR(28, 1, G16K),
	  { { 0xffe000000ul, 2 }, { 0x800004000ul, 3 } } },
	{ "16K 31-bit L2", PT_16K, 31, 2, 1, VTCR(33, 1, G16K),
	  { { 0x7e000000ul, 2 }, { 0x00004000ul, 3 } } },
};

int main(void)
{
	for (unsigned i = 0; i < sizeof(configs) / sizeof(configs[0]); i++)
		run_config(&configs[i], (int)i);
	return check_done();
}
