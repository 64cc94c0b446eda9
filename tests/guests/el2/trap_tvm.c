/* HCR_EL2.TVM and TRVM: EL1 writes (TVM) and reads (TRVM) of the virtual-memory control
 * registers SCTLR_EL1, TTBR0_EL1, TTBR1_EL1, TCR_EL1, ESR_EL1, FAR_EL1, AFSR0_EL1,
 * AFSR1_EL1, MAIR_EL1, AMAIR_EL1 and CONTEXTIDR_EL1 trap to EL2 with EC 0x18 (IL = 1,
 * ISS = Op0, Op2, Op1, CRn, Rt, CRm, Direction: 1 = read). TVM does not trap reads and
 * TRVM does not trap writes. Each access runs in its own VM run; the handler skips the
 * trapped instruction (preferred return address = the instruction, ELR printed as an
 * offset from it). A trapped write has no effect: the register keeps its value.
 * Arm ARM D24.2.62 (HCR_EL2.TVM, TRVM), D24.2.46 ISS for EC 0x18. */
#include "el2test.h"

#define NREGS 11
static const char *const names[NREGS] = {
	"SCTLR_EL1", "TTBR0_EL1", "TTBR1_EL1", "TCR_EL1", "ESR_EL1", "FAR_EL1",
	"AFSR0_EL1", "AFSR1_EL1", "MAIR_EL1", "AMAIR_EL1", "CONTEXTIDR_EL1",
};
/* op0, op1, CRn, CRm, op2, and the Rt the read uses */
static const uint8_t enc[NREGS][6] = {
	{3, 0, 1, 0, 0, 1}, {3, 0, 2, 0, 0, 2}, {3, 0, 2, 0, 1, 3}, {3, 0, 2, 0, 2, 4},
	{3, 0, 5, 2, 0, 5}, {3, 0, 6, 0, 0, 6}, {3, 0, 5, 1, 0, 7}, {3, 0, 5, 1, 1, 8},
	{3, 0, 10, 2, 0, 11}, {3, 0, 10, 3, 0, 10}, {3, 0, 13, 0, 1, 30},
};

/* Result of the last EL1 access: the instruction's address and the value read. */
static volatile uint64_t insn_at, value_read;

#define READ(reg, rt)                                                               \
	__asm__ volatile("mov " rt ", #0x5a5a\n\t" ADR_NEXT("x9") "mrs " rt ", " reg "\n\t" \
			 "str x9, %0\n\tstr " rt ", %1"                               \
			 : "=m"(insn_at), "=m"(value_read) :: rt, "x9", "memory")
#define WRITE(reg, v)                                                               \
	__asm__ volatile("mov x0, %1\n\t" ADR_NEXT("x9") "msr " reg ", x0\n\tstr x9, %0" \
			 : "=m"(insn_at) : "r"(v) : "x0", "x9", "memory")

static uint64_t el1_read(uint64_t i)
{
	switch (i) {
	case 0: READ("sctlr_el1", "x1"); break;
	case 1: READ("ttbr0_el1", "x2"); break;
	case 2: READ("ttbr1_el1", "x3"); break;
	case 3: READ("tcr_el1", "x4"); break;
	case 4: READ("esr_el1", "x5"); break;
	case 5: READ("far_el1", "x6"); break;
	case 6: READ("afsr0_el1", "x7"); break;
	case 7: READ("afsr1_el1", "x8"); break;
	case 8: READ("mair_el1", "x11"); break;
	case 9: READ("amair_el1", "x10"); break;
	case 10: READ("contextidr_el1", "x30"); break;
	}
	return 0;
}

static uint64_t el1_write(uint64_t arg)
{
	uint64_t i = arg & 0xff, v = arg >> 8;
	switch (i) {
	case 0: WRITE("sctlr_el1", v); break;
	case 1: WRITE("ttbr0_el1", v); break;
	case 2: WRITE("ttbr1_el1", v); break;
	case 3: WRITE("tcr_el1", v); break;
	case 4: WRITE("esr_el1", v); break;
	case 5: WRITE("far_el1", v); break;
	case 6: WRITE("afsr0_el1", v); break;
	case 7: WRITE("afsr1_el1", v); break;
	case 8: WRITE("mair_el1", v); break;
	case 9: WRITE("amair_el1", v); break;
	case 10: WRITE("contextidr_el1", v); break;
	}
	return 0;
}

/* The value each register holds while the VM runs (EL1 state from the vm struct, the
 * rest read at EL2, where EL1 registers are accessible). Values that fit in 56 bits. */
static uint64_t current_value(const struct vm *vm, int i)
{
	switch (i) {
	case 0: return vm->sctlr_el1;
	case 1: return vm->ttbr0_el1;
	case 2: return vm->ttbr1_el1;
	case 3: return vm->tcr_el1;
	case 4: return read_sysreg(esr_el1);
	case 5: return read_sysreg(far_el1);
	case 6: return read_sysreg(afsr0_el1);
	case 7: return read_sysreg(afsr1_el1);
	case 8: return vm->mair_el1;
	case 9: return read_sysreg(amair_el1);
	default: return read_sysreg(contextidr_el1);
	}
}

int main(void)
{
	struct vm vm;
	vm_init(&vm);
	/* Known values in the registers nothing else uses. */
	write_sysreg(far_el1, 0x123456789000ul);
	write_sysreg(contextidr_el1, 0x42);
	write_sysreg(esr_el1, 0x5a000000);

	char what[48];
	for (int i = 0; i < NREGS; i++) {
		const uint8_t *e = enc[i];
		uint64_t v = current_value(&vm, i), iss;

		/* TRVM: the read traps (Direction 1, Rt as used) and is skipped. */
		vm.hcr = HCR_VM | HCR_TRVM;
		run_caught(&vm, el1_read, i);
		iss = SYSREG_ISS(e[0], e[1], e[2], e[3], e[4], e[5], 1);
		strcat2(what, names[i], " read, TRVM");
		check_trap(what, ESR_MAKE(EC_SYSREG, iss));
		checkf(hyp_last.elr - insn_at, 0, "%s read: ELR_EL2 - insn", names[i]);
		checkf(value_read, 0x5a5a, "%s read under TRVM: Xt unchanged", names[i]);
		/* TVM: the write traps (Direction 0, Rt = 0) and has no effect. */
		vm.hcr = HCR_VM | HCR_TVM;
		run_caught(&vm, el1_write, (uint64_t)i | (v ^ 0x1000) << 8);
		iss = SYSREG_ISS(e[0], e[1], e[2], e[3], e[4], 0, 0);
		strcat2(what, names[i], " write, TVM");
		check_trap(what, ESR_MAKE(EC_SYSREG, iss));
		checkf(hyp_last.elr - insn_at, 0, "%s write: ELR_EL2 - insn", names[i]);
		vm.hcr = HCR_VM;
		run_caught(&vm, el1_read, i);
		strcat2(what, names[i], " read, no trap bits");
		check_no_trap(what);
		checkf(value_read == v, 1, "%s after the trapped write: unchanged", names[i]);
		/* TVM does not trap reads, TRVM does not trap writes. */
		vm.hcr = HCR_VM | HCR_TVM;
		run_caught(&vm, el1_read, i);
		strcat2(what, names[i], " read, TVM");
		check_no_trap(what);
		vm.hcr = HCR_VM | HCR_TRVM;
		run_caught(&vm, el1_write, (uint64_t)i | v << 8);
		strcat2(what, names[i], " write, TRVM");
		check_no_trap(what);
	}
	return check_done();
}
