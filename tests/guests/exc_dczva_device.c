/* DC ZVA to Device memory is an Alignment fault (AArch64.S1HasAlignmentFaultDueToMemType:
 * DC ZVA is excluded from the accesses Device memory may take unaligned), whatever the
 * address's alignment, and its FAR is the address in the register argument, not the
 * block's (FAR_EL1 description). To Normal memory the same instruction zeroes the block. */
#include "asmtest.h"

#define VA TEST_VA
#define ESR_ALIGN_W 0x96000061ul

#define ZVA(ADDR) do {                                                              \
	exc_catch(EXC_RESUME_NEXT);                                                  \
	__asm__ volatile("dc zva, %0" :: "r"((uint64_t)(ADDR)) : "memory");          \
} while (0)

int main(void)
{
	volatile uint64_t *page = map_test_page(VA, PTE_NORMAL | PTE_UXN | PTE_PXN);
	page[8] = 0x1234;
	ZVA(VA + 0x48);
	check_no_fault("dc zva normal [+0x48]");
	checkf(page[8], 0, "dc zva normal: block word");

	map_test_page(VA, PTE_DEVICE);
	ZVA(VA);
	check_fault("dc zva device [+0]", ESR_ALIGN_W, VA);
	ZVA(VA + 0x48);
	check_fault("dc zva device [+0x48]", ESR_ALIGN_W, VA + 0x48);
	return 0;
}
