/* MTE: prefetches and cache maintenance by VA are Tag Unchecked. With TCF = sync and a
 * pointer whose tag does not match, PRFM (immediate, register, literal), PRFUM, DC CVAC,
 * CIVAC, CVAU, CVAP, CVADP, IC IVAU and the MTE2 tag-and-data cleans DC CGVAC, CGDVAC,
 * CGVAP, CGDVAP, CGVADP, CGDVADP, CIGVAC, CIGDVAC neither fault nor change data or tags.
 * (DC IGVAC/IGDVAC, which may discard data and tags, are not used.) */
#include "mtetest.h"

int main(void)
{
	setup_object_page(PTE_TAGGED_DATA);
	mte_enable(MTE_TCF_SYNC, MTE_TCF_NONE);
	const uint64_t p = BAD(0x40);
	/* CVAP/CGVAP/CGDVAP need FEAT_DPB, CVADP/CGVADP/CGDVADP FEAT_DPB2. */
	checkf(read_sysreg(id_aa64isar1_el1) & 0xf, 2, "ID_AA64ISAR1_EL1.DPB");

	NO_FAULT("prfm pldl1keep [x1]", "prfm pldl1keep, [x1]", p);
	NO_FAULT("prfm pstl2strm [x1, #64]", "prfm pstl2strm, [x1, #64]", p);
	NO_FAULT("prfm plil3keep [x1, x2]", "mov x2, #16\n\tprfm plil3keep, [x1, x2]", p);
	NO_FAULT("prfum pldl1strm [x1, #-1]", "prfum pldl1strm, [x1, #-1]", p);
	NO_FAULT("prfm pldl1keep literal", "prfm pldl1keep, 1f\n\tb 2f\n1:\t.quad 0\n2:", p);
	NO_FAULT("dc cvac", "dc cvac, x1", p);
	NO_FAULT("dc civac", "dc civac, x1", p);
	NO_FAULT("dc cvau", "dc cvau, x1", p);
	NO_FAULT("dc cvap", "dc cvap, x1", p);
	NO_FAULT("dc cvadp", "dc cvadp, x1", p);
	NO_FAULT("ic ivau", "ic ivau, x1\n\tdsb ish\n\tisb", p);
	NO_FAULT("dc cgvac", "dc cgvac, x1", p);
	NO_FAULT("dc cgdvac", "dc cgdvac, x1", p);
	NO_FAULT("dc cgvap", "dc cgvap, x1", p);
	NO_FAULT("dc cgdvap", "dc cgdvap, x1", p);
	NO_FAULT("dc cgvadp", "dc cgvadp, x1", p);
	NO_FAULT("dc cgdvadp", "dc cgdvadp, x1", p);
	NO_FAULT("dc cigvac", "dc cigvac, x1", p);
	NO_FAULT("dc cigdvac", "dc cigdvac, x1", p);
	__asm__ volatile("dsb sy" ::: "memory");
	checkf(pattern_changed(MTE_VA, 4096), 0, "data words changed");
	checkf(tags_of(OBJ, 16), 0x5555555555555555ul, "object tags");
	checkf(tags_of(OBJ - 0x40, 4), 0, "tags before the object");
	TAG_FAULTS("ldr x through the same pointer", "ldr x0, [x1]", p, ESR_TAG_CHECK_CUR_R, p);
	exc_uncatch();
	return check_done();
}
