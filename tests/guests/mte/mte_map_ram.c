/* MTE: the runtime's default map is untagged, and mte_map_ram_tagged() makes it Tagged.
 * Before: RAM leaves use MAIR index 1 (0xFF), so a global buffer is Untagged memory: LDG
 * reads 0, STG is dropped, nothing is checked. mte_map_ram_tagged() switches the RAM
 * leaves to index 2 (0xF0; the device leaves keep index 0) without changing TTBR0_EL1 or
 * TCR_EL1, and sets the image's tags to 0; from then on the buffer's tags are stored and
 * its accesses checked, while the rest of the guest (code, stack, console) keeps working
 * with untagged pointers. mte_map_tagged() on a table that is not live only rewrites its
 * descriptors. */
#include "mtetest.h"

static uint64_t buf[32] __attribute__((aligned(64)));

static unsigned attr_index(struct pt *pt, uint64_t va)
{
	int level;
	uint64_t *d = pt_walk(pt, va, &level);
	return (unsigned)(*d >> 2) & 7;
}

int main(void)
{
	const uint64_t b = (uintptr_t)buf;
	struct pt *pt = mmu_default_pt();
	mte_enable(MTE_TCF_SYNC, MTE_TCF_NONE);
	const uint64_t ttbr0 = read_sysreg(ttbr0_el1), tcr = read_sysreg(tcr_el1);

	printf("== default map\n");
	checkf(attr_index(pt, b), MT_NORMAL, "AttrIndx of the leaf holding buf");
	checkf(attr_index(pt, (uintptr_t)main), MT_NORMAL, "AttrIndx of the leaf holding main");
	checkf(attr_index(pt, UART_BASE), MT_DEVICE_nGnRnE, "AttrIndx of the UART leaf");
	checkf(mte_get_tag(b), 0, "ldg buf");
	mte_stg(mte_ptr_with_tag(b, 7));
	checkf(mte_get_tag(b), 0, "stg tag 7 (dropped), ldg buf");
	NO_FAULT("ldr x, tag 7 pointer to buf", "ldr x0, [x1]", mte_ptr_with_tag(b, 7));

	printf("== after mte_map_ram_tagged()\n");
	mte_map_ram_tagged();
	checkf(read_sysreg(ttbr0_el1) == ttbr0, 1, "TTBR0_EL1 unchanged");
	checkf(read_sysreg(tcr_el1) == tcr, 1, "TCR_EL1 unchanged");
	checkf(attr_index(pt, b), MT_NORMAL_TAGGED, "AttrIndx of the leaf holding buf");
	checkf(attr_index(pt, (uintptr_t)main), MT_NORMAL_TAGGED, "AttrIndx of the leaf holding main");
	checkf(attr_index(pt, RAM_BASE + (1ul << 30) - 4096), MT_NORMAL_TAGGED,
	       "AttrIndx of the last RAM leaf");
	checkf(attr_index(pt, UART_BASE), MT_DEVICE_nGnRnE, "AttrIndx of the UART leaf");
	checkf(tags_of(b, 16), 0, "tags of buf (image tags set to 0)");
	mte_stg(mte_ptr_with_tag(b, 7));
	mte_stg(mte_ptr_with_tag(b + 16, 8));
	checkf(tags_of(b, 3), 0x087, "stg 7, stg 8: tags of buf");
	buf[4] = 0x4444;
	NO_FAULT("ldr x, tag 7 pointer to buf[0]", "ldr x0, [x1]", mte_ptr_with_tag(b, 7));
	ACCESS("ldr x0, [x1]", b, 0);
	check_tag_fault_rel("ldr x, tag 0 pointer to buf[0]", ESR_TAG_CHECK_CUR_R, b, b);
	ACCESS("str x2, [x1]", mte_ptr_with_tag(b + 16, 7), 0);
	check_tag_fault_rel("str x, tag 7 pointer to buf[2]", ESR_TAG_CHECK_CUR_W,
			    mte_ptr_with_tag(b + 16, 7), mte_ptr_with_tag(b, 7));
	checkf(buf[4], 0x4444, "buf[4] through the untagged pointer (tag 0 granule)");
	mte_set_tag_range(b, sizeof(buf), 0);
	checkf(tags_of(b, 3), 0, "tags of buf reset to 0");

	printf("== a table that is not live\n");
	struct pt other;
	pt_init(&other, PT_4K, 48);
	pt_map_pages(&other, MTE_VA, RAM_BASE + 0x08000000ul, 0x2000, PTE_NORMAL);
	pt_map(&other, 0x80000000ul, 0x80000000ul, 0x200000, PTE_NORMAL);
	mte_map_tagged(&other, MTE_VA + 0x1000, 0x1000);
	mte_map_tagged(&other, 0x80000000ul + 0x1000, 0x10);
	checkf(attr_index(&other, MTE_VA), MT_NORMAL, "other: first page");
	checkf(attr_index(&other, MTE_VA + 0x1000), MT_NORMAL_TAGGED, "other: second page");
	checkf(attr_index(&other, 0x80000000ul), MT_NORMAL_TAGGED, "other: the whole 2 MiB block");
	checkf(read_sysreg(ttbr0_el1) == ttbr0, 1, "TTBR0_EL1 unchanged");
	exc_uncatch();
	return check_done();
}
