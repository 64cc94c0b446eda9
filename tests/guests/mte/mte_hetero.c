/* MTE on a heterogeneous system: two PEs with different MTE hardware. Expected output
 * written from the Arm ARM (QEMU 10 has no per-PE MTE configuration); run by mtesim alone
 * with --smp 2 --mte max and configs/hetero.json:
 *   PE 0: "mte": "max" (FEAT_MTE3 plus the MTE4 features), GMID_EL1.BS = 6 (default);
 *   PE 1: "mte": 2 (FEAT_MTE2 only), "gmid_bs": 4.
 * PE 0 runs its part, then starts PE 1 with PSCI CPU_ON and waits for PE 1 to set a flag
 * before it goes on, so only one PE prints at a time and the output order is fixed.
 * PE 1 turns its MMU on with PE 0's translation tables (the same Tagged test page).
 *
 * Rules (Arm ARM) behind each section, per PE:
 * - ID registers: ID_AA64PFR1_EL1.MTE [11:8] = 3 on PE 0 (FEAT_MTE3), 2 on PE 1
 *   (FEAT_MTE2); MTE_frac [43:40] = 0 (asynchronous faults supported; required with
 *   FEAT_MTE3, mtesim's configuration on PE 1); MTEX [55:52] = 1 with
 *   FEAT_MTE_CANONICAL_TAGS + FEAT_MTE_NO_ADDRESS_TAGS (PE 0), 0 without (PE 1).
 *   ID_AA64PFR2_EL1.MTEFAR [11:8] and MTESTOREONLY [7:4] = 1 on PE 0, 0 on PE 1.
 *   GMID_EL1.BS = log2 of the LDGM/STGM block in words: 6 on PE 0, 4 on PE 1.
 * - LDGM reads the naturally aligned 4 << BS byte block holding the address; the tag of
 *   the granule at A goes to bits [4*A[7:4]+3 : 4*A[7:4]], other bits 0. At OBJ + 0x40
 *   (OBJ..OBJ+0xff tagged 5) PE 0 reads 256 bytes (all 5s), PE 1 64 bytes (nibbles 4-7).
 * - SCTLR_EL1.TCSO [59] / TCSO0 [58] and TCR_EL1.MTX0 [60] / MTX1 [61] exist only with
 *   FEAT_MTE_STORE_ONLY / FEAT_MTE_CANONICAL_TAGS: on PE 0 they read back as written; on
 *   PE 1 they are RES0, and mtesim implements RES0 bits as RAZ/WI (read 0).
 * - SCTLR_EL1.TCF = 0b11: with FEAT_MTE3 (PE 0) a Tag Check Fault is synchronous on a
 *   read (Data Abort, ESR 0x96000011) and asynchronous on a write (TFSR_EL1.TF0 set, no
 *   exception). Without FEAT_MTE3 (PE 1) 0b11 is a reserved value: CONSTRAINED
 *   UNPREDICTABLE, and mtesim's documented choice is "no effect" (as 0b00): neither the
 *   load nor the store faults and TFSR_EL1 stays 0.
 * - TCF = 0b01 and 0b10 behave the same on both PEs (FEAT_MTE2 has synchronous and,
 *   with MTE_frac = 0, asynchronous checks).
 * Values that depend on the link layout (FAR) are printed as [59:0] of the object
 * address only. */
#include "mtetest.h"

#define R ESR_TAG_CHECK_CUR_R

struct boot_ctx {
	uint64_t sp, mair, tcr, ttbr0, vbar, sctlr;
};

static uint64_t pe1_stack[1024] __attribute__((aligned(16)));
static struct boot_ctx boot __attribute__((aligned(64)));
static volatile uint64_t pe1_done;

void secondary_main(void);

/* PE 1 enters here with the MMU off and x0 = &boot: it takes PE 0's stage 1 setup and
 * vectors, turns the MMU and caches on, and calls secondary_main. */
__asm__(".text\n"
	".global hetero_secondary_entry\n"
	"hetero_secondary_entry:\n"
	"	msr	spsel, #1\n"
	"	ldr	x1, [x0, #0]\n"
	"	mov	sp, x1\n"
	"	ldr	x1, [x0, #8]\n"
	"	msr	mair_el1, x1\n"
	"	ldr	x1, [x0, #16]\n"
	"	msr	tcr_el1, x1\n"
	"	ldr	x1, [x0, #24]\n"
	"	msr	ttbr0_el1, x1\n"
	"	ldr	x1, [x0, #32]\n"
	"	msr	vbar_el1, x1\n"
	"	mov	x1, #(3 << 20)\n"
	"	msr	cpacr_el1, x1\n"
	"	isb\n"
	"	tlbi	vmalle1\n"
	"	dsb	nsh\n"
	"	isb\n"
	"	ldr	x1, [x0, #40]\n"
	"	msr	sctlr_el1, x1\n"
	"	isb\n"
	"	ic	iallu\n"
	"	dsb	nsh\n"
	"	isb\n"
	"	bl	secondary_main\n"
	"1:	wfe\n"
	"	b	1b\n");
extern char hetero_secondary_entry[];

static unsigned field(uint64_t v, unsigned lsb) { return (unsigned)(v >> lsb) & 0xf; }

static void pe_part(unsigned pe)
{
	printf("== PE %u\n", pe);
	checkf(read_sysreg(mpidr_el1) & 0xff, pe, "PE %u: MPIDR_EL1.Aff0", pe);
	uint64_t pfr1 = read_sysreg(id_aa64pfr1_el1), pfr2 = read_sysreg(s3_0_c0_c4_2) /* ID_AA64PFR2_EL1 */;
	checkf(field(pfr1, 8), pe == 0 ? 3 : 2, "PE %u: ID_AA64PFR1_EL1.MTE", pe);
	checkf(field(pfr1, 40), 0, "PE %u: ID_AA64PFR1_EL1.MTE_frac", pe);
	checkf(field(pfr1, 52), pe == 0 ? 1 : 0, "PE %u: ID_AA64PFR1_EL1.MTEX", pe);
	checkf(field(pfr2, 8), pe == 0 ? 1 : 0, "PE %u: ID_AA64PFR2_EL1.MTEFAR", pe);
	checkf(field(pfr2, 4), pe == 0 ? 1 : 0, "PE %u: ID_AA64PFR2_EL1.MTESTOREONLY", pe);
	checkf(read_sysreg(gmid_el1), pe == 0 ? 6 : 4, "PE %u: GMID_EL1", pe);

	mte_enable(MTE_TCF_SYNC, MTE_TCF_NONE);
	checkf(mte_ldgm(OBJ + 0x40), pe == 0 ? 0x5555555555555555ul : 0x55550000ul,
	       "PE %u: ldgm [OBJ + 0x40]", pe);

	/* Read-back of the MTE4 control bits. */
	uint64_t sctlr = read_sysreg(sctlr_el1);
	write_sysreg(sctlr_el1, sctlr | 3ul << 58);
	isb();
	checkf((read_sysreg(sctlr_el1) >> 58) & 3, pe == 0 ? 3 : 0,
	       "PE %u: SCTLR_EL1.{TCSO,TCSO0} after writing 1s", pe);
	write_sysreg(sctlr_el1, sctlr);
	isb();
	mte_update_tcr(3ul << 60, 0);
	checkf((read_sysreg(tcr_el1) >> 60) & 3, pe == 0 ? 3 : 0,
	       "PE %u: TCR_EL1.{MTX1,MTX0} after writing 1s", pe);
	mte_update_tcr(0, 3ul << 60);

	printf("-- PE %u: TCF = 0b11\n", pe);
	mte_set_tcf(MTE_TCF_ASYMM);
	mte_clear_tfsr();
	uint64_t v = ACCESS("ldr x0, [x1]", BAD(0x10), 0);
	if (pe == 0) {
		check_tag_fault("PE 0: ldr x, tag 3 on tag 5", R, BAD(0x10));
	} else {
		check_no_fault("PE 1: ldr x, tag 3 on tag 5");
		checkf(v, pattern_at(OBJ + 0x10), "PE 1: ldr x, tag 3 on tag 5: value");
	}
	ACCESS("str x2, [x1]", BAD(0x20 + 0x10 * pe), 0);
	checkf(exc_last.taken, 0, "PE %u: str x, tag 3 on tag 5: exceptions taken", pe);
	checkf(mte_tfsr(), pe == 0 ? TFSR_TF0 : 0, "PE %u: TFSR_EL1 after the store", pe);
	mte_clear_tfsr();

	printf("-- PE %u: TCF = 0b01, 0b10\n", pe);
	mte_set_tcf(MTE_TCF_SYNC);
	ACCESS("ldr x0, [x1]", BAD(0x40), 0);
	check_tag_fault(pe == 0 ? "PE 0: sync: ldr x, tag 3 on tag 5" : "PE 1: sync: ldr x, tag 3 on tag 5",
			R, BAD(0x40));
	mte_set_tcf(MTE_TCF_ASYNC);
	ACCESS("str x2, [x1]", BAD(0x50 + 0x10 * pe), 0);
	checkf(exc_last.taken, 0, "PE %u: async: str x, tag 3 on tag 5: exceptions taken", pe);
	checkf(mte_tfsr(), TFSR_TF0, "PE %u: async: TFSR_EL1", pe);
	mte_clear_tfsr();
	mte_disable();
	exc_uncatch();
}

void secondary_main(void)
{
	pe_part(1);
	__asm__ volatile("dmb ish" ::: "memory");
	pe1_done = 1;
	__asm__ volatile("dsb ish\n\tsev" ::: "memory");
	psci_call(PSCI_CPU_OFF, 0, 0, 0);
}

int main(void)
{
	boot.sp = (uint64_t)&pe1_stack[1024];
	boot.mair = read_sysreg(mair_el1);
	boot.tcr = read_sysreg(tcr_el1);
	boot.ttbr0 = read_sysreg(ttbr0_el1);
	boot.vbar = read_sysreg(vbar_el1);
	boot.sctlr = read_sysreg(sctlr_el1);
	/* PE 1 reads the context with its MMU (and so its caches) off. */
	__asm__ volatile("dc cvac, %0\n\tdsb ish" :: "r"(&boot) : "memory");

	setup_object_page(PTE_TAGGED_DATA);
	pe_part(0);

	/* Nothing is printed until PE 1 is done: its lines come next. */
	int64_t rc = psci_call(PSCI_CPU_ON, 1, (uint64_t)hetero_secondary_entry, (uint64_t)&boot);
	uint64_t spins = 0;
	while (rc == 0 && !pe1_done && spins < 400000000)
		spins++;
	checkf(rc, 0, "CPU_ON(1)");
	checkf(pe1_done, 1, "PE 1 finished");
	return check_done();
}
