/* Stage-2 Access flag faults, Address size faults and IPAs outside the stage-2 input
 * range (EL1 MMU off, VA = IPA; LDR X2,[X1], STR X3,[X1] and BLR to the IPA):
 *  - a leaf with AF = 0 at level 1, 2 or 3: Access flag fault, DFSC/IFSC 0b0010LL;
 *  - VTCR_EL2.PS = 0b000 (32-bit PA): a leaf whose output address has bits above 31
 *    set: Address size fault at the leaf's level (0b0000LL); a table descriptor whose
 *    next-level table address is out of range: Address size fault at the level of that
 *    table descriptor; VTTBR_EL2.BADDR out of range: Address size fault, level 0
 *    (AArch64.S2Walk: "Address Size Fault by Descriptor Address ... level = 0");
 *  - an IPA with bits set at or above 64 - T0SZ: Translation fault, level 0
 *    (AArch64.S2Translate, AArch64.IPAIsOutOfRange).
 * All go to EL2 with FAR_EL2 = VA and HPFAR_EL2 = the IPA. Arm ARM J1.1 (S2Walk,
 * S2Translate), D8.15. */
#include "el2test.h"

static void probe(struct vm *vm, const char *kind, uint64_t ipa, unsigned fsc)
{
	char what[80];
	strcat2(what, kind, " load");
	snprintf_ipa(what, what, ipa);
	run_caught(vm, el1_load, ipa);
	check_abort(what, ESR_DABT(ISS_LDR_X2 | fsc), ipa, HPFAR_OF(ipa));
	strcat2(what, kind, " store");
	snprintf_ipa(what, what, ipa + 8);
	run_caught(vm, el1_store, ipa + 8);
	check_abort(what, ESR_DABT(ISS_STR_X3 | fsc), ipa + 8, HPFAR_OF(ipa + 8));
	strcat2(what, kind, " fetch");
	snprintf_ipa(what, what, ipa);
	hyp_catch(EXC_RESUME_LR);
	vm_run(vm, el1_fetch, ipa);
	hyp_uncatch();
	check_abort(what, ESR_IABT(fsc), ipa, HPFAR_OF(ipa));
}

int main(void)
{
	struct s2 s;
	struct vm vm;

	/* Access flag */
	s2_init(&s, PT_4K, 48, 0);
	s2_map(&s, RAM_BASE, RAM_BASE, IMAGE_SIZE, S2_NORMAL);
	s2_map_level(&s, 0xff8040000000ul, 0x40000000ul, 1, S2_NORMAL & ~S2_AF);
	s2_map_level(&s, 0xff8000200000ul, HYP_TEST_PA_BASE, 2, S2_NORMAL & ~S2_AF);
	s2_map_level(&s, 0xff8000001000ul, HYP_TEST_PA_BASE, 3, S2_NORMAL & ~S2_AF);
	vm_init_flat(&vm, &s);
	probe(&vm, "AF=0 level-1 block", 0xff8048000100ul, FSC_ACCESS(1));
	probe(&vm, "AF=0 level-2 block", 0xff8000200200ul, FSC_ACCESS(2));
	probe(&vm, "AF=0 level-3 page", 0xff8000001300ul, FSC_ACCESS(3));

	/* Address size: PS = 32 bits. */
	s2_init(&s, PT_4K, 40, 1);
	s.ps = 0;
	s2_map(&s, RAM_BASE, RAM_BASE, IMAGE_SIZE, S2_NORMAL);
	s2_map_level(&s, 0x8040000000ul, 0x100000000ul, 1, S2_NORMAL);
	s2_map_level(&s, 0x8000200000ul, 0x100200000ul, 2, S2_NORMAL);
	s2_map_level(&s, 0x8000001000ul, 0x100001000ul, 3, S2_NORMAL);
	s2_map_level(&s, 0x8000002000ul, HYP_TEST_PA_BASE, 3, S2_NORMAL);   /* in range */
	/* A level-1 table descriptor pointing above 4 GiB. */
	uint64_t *l1 = s2_walk(&s, 0x8080000000ul, 0);
	*l1 = 0x14c000000ul | 3;
	dsb(ishst);
	vm_init_flat(&vm, &s);
	checkf(vm.vtcr & (7ul << 16), 0, "PS=0: VTCR_EL2.PS");
	probe(&vm, "OA>=4G level-1 block", 0x8040000100ul, FSC_ADDR_SIZE(1));
	probe(&vm, "OA>=4G level-2 block", 0x8000200200ul, FSC_ADDR_SIZE(2));
	probe(&vm, "OA>=4G level-3 page", 0x8000001300ul, FSC_ADDR_SIZE(3));
	probe(&vm, "next table>=4G at level 1", 0x8080000400ul, FSC_ADDR_SIZE(1));
	*(volatile uint64_t *)HYP_TEST_PA_BASE = 0x600d;
	dcache_civac(HYP_TEST_PA_BASE, 8);
	checkf(run_caught(&vm, el1_load, 0x8000002000ul), 0x600d, "PS=0: load of an in-range page");
	check_no_trap("PS=0: load of an in-range page");
	/* VTTBR_EL2.BADDR bit 32 set: every walk faults, the first one is the fetch of
	 * the VM's first instruction (ELR_EL2 = FAR_EL2 = el1_load). */
	vm.vttbr |= 1ul << 32;
	run_until_trap(&vm, el1_load, 0x8000002000ul);
	uint64_t entry = (uintptr_t)el1_load;
	check_trap("VTTBR_EL2.BADDR>=4G: fetch of the entry point", ESR_IABT(FSC_ADDR_SIZE(0)));
	checkf(hyp_last.far - entry, 0, "VTTBR_EL2.BADDR>=4G: FAR_EL2 - entry point");
	checkf(hyp_last.hpfar - HPFAR_OF(entry), 0, "VTTBR_EL2.BADDR>=4G: HPFAR_EL2 - entry point's");
	checkf(hyp_last.elr - entry, 0, "VTTBR_EL2.BADDR>=4G: ELR_EL2 - entry point");

	/* IPA beyond the input range: 40 and 32 bits. */
	s2_init(&s, PT_4K, 40, 1);
	s2_map(&s, RAM_BASE, RAM_BASE, IMAGE_SIZE, S2_NORMAL);
	vm_init_flat(&vm, &s);
	probe(&vm, "40-bit IPA range", 0x10000000000ul, FSC_TRANS(0));
	probe(&vm, "40-bit IPA range", 0x800000000040ul, FSC_TRANS(0));
	s2_init(&s, PT_4K, 32, 1);
	s2_map(&s, RAM_BASE, RAM_BASE, IMAGE_SIZE, S2_NORMAL);
	vm_init_flat(&vm, &s);
	probe(&vm, "32-bit IPA range", 0x100000000ul, FSC_TRANS(0));
	probe(&vm, "32-bit IPA range", 0x7ffffffff0ul, FSC_TRANS(0));
	return check_done();
}
