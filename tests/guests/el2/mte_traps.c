/* MTE and EL2 traps (run with --mte 3):
 *  - HCR_EL2.ATA = 0 traps EL1 accesses to GCR_EL1, RGSR_EL1, TFSR_EL1 and TFSRE0_EL1
 *    (reads and writes) to EL2, EC 0x18 with the register's encoding; ATA = 1 does not;
 *  - HCR_EL2.TID5 traps EL1 reads of GMID_EL1 (EC 0x18, Op0 3, Op1 1, CRn 0, CRm 0,
 *    Op2 4);
 *  - HCR_EL2.TDZ traps DC GVA and DC GZVA at EL1 (as DC ZVA);
 *  - HCR_EL2.TPCP traps DC CGVAC, DC CGDVAC, DC CIGVAC, DC IGVAC (tag cache maintenance
 *    to the point of coherency) and HCR_EL2.TSW the set/way forms DC IGSW, DC CGSW,
 *    DC CIGSW.
 * Each access is checked with its bit set (trap) and clear (no trap). Arm ARM D24.2.62
 * (HCR_EL2.ATA, TID5, TDZ, TPCP, TSW), D24.2.46. */
#include "el2test.h"

/* index, name, instruction, Rt, op0, op1, CRn, CRm, op2, read, trap bit */
#define OPS(X)                                                                                    \
	X(0, "MRS GCR_EL1", "mrs x1, gcr_el1", 1, 3, 0, 1, 0, 6, 1, HCR_ATA)                       \
	X(1, "MSR GCR_EL1", "msr gcr_el1, x2", 2, 3, 0, 1, 0, 6, 0, HCR_ATA)                       \
	X(2, "MRS RGSR_EL1", "mrs x3, rgsr_el1", 3, 3, 0, 1, 0, 5, 1, HCR_ATA)                     \
	X(3, "MSR RGSR_EL1", "msr rgsr_el1, x4", 4, 3, 0, 1, 0, 5, 0, HCR_ATA)                     \
	X(4, "MRS TFSR_EL1", "mrs x5, tfsr_el1", 5, 3, 0, 5, 6, 0, 1, HCR_ATA)                     \
	X(5, "MSR TFSR_EL1", "msr tfsr_el1, x6", 6, 3, 0, 5, 6, 0, 0, HCR_ATA)                     \
	X(6, "MRS TFSRE0_EL1", "mrs x7, tfsre0_el1", 7, 3, 0, 5, 6, 1, 1, HCR_ATA)                 \
	X(7, "MSR TFSRE0_EL1", "msr tfsre0_el1, x8", 8, 3, 0, 5, 6, 1, 0, HCR_ATA)                 \
	X(8, "MRS GMID_EL1", "mrs x10, gmid_el1", 10, 3, 1, 0, 0, 4, 1, HCR_TID5)                  \
	X(9, "DC GVA", "dc gva, x11", 11, 1, 3, 7, 4, 3, 0, HCR_TDZ)                               \
	X(10, "DC GZVA", "dc gzva, x12", 12, 1, 3, 7, 4, 4, 0, HCR_TDZ)                            \
	X(11, "DC CGVAC", "dc cgvac, x13", 13, 1, 3, 7, 10, 3, 0, HCR_TPCP)                        \
	X(12, "DC CGDVAC", "dc cgdvac, x14", 14, 1, 3, 7, 10, 5, 0, HCR_TPCP)                      \
	X(13, "DC CIGVAC", "dc cigvac, x15", 15, 1, 3, 7, 14, 3, 0, HCR_TPCP)                      \
	X(14, "DC IGVAC", "dc igvac, x16", 16, 1, 0, 7, 6, 3, 0, HCR_TPCP)                         \
	X(15, "DC IGSW", "dc igsw, x17", 17, 1, 0, 7, 6, 4, 0, HCR_TSW)                            \
	X(16, "DC CGSW", "dc cgsw, x18", 18, 1, 0, 7, 10, 4, 0, HCR_TSW)                           \
	X(17, "DC CIGSW", "dc cigsw, x19", 19, 1, 0, 7, 14, 4, 0, HCR_TSW)

#define NOPS 18
static uint64_t block[64] __attribute__((aligned(256)));   /* DC *VA operand (untagged map) */

/* Writes store the value the register holds (read at EL2 into regval); VA operands
 * point at block; set/way operands are 0. */
static uint64_t regval;
#define CASE(i, name, insn, rt, op0, op1, crn, crm, op2, rd, bit)                               \
	case i:                                                                                 \
		__asm__ volatile("mov x2, %0\n\tmov x4, %0\n\tmov x6, %0\n\tmov x8, %0\n\t"     \
				 "mov x11, %1\n\tmov x12, %1\n\tmov x13, %1\n\tmov x14, %1\n\t"  \
				 "mov x15, %1\n\tmov x16, %1\n\tmov x17, xzr\n\tmov x18, xzr\n\t" \
				 "mov x19, xzr\n\t" insn                                         \
				 :: "r"(regval), "r"(block)                                      \
				 : "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x10", "x11", \
				   "x12", "x13", "x14", "x15", "x16", "x17", "x18", "x19", "memory"); \
		break;

static uint64_t el1_op(uint64_t i)
{
	switch (i) {
		OPS(CASE)
	}
	return 0;
}

struct op { const char *name; uint64_t iss, bit; };
#define ENTRY(i, name, insn, rt, op0, op1, crn, crm, op2, rd, bit) \
	{ name, SYSREG_ISS(op0, op1, crn, crm, op2, rt, rd), bit },
static const struct op ops[NOPS] = { OPS(ENTRY) };

static uint64_t current(int i)
{
	switch (i) {
	case 1: return read_sysreg(gcr_el1);
	case 3: return read_sysreg(rgsr_el1);
	case 5: return read_sysreg(tfsr_el1);
	case 7: return read_sysreg(tfsre0_el1);
	}
	return 0;
}

int main(void)
{
	if (mte_level() < 2) {
		puts("this guest needs MTE2 or later (run with --mte 3)\n");
		return check_done();
	}
	struct vm vm;
	vm_init(&vm);
	char what[80];
	for (int i = 0; i < NOPS; i++) {
		regval = current(i);
		/* With the bit (and HCR_EL2.ATA = 0 where the bit is not ATA itself). */
		vm.hcr = HCR_VM | (ops[i].bit == HCR_ATA ? 0 : ops[i].bit | HCR_ATA);
		run_caught(&vm, el1_op, (uint64_t)i);
		strcat2(what, ops[i].name, ops[i].bit == HCR_ATA ? ", HCR_EL2.ATA=0" : ", trap bit set");
		check_trap(what, ESR_MAKE(EC_SYSREG, ops[i].iss));
		vm.hcr = HCR_VM | HCR_ATA;
		run_caught(&vm, el1_op, (uint64_t)i);
		strcat2(what, ops[i].name, ops[i].bit == HCR_ATA ? ", HCR_EL2.ATA=1" : ", trap bit clear");
		check_no_trap(what);
	}
	return check_done();
}
