/* HCR_EL2.TID1, TID2 and TID3: reads of identification registers from EL1 (and CTR_EL0
 * from EL0) trap to EL2 with EC 0x18 and the register's encoding in the ISS.
 *   TID1: REVIDR_EL1, AIDR_EL1.
 *   TID2: CTR_EL0, CCSIDR_EL1, CLIDR_EL1, CSSELR_EL1 (reads and writes); CTR_EL0 at EL0
 *         when SCTLR_EL1.UCT = 1. With UCT = 0 the EL0 read is trapped to EL1 first
 *         (the EL1 trap has priority over the EL2 trap).
 *   TID3: the AArch64 ID registers (ID_AA64PFR0/1, DFR0/1, AFR0, ISAR0/1, MMFR0/1/2) and
 *         the AArch32 ones in the same space (ID_PFR0_EL1, ID_ISAR0_EL1).
 * Each register is checked with its bit set (trap, ISS = Op0 Op2 Op1 CRn Rt CRm Dir) and
 * with the other two bits set (no trap). Values read are not printed (they are the
 * implementation's). Arm ARM D24.2.62 HCR_EL2. */
#include "el2test.h"

/* index, name, register, Rt, op0, op1, CRn, CRm, op2, trap bit, read */
#define REGS(X)                                                                 \
	X(0, "REVIDR_EL1", revidr_el1, 1, 3, 0, 0, 0, 6, HCR_TID1, 1)           \
	X(1, "AIDR_EL1", aidr_el1, 2, 3, 1, 0, 0, 7, HCR_TID1, 1)               \
	X(2, "CTR_EL0", ctr_el0, 3, 3, 3, 0, 0, 1, HCR_TID2, 1)                 \
	X(3, "CCSIDR_EL1", ccsidr_el1, 4, 3, 1, 0, 0, 0, HCR_TID2, 1)           \
	X(4, "CLIDR_EL1", clidr_el1, 5, 3, 1, 0, 0, 1, HCR_TID2, 1)             \
	X(5, "CSSELR_EL1", csselr_el1, 6, 3, 2, 0, 0, 0, HCR_TID2, 1)           \
	X(6, "CSSELR_EL1 write", csselr_el1, 7, 3, 2, 0, 0, 0, HCR_TID2, 0)     \
	X(7, "ID_AA64PFR0_EL1", id_aa64pfr0_el1, 8, 3, 0, 0, 4, 0, HCR_TID3, 1) \
	X(8, "ID_AA64PFR1_EL1", id_aa64pfr1_el1, 10, 3, 0, 0, 4, 1, HCR_TID3, 1) \
	X(9, "ID_AA64DFR0_EL1", id_aa64dfr0_el1, 11, 3, 0, 0, 5, 0, HCR_TID3, 1) \
	X(10, "ID_AA64DFR1_EL1", id_aa64dfr1_el1, 12, 3, 0, 0, 5, 1, HCR_TID3, 1) \
	X(11, "ID_AA64AFR0_EL1", id_aa64afr0_el1, 13, 3, 0, 0, 5, 4, HCR_TID3, 1) \
	X(12, "ID_AA64ISAR0_EL1", id_aa64isar0_el1, 14, 3, 0, 0, 6, 0, HCR_TID3, 1) \
	X(13, "ID_AA64ISAR1_EL1", id_aa64isar1_el1, 15, 3, 0, 0, 6, 1, HCR_TID3, 1) \
	X(14, "ID_AA64MMFR0_EL1", id_aa64mmfr0_el1, 16, 3, 0, 0, 7, 0, HCR_TID3, 1) \
	X(15, "ID_AA64MMFR1_EL1", id_aa64mmfr1_el1, 17, 3, 0, 0, 7, 1, HCR_TID3, 1) \
	X(16, "ID_AA64MMFR2_EL1", id_aa64mmfr2_el1, 18, 3, 0, 0, 7, 2, HCR_TID3, 1) \
	X(17, "ID_PFR0_EL1", id_pfr0_el1, 19, 3, 0, 0, 1, 0, HCR_TID3, 1)       \
	X(18, "ID_ISAR0_EL1", id_isar0_el1, 30, 3, 0, 0, 2, 0, HCR_TID3, 1)

#define NREGS 19
#define STR(x) #x
#define XSTR(x) STR(x)

static volatile uint64_t insn_at;

#define CASE(i, name, reg, rt, op0, op1, crn, crm, op2, bit, rd)                      \
	case i:                                                                        \
		if (rd)                                                                \
			__asm__ volatile(ADR_NEXT("x9") "mrs x" #rt ", " #reg "\n\tstr x9, %0" \
					 : "=m"(insn_at) :: "x" #rt, "x9", "memory");   \
		else                                                           \
			__asm__ volatile("mov x" #rt ", xzr\n\t" ADR_NEXT("x9")        \
					 "msr " #reg ", x" #rt "\n\tstr x9, %0"         \
					 : "=m"(insn_at) :: "x" #rt, "x9", "memory");   \
		break;

static uint64_t el1_access(uint64_t i)
{
	switch (i) {
		REGS(CASE)
	}
	return 0;
}

struct reg { const char *name; uint64_t iss, bit; };
#define ENTRY(i, name, reg, rt, op0, op1, crn, crm, op2, bit, rd) \
	{ name, SYSREG_ISS(op0, op1, crn, crm, op2, rt, rd), bit },
static const struct reg regs[NREGS] = { REGS(ENTRY) };

/* EL0 reads CTR_EL0 into x3 (inside the VM, through the EL1 runtime's el0_run). */
EL0_TEXT static uint64_t el0_ctr(uint64_t unused)
{
	uint64_t v;
	__asm__ volatile("mrs x3, ctr_el0\n\tmov %0, x3" : "=r"(v) :: "x3");
	return v;
}

static uint64_t el1_run_el0(uint64_t unused)
{
	return el0_run(el0_ctr, 0, 0);
}

int main(void)
{
	struct vm vm;
	vm_init(&vm);
	const uint64_t all = HCR_TID1 | HCR_TID2 | HCR_TID3;
	char what[64];

	for (int i = 0; i < NREGS; i++) {
		vm.hcr = HCR_VM | regs[i].bit;
		run_caught(&vm, el1_access, i);
		check_trap(regs[i].name, ESR_MAKE(EC_SYSREG, regs[i].iss));
		checkf(hyp_last.elr - insn_at, 0, "%s: ELR_EL2 - insn", regs[i].name);
		vm.hcr = HCR_VM | (all & ~regs[i].bit);
		run_caught(&vm, el1_access, i);
		check_no_trap(strcat2(what, regs[i].name, " with the other TID bits"));
	}

	/* CTR_EL0 at EL0: SCTLR_EL1.UCT = 1 (the runtime's default), TID2 -> EL2. */
	vm.hcr = HCR_VM | HCR_TID2;
	exc_catch(EXC_RESUME_NEXT);
	run_caught(&vm, el1_run_el0, 0);
	check_trap("EL0 CTR_EL0, UCT=1, TID2", ESR_MAKE(EC_SYSREG, SYSREG_ISS(3, 3, 0, 0, 1, 3, 1)));
	checkf(hyp_last.spsr & 0xf, PSR_MODE_EL0t, "EL0 CTR_EL0, UCT=1, TID2: SPSR_EL2.M");
	checkf(exc_last.taken, 0, "EL0 CTR_EL0, UCT=1, TID2: exceptions to EL1");
	/* UCT = 0: the EL1 trap wins. */
	vm.sctlr_el1 &= ~SCTLR_UCT;
	exc_catch(EXC_RESUME_NEXT);
	run_caught(&vm, el1_run_el0, 0);
	check_no_trap("EL0 CTR_EL0, UCT=0, TID2");
	checkf(exc_last.taken, 1, "EL0 CTR_EL0, UCT=0, TID2: exceptions to EL1");
	checkf(exc_last.esr, ESR_MAKE(EC_SYSREG, SYSREG_ISS(3, 3, 0, 0, 1, 3, 1)),
	       "EL0 CTR_EL0, UCT=0, TID2: ESR_EL1");
	/* Neither: no trap. */
	vm.sctlr_el1 |= SCTLR_UCT;
	vm.hcr = HCR_VM | HCR_TID1 | HCR_TID3;
	exc_catch(EXC_RESUME_NEXT);
	run_caught(&vm, el1_run_el0, 0);
	check_no_trap("EL0 CTR_EL0, UCT=1, TID1|TID3");
	checkf(exc_last.taken, 0, "EL0 CTR_EL0, UCT=1, TID1|TID3: exceptions to EL1");
	exc_uncatch();
	return check_done();
}
