/* MTE4: FEAT_MTE_TAGGED_FAR, the top four bits of FAR_EL1 on a synchronous Tag Check
 * Fault. Expected output written from the Arm ARM (QEMU 10 has no MTE4); run by mtesim
 * alone twice: with --mte max (expected/mte4_tagged_far.out) and with --mte 3
 * (expected/mte4_tagged_far.mte3.out). FAR is printed unmasked here.
 *
 * Rules (Arm ARM):
 * - ID_AA64PFR2_EL1.MTEFAR [11:8]: 0b0001 "On a synchronous exception due to a Tag Check
 *   Fault, FAR_ELx[63:60] are not UNKNOWN" (FEAT_MTE_TAGGED_FAR); 0b0000: they are
 *   UNKNOWN. With the feature they hold bits [63:60] of the faulting address; without it
 *   mtesim's documented choice for the UNKNOWN bits is 0.
 * - With TCR_EL1.TBI0 = 1, VA[63:56] are ignored by translation, so pointers with any top
 *   byte reach the test page; the logical tag is VA[59:56].
 * - FAR[59:0] is the faulting address in both runs (VA[59:56] = the logical tag).
 * - Faults from EL0 (TCF0 = sync, EC 0x24), from an unprivileged LDTR at EL1 (EL0 rules,
 *   EC 0x25), and the read half of asymmetric mode (TCF = 0b11: reads synchronous) are
 *   all synchronous Tag Check Faults, so the same FAR rule applies.
 * The object page is OBJ..OBJ+0xff tagged 5; every access below uses logical tag 3 with
 * different bits [63:60]. */
#include "mtetest.h"

#define R  ESR_TAG_CHECK_CUR_R
#define W  ESR_TAG_CHECK_CUR_W
#define R0 ESR_TAG_CHECK_LOWER_R

EL0_TEXT static uint64_t el0_load(uint64_t a)
{
	uint64_t v = 0;
	__asm__ volatile("ldr %0, [%1]" : "+r"(v) : "r"(a) : "memory");
	return v;
}

/* OBJ + off with logical tag 3 and bits [63:60] = top. */
static uint64_t ptr(unsigned top, uint64_t off)
{
	return (uint64_t)(top & 0xf) << 60 | mte_ptr_with_tag(OBJ + off, 3);
}

/* One synchronous tag check fault: ESR and the whole of FAR_EL1 (the test page is at a
 * fixed VA, so FAR does not depend on the link layout). */
static void far_check(const char *what, uint64_t esr, uint64_t addr, unsigned mtefar)
{
	checkf(exc_last.taken, 1, "%s: exceptions taken", what);
	checkf(exc_last.esr, esr, "%s: ESR", what);
	checkf(exc_last.far, mtefar ? addr : addr & MTE_FAR_MASK, "%s: FAR", what);
}

int main(void)
{
	setup_object_page(PTE_TAGGED_USER);
	mte_enable(MTE_TCF_SYNC, MTE_TCF_SYNC);
	const unsigned mtefar = (unsigned)(read_sysreg(s3_0_c0_c4_2) /* ID_AA64PFR2_EL1 */ >> 8) & 0xf;
	checkf(mtefar, mtefar, "ID_AA64PFR2_EL1.MTEFAR");

	printf("== EL1, TCF = sync\n");
	ACCESS("ldr x0, [x1]", ptr(0xa, 0x10), 0);
	far_check("ldr x, bits [63:60] = 0xa", R, ptr(0xa, 0x10), mtefar);
	ACCESS("str x2, [x1]", ptr(0x5, 0x28), 0);
	far_check("str x, bits [63:60] = 0x5", W, ptr(0x5, 0x28), mtefar);
	ACCESS("ldrb w0, [x1]", ptr(0xf, 0xf7), 0);
	far_check("ldrb, bits [63:60] = 0xf", R, ptr(0xf, 0xf7), mtefar);
	ACCESS("ldr x0, [x1, #8]", ptr(0x1, 0x30), 0);
	far_check("ldr x [x1, #8], bits [63:60] = 0x1", R, ptr(0x1, 0x38), mtefar);
	ACCESS("ldr x0, [x1]", ptr(0x0, 0x40), 0);
	far_check("ldr x, bits [63:60] = 0", R, ptr(0x0, 0x40), mtefar);

	printf("== unprivileged and EL0 (TCF0 = sync)\n");
	ACCESS("ldtr x0, [x1]", ptr(0x6, 0x50), 0);
	far_check("ldtr x, bits [63:60] = 0x6", R, ptr(0x6, 0x50), mtefar);
	exc_catch(EXC_RESUME_NEXT);
	el0_run(el0_load, ptr(0xc, 0x58), 0);
	mte_tco_off();
	far_check("EL0 ldr x, bits [63:60] = 0xc", R0, ptr(0xc, 0x58), mtefar);

	printf("== TCF = 0b11 (asymmetric), read\n");
	mte_set_tcf(MTE_TCF_ASYMM);
	ACCESS("ldr w0, [x1]", ptr(0x9, 0x64), 0);
	far_check("ldr w, bits [63:60] = 0x9", R, ptr(0x9, 0x64), mtefar);
	mte_set_tcf(MTE_TCF_SYNC);

	mte_disable();
	exc_uncatch();
	return check_done();
}
