/* Bad VTCR_EL2 values must not hang: each either works in a defined way or turns every
 * stage-2 walk into a fault; here the first fault (the fetch of the VM's first
 * instruction) ends the run and is printed relative to the entry point.
 *  - TG0 = 0b11 (reserved): the granule is IMPLEMENTATION DEFINED (J1.1
 *    AArch64.S2DecodeTG0); QEMU uses 4KB, so tables built for 4KB work. Recorded choice.
 *  - PS = 0b111 (reserved; larger than PARange): the output size is treated as PARange
 *    (the tables are below 4 GiB anyway), so the VM runs.
 *  - SL0 inconsistent with T0SZ (4KB, 40-bit IPA starting at level 2: the root would
 *    need 2^19 entries): S2InconsistentSL, Translation fault level 0.
 *  - SL0 = 0b11 with 64KB (S2InvalidSL) and with 16KB without DS: Translation fault
 *    level 0.
 *  - T0SZ = 15 (below the minimum 16 without 52-bit addresses) and T0SZ = 63 (above the
 *    maximum): AArch64.S2TxSZFaults makes faulting IMPLEMENTATION DEFINED (required with
 *    FEAT_LPA for the minimum); QEMU faults; a PE that clamps instead finds SL0
 *    inconsistent with the clamped size, so both choices give a Translation fault
 *    level 0 here.
 * The faults are Instruction Aborts from the lower EL (EC 0x20, IFSC 0b000100), FAR_EL2
 * and HPFAR_EL2 = the entry point. Arm ARM J1.1 AArch64.S2Translate, S2TxSZFaults,
 * S2InvalidSL, S2InconsistentSL, S2DecodeTG0; D24.2.224 VTCR_EL2. */
#include "el2test.h"

#define IPA_T 0x8000004000ul
#define PA_T  (HYP_TEST_PA_BASE + 0x70000)

int main(void)
{
	struct s2 s;
	struct vm vm;
	s2_init(&s, PT_4K, 40, 1);
	s2_map(&s, RAM_BASE, RAM_BASE, IMAGE_SIZE, S2_NORMAL);
	s2_map_level(&s, IPA_T, PA_T, 3, S2_NORMAL);
	*(volatile uint64_t *)PA_T = 0x7e;
	dcache_civac(PA_T, 8);
	vm_init_flat(&vm, &s);
	const uint64_t good = vm.vtcr;
	const uint64_t tg0 = 3ul << 14, sl0 = 3ul << 6, t0sz = 0x3f, ps = 7ul << 16;
	uint64_t entry = (uintptr_t)el1_load;

	checkf(run_caught(&vm, el1_load, IPA_T), 0x7e, "valid VTCR_EL2: load");
	vm.vtcr = (good & ~tg0) | 3ul << 14;
	checkf(run_until_trap(&vm, el1_load, IPA_T), 0x7e, "TG0=0b11: load (as 4KB)");
	checkf(hyp_last.taken, 0, "TG0=0b11: exceptions to EL2");
	vm.vtcr = (good & ~ps) | 7ul << 16;
	checkf(run_until_trap(&vm, el1_load, IPA_T), 0x7e, "PS=0b111: load");
	checkf(hyp_last.taken, 0, "PS=0b111: exceptions to EL2");

	static const struct { const char *name; uint64_t clear, set; } bad[] = {
		{ "4KB T0SZ=24 SL0=0 (level 2, inconsistent)", sl0, 0ul << 6 },
		{ "64KB SL0=0b11", tg0 | sl0, 1ul << 14 | 3ul << 6 },
		{ "16KB SL0=0b11 (DS=0)", tg0 | sl0, 2ul << 14 | 3ul << 6 },
		{ "4KB T0SZ=15", t0sz, 15 },
		{ "4KB T0SZ=63", t0sz, 63 },
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		vm.vtcr = (good & ~bad[i].clear) | bad[i].set;
		uint64_t r = run_until_trap(&vm, el1_load, IPA_T);
		checkf(r, 0x0e1d, "%s: VM ended by the first fault", bad[i].name);
		checkf(hyp_last.taken, 1, "%s: exceptions to EL2", bad[i].name);
		checkf(hyp_last.esr, ESR_IABT(FSC_TRANS(0)), "%s: ESR_EL2", bad[i].name);
		checkf(hyp_last.far - entry, 0, "%s: FAR_EL2 - entry", bad[i].name);
		checkf(hyp_last.hpfar - HPFAR_OF(entry), 0, "%s: HPFAR_EL2 - entry's", bad[i].name);
	}
	/* And back to the valid value. */
	vm.vtcr = good;
	checkf(run_caught(&vm, el1_load, IPA_T), 0x7e, "valid VTCR_EL2 again: load");
	return check_done();
}
