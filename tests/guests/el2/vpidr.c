/* VPIDR_EL2 and VMPIDR_EL2: with EL2 enabled, EL1 reads of MIDR_EL1 return VPIDR_EL2 and
 * EL1 reads of MPIDR_EL1 return VMPIDR_EL2; reads at EL2 return the real MIDR_EL1 and
 * MPIDR_EL1. The runtime starts with VPIDR/VMPIDR = the real values (so EL1 sees the
 * same as EL2 by default); the test then sets made-up values (MPIDR-style, with bit 31
 * RES1) and EL1 reads those. The real values are not printed (they are the
 * implementation's), only compared. Arm ARM D24.2.221 VPIDR_EL2, D24.2.219 VMPIDR_EL2. */
#include "el2test.h"

#define FAKE_MIDR  0x41ff1234ul
#define FAKE_MPIDR 0x81000102ul   /* RES1, MT = 1, Aff1 = 1, Aff0 = 2 */

static uint64_t el1_midr(uint64_t unused) { return read_sysreg(midr_el1); }
static uint64_t el1_mpidr(uint64_t unused) { return read_sysreg(mpidr_el1); }

int main(void)
{
	struct vm vm;
	vm_init(&vm);
	uint64_t midr = read_sysreg(midr_el1), mpidr = read_sysreg(mpidr_el1);

	checkf(run_caught(&vm, el1_midr, 0) == midr, 1, "default: EL1 MIDR_EL1 == EL2 MIDR_EL1");
	checkf(run_caught(&vm, el1_mpidr, 0) == mpidr, 1, "default: EL1 MPIDR_EL1 == EL2 MPIDR_EL1");
	check_no_trap("EL1 reads of MIDR_EL1/MPIDR_EL1");

	vm.vpidr = FAKE_MIDR;
	vm.vmpidr = FAKE_MPIDR;
	checkf(run_caught(&vm, el1_midr, 0), FAKE_MIDR, "EL1 MIDR_EL1 with VPIDR_EL2 set");
	checkf(run_caught(&vm, el1_mpidr, 0), FAKE_MPIDR, "EL1 MPIDR_EL1 with VMPIDR_EL2 set");
	checkf(read_sysreg(vpidr_el2), FAKE_MIDR, "EL2 VPIDR_EL2");
	checkf(read_sysreg(vmpidr_el2), FAKE_MPIDR, "EL2 VMPIDR_EL2");
	checkf(read_sysreg(midr_el1) == midr, 1, "EL2 MIDR_EL1 is the real one");
	checkf(read_sysreg(mpidr_el1) == mpidr, 1, "EL2 MPIDR_EL1 is the real one");
	checkf(midr != FAKE_MIDR, 1, "the real MIDR_EL1 differs from the made-up one");
	/* Also with stage 2 off (HCR_EL2.VM = 0): EL2 is still enabled. */
	vm.hcr = 0;
	vm_el1_mmu_off(&vm);
	checkf(run_caught(&vm, el1_midr, 0), FAKE_MIDR, "VM=0: EL1 MIDR_EL1");
	checkf(run_caught(&vm, el1_mpidr, 0), FAKE_MPIDR, "VM=0: EL1 MPIDR_EL1");
	return check_done();
}
