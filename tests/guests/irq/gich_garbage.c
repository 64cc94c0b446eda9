/* Garbage through the GICv2 virtualization extensions (run with --virtualization,
 * GICv2): three passes of pseudo-random words (xorshift, fixed seed) written to every
 * word of the GICH frame (the CPU's hypervisor interface: HCR, VMCR, APR, list registers,
 * reserved offsets) and of the GICV frame (the virtual CPU interface the VM would use),
 * each read back, with EL2 taking and completing any maintenance or physical interrupt
 * that results. Only completion is printed: the read-backs of such garbage are QEMU's
 * choices in many places; what is checked is that both simulators survive it. */
#include "irqtest.h"

static uint32_t xs = 0x2545f491u;
static uint32_t rnd32(void) { xs ^= xs << 13; xs ^= xs >> 17; xs ^= xs << 5; return xs; }

static int el2_irq(struct hyp_frame *f)
{
	(void)f;
	for (int i = 0; i < 4; i++) {
		uint32_t iar = gic_ack();
		if ((iar & 0x3ff) >= 1020)
			break;
		if ((iar & 0x3ff) == GIC_INTID_MAINT)
			mmio_write32(GICH_BASE + 0x0, 0);   /* GICH_HCR: maintenance off */
		gic_eoi(iar);
	}
	return 1;
}

static void sweep(uint64_t base, uint64_t size)
{
	for (uint64_t off = 0; off < size; off += 4) {
		mmio_write32(base + off, rnd32());
		(void)mmio_read32(base + off);
	}
}

int main(void)
{
	if (rt_boot_el != 2) {
		printf("SKIP: needs EL2 (--virtualization)\n");
		return check_done();
	}
	gic_init();
	if (gic_version != 2) {
		printf("SKIP: needs GICv2\n");
		return check_done();
	}
	gic_enable(GIC_INTID_MAINT);
	hyp_set_irq_handler(el2_irq);
	for (int pass = 0; pass < 3; pass++) {
		sweep(GICH_BASE, 0x1000);
		sweep(GICV_BASE, 0x2000);
		__asm__ volatile("msr daifclr, #2\n\tnop\n\tnop\n\tmsr daifset, #2" ::: "memory");
	}
	mmio_write32(GICH_BASE + 0x0, 0);
	for (unsigned n = 0; n < 4; n++)
		mmio_write32(GICH_BASE + 0x100 + 4 * n, 0);
	__asm__ volatile("msr daifclr, #2\n\tnop\n\tnop\n\tmsr daifset, #2" ::: "memory");
	check("three passes of garbage through GICH and GICV completed", 1, 1);
	return check_done();
}
