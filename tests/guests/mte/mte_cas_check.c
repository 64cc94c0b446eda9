/* MTE: CAS and CASP are Tag Checked reads and writes. Their access descriptor
 * (CreateAccDescAtomicOp) has read = TRUE and write = TRUE, and MemAtomic() checks the
 * tag once, before reading memory and whether or not the comparison then succeeds. How
 * it is reported follows from that:
 * - TCF = sync: the fault record comes from NoFault(accdesc), whose write field is
 *   !read && write = FALSE, so WnR = 0 (ESR 0x96000011 from EL1, 0x92000011 from EL0),
 *   which is also the ISS rule for atomics ("WnR is 0 if a read of the location would
 *   have generated the fault"; the read would, with the same tags). Memory is unchanged.
 * - TCF = asymmetric: AArch64.TagCheckFault() makes the fault synchronous when
 *   accdesc.read is set, so the same synchronous Data Abort, memory unchanged, TFSR 0.
 * - TCF = async: the CAS completes (memory updated when the comparison succeeds) and
 *   TFSR_ELx.TF0 is set.
 *
 * QEMU 10 checks CAS/CASP as pure stores (gen_compare_and_swap passes is_write = true
 * to its MTE check), so it prints ESR 0x96000051 / 0x92000051 for the synchronous
 * faults, and in asymmetric mode it takes no exception: the CAS completes, memory is
 * updated and TFSR_EL1/TFSRE0_EL1.TF0 is set. This guest's expected output is written
 * from the Arm ARM and it is compared with mtesim only (--expected-only). */
#include "mtetest.h"

#define R0 ESR_TAG_CHECK_CUR_R
#define RL ESR_TAG_CHECK_LOWER_R

/* CAS-family INSN with x1 = address, x4/x5 = compare values (the current memory words,
 * so the comparison would succeed), x6/x7 = new values 0x77. Memory is read under
 * PSTATE.TCO = 1 (unchecked). */
#define CAS_AT(INSN, ADDR) do {                                                          \
	exc_catch(EXC_RESUME_NEXT);                                                      \
	__asm__ volatile("mov x1, %0\n\tmsr tco, #1\n\tldp x4, x5, [x1]\n\tmsr tco, #0\n\t"    \
			 "mov x6, #0x77\n\tmov x7, #0x77\n\t" INSN                          \
			 :: "r"((uint64_t)(ADDR)) : "x1", "x4", "x5", "x6", "x7", "memory");  \
} while (0)

EL0_TEXT static uint64_t el0_cas(uint64_t a)
{
	uint64_t old = 0;
	__asm__ volatile("cas %0, %1, [%2]" : "+r"(old) : "r"(0x77ul), "r"(a) : "memory");
	return old;
}

static void el0(uint64_t a)
{
	exc_catch(EXC_RESUME_NEXT);
	el0_run(el0_cas, a, 0);
	mte_tco_off();
}

#define CAS_FAULTS(MODE, NAME, INSN, OFF, ESR) do {                                      \
	CAS_AT(INSN, BAD(OFF));                                                              \
	checkf(exc_last.taken, 1, "%s: %s, tag 3 on tag 5: exceptions taken", MODE, NAME);   \
	checkf(exc_last.esr, ESR, "%s: %s: ESR", MODE, NAME);                                \
	checkf(exc_last.far & MTE_FAR_MASK, BAD(OFF), "%s: %s: FAR[59:0]", MODE, NAME);      \
} while (0)

static void sync_cas_faults(const char *mode, uint64_t esr)
{
	CAS_FAULTS(mode, "cas x", "cas x4, x6, [x1]", 0x10, esr);
	CAS_FAULTS(mode, "cas x (comparison would fail)", "mov x4, #1\n\tcas x4, x6, [x1]", 0x18, esr);
	CAS_FAULTS(mode, "casa w", "casa w4, w6, [x1]", 0x20, esr);
	CAS_FAULTS(mode, "casl x", "casl x4, x6, [x1]", 0x28, esr);
	CAS_FAULTS(mode, "casal x", "casal x4, x6, [x1]", 0x30, esr);
	CAS_FAULTS(mode, "casb", "casb w4, w6, [x1]", 0x3b, esr);
	CAS_FAULTS(mode, "casah", "casah w4, w6, [x1]", 0x3e, esr);
	CAS_FAULTS(mode, "casp x", "casp x4, x5, x6, x7, [x1]", 0x40, esr);
	CAS_FAULTS(mode, "caspal w", "caspal w4, w5, w6, w7, [x1]", 0x50, esr);
	checkf(pattern_changed(MTE_VA, 4096), 0, "memory words changed");
	checkf(mte_tfsr(), 0, "TFSR_EL1");
}

int main(void)
{
	setup_object_page(PTE_TAGGED_USER);
	mte_enable(MTE_TCF_SYNC, MTE_TCF_SYNC);

	printf("== TCF = sync\n");
	sync_cas_faults("sync", R0);
	CAS_AT("cas x4, x6, [x1]", GOOD(0x60));
	check_no_fault("cas x, tag 5 on tag 5");
	checkf(peek(OBJ + 0x60), 0x77, "cas x, tag 5 on tag 5: memory");
	fill_pattern(MTE_VA, 4096);

	printf("== TCF = asymmetric (CAS reads: synchronous)\n");
	mte_set_tcf(MTE_TCF_ASYMM);
	sync_cas_faults("asymm", R0);

	printf("== TCF = async\n");
	mte_set_tcf(MTE_TCF_ASYNC);
	mte_clear_tfsr();
	fill_pattern(MTE_VA, 4096);
	CAS_AT("cas x4, x6, [x1]", BAD(0x10));
	check_no_fault("cas x, tag 3 on tag 5");
	checkf(peek(OBJ + 0x10), 0x77, "cas x, tag 3 on tag 5: memory");
	checkf(mte_tfsr(), TFSR_TF0, "cas x, tag 3 on tag 5: TFSR_EL1");
	mte_clear_tfsr();
	fill_pattern(MTE_VA, 4096);

	printf("== EL0, TCF0 = sync\n");
	mte_set_tcf(MTE_TCF_SYNC);
	el0(BAD(0x70));
	check_tag_fault("EL0 cas x, tag 3 on tag 5", RL, BAD(0x70));
	checkf(pattern_changed(MTE_VA, 4096), 0, "EL0 cas: memory words changed");
	printf("== EL0, TCF0 = asymmetric\n");
	mte_set_tcf0(MTE_TCF_ASYMM);
	el0(BAD(0x70));
	check_tag_fault("EL0 cas x, tag 3 on tag 5", RL, BAD(0x70));
	checkf(pattern_changed(MTE_VA, 4096), 0, "EL0 cas: memory words changed");
	checkf(mte_tfsre0(), 0, "EL0 cas: TFSRE0_EL1");
	mte_clear_tfsr();
	exc_uncatch();
	return check_done();
}
