/* Stage 2 with the 4KB granule (VTCR_EL2.TG0 = 0b00): IPA sizes from 31 to 48 bits
 * (T0SZ 33..16) with the start levels VTCR_EL2.SL0 selects (0b10 = level 0, 0b01 =
 * level 1, 0b00 = level 2), including concatenated root tables: 40-bit at level 1 (2
 * tables), 34-bit at level 2 (16), 31-bit at level 2 (2). Blocks at level 1 (1 GiB) and
 * level 2 (2 MiB), pages at level 3; test IPAs in the last root entries (and in the last
 * concatenated table). Arm ARM D8.2.2 (concatenation), D8.2.8.2 (4KB stage 2 initial
 * lookup), J1.1 AArch64.S2StartLevel / S2InconsistentSL. */
#include "s2walk.h"

#define G4K (0ul << 14)
#define VTCR(t0sz, sl0, tg) ((t0sz) | (uint64_t)(sl0) << 6 | 1ul << 8 | 1ul << 10 | 3ul << 12 | (tg) | 5ul << 16 | 1ul << 31)

static const struct config configs[] = {
	{ "4K 48-bit L0", PT_4K, 48, 0, 1, VTCR(16, 2, G4K),
	  { { 0xff8040000000ul, 1 }, { 0xff8000200000ul, 2 }, { 0xff8000001000ul, 3 } } },
	{ "4K 40-bit L1 x2", PT_4K, 40, 1, 2, VTCR(24, 1, G4K),
	  { { 0xff40000000ul, 1 }, { 0x8000200000ul, 2 }, { 0x8000001000ul, 3 } } },
	{ "4K 40-bit L0", PT_4K, 40, 0, 1, VTCR(24, 2, G4K),
	  { { 0xff40000000ul, 1 }, { 0x8000200000ul, 2 }, { 0x8000001000ul, 3 } } },
	{ "4K 39-bit L1", PT_4K, 39, 1, 1, VTCR(25, 1, G4K),
	  { { 0x7f40000000ul, 1 }, { 0x7f00200000ul, 2 }, { 0x0000001000ul, 3 } } },
	{ "4K 34-bit L2 x16", PT_4K, 34, 2, 16, VTCR(30, 0, G4K),
	  { { 0x3ffe00000ul, 2 }, { 0x200001000ul, 3 }, { 0x000200000ul, 2 } } },
	{ "4K 32-bit L1", PT_4K, 32, 1, 1, VTCR(32, 1, G4K),
	  { { 0xc0000000ul, 1 }, { 0x80200000ul, 2 }, { 0x80001000ul, 3 } } },
	{ "4K 31-bit L2 x2", PT_4K, 31, 2, 2, VTCR(33, 0, G4K),
	  { { 0x7fe00000ul, 2 }, { 0x00001000ul, 3 }, { 0x3fe00000ul, 2 } } },
};

int main(void)
{
	for (unsigned i = 0; i < sizeof(configs) / sizeof(configs[0]); i++)
		run_config(&configs[i], (int)i);
	return check_done();
}
