/* AT S1E2R / S1E2W: EL2's own stage-1 translation (TTBR0_EL2, the runtime's 4KB-granule
 * 48-bit map plus test pages) reported in PAR_EL1 without an exception:
 *  - success: PA, ATTR from MAIR_EL2 (Normal WB 0xff, Device-nGnRnE 0x00), SH (Inner for
 *    the Normal pages, Outer for Device), F = 0; a 2 MiB block gives the PA inside it;
 *  - AP[2] = 1 (read-only): S1E2R succeeds, S1E2W is a Permission fault (FST 0x0f);
 *  - AF = 0: Access flag fault (FST 0x0b) for both;
 *  - no descriptor at level 3, 2, 1 or 0: Translation fault at that level;
 *  - a VA with bits above the 48-bit input range: Translation fault, level 0.
 * A fault sets F = 1 with S = 0, PTW = 0 (single stage). No exception is taken. Arm ARM
 * D8.2.13, D24.2.142 (PAR_EL1). */
#include "el2test.h"

#define VA_RW    (TEST_VA + 0x1000)
#define VA_RO    (TEST_VA + 0x2000)
#define VA_DEV   (TEST_VA + 0x3000)
#define VA_NOAF  (TEST_VA + 0x4000)
#define VA_HOLE3 (TEST_VA + 0x5000)
#define VA_BLOCK (TEST_VA + 0x400000)          /* 2 MiB block -> HYP_TEST_PA_BASE */

int main(void)
{
	struct pt *pt = hyp_pt();
	uint64_t pa = HYP_TEST_PA_BASE + 0x10000;
	pt_map_pages(pt, VA_RW, pa, 0x1000, HYP_PTE_NORMAL | HYP_PTE_XN);
	pt_map_pages(pt, VA_RO, pa + 0x1000, 0x1000, HYP_PTE_NORMAL | HYP_PTE_RO | HYP_PTE_XN);
	pt_map_pages(pt, VA_DEV, pa + 0x2000, 0x1000, HYP_PTE_DEVICE);
	pt_map_pages(pt, VA_NOAF, pa + 0x3000, 0x1000, (HYP_PTE_NORMAL & ~PTE_AF) | HYP_PTE_XN);
	pt_map(pt, VA_BLOCK, HYP_TEST_PA_BASE, 0x200000, HYP_PTE_NORMAL | HYP_PTE_XN);
	hyp_mmu_sync();
	hyp_catch(EXC_RESUME_NEXT);

	uint64_t par;
	par = MMU_AT(s1e2r, VA_RW + 0x123);
	checkf(par & PAR_OK_MASK, PAR_OK(0xff, pa, SH_INNER), "S1E2R RW page: PAR");
	par = MMU_AT(s1e2w, VA_RW);
	checkf(par & PAR_OK_MASK, PAR_OK(0xff, pa, SH_INNER), "S1E2W RW page: PAR");
	par = MMU_AT(s1e2r, VA_RO);
	checkf(par & PAR_OK_MASK, PAR_OK(0xff, pa + 0x1000, SH_INNER), "S1E2R RO page: PAR");
	par = MMU_AT(s1e2w, VA_RO);
	checkf(par & PAR_FAULT_MASK, PAR_FAULT(0, 0, FSC_PERM(3)), "S1E2W RO page: PAR[11:0]");
	par = MMU_AT(s1e2r, VA_DEV);
	checkf(par & PAR_OK_MASK, PAR_OK(0x00, pa + 0x2000, SH_OUTER), "S1E2R Device page: PAR");
	par = MMU_AT(s1e2r, VA_NOAF);
	checkf(par & PAR_FAULT_MASK, PAR_FAULT(0, 0, FSC_ACCESS(3)), "S1E2R AF=0 page: PAR[11:0]");
	par = MMU_AT(s1e2w, VA_NOAF);
	checkf(par & PAR_FAULT_MASK, PAR_FAULT(0, 0, FSC_ACCESS(3)), "S1E2W AF=0 page: PAR[11:0]");
	par = MMU_AT(s1e2r, VA_BLOCK + 0x1abcd0);
	checkf(par & PAR_OK_MASK, PAR_OK(0xff, HYP_TEST_PA_BASE + 0x1ab000, SH_INNER), "S1E2R 2M block: PAR");
	par = MMU_AT(s1e2r, VA_HOLE3);
	checkf(par & PAR_FAULT_MASK, PAR_FAULT(0, 0, FSC_TRANS(3)), "S1E2R no level-3 entry: PAR[11:0]");
	par = MMU_AT(s1e2w, TEST_VA + 0x200000);
	checkf(par & PAR_FAULT_MASK, PAR_FAULT(0, 0, FSC_TRANS(2)), "S1E2W no level-2 entry: PAR[11:0]");
	par = MMU_AT(s1e2r, 0x4000000000ul);
	checkf(par & PAR_FAULT_MASK, PAR_FAULT(0, 0, FSC_TRANS(1)), "S1E2R no level-1 entry: PAR[11:0]");
	par = MMU_AT(s1e2r, 0x800000000000ul);
	checkf(par & PAR_FAULT_MASK, PAR_FAULT(0, 0, FSC_TRANS(0)), "S1E2R no level-0 entry: PAR[11:0]");
	par = MMU_AT(s1e2r, 0x0001000000000000ul);
	checkf(par & PAR_FAULT_MASK, PAR_FAULT(0, 0, FSC_TRANS(0)), "S1E2R VA above 48 bits: PAR[11:0]");
	par = MMU_AT(s1e2w, 0xffff000040080000ul);
	checkf(par & PAR_FAULT_MASK, PAR_FAULT(0, 0, FSC_TRANS(0)), "S1E2W VA 0xffff... (one VA range): PAR[11:0]");
	check_no_trap("AT S1E2* with faulting translations");
	hyp_uncatch();
	return check_done();
}
