/* MTE: what EL0 may not do. LDGM, STGM and STZGM are UNDEFINED at EL0 (ESR 0x02000000,
 * EC 0x00), as are MRS/MSR of GCR_EL1, RGSR_EL1, TFSR_EL1 and TFSRE0_EL1; MRS GMID_EL1,
 * an ID-space register, is trapped to EL1 with EC 0x18 under FEAT_IDST.
 * DC GVA, DC GZVA (and DC ZVA) at EL0 with SCTLR_EL1.DZE = 0 trap to EL1 with EC 0x18,
 * ISS = Op0 01, Op2, Op1 011, CRn 0111, Rt, CRm 0100, direction 0. Nothing is changed by
 * the failed instructions. */
#include "mtetest.h"

#define UNDEF 0x02000000ul

EL0_TEXT static uint64_t el0_ldgm(uint64_t a) { __asm__ volatile("ldgm x0, [%0]" :: "r"(a) : "x0", "memory"); return 0; }
EL0_TEXT static uint64_t el0_stgm(uint64_t a) { __asm__ volatile("stgm xzr, [%0]" :: "r"(a) : "memory"); return 0; }
EL0_TEXT static uint64_t el0_stzgm(uint64_t a) { __asm__ volatile("stzgm xzr, [%0]" :: "r"(a) : "memory"); return 0; }
EL0_TEXT static uint64_t el0_mrs_gcr(uint64_t a) { __asm__ volatile("mrs x0, gcr_el1" ::: "x0"); return 0; }
EL0_TEXT static uint64_t el0_msr_gcr(uint64_t a) { __asm__ volatile("msr gcr_el1, xzr" ::: "memory"); return 0; }
EL0_TEXT static uint64_t el0_mrs_rgsr(uint64_t a) { __asm__ volatile("mrs x0, rgsr_el1" ::: "x0"); return 0; }
EL0_TEXT static uint64_t el0_msr_rgsr(uint64_t a) { __asm__ volatile("msr rgsr_el1, xzr" ::: "memory"); return 0; }
EL0_TEXT static uint64_t el0_mrs_tfsr(uint64_t a) { __asm__ volatile("mrs x0, tfsr_el1" ::: "x0"); return 0; }
EL0_TEXT static uint64_t el0_mrs_tfsre0(uint64_t a) { __asm__ volatile("mrs x0, tfsre0_el1" ::: "x0"); return 0; }
EL0_TEXT static uint64_t el0_msr_tfsre0(uint64_t a) { __asm__ volatile("msr tfsre0_el1, xzr" ::: "memory"); return 0; }
EL0_TEXT static uint64_t el0_mrs_gmid(uint64_t a) { __asm__ volatile("mrs x0, gmid_el1" ::: "x0"); return 0; }
EL0_TEXT static uint64_t el0_dc_gva(uint64_t a) { __asm__ volatile("mov x1, %0\n\tdc gva, x1" :: "r"(a) : "x1", "memory"); return 0; }
EL0_TEXT static uint64_t el0_dc_gzva(uint64_t a) { __asm__ volatile("mov x1, %0\n\tdc gzva, x1" :: "r"(a) : "x1", "memory"); return 0; }
EL0_TEXT static uint64_t el0_dc_zva(uint64_t a) { __asm__ volatile("mov x1, %0\n\tdc zva, x1" :: "r"(a) : "x1", "memory"); return 0; }

static void el0_fault(const char *what, el0_fn fn, uint64_t arg, uint64_t esr)
{
	exc_catch(EXC_RESUME_NEXT);
	el0_run(fn, arg, 0);
	mte_tco_off();
	check_fault_esr(what, esr);
	checkf(exc_last.vector, EXC_VEC_LOWER64 + EXC_TYPE_SYNC, "%s: vector", what);
}

/* ESR of a trapped DC <op>, Xt from EL0: EC 0x18, IL, ISS as in the Arm ARM. */
static uint64_t esr_dc_trap(unsigned op2, unsigned rt)
{
	uint64_t iss = 1ul << 20 | (uint64_t)op2 << 17 | 3ul << 14 | 7ul << 10 |
		       (uint64_t)rt << 5 | 4ul << 1;
	return 0x18ul << 26 | 1ul << 25 | iss;
}

int main(void)
{
	setup_object_page(PTE_TAGGED_USER);
	mte_enable(MTE_TCF_SYNC, MTE_TCF_SYNC);
	mte_set_gcr(0x1234, 0);
	mte_set_rgsr(0x5555, 5);
	write_sysreg(tfsre0_el1, 1);

	el0_fault("EL0 ldgm", el0_ldgm, OBJ, UNDEF);
	el0_fault("EL0 stgm", el0_stgm, OBJ, UNDEF);
	el0_fault("EL0 stzgm", el0_stzgm, OBJ, UNDEF);
	el0_fault("EL0 mrs gcr_el1", el0_mrs_gcr, 0, UNDEF);
	el0_fault("EL0 msr gcr_el1", el0_msr_gcr, 0, UNDEF);
	el0_fault("EL0 mrs rgsr_el1", el0_mrs_rgsr, 0, UNDEF);
	el0_fault("EL0 msr rgsr_el1", el0_msr_rgsr, 0, UNDEF);
	el0_fault("EL0 mrs tfsr_el1", el0_mrs_tfsr, 0, UNDEF);
	el0_fault("EL0 mrs tfsre0_el1", el0_mrs_tfsre0, 0, UNDEF);
	el0_fault("EL0 msr tfsre0_el1", el0_msr_tfsre0, 0, UNDEF);
	/* GMID_EL1 is in the ID register space: with FEAT_IDST (ID_AA64MMFR2_EL1.IDS = 1)
	 * an EL0 access is trapped with EC 0x18 (Op0 3, Op2 4, Op1 1, CRn 0, Rt 0, CRm 0,
	 * read) instead of being UNDEFINED. */
	unsigned ids = (unsigned)(read_sysreg(id_aa64mmfr2_el1) >> 36) & 0xf;
	checkf(ids, 1, "ID_AA64MMFR2_EL1.IDS (FEAT_IDST)");
	el0_fault("EL0 mrs gmid_el1", el0_mrs_gmid, 0, ids ? 0x62384001ul : UNDEF);
	checkf(tags_of(OBJ, 16), 0x5555555555555555ul, "object tags unchanged");
	checkf(pattern_changed(MTE_VA, 4096), 0, "data words changed");
	checkf(mte_gcr(), 0x1234, "GCR_EL1 unchanged");
	checkf(mte_rgsr(), 0x555505, "RGSR_EL1 unchanged");
	checkf(read_sysreg(tfsre0_el1), 1, "TFSRE0_EL1 unchanged");

	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) & ~SCTLR_DZE);
	isb();
	el0_fault("EL0 dc gva, DZE = 0", el0_dc_gva, mte_ptr_with_tag(OBJ, 9), esr_dc_trap(3, 1));
	el0_fault("EL0 dc gzva, DZE = 0", el0_dc_gzva, mte_ptr_with_tag(OBJ, 9), esr_dc_trap(4, 1));
	el0_fault("EL0 dc zva, DZE = 0", el0_dc_zva, OBJ, esr_dc_trap(1, 1));
	checkf(tags_of(OBJ, 4), 0x5555, "block tags unchanged");
	checkf(pattern_changed(MTE_VA, 4096), 0, "data words changed");
	checkf(read_sysreg(dczid_el0) & 0x10, 0, "DCZID_EL0.DZP at EL1");
	write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) | SCTLR_DZE);
	isb();
	write_sysreg(tfsre0_el1, 0);
	exc_uncatch();
	return check_done();
}
