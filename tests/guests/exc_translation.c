/* Exceptions: translation faults in the runtime's 4K-granule, 48-bit tables (start
 * level 0). Data aborts (EC 0x25) with DFSC 0x04..0x07 = translation fault at level
 * 0..3, WnR for stores and DC ZVA; VAs outside the TTBR0 range and the disabled TTBR1
 * half fault at level 0; an output address above TCR_EL1.IPS (40 bits) is an address
 * size fault (DFSC 0x03 at level 3); a faulting load with writeback leaves its base
 * alone. Instruction aborts (EC 0x21) from BLR to unmapped code report the target in
 * FAR and ELR. */
#include "asmtest.h"

/* TEST_VA's level-0 and level-1 entries exist after map_test_page(TEST_VA, ...). */
#define VA_L0  0x0000800000000000ul   /* L0 index 256: invalid */
#define VA_L1  0x0000000100000000ul   /* L1 index 4 of L0[0]: invalid */
#define VA_L2  (TEST_VA + 0x00a00000) /* L2 index 5 under TEST_VA's L1 entry: invalid */
#define VA_L3  (TEST_VA + 0x5000)     /* L3 index 5 in TEST_VA's table: invalid */
#define VA_BIG (TEST_VA + 0x1000)     /* mapped to a PA above 40 bits */

#define LOAD(NAME, ADDR, ESR) do {                                                  \
	exc_catch(EXC_RESUME_NEXT);                                                  \
	__asm__ volatile("ldr x0, [%0]" :: "r"((uint64_t)(ADDR)) : "x0", "memory");   \
	check_fault(NAME, ESR, ADDR);                                                \
} while (0)
#define STORE(NAME, ADDR, ESR) do {                                                 \
	exc_catch(EXC_RESUME_NEXT);                                                  \
	__asm__ volatile("strb wzr, [%0]" :: "r"((uint64_t)(ADDR)) : "memory");       \
	check_fault(NAME, ESR, ADDR);                                                \
} while (0)
#define FETCH(NAME, ADDR, ESR) do {                                                 \
	exc_catch(EXC_RESUME_LR);                                                    \
	__asm__ volatile("blr %0" :: "r"((uint64_t)(ADDR)) : "x30", "memory");        \
	check_fault(NAME, ESR, ADDR);                                                \
	checkf(exc_last.elr, ADDR, "%s: ELR", NAME);                                 \
} while (0)

int main(void)
{
	uint64_t *page = map_test_page(TEST_VA, PTE_NORMAL | PTE_UXN);
	page[0] = 0xabcdef;
	pt_map_pages(mmu_default_pt(), VA_BIG, 0x10000000000ul, 4096, PTE_NORMAL | PTE_UXN);
	mmu_sync();

	exc_catch(EXC_RESUME_NEXT);
	uint64_t v;
	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(TEST_VA) : "memory");
	check("mapped page reads", v, 0xabcdef);
	check_no_fault("mapped page");

	LOAD("ldr level 0", VA_L0, 0x96000004);
	LOAD("ldr level 1", VA_L1 + 8, 0x96000005);
	LOAD("ldr level 2", VA_L2 + 0x123, 0x96000006);
	LOAD("ldr level 3", VA_L3 + 0xff8, 0x96000007);
	STORE("strb level 0", VA_L0 + 1, 0x96000044);
	STORE("strb level 1", VA_L1, 0x96000045);
	STORE("strb level 2", VA_L2, 0x96000046);
	STORE("strb level 3", VA_L3 + 3, 0x96000047);
	LOAD("ldr VA bit 48 set (outside TTBR0 range)", 0x0001000000000000ul, 0x96000004);
	LOAD("ldr VA 0x00ff000000000000 (outside, TBI off)", 0x00ff000000000000ul, 0x96000004);
	LOAD("ldr 0xffff000000001000 (TTBR1, EPD1 = 1)", 0xffff000000001000ul, 0x96000004);
	LOAD("ldr PA above IPS", VA_BIG + 16, 0x96000003);
	STORE("strb PA above IPS", VA_BIG, 0x96000043);

	/* DC ZVA is a write for fault reporting. FAR is the address given to DC ZVA. */
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("dc zva, %0" :: "r"(VA_L3 + 0x40) : "memory");
	check_fault("dc zva level 3", 0x96000047, VA_L3 + 0x40);

	/* A faulting load with writeback does not update its base. */
	uint64_t base = VA_L3;
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("ldr x0, [%0], #16" : "+r"(base) :: "x0", "memory");
	check_fault("ldr post-index level 3", 0x96000007, VA_L3);
	check("base after faulting ldr post-index", base, VA_L3);
	base = VA_L3;
	exc_catch(EXC_RESUME_NEXT);
	__asm__ volatile("ldp x0, x1, [%0, #32]!" : "+r"(base) :: "x0", "x1", "memory");
	check_fault("ldp pre-index level 3", 0x96000007, VA_L3 + 32);
	check("base after faulting ldp pre-index", base, VA_L3);

	/* Instruction aborts: FAR and ELR are the branch target. */
	FETCH("blr level 0", VA_L0, 0x86000004);
	FETCH("blr level 1", VA_L1, 0x86000005);
	FETCH("blr level 2", VA_L2, 0x86000006);
	FETCH("blr level 3", VA_L3 + 0x10, 0x86000007);

	exc_uncatch();
	return check_done();
}
