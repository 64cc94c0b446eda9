/* MTE: tag checking of EL0 accesses, controlled by SCTLR_EL1.ATA0 and TCF0 (TCF is
 * EL1's). With TCF0 = sync a mismatch from EL0 is a Data Abort from a lower EL:
 * ESR 0x92000011 (load) / 0x92000051 (store), EC 0x24, taken to EL1 through the lower-EL
 * vector, FAR = the address. Async records the fault in TFSRE0_EL1.TF0 (not TFSR_EL1)
 * and the access completes; asymmetric is sync for loads and async for stores.
 * TCF0 = 0b00 means no effect even with TCF = sync; ATA0 = 0 means no checks at EL0
 * (and IRG/ADDG/LDG there give tag 0) even with ATA = 1. el0_run() comes back with
 * PSTATE.TCO = 1 at EL1 (see mte_tco_exception), so EL1 clears it after each run. */
#include "mtetest.h"

EL0_DATA static uint64_t el0_out[4];

EL0_TEXT static uint64_t el0_load(uint64_t a)
{
	uint64_t v = 0;
	__asm__ volatile("ldr %0, [%1]" : "+r"(v) : "r"(a) : "memory");
	return v;
}

EL0_TEXT static uint64_t el0_store(uint64_t a)
{
	__asm__ volatile("str %0, [%0]" :: "r"(a) : "memory");
	return 0;
}

EL0_TEXT static uint64_t el0_tags(uint64_t a)
{
	uint64_t r;
	__asm__ volatile("irg %0, %1" : "=r"(r) : "r"(a));
	el0_out[0] = r;
	__asm__ volatile("addg %0, %1, #16, #3" : "=r"(r) : "r"(a));
	el0_out[1] = r;
	r = a;
	__asm__ volatile("ldg %0, [%1]" : "+r"(r) : "r"(a) : "memory");
	el0_out[2] = r;
	return 0;
}

static uint64_t run_el0(el0_fn fn, uint64_t arg)
{
	exc_catch(EXC_RESUME_NEXT);
	uint64_t r = el0_run(fn, arg, 0);
	mte_tco_off();
	return r;
}

static void el0_faults(const char *what, el0_fn fn, uint64_t a, uint64_t esr)
{
	run_el0(fn, a);
	check_tag_fault(what, esr, a);
	checkf(exc_last.vector, EXC_VEC_LOWER64 + EXC_TYPE_SYNC, "%s: vector", what);
	checkf(exc_last.spsr & 0xf, PSR_MODE_EL0t, "%s: SPSR.M", what);
}

static void el0_ok(const char *what, el0_fn fn, uint64_t a)
{
	run_el0(fn, a);
	check_no_fault(what);
}

int main(void)
{
	setup_object_page(PTE_TAGGED_USER);

	printf("== TCF0 = sync, TCF = none\n");
	mte_enable(MTE_TCF_NONE, MTE_TCF_SYNC);
	el0_faults("EL0 ldr, wrong tag", el0_load, BAD(0x10), ESR_TAG_CHECK_LOWER_R);
	el0_faults("EL0 str, wrong tag", el0_store, BAD(0x18), ESR_TAG_CHECK_LOWER_W);
	checkf(pattern_changed(MTE_VA, 4096), 0, "EL0 str, wrong tag: memory words changed");
	checkf(run_el0(el0_load, GOOD(0x10)), pattern_at(OBJ + 0x10), "EL0 ldr, right tag: value");
	check_no_fault("EL0 ldr, right tag");
	NO_FAULT("EL1 ldr, wrong tag (TCF = none)", "ldr x0, [x1]", BAD(0x10));
	checkf(mte_tfsre0() | mte_tfsr(), 0, "TFSRE0_EL1 | TFSR_EL1");

	printf("== TCF0 = async\n");
	mte_set_tcf0(MTE_TCF_ASYNC);
	checkf(run_el0(el0_load, BAD(0x10)), pattern_at(OBJ + 0x10), "EL0 ldr, wrong tag: value");
	check_no_fault("EL0 ldr, wrong tag");
	checkf(mte_tfsre0(), TFSR_TF0, "EL0 ldr, wrong tag: TFSRE0_EL1");
	checkf(mte_tfsr(), 0, "EL0 ldr, wrong tag: TFSR_EL1");
	mte_clear_tfsr();
	el0_ok("EL0 str, wrong tag", el0_store, BAD(0x20));
	checkf(peek(OBJ + 0x20), BAD(0x20), "EL0 str, wrong tag: memory");
	checkf(mte_tfsre0(), TFSR_TF0, "EL0 str, wrong tag: TFSRE0_EL1");
	mte_clear_tfsr();
	el0_ok("EL0 ldr, right tag", el0_load, GOOD(0x10));
	checkf(mte_tfsre0(), 0, "EL0 ldr, right tag: TFSRE0_EL1");

	printf("== TCF0 = asymmetric\n");
	mte_set_tcf0(MTE_TCF_ASYMM);
	el0_faults("EL0 ldr, wrong tag", el0_load, BAD(0x30), ESR_TAG_CHECK_LOWER_R);
	checkf(mte_tfsre0(), 0, "EL0 ldr, wrong tag: TFSRE0_EL1");
	el0_ok("EL0 str, wrong tag", el0_store, BAD(0x38));
	checkf(peek(OBJ + 0x38), BAD(0x38), "EL0 str, wrong tag: memory");
	checkf(mte_tfsre0(), TFSR_TF0, "EL0 str, wrong tag: TFSRE0_EL1");
	checkf(mte_tfsr(), 0, "EL0 str, wrong tag: TFSR_EL1");
	mte_clear_tfsr();

	printf("== TCF0 = none, TCF = sync\n");
	mte_set_tcf0(MTE_TCF_NONE);
	mte_set_tcf(MTE_TCF_SYNC);
	el0_ok("EL0 ldr, wrong tag", el0_load, BAD(0x10));
	el0_ok("EL0 str, wrong tag", el0_store, BAD(0x40));
	checkf(mte_tfsre0() | mte_tfsr(), 0, "TFSRE0_EL1 | TFSR_EL1");
	TAG_FAULTS("EL1 ldr, wrong tag", "ldr x0, [x1]", BAD(0x10), ESR_TAG_CHECK_CUR_R, BAD(0x10));

	printf("== ATA0 = 0, ATA = 1, TCF0 = sync\n");
	mte_set_tcf0(MTE_TCF_SYNC);
	mte_set_ata(1, 0);
	el0_ok("EL0 ldr, wrong tag", el0_load, BAD(0x10));
	el0_ok("EL0 str, wrong tag", el0_store, BAD(0x48));
	el0_ok("EL0 irg/addg/ldg", el0_tags, GOOD(0x50));
	checkf(el0_out[0], OBJ + 0x50, "EL0 irg: tag 0");
	checkf(el0_out[1], OBJ + 0x60, "EL0 addg #16, #3: tag 0");
	checkf(el0_out[2], OBJ + 0x50, "EL0 ldg on tag 5: tag 0");
	mte_set_ata(1, 1);
	el0_faults("ATA0 = 1 again: EL0 ldr, wrong tag", el0_load, BAD(0x10), ESR_TAG_CHECK_LOWER_R);
	el0_ok("EL0 irg/addg/ldg", el0_tags, GOOD(0x50));
	checkf(el0_out[2], GOOD(0x50), "EL0 ldg on tag 5: tag 5");

	printf("== TCMA0 = 1 applies to EL0\n");
	mte_set_tcma(1, 0);
	el0_ok("EL0 ldr, tag 0 on tag 5", el0_load, OBJ + 0x10);
	el0_faults("EL0 ldr, tag 3 on tag 5", el0_load, BAD(0x10), ESR_TAG_CHECK_LOWER_R);
	mte_set_tcma(0, 0);
	exc_uncatch();
	return check_done();
}
