/* HCR_EL2.TACR, TSW, TPCP, TPU and TTLB: system instructions and ACTLR_EL1 accesses
 * from EL1 (and the cache maintenance that EL0 may execute with SCTLR_EL1.UCI = 1) trap
 * to EL2 with EC 0x18. For SYS instructions the ISS has Op0 = 1, Direction = 0 and Rt =
 * the operand register (31 when the instruction takes none).
 *   TACR: ACTLR_EL1 reads and writes.
 *   TSW:  DC ISW, DC CSW, DC CISW.
 *   TPCP: DC IVAC, DC CVAC, DC CIVAC, DC CVAP, DC CVADP (point of coherency/persistence).
 *   TPU:  IC IVAU, IC IALLU, IC IALLUIS, DC CVAU (point of unification).
 *   TTLB: TLBI VMALLE1, VMALLE1IS, VAE1, VAE1IS, ASIDE1, VAAE1IS, VALE1, VAALE1.
 * Each is checked with its bit set (trap, skipped) and with every other of these bits
 * set (no trap). Arm ARM D24.2.62 HCR_EL2. */
#include "el2test.h"

/* index, name, instruction (operand %1), Rt, op0, op1, CRn, CRm, op2, bit, read */
#define OPS(X)                                                                      \
	X(0, "ACTLR_EL1 read", "mrs x1, actlr_el1", 1, 3, 0, 1, 0, 1, HCR_TACR, 1)  \
	X(1, "ACTLR_EL1 write", "mov x2, xzr\n\tmsr actlr_el1, x2", 2, 3, 0, 1, 0, 1, HCR_TACR, 0) \
	X(2, "DC ISW", "dc isw, x3", 3, 1, 0, 7, 6, 2, HCR_TSW, 0)                  \
	X(3, "DC CSW", "dc csw, x4", 4, 1, 0, 7, 10, 2, HCR_TSW, 0)                 \
	X(4, "DC CISW", "dc cisw, x5", 5, 1, 0, 7, 14, 2, HCR_TSW, 0)               \
	X(5, "DC IVAC", "dc ivac, x6", 6, 1, 0, 7, 6, 1, HCR_TPCP, 0)               \
	X(6, "DC CVAC", "dc cvac, x7", 7, 1, 3, 7, 10, 1, HCR_TPCP, 0)              \
	X(7, "DC CIVAC", "dc civac, x8", 8, 1, 3, 7, 14, 1, HCR_TPCP, 0)            \
	X(8, "DC CVAP", "dc cvap, x10", 10, 1, 3, 7, 12, 1, HCR_TPCP, 0)            \
	X(9, "DC CVADP", "dc cvadp, x11", 11, 1, 3, 7, 13, 1, HCR_TPCP, 0)          \
	X(10, "IC IVAU", "ic ivau, x12", 12, 1, 3, 7, 5, 1, HCR_TPU, 0)             \
	X(11, "IC IALLU", "ic iallu", 31, 1, 0, 7, 5, 0, HCR_TPU, 0)                \
	X(12, "IC IALLUIS", "ic ialluis", 31, 1, 0, 7, 1, 0, HCR_TPU, 0)            \
	X(13, "DC CVAU", "dc cvau, x13", 13, 1, 3, 7, 11, 1, HCR_TPU, 0)            \
	X(14, "TLBI VMALLE1", "tlbi vmalle1", 31, 1, 0, 8, 7, 0, HCR_TTLB, 0)       \
	X(15, "TLBI VMALLE1IS", "tlbi vmalle1is", 31, 1, 0, 8, 3, 0, HCR_TTLB, 0)   \
	X(16, "TLBI VAE1", "tlbi vae1, x14", 14, 1, 0, 8, 7, 1, HCR_TTLB, 0)        \
	X(17, "TLBI VAE1IS", "tlbi vae1is, x15", 15, 1, 0, 8, 3, 1, HCR_TTLB, 0)    \
	X(18, "TLBI ASIDE1", "tlbi aside1, x16", 16, 1, 0, 8, 7, 2, HCR_TTLB, 0)    \
	X(19, "TLBI VAAE1IS", "tlbi vaae1is, x17", 17, 1, 0, 8, 3, 3, HCR_TTLB, 0)  \
	X(20, "TLBI VALE1", "tlbi vale1, x18", 18, 1, 0, 8, 7, 5, HCR_TTLB, 0)      \
	X(21, "TLBI VAALE1", "tlbi vaale1, x19", 19, 1, 0, 8, 7, 7, HCR_TTLB, 0)

#define NOPS 22
static volatile uint64_t insn_at;
static uint64_t target[8] __attribute__((aligned(64)));

/* The VA operands hold the address of target, the TLBI operands its page number (ASID
 * 0), the set/way operands 0. */
#define CASE(i, name, insn, rt, op0, op1, crn, crm, op2, bit, rd)                         \
	case i:                                                                            \
		__asm__ volatile("mov x3, xzr\n\tmov x4, xzr\n\tmov x5, xzr\n\t"          \
				 "mov x6, %1\n\tmov x7, %1\n\tmov x8, %1\n\tmov x10, %1\n\t" \
				 "mov x11, %1\n\tmov x12, %1\n\tmov x13, %1\n\t"           \
				 "lsr x14, %1, #12\n\tmov x15, x14\n\tmov x16, xzr\n\t"    \
				 "mov x17, x14\n\tmov x18, x14\n\tmov x19, x14\n\t"        \
				 ADR_NEXT("x9") insn "\n\tstr x9, %0"                       \
				 : "=m"(insn_at) : "r"(target)                              \
				 : "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",   \
				   "x10", "x11", "x12", "x13", "x14", "x15", "x16", "x17",  \
				   "x18", "x19", "memory");                                 \
		break;

static uint64_t el1_op(uint64_t i)
{
	switch (i) {
		OPS(CASE)
	}
	return 0;
}

struct op { const char *name; uint64_t iss, bit; unsigned skip; };
/* For ACTLR_EL1 write the trapped instruction is the second one (MSR of zero). */
#define ENTRY(i, name, insn, rt, op0, op1, crn, crm, op2, bit, rd) \
	{ name, SYSREG_ISS(op0, op1, crn, crm, op2, rt, rd), bit, i == 1 ? 4 : 0 },
static const struct op ops[NOPS] = { OPS(ENTRY) };

/* EL0 forms (SCTLR_EL1.UCI = 1 in the runtime's default): the operand (x5) is a VA EL0
 * may read, its own stack. */
EL0_TEXT static uint64_t el0_op(uint64_t i)
{
	switch (i) {
	case 0: __asm__ volatile("mov x5, sp\n\tdc cvac, x5" ::: "x5", "memory"); break;
	case 1: __asm__ volatile("mov x5, sp\n\tdc civac, x5" ::: "x5", "memory"); break;
	case 2: __asm__ volatile("mov x5, sp\n\tdc cvau, x5" ::: "x5", "memory"); break;
	case 3: __asm__ volatile("mov x5, sp\n\tic ivau, x5" ::: "x5", "memory"); break;
	}
	return 0;
}

static uint64_t el1_run_el0(uint64_t i)
{
	return el0_run(el0_op, i, 0);
}

int main(void)
{
	struct vm vm;
	vm_init(&vm);
	const uint64_t all = HCR_TACR | HCR_TSW | HCR_TPCP | HCR_TPU | HCR_TTLB;
	char what[64];

	for (int i = 0; i < NOPS; i++) {
		vm.hcr = HCR_VM | ops[i].bit;
		run_caught(&vm, el1_op, i);
		check_trap(ops[i].name, ESR_MAKE(EC_SYSREG, ops[i].iss));
		checkf(hyp_last.elr - insn_at, ops[i].skip, "%s: ELR_EL2 - first insn", ops[i].name);
		vm.hcr = HCR_VM | (all & ~ops[i].bit);
		run_caught(&vm, el1_op, i);
		check_no_trap(strcat2(what, ops[i].name, " with the other bits"));
	}

	/* EL0: DC CVAC/CIVAC (TPCP), DC CVAU and IC IVAU (TPU), operand in x5. */
	static const struct { const char *name; uint64_t iss, bit; } el0[4] = {
		{ "EL0 DC CVAC", SYSREG_ISS(1, 3, 7, 10, 1, 5, 0), HCR_TPCP },
		{ "EL0 DC CIVAC", SYSREG_ISS(1, 3, 7, 14, 1, 5, 0), HCR_TPCP },
		{ "EL0 DC CVAU", SYSREG_ISS(1, 3, 7, 11, 1, 5, 0), HCR_TPU },
		{ "EL0 IC IVAU", SYSREG_ISS(1, 3, 7, 5, 1, 5, 0), HCR_TPU },
	};
	for (int i = 0; i < 4; i++) {
		vm.hcr = HCR_VM | el0[i].bit;
		run_caught(&vm, el1_run_el0, i);
		checkf(hyp_last.taken, 1, "%s: exceptions to EL2", el0[i].name);
		checkf(hyp_last.esr, ESR_MAKE(EC_SYSREG, el0[i].iss), "%s: ESR_EL2", el0[i].name);
		checkf(hyp_last.spsr & 0xf, PSR_MODE_EL0t, "%s: SPSR_EL2.M", el0[i].name);
		vm.hcr = HCR_VM | (all & ~el0[i].bit);
		run_caught(&vm, el1_run_el0, i);
		check_no_trap(strcat2(what, el0[i].name, " with the other bits"));
	}
	return check_done();
}
