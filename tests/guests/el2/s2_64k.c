/* Stage 2 with the 64KB granule (VTCR_EL2.TG0 = 0b01): IPA sizes 32..48 bits with the
 * start levels SL0 selects (0b10 = level 1, 0b01 = level 2, 0b00 = level 3): 48-bit and
 * 43-bit at level 1, 42-bit at level 2 (one full table), 44-bit (4 concatenated) and
 * 46-bit (16) at level 2, and 32-bit starting at level 3 (8 concatenated tables of
 * pages, no blocks). Blocks at level 2 (512 MiB; level-1 blocks need 52-bit output
 * addresses), pages at level 3 (64 KiB). Arm ARM D8.2.2, D8.2.10.2, J1.1. */
#include "s2walk.h"

#define G64K (1ul << 14)
#define VTCR(t0sz, sl0, tg) ((t0sz) | (uint64_t)(sl0) << 6 | 1ul << 8 | 1ul << 10 | 3ul << 12 | (tg) | 5ul << 16 | 1ul << 31)

static const struct config configs[] = {
	{ "64K 48-bit L1", PT_64K, 48, 1, 1, VTCR(16, 2, G64K),
	  { { 0xffffe0000000ul, 2 }, { 0x800000010000ul, 3 } } },
	{ "64K 43-bit L1", PT_64K, 43, 1, 1, VTCR(21, 2, G64K),
	  { { 0x7ffe0000000ul, 2 }, { 0x40000010000ul, 3 } } },
	{ "64K 42-bit L2", PT_64K, 42, 2, 1, VTCR(22, 1, G64K),
	  { { 0x3ffe0000000ul, 2 }, { 0x20000010000ul, 3 } } },
	{ "64K 44-bit L2 x4", PT_64K, 44, 2, 4, VTCR(20, 1, G64K),
	  { { 0xfffe0000000ul, 2 }, { 0x80000010000ul, 3 } } },
	{ "64K 46-bit L2 x16", PT_64K, 46, 2, 16, VTCR(18, 1, G64K),
	  { { 0x3fffe0000000ul, 2 }, { 0x200000010000ul, 3 } } },
	{ "64K 32-bit L3 x8", PT_64K, 32, 3, 8, VTCR(32, 0, G64K),
	  { { 0xffff0000ul, 3 }, { 0x80000000ul, 3 } } },
};

int main(void)
{
	for (unsigned i = 0; i < sizeof(configs) / sizeof(configs[0]); i++)
		run_config(&configs[i], (int)i);
	return check_done();
}
