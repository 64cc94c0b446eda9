/* HCR_EL2.TDZ: DC ZVA at EL1, and at EL0 when SCTLR_EL1.DZE = 1, traps to EL2 (EC 0x18,
 * ISS Op0 = 1, Op1 = 3, CRn = 7, CRm = 4, Op2 = 1, Rt, Direction 0) and the trapped
 * instruction writes nothing. DCZID_EL0.DZP (bit 4) reads 1 wherever DC ZVA is
 * prohibited: at EL1 with TDZ = 1, at EL0 with TDZ = 1 or DZE = 0; never at EL2. With
 * DZE = 0 the EL0 DC ZVA traps to EL1 (the EL1 control has priority). Only DZP is
 * printed (BS is the implementation's). Arm ARM D24.2.62 (TDZ), DCZID_EL0. */
#include "el2test.h"

static uint64_t *buf;   /* one page, 0xaa.. except where DC ZVA zeroed it */
#define ZVA_OFF 0x800   /* aligned to any block size (at most 2 KiB) */

static void fill(void)
{
	for (int i = 0; i < 512; i++)
		buf[i] = 0xaaaaaaaaaaaaaaaaul;
}

static uint64_t el1_dczid(uint64_t unused)
{
	return (read_sysreg(dczid_el0) >> 4) & 1;
}

static uint64_t el1_zva(uint64_t va)
{
	__asm__ volatile("mov x2, %0\n\tdc zva, x2" :: "r"(va) : "x2", "memory");
	return 0;
}

EL0_TEXT static uint64_t el0_dczid(uint64_t unused)
{
	uint64_t v;
	__asm__ volatile("mrs %0, dczid_el0" : "=r"(v));
	return (v >> 4) & 1;
}

EL0_TEXT static uint64_t el0_zva(uint64_t va)
{
	__asm__ volatile("mov x7, %0\n\tdc zva, x7" :: "r"(va) : "x7", "memory");
	return 0;
}

static uint64_t el1_el0_dczid(uint64_t unused) { return el0_run(el0_dczid, 0, 0); }
static uint64_t el1_el0_zva(uint64_t va) { return el0_run(el0_zva, va, 0); }

int main(void)
{
	struct vm vm;
	vm_init(&vm);
	/* buf in .user_data so EL0 may write it. */
	static EL0_DATA uint64_t page[512] __attribute__((aligned(4096)));
	buf = page;
	uint64_t va = (uintptr_t)buf + ZVA_OFF;
	const uint64_t zva_esr = ESR_MAKE(EC_SYSREG, SYSREG_ISS(1, 3, 7, 4, 1, 2, 0));
	const uint64_t zva_esr0 = ESR_MAKE(EC_SYSREG, SYSREG_ISS(1, 3, 7, 4, 1, 7, 0));

	/* EL1 */
	vm.hcr = HCR_VM;
	checkf(run_caught(&vm, el1_dczid, 0), 0, "EL1 DCZID_EL0.DZP, TDZ=0");
	vm.hcr = HCR_VM | HCR_TDZ;
	checkf(run_caught(&vm, el1_dczid, 0), 1, "EL1 DCZID_EL0.DZP, TDZ=1");
	check_no_trap("EL1 DCZID_EL0 read, TDZ=1");
	fill();
	run_caught(&vm, el1_zva, va);
	check_trap("EL1 DC ZVA, TDZ=1", zva_esr);
	checkf(buf[ZVA_OFF / 8], 0xaaaaaaaaaaaaaaaaul, "EL1 DC ZVA, TDZ=1: memory unchanged");
	vm.hcr = HCR_VM;
	run_caught(&vm, el1_zva, va);
	check_no_trap("EL1 DC ZVA, TDZ=0");
	checkf(buf[ZVA_OFF / 8], 0, "EL1 DC ZVA, TDZ=0: block zeroed");
	checkf(buf[0], 0xaaaaaaaaaaaaaaaaul, "EL1 DC ZVA, TDZ=0: other block kept");

	/* EL0 with DZE = 1 (the runtime's default) */
	vm.hcr = HCR_VM;
	checkf(run_caught(&vm, el1_el0_dczid, 0), 0, "EL0 DCZID_EL0.DZP, DZE=1 TDZ=0");
	vm.hcr = HCR_VM | HCR_TDZ;
	checkf(run_caught(&vm, el1_el0_dczid, 0), 1, "EL0 DCZID_EL0.DZP, DZE=1 TDZ=1");
	fill();
	exc_catch(EXC_RESUME_NEXT);
	run_caught(&vm, el1_el0_zva, va);
	check_trap("EL0 DC ZVA, DZE=1 TDZ=1", zva_esr0);
	checkf(hyp_last.spsr & 0xf, PSR_MODE_EL0t, "EL0 DC ZVA, DZE=1 TDZ=1: SPSR_EL2.M");
	checkf(exc_last.taken, 0, "EL0 DC ZVA, DZE=1 TDZ=1: exceptions to EL1");
	checkf(buf[ZVA_OFF / 8], 0xaaaaaaaaaaaaaaaaul, "EL0 DC ZVA, DZE=1 TDZ=1: memory unchanged");
	/* DZE = 0: DZP = 1 whatever TDZ is, and DC ZVA traps to EL1. */
	vm.sctlr_el1 &= ~SCTLR_DZE;
	vm.hcr = HCR_VM;
	checkf(run_caught(&vm, el1_el0_dczid, 0), 1, "EL0 DCZID_EL0.DZP, DZE=0 TDZ=0");
	vm.hcr = HCR_VM | HCR_TDZ;
	exc_catch(EXC_RESUME_NEXT);
	run_caught(&vm, el1_el0_zva, va);
	check_no_trap("EL0 DC ZVA, DZE=0 TDZ=1");
	checkf(exc_last.taken, 1, "EL0 DC ZVA, DZE=0 TDZ=1: exceptions to EL1");
	checkf(exc_last.esr, zva_esr0, "EL0 DC ZVA, DZE=0 TDZ=1: ESR_EL1");
	exc_uncatch();

	/* EL2 itself: TDZ does not apply. */
	write_sysreg(hcr_el2, HCR_RW | HCR_TDZ);
	isb();
	checkf((read_sysreg(dczid_el0) >> 4) & 1, 0, "EL2 DCZID_EL0.DZP, TDZ=1");
	fill();
	hyp_catch(EXC_RESUME_NEXT);
	el1_zva(va);
	check_no_trap("EL2 DC ZVA, TDZ=1");
	checkf(buf[ZVA_OFF / 8], 0, "EL2 DC ZVA, TDZ=1: block zeroed");
	hyp_uncatch();
	write_sysreg(hcr_el2, HCR_RW);
	isb();
	return check_done();
}
