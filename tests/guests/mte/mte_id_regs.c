/* MTE: identification and system registers. ID_AA64PFR1_EL1.MTE [11:8] = 3 (FEAT_MTE3:
 * QEMU 10's -cpu max with -M virt,mte=on, mtesim --mte 3) and no MTE4 (MTEX [55:52] = 0,
 * ID_AA64PFR2_EL1 MTEFAR/MTESTOREONLY/MTEPERM [11:0] = 0); GMID_EL1.BS = 6 (LDGM/STGM
 * work on 4 << 6 = 256 bytes) and DCZID_EL0 = 4 (64-byte DC ZVA/GVA/GZVA and STZGM
 * blocks), as platform.md says. Round trips through the MTE registers, writing only
 * their defined fields: GCR_EL1 (RRND [16], Exclude [15:0]), RGSR_EL1 (SEED [23:8],
 * TAG [3:0]), TFSR_EL1 and TFSRE0_EL1 (TF1 [1], TF0 [0]), and the MTE fields of
 * SCTLR_EL1 (ATA, ATA0, TCF, TCF0, ITFSB) and TCR_EL1 (TBI0/1, TCMA0/1). */
#include "mtetest.h"

static void gcr_rt(uint64_t v)
{
	write_sysreg(gcr_el1, v);
	isb();
	checkf(read_sysreg(gcr_el1), v, "GCR_EL1 write 0x%lx, read", v);
}

static void rgsr_rt(uint64_t v)
{
	write_sysreg(rgsr_el1, v);
	isb();
	checkf(read_sysreg(rgsr_el1), v, "RGSR_EL1 write 0x%lx, read", v);
}

int main(void)
{
	uint64_t pfr1 = read_sysreg(id_aa64pfr1_el1);
	checkf((pfr1 >> 8) & 0xf, 3, "ID_AA64PFR1_EL1.MTE");
	checkf((pfr1 >> 52) & 0xf, 0, "ID_AA64PFR1_EL1.MTEX (MTE4 canonical tags, no address tags)");
	checkf(read_sysreg(s3_0_c0_c4_2) & 0xfff, 0,
	       "ID_AA64PFR2_EL1 [11:0] (MTEFAR, MTESTOREONLY, MTEPERM)");
	checkf(mte_level(), 3, "mte_level()");

	uint64_t gmid = read_sysreg(gmid_el1);
	checkf(gmid, 6, "GMID_EL1");
	checkf(mte_gm_block_bytes(), 256, "LDGM/STGM block bytes (4 << BS)");
	checkf(read_sysreg(dczid_el0), 4, "DCZID_EL0 (BS = 4, DZP = 0)");
	checkf(mte_dczid_block_bytes(), 64, "DC GVA/GZVA/ZVA and STZGM block bytes");

	gcr_rt(0x0);
	gcr_rt(0x1);
	gcr_rt(0xa5a5);
	gcr_rt(0x1ffff);
	gcr_rt(0x10000);
	gcr_rt(0x0);

	rgsr_rt(0x000107);
	rgsr_rt(0xbeef0f);
	rgsr_rt(0xffff00);
	rgsr_rt(0x00000a);
	rgsr_rt(0x0);

	for (uint64_t v = 0; v < 4; v++) {
		write_sysreg(tfsr_el1, v);
		isb();
		checkf(read_sysreg(tfsr_el1), v, "TFSR_EL1 write %lu, read", v);
		write_sysreg(tfsre0_el1, v);
		isb();
		checkf(read_sysreg(tfsre0_el1), v, "TFSRE0_EL1 write %lu, read", v);
	}
	write_sysreg(tfsr_el1, 0);
	write_sysreg(tfsre0_el1, 0);
	isb();

	/* SCTLR_EL1 MTE fields: ATA [43], ATA0 [42], TCF [41:40], TCF0 [39:38], ITFSB [37]. */
	const uint64_t mte_bits = SCTLR_ATA | SCTLR_ATA0 | SCTLR_TCF_MASK | SCTLR_TCF0_MASK |
				  SCTLR_ITFSB;
	uint64_t sctlr = read_sysreg(sctlr_el1);
	checkf(sctlr & mte_bits, 0, "SCTLR_EL1 MTE fields after boot (runtime default)");
	static const uint64_t vals[] = {
		SCTLR_ATA, SCTLR_ATA0, 1ul << 40, 2ul << 40, 3ul << 40, 1ul << 38, 2ul << 38,
		3ul << 38, SCTLR_ITFSB, SCTLR_ATA | SCTLR_ATA0 | (2ul << 40) | (3ul << 38),
	};
	for (unsigned i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		write_sysreg(sctlr_el1, sctlr | vals[i]);
		isb();
		checkf(read_sysreg(sctlr_el1) & mte_bits, vals[i], "SCTLR_EL1 MTE fields write 0x%lx, read",
		       vals[i]);
	}
	write_sysreg(sctlr_el1, sctlr);
	isb();

	/* TCR_EL1 fields: TBI0 [37], TBI1 [38], TCMA0 [57], TCMA1 [58]. */
	const uint64_t tcr_bits = TCR_TBI0 | TCR_TBI1 | TCR_TCMA0 | TCR_TCMA1;
	checkf(read_sysreg(tcr_el1) & tcr_bits, 0, "TCR_EL1 TBI/TCMA after boot (runtime default)");
	mte_set_tbi(1, 0);
	checkf(read_sysreg(tcr_el1) & tcr_bits, TCR_TBI0, "TCR_EL1 after mte_set_tbi(1, 0)");
	mte_set_tbi(1, 1);
	mte_set_tcma(1, 1);
	checkf(read_sysreg(tcr_el1) & tcr_bits, tcr_bits, "TCR_EL1 after TBI and TCMA set");
	mte_disable();
	checkf(read_sysreg(tcr_el1) & tcr_bits, 0, "TCR_EL1 after mte_disable()");

	/* mte_enable(): the state every MTE guest starts from. */
	mte_enable(MTE_TCF_SYNC, MTE_TCF_ASYNC);
	checkf(read_sysreg(sctlr_el1) & mte_bits,
	       SCTLR_ATA | SCTLR_ATA0 | (1ul << 40) | (2ul << 38), "SCTLR_EL1 after mte_enable(SYNC, ASYNC)");
	checkf(read_sysreg(tcr_el1) & tcr_bits, TCR_TBI0 | TCR_TBI1, "TCR_EL1 after mte_enable");
	checkf(read_sysreg(gcr_el1), 0, "GCR_EL1 after mte_enable");
	checkf(read_sysreg(rgsr_el1), (uint64_t)MTE_DEFAULT_SEED << 8, "RGSR_EL1 after mte_enable");
	checkf(mte_tco(), 0, "PSTATE.TCO after mte_enable");
	return check_done();
}
