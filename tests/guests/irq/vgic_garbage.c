/* Garbage through the GICv3 virtualization interface (run with --virtualization,
 * GICv3): 300 rounds in which EL2 writes pseudo-random values (xorshift, fixed seed) to
 * ICH_HCR_EL2 (trap bits included), the four list registers (any state, HW = 1 with any
 * pINTID, EOI, any priority and vINTID, including special ones), ICH_VMCR_EL2 and the
 * active-priority registers, then runs a VM at EL1 that writes random values to every
 * writable ICV register, reads the read-only ones, acknowledges and completes whatever
 * it is given with IRQs and FIQs unmasked for a moment, and deactivates random INTIDs.
 * EL1 accesses that ICH_HCR_EL2 traps are skipped by the EL2 handler; maintenance and
 * physical interrupts reaching EL2 are acknowledged and completed there. Nothing is
 * printed but completion: what this checks is that the simulator survives (no crash,
 * no hang) and reaches the end; the values involved are UNPREDICTABLE in many places.
 * QEMU 10 itself aborts here (an assertion in its virtual binary-point code once
 * ICH_VMCR_EL2.VBPR1 is 0), so the expectation is written by hand. */
#include "irqtest.h"

static uint32_t xs = 0x9e3779b9u;
static uint32_t rnd32(void) { xs ^= xs << 13; xs ^= xs >> 17; xs ^= xs << 5; return xs; }
static uint64_t rnd64(void) { return (uint64_t)rnd32() << 32 | rnd32(); }

static volatile unsigned el2_traps, el2_irqs, vm_irqs;

static int el2_sync(struct hyp_frame *f)
{
	if (ESR_EC(f->esr) != EC_SYSREG)
		return 0;
	el2_traps++;
	hyp_skip(f);   /* an ICV access ICH_HCR_EL2 trapped: skip it */
	return 1;
}

static int el2_irq(struct hyp_frame *f)
{
	(void)f;
	for (int i = 0; i < 4; i++) {
		uint32_t iar = (uint32_t)read_sysreg(icc_iar1_el1);
		if (iar >= 1020)
			break;
		el2_irqs++;
		if (iar == GIC_INTID_MAINT)
			write_sysreg(ich_hcr_el2, read_sysreg(ich_hcr_el2) & ~0xfful);   /* maintenance off */
		write_sysreg(icc_eoir1_el1, iar);
		write_sysreg(icc_dir_el1, iar);
		isb();
	}
	return 1;
}

static int vm_irq(struct exc_frame *f)
{
	(void)f;
	for (int i = 0; i < 4; i++) {
		uint32_t iar = (uint32_t)read_sysreg(icc_iar1_el1);
		uint32_t iar0 = (uint32_t)read_sysreg(icc_iar0_el1);
		if (iar >= 1020 && iar0 >= 1020)
			break;
		vm_irqs++;
		write_sysreg(icc_eoir1_el1, iar);
		write_sysreg(icc_eoir0_el1, iar0);
		write_sysreg(icc_dir_el1, rnd32() & 1 ? iar : rnd32() & 0x3ff);
		isb();
	}
	return 1;
}

#define W(reg) write_sysreg(reg, rnd64())
static uint64_t vm_body(uint64_t rounds)
{
	exc_set_irq_handler(vm_irq);
	exc_set_fiq_handler(vm_irq);
	uint64_t sink = 0;
	for (uint64_t r = 0; r < rounds; r++) {
		W(icc_pmr_el1); W(icc_bpr0_el1); W(icc_bpr1_el1); W(icc_ctlr_el1);
		W(icc_igrpen0_el1); W(icc_igrpen1_el1); W(icc_ap0r0_el1); W(icc_ap1r0_el1);
		W(icc_eoir0_el1); W(icc_eoir1_el1); W(icc_dir_el1);
		isb();
		sink += read_sysreg(icc_hppir0_el1) + read_sysreg(icc_hppir1_el1) + read_sysreg(icc_rpr_el1);
		write_sysreg(icc_pmr_el1, 0xff);
		write_sysreg(icc_igrpen1_el1, 1);
		write_sysreg(icc_igrpen0_el1, 1);
		isb();
		__asm__ volatile("msr daifclr, #3\n\tnop\n\tnop\n\tnop\n\tmsr daifset, #3" ::: "memory");
	}
	exc_set_irq_handler(0);
	exc_set_fiq_handler(0);
	return sink & 1;
}

int main(void)
{
	if (rt_boot_el != 2) {
		printf("SKIP: needs EL2 (--virtualization)\n");
		return check_done();
	}
	gic_init();
	if (gic_version != 3) {
		printf("SKIP: needs GICv3\n");
		return check_done();
	}
	gic_enable(GIC_INTID_MAINT);
	gic_enable(GIC_INTID_VIRT_TIMER);
	hyp_set_handler(el2_sync);
	hyp_set_irq_handler(el2_irq);
	hyp_set_fiq_handler(el2_irq);

	struct vm vm;
	vm_init(&vm);
	vm.hcr = HCR_VM | HCR_IMO | HCR_FMO;
	for (unsigned round = 0; round < 300; round++) {
		write_sysreg(ich_hcr_el2, rnd64() | 1);
		write_sysreg(ich_vmcr_el2, rnd64());
		write_sysreg(ich_ap0r0_el2, rnd64());
		write_sysreg(ich_ap1r0_el2, rnd64());
		write_sysreg(ich_lr0_el2, rnd64());
		write_sysreg(ich_lr1_el2, rnd64());
		write_sysreg(ich_lr2_el2, rnd64());
		write_sysreg(ich_lr3_el2, rnd64());
		isb();
		(void)read_sysreg(ich_misr_el2);
		(void)read_sysreg(ich_eisr_el2);
		(void)read_sysreg(ich_elrsr_el2);
		vm_run(&vm, vm_body, 4);
		/* EL2 takes whatever physical interrupt or maintenance is left. */
		__asm__ volatile("msr daifclr, #3\n\tnop\n\tnop\n\tmsr daifset, #3" ::: "memory");
	}
	write_sysreg(ich_hcr_el2, 0);
	write_sysreg(ich_lr0_el2, 0);
	write_sysreg(ich_lr1_el2, 0);
	write_sysreg(ich_lr2_el2, 0);
	write_sysreg(ich_lr3_el2, 0);
	isb();
	check("300 rounds of garbage through the virtual CPU interface completed", 1, 1);
	return check_done();
}
