/* Table-driven: for each EL1 system-register access (MRS/MSR) in the list, which of the
 * HCR_EL2 trap bits TVM, TRVM, TID1, TID2, TID3, TACR, TSW, TPCP, TPU, TTLB, TDZ, TWI,
 * TWE, TSC trap it to EL2, and with what ISS (EC 0x18: Op0, Op2, Op1, CRn, Rt, CRm,
 * Direction). Each access runs once per bit, in its own VM run; the line "traps" is the
 * set of bits (as an HCR_EL2 mask) that trapped it, "ISS" the syndrome of those traps
 * (all equal). Writes store the register's current value, so an access that is not
 * trapped changes nothing. Registers no HCR_EL2 bit traps (VBAR_EL1, TPIDR*, PAR_EL1,
 * ELR_EL1, SPSR_EL1, SP_EL0, CNTKCTL_EL1, CPACR_EL1, MIDR_EL1, MPIDR_EL1, DCZID_EL0)
 * show an empty mask. Arm ARM D24.2.62 (HCR_EL2), D24.2.46 (ISS for EC 0x18). */
#include "el2test.h"

/* index, name, register, Rt, op0, op1, CRn, CRm, op2, readable, writable, read traps,
 * write traps */
#define REGS(X)                                                                                         \
	X(0, "SCTLR_EL1", sctlr_el1, 3, 3, 0, 1, 0, 0, 1, 1, HCR_TRVM, HCR_TVM)                          \
	X(1, "ACTLR_EL1", actlr_el1, 4, 3, 0, 1, 0, 1, 1, 1, HCR_TACR, HCR_TACR)                         \
	X(2, "CPACR_EL1", cpacr_el1, 5, 3, 0, 1, 0, 2, 1, 1, 0, 0)                                       \
	X(3, "TTBR0_EL1", ttbr0_el1, 6, 3, 0, 2, 0, 0, 1, 1, HCR_TRVM, HCR_TVM)                          \
	X(4, "TTBR1_EL1", ttbr1_el1, 7, 3, 0, 2, 0, 1, 1, 1, HCR_TRVM, HCR_TVM)                          \
	X(5, "TCR_EL1", tcr_el1, 8, 3, 0, 2, 0, 2, 1, 1, HCR_TRVM, HCR_TVM)                              \
	X(6, "AFSR0_EL1", afsr0_el1, 10, 3, 0, 5, 1, 0, 1, 1, HCR_TRVM, HCR_TVM)                         \
	X(7, "AFSR1_EL1", afsr1_el1, 11, 3, 0, 5, 1, 1, 1, 1, HCR_TRVM, HCR_TVM)                         \
	X(8, "ESR_EL1", esr_el1, 12, 3, 0, 5, 2, 0, 1, 1, HCR_TRVM, HCR_TVM)                             \
	X(9, "FAR_EL1", far_el1, 13, 3, 0, 6, 0, 0, 1, 1, HCR_TRVM, HCR_TVM)                             \
	X(10, "PAR_EL1", par_el1, 14, 3, 0, 7, 4, 0, 1, 1, 0, 0)                                         \
	X(11, "MAIR_EL1", mair_el1, 15, 3, 0, 10, 2, 0, 1, 1, HCR_TRVM, HCR_TVM)                         \
	X(12, "AMAIR_EL1", amair_el1, 16, 3, 0, 10, 3, 0, 1, 1, HCR_TRVM, HCR_TVM)                       \
	X(13, "VBAR_EL1", vbar_el1, 17, 3, 0, 12, 0, 0, 1, 1, 0, 0)                                      \
	X(14, "CONTEXTIDR_EL1", contextidr_el1, 18, 3, 0, 13, 0, 1, 1, 1, HCR_TRVM, HCR_TVM)             \
	X(15, "TPIDR_EL1", tpidr_el1, 19, 3, 0, 13, 0, 4, 1, 1, 0, 0)                                    \
	X(16, "TPIDR_EL0", tpidr_el0, 20, 3, 3, 13, 0, 2, 1, 1, 0, 0)                                    \
	X(17, "TPIDRRO_EL0", tpidrro_el0, 21, 3, 3, 13, 0, 3, 1, 1, 0, 0)                                \
	X(18, "CNTKCTL_EL1", cntkctl_el1, 22, 3, 0, 14, 1, 0, 1, 1, 0, 0)                                \
	X(19, "ELR_EL1", elr_el1, 23, 3, 0, 4, 0, 1, 1, 1, 0, 0)                                         \
	X(20, "SPSR_EL1", spsr_el1, 24, 3, 0, 4, 0, 0, 1, 1, 0, 0)                                       \
	X(21, "SP_EL0", sp_el0, 25, 3, 0, 4, 1, 0, 1, 1, 0, 0)                                           \
	X(22, "CSSELR_EL1", csselr_el1, 26, 3, 2, 0, 0, 0, 1, 1, HCR_TID2, HCR_TID2)                     \
	X(23, "CTR_EL0", ctr_el0, 27, 3, 3, 0, 0, 1, 1, 0, HCR_TID2, 0)                                  \
	X(24, "CCSIDR_EL1", ccsidr_el1, 28, 3, 1, 0, 0, 0, 1, 0, HCR_TID2, 0)                            \
	X(25, "CLIDR_EL1", clidr_el1, 0, 3, 1, 0, 0, 1, 1, 0, HCR_TID2, 0)                               \
	X(26, "REVIDR_EL1", revidr_el1, 1, 3, 0, 0, 0, 6, 1, 0, HCR_TID1, 0)                             \
	X(27, "AIDR_EL1", aidr_el1, 2, 3, 1, 0, 0, 7, 1, 0, HCR_TID1, 0)                                 \
	X(28, "MIDR_EL1", midr_el1, 3, 3, 0, 0, 0, 0, 1, 0, 0, 0)                                        \
	X(29, "MPIDR_EL1", mpidr_el1, 4, 3, 0, 0, 0, 5, 1, 0, 0, 0)                                      \
	X(30, "ID_AA64PFR0_EL1", id_aa64pfr0_el1, 5, 3, 0, 0, 4, 0, 1, 0, HCR_TID3, 0)                   \
	X(31, "ID_AA64DFR0_EL1", id_aa64dfr0_el1, 6, 3, 0, 0, 5, 0, 1, 0, HCR_TID3, 0)                   \
	X(32, "ID_AA64ISAR0_EL1", id_aa64isar0_el1, 7, 3, 0, 0, 6, 0, 1, 0, HCR_TID3, 0)                 \
	X(33, "ID_AA64MMFR0_EL1", id_aa64mmfr0_el1, 8, 3, 0, 0, 7, 0, 1, 0, HCR_TID3, 0)                 \
	X(34, "DCZID_EL0", dczid_el0, 10, 3, 3, 0, 0, 7, 1, 0, 0, 0)

#define NREGS 35

#define RD_CASE(i, name, reg, rt, op0, op1, crn, crm, op2, rd, wr, rtrap, wtrap)     \
	case i:                                                                      \
		if (rd)                                                              \
			__asm__ volatile("mrs x" #rt ", " #reg ::: "x" #rt, "memory"); \
		break;
#define WR_CASE(i, name, reg, rt, op0, op1, crn, crm, op2, rd, wr, rtrap, wtrap)     \
	case i:                                                                      \
		if (wr)                                                              \
			__asm__ volatile("mov x" #rt ", %0\n\tmsr " #reg ", x" #rt        \
					 :: "r"(v) : "x" #rt, "memory");                 \
		break;
#define VAL_CASE(i, name, reg, rt, op0, op1, crn, crm, op2, rd, wr, rtrap, wtrap)    \
	case i:                                                                      \
		return wr ? read_sysreg(reg) : 0;

static uint64_t el1_read(uint64_t i)
{
	switch (i) {
		REGS(RD_CASE)
	}
	return 0;
}

static uint64_t write_value;

static uint64_t el1_write(uint64_t i)
{
	uint64_t v = write_value;
	switch (i) {
		REGS(WR_CASE)
	}
	return 0;
}

/* The current value of a writable register, read at EL2 with the VM's state loaded. */
static uint64_t current(uint64_t i)
{
	switch (i) {
		REGS(VAL_CASE)
	}
	return 0;
}

struct reg { const char *name; int rd, wr; uint64_t iss_r, iss_w, rtrap, wtrap; };
#define ENTRY(i, name, reg, rt, op0, op1, crn, crm, op2, rd, wr, rtrap, wtrap)                      \
	{ name, rd, wr, SYSREG_ISS(op0, op1, crn, crm, op2, rt, 1), SYSREG_ISS(op0, op1, crn, crm, op2, rt, 0), \
	  rtrap, wtrap },
static const struct reg regs[NREGS] = { REGS(ENTRY) };

static const uint64_t bits[] = { HCR_TVM, HCR_TRVM, HCR_TID1, HCR_TID2, HCR_TID3, HCR_TACR, HCR_TSW,
				 HCR_TPCP, HCR_TPU, HCR_TTLB, HCR_TDZ, HCR_TWI, HCR_TWE, HCR_TSC };
#define NBITS (sizeof(bits) / sizeof(bits[0]))

static void probe(struct vm *vm, int i, int write)
{
	const struct reg *r = &regs[i];
	uint64_t mask = 0, iss = 0, want = write ? r->wtrap : r->rtrap;
	int odd = 0;
	for (unsigned b = 0; b < NBITS; b++) {
		vm->hcr = HCR_VM | bits[b];
		vm_load(vm);
		write_value = current((uint64_t)i);
		vm_unload();
		run_caught(vm, write ? el1_write : el1_read, (uint64_t)i);
		if (hyp_last.taken) {
			mask |= bits[b];
			if (iss && iss != ESR_ISS(hyp_last.esr))
				odd = 1;
			iss = ESR_ISS(hyp_last.esr);
			if (ESR_EC(hyp_last.esr) != EC_SYSREG || hyp_last.taken != 1)
				odd = 1;
		}
	}
	const char *dir = write ? "MSR" : "MRS";
	checkf(mask, want, "%s %s: trapped by", dir, r->name);
	if (want)
		checkf(iss, write ? r->iss_w : r->iss_r, "%s %s: ISS", dir, r->name);
	checkf(odd, 0, "%s %s: other EC or differing ISS", dir, r->name);
}

int main(void)
{
	struct vm vm;
	vm_init(&vm);
	vm.tlbi = 0;
	for (int i = 0; i < NREGS; i++) {
		if (regs[i].rd)
			probe(&vm, i, 0);
		if (regs[i].wr)
			probe(&vm, i, 1);
	}
	return check_done();
}
