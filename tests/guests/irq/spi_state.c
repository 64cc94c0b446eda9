/* SPI state in the distributor (run with --smp 2; GICv2 and GICv3, one expected file
 * each because the identification registers differ):
 *   - identification: GICD_TYPER, GICD_IIDR, GICD_PIDR2, GICD_CTLR; v3 also GICD_TYPER2,
 *     the redistributors' GICR_TYPER (affinity, Processor_Number, Last), GICR_IIDR,
 *     GICR_PIDR2, GICR_WAKER, ICC_CTLR_EL1 and ICC_SRE_EL1; v2 GICC_IIDR, GICC_CTLR;
 *   - INTIDs 32..40 and the last implemented one (32 * (ITLinesNumber + 1) - 1; 287 on
 *     QEMU virt): the set-enable/clear-enable, set-pending/clear-pending and
 *     set-active/clear-active register pairs read back through both registers, single
 *     bits and several bits in one write (IHI 0069 12.9.x / IHI 0048 4.3.x); the word past
 *     the last implemented INTID is RAZ/WI;
 *   - priority bytes (byte access), ICFGR (Int_config[1] per INTID: 1 edge, 0 level;
 *     SGIs read as edge);
 *   - a software-pended SPI: pending but not taken while disabled; taken once enabled,
 *     with its INTID; inactive and not pending after the EOI; pending + active at once;
 *   - edge vs level with a real level source, the virtual timer's PPI 27: configured
 *     level, an interrupt acknowledged while the timer still asserts it is pending again
 *     after the EOI (pending-and-active in between); configured edge, it is not (one
 *     edge, one interrupt);
 *   - Group 0 as FIQ (v3: DS = 1, ICC_IAR0_EL1; v2: GICC_CTLR.FIQEn = 1, GICC_IAR), taken
 *     through the runtime's FIQ handler hook and not as an IRQ;
 *   - routing: SPI 40 routed to PE 1 (v3 GICD_IROUTER.Aff0 = 1, v2 GICD_ITARGETSR = 0x02)
 *     is taken by PE 1 and not PE 0; routed back to PE 0 it is taken by PE 0. */
#include "irqtest.h"

#define SPI_A 32
#define SPI_ROUTE 40

static uint32_t rd32(uint64_t a) { return mmio_read32(a); }
static uint64_t D(unsigned off) { return GICD_BASE + off; }

static void idregs(void)
{
	printf("%s\n", gic_name());
	/* GICD_TYPER.NMI (bit 9) is left out: QEMU's -cpu max has FEAT_NMI and its GICv3
	 * reports NMI support; mtesim's PEs have no FEAT_NMI, so its GIC does not. */
	checkf(rd32(D(GICD_TYPER)) & ~(1u << 9), rd32(D(GICD_TYPER)) & ~(1u << 9), "GICD_TYPER (NMI masked)");
	checkf(rd32(D(GICD_IIDR)), rd32(D(GICD_IIDR)), "GICD_IIDR");
	checkf(rd32(D(GICD_CTLR)), rd32(D(GICD_CTLR)), "GICD_CTLR after init");
	if (gic_version == 3) {
		checkf(rd32(D(GICD_TYPER2)), rd32(D(GICD_TYPER2)), "GICD_TYPER2");
		checkf(rd32(D(GICD_PIDR2_V3)), rd32(D(GICD_PIDR2_V3)), "GICD_PIDR2");
		checkf((rd32(D(GICD_PIDR2_V3)) >> 4) & 0xf, 3, "GICD_PIDR2.ArchRev");
		for (unsigned c = 0; c < 2; c++) {
			uint64_t rd = GICR_BASE + c * GICR_STRIDE;
			checkf(mmio_read64(rd + GICR_TYPER), mmio_read64(rd + GICR_TYPER), "GICR_TYPER (frame %u)", c);
			checkf(rd32(rd + GICR_IIDR), rd32(rd + GICR_IIDR), "GICR_IIDR (frame %u)", c);
			checkf(rd32(rd + GICR_PIDR2), rd32(rd + GICR_PIDR2), "GICR_PIDR2 (frame %u)", c);
			checkf(rd32(rd + GICR_CTLR), rd32(rd + GICR_CTLR), "GICR_CTLR (frame %u)", c);
		}
		checkf(rd32(gic_redist(0) + GICR_WAKER), 0, "GICR_WAKER of PE 0 (awake)");
		checkf(gic_redist(1) - GICR_BASE, GICR_STRIDE, "PE 1's redistributor frame offset");
		checkf(read_sysreg(icc_ctlr_el1), read_sysreg(icc_ctlr_el1), "ICC_CTLR_EL1");
		checkf(read_sysreg(icc_sre_el1), 7, "ICC_SRE_EL1");
	} else {
		checkf(rd32(D(GICD_PIDR2_V2)), rd32(D(GICD_PIDR2_V2)), "GICD_PIDR2");
		checkf(rd32(GICC_BASE + GICC_IIDR), rd32(GICC_BASE + GICC_IIDR), "GICC_IIDR");
		checkf(rd32(GICC_BASE + GICC_CTLR), 3, "GICC_CTLR after init");
	}
	checkf(gic_num_intids(), 288, "implemented INTIDs");
}

/* One register pair (set at sreg, clear at creg) for the word holding `intid`. */
static void pair(const char *what, unsigned sreg, unsigned creg, unsigned intid)
{
	uint64_t s = D(sreg) + (intid / 32) * 4, c = D(creg) + (intid / 32) * 4;
	uint32_t bit = 1u << (intid % 32);
	checkf(rd32(s) & bit, 0, "%s %u: initially clear", what, intid);
	mmio_write32(s, bit);
	checkf(rd32(s) & bit, bit, "%s %u: set, read through the set register", what, intid);
	checkf(rd32(c) & bit, bit, "%s %u: set, read through the clear register", what, intid);
	mmio_write32(s, 0);
	checkf(rd32(s) & bit, bit, "%s %u: writing 0 to the set register changes nothing", what, intid);
	mmio_write32(c, 0);
	checkf(rd32(s) & bit, bit, "%s %u: writing 0 to the clear register changes nothing", what, intid);
	mmio_write32(c, bit);
	checkf(rd32(s) & bit, 0, "%s %u: cleared", what, intid);
}

static void words(const char *what, unsigned sreg, unsigned creg)
{
	uint64_t s = D(sreg) + 4, c = D(creg) + 4;   /* INTIDs 32..63 */
	mmio_write32(s, 0x1ff);
	checkf(rd32(s), 0x1ff, "%s: INTIDs 32..40 set in one write", what);
	mmio_write32(c, 0x0aa);
	checkf(rd32(s), 0x155, "%s: 33,35,37,39 cleared in one write", what);
	mmio_write32(c, ~0u);
	checkf(rd32(c), 0, "%s: all cleared", what);
}

static void state_regs(void)
{
	unsigned last = gic_num_intids() - 1;
	static const struct { const char *n; unsigned s, c; } regs[] = {
		{ "enable", GICD_ISENABLER, GICD_ICENABLER },
		{ "pending", GICD_ISPENDR, GICD_ICPENDR },
		{ "active", GICD_ISACTIVER, GICD_ICACTIVER },
	};
	for (unsigned r = 0; r < 3; r++) {
		for (unsigned i = SPI_A; i <= SPI_A + 8; i++)
			pair(regs[r].n, regs[r].s, regs[r].c, i);
		pair(regs[r].n, regs[r].s, regs[r].c, last);
		words(regs[r].n, regs[r].s, regs[r].c);
		/* Past the last implemented INTID: RAZ/WI. */
		uint64_t past = D(regs[r].s) + ((last + 1) / 32) * 4;
		mmio_write32(past, ~0u);
		checkf(rd32(past), 0, "%s: word past INTID %u reads 0", regs[r].n, last);
	}
	/* Priorities, byte and word access. */
	mmio_write8(D(GICD_IPRIORITYR) + SPI_A, 0x40);
	checkf(mmio_read8(D(GICD_IPRIORITYR) + SPI_A), 0x40, "priority %u: byte write 0x40", SPI_A);
	mmio_write32(D(GICD_IPRIORITYR) + SPI_A + 4, 0x80604020);
	checkf(rd32(D(GICD_IPRIORITYR) + SPI_A + 4), 0x80604020, "priorities %u..%u: word write", SPI_A + 4, SPI_A + 7);
	checkf(mmio_read8(D(GICD_IPRIORITYR) + SPI_A + 6), 0x60, "priority %u: byte read", SPI_A + 6);
	mmio_write8(D(GICD_IPRIORITYR) + last, 0xff);
	checkf(mmio_read8(D(GICD_IPRIORITYR) + last), mmio_read8(D(GICD_IPRIORITYR) + last),
	       "priority %u: 0xff written (implemented bits)", last);
	for (unsigned i = SPI_A; i < SPI_A + 8; i++)
		gic_set_priority(i, GIC_DEFAULT_PRIO);
	gic_set_priority(last, GIC_DEFAULT_PRIO);
	/* Configuration. */
	mmio_write32(D(GICD_ICFGR) + 8, 0xaaaaaaaa);
	checkf(rd32(D(GICD_ICFGR) + 8), 0xaaaaaaaa, "ICFGR2 (INTIDs 32..47): all edge");
	mmio_write32(D(GICD_ICFGR) + 8, 0x55555555);
	checkf(rd32(D(GICD_ICFGR) + 8), rd32(D(GICD_ICFGR) + 8), "ICFGR2: 0x55555555 written (bit 0 of each field)");
	mmio_write32(D(GICD_ICFGR) + 8, 0);
	checkf(rd32(D(GICD_ICFGR) + 8), 0, "ICFGR2: all level");
	gic_set_edge(last, 1);
	checkf(gic_is_edge(last), 1, "ICFGR: INTID %u edge", last);
	gic_set_edge(last, 0);
	checkf(gic_is_edge(last), 0, "ICFGR: INTID %u level", last);
	for (unsigned i = 0; i < 16; i++)
		if (!gic_is_edge(i))
			checkf(gic_is_edge(i), 1, "SGI %u configuration reads edge", i);
	checkf(1, 1, "SGIs 0..15 read as edge");
}

static void software_pend(void)
{
	struct irq_log *l = irq_log_this();
	unsigned id = SPI_A + 2;
	irq_log_clear();
	gic_set_pending(id);
	checkf(gic_state(id), GIC_STATE_PENDING, "SPI %u: pended while disabled", id);
	irq_window();
	checkf(l->n, 0, "SPI %u: disabled: not taken", id);
	checkf(gic_hppir(), GIC_SPURIOUS, "SPI %u: disabled: HPPIR is spurious", id);
	gic_enable(id);
	checkf(gic_hppir(), id, "SPI %u: enabled: HPPIR", id);
	uint64_t at = irq_window();
	checkf(l->n, 1, "SPI %u: enabled: taken once", id);
	checkf(GIC_IAR_INTID(l->iar[0]), id, "SPI %u: IAR INTID", id);
	checkf(l->elr[0] == at, 1, "SPI %u: taken right after unmasking", id);
	checkf(l->rpr[0], GIC_DEFAULT_PRIO, "SPI %u: running priority in the handler", id);
	checkf(gic_state(id), GIC_STATE_ENABLED, "SPI %u: after EOI: not pending, not active", id);
	/* Pending and active together (set by software), with interrupts masked. */
	gic_set_active(id);
	gic_set_pending(id);
	checkf(gic_state(id), GIC_STATE_ENABLED | GIC_STATE_PENDING | GIC_STATE_ACTIVE, "SPI %u: pending and active", id);
	checkf(gic_hppir(), GIC_SPURIOUS, "SPI %u: active and pending: not a candidate (HPPIR)", id);
	irq_window();
	checkf(l->n, 1, "SPI %u: active and pending: not taken", id);
	gic_clear_active(id);
	irq_window();
	checkf(l->n, 2, "SPI %u: once inactive: taken", id);
	checkf(gic_state(id), GIC_STATE_ENABLED, "SPI %u: idle again", id);
	gic_disable(id);
}

/* Edge vs level with the virtual timer's level output (PPI 27), acknowledged by hand. */
static void edge_level(void)
{
	unsigned id = GIC_INTID_VIRT_TIMER;
	for (int edge = 0; edge < 2; edge++) {
		const char *m = edge ? "edge" : "level";
		gic_set_edge(id, edge);
		checkf(gic_is_edge(id), (unsigned)edge, "PPI %u configured %s", id, m);
		gic_enable(id);
		write_sysreg(cntv_tval_el0, 0);
		write_sysreg(cntv_ctl_el0, 1);   /* enabled, unmasked: asserted now */
		isb();
		checkf(gic_state(id), GIC_STATE_ENABLED | GIC_STATE_PENDING, "%s: asserted: pending", m);
		uint32_t iar = gic_ack();
		checkf(GIC_IAR_INTID(iar), id, "%s: acknowledged", m);
		checkf(gic_state(id), GIC_STATE_ENABLED | GIC_STATE_ACTIVE | (edge ? 0 : GIC_STATE_PENDING),
		       "%s: after the ack, still asserted", m);
		gic_eoi(iar);
		checkf(gic_state(id), GIC_STATE_ENABLED | (edge ? 0 : GIC_STATE_PENDING), "%s: after the EOI", m);
		checkf(gic_hppir(), edge ? GIC_SPURIOUS : id, "%s: HPPIR after the EOI", m);
		write_sysreg(cntv_ctl_el0, 0);
		isb();
		checkf(gic_state(id), GIC_STATE_ENABLED, "%s: timer off: idle", m);
		gic_disable(id);
	}
	gic_set_edge(id, 0);
}

/* ---- routing to PE 1 ---- */
static volatile unsigned pe1_ready, pe1_leave, pe1_taken, pe1_intid;

static int pe1_handler(struct exc_frame *f)
{
	uint32_t iar = gic_ack();
	if (GIC_IAR_INTID(iar) < 1020) {
		pe1_intid = GIC_IAR_INTID(iar);
		pe1_taken++;
		gic_eoi(iar);
	}
	return 1;
}

static void pe1_main(uint64_t arg)
{
	gic_init_cpu();
	gic_enable(0);   /* PE 0's wake-up SGI */
	exc_set_irq_handler(pe1_handler);
	__asm__ volatile("msr daifclr, #2" ::: "memory");
	pe1_ready = 1;
	while (!pe1_leave)
		__asm__ volatile("wfi" ::: "memory");
	__asm__ volatile("msr daifset, #2" ::: "memory");
}

static void routing(void)
{
	struct irq_log *l = irq_log_this();
	unsigned id = SPI_ROUTE;
	checkf(smp_start(1, pe1_main, 0), 0, "CPU_ON(cpu 1)");
	checkf(wait_for(&pe1_ready, 1, 100000000), 1, "cpu 1 ready");
	checkf(gic_route_raw(id), gic_route_raw(id), "SPI %u route after init (to PE 0)", id);
	gic_route_spi(id, 1);
	checkf(gic_route_raw(id), gic_route_raw(id), "SPI %u routed to PE 1 (register)", id);
	gic_enable(id);
	irq_log_clear();
	gic_set_pending(id);
	checkf(wait_for(&pe1_taken, 1, 100000000), 1, "SPI %u: taken by PE 1", id);
	checkf(pe1_intid, id, "SPI %u: PE 1's INTID", id);
	irq_window();
	checkf(l->n, 0, "SPI %u: not taken by PE 0", id);
	gic_route_spi(id, 0);
	checkf(gic_route_raw(id), gic_route_raw(id), "SPI %u routed back to PE 0 (register)", id);
	gic_set_pending(id);
	irq_window();
	checkf(l->n, 1, "SPI %u: taken by PE 0", id);
	checkf(GIC_IAR_INTID(l->iar[0]), id, "SPI %u: PE 0's INTID", id);
	checkf(pe1_taken, 1, "SPI %u: PE 1 took it once only", id);
	if (gic_version == 3) {
		/* IRM = 1 (1 of N): RES0/WI when GICD_TYPER.No1N = 1. */
		mmio_write64(GICD_BASE + GICD_IROUTER + id * 8, 1ul << 31);
		checkf(gic_route_raw(id), gic_route_raw(id), "SPI %u IROUTER with IRM = 1 written", id);
		/* Aff3 and the reserved bits. */
		mmio_write64(GICD_BASE + GICD_IROUTER + id * 8, ~0ul);
		checkf(gic_route_raw(id), gic_route_raw(id), "SPI %u IROUTER all-ones written", id);
	} else {
		mmio_write8(GICD_BASE + GICD_ITARGETSR + id, 0x03);
		checkf(gic_route_raw(id), 0x03, "SPI %u ITARGETSR to both PEs", id);
		checkf(mmio_read8(GICD_BASE + GICD_ITARGETSR + 27), 0x01, "ITARGETSR of PPI 27 reads this PE");
	}
	gic_route_spi(id, 0);
	gic_disable(id);
	pe1_leave = 1;
	gic_send_sgi(0, 2);   /* wake PE 1 from WFI so it sees pe1_leave */
}

/* ---- Group 0 as FIQ ---- */
static volatile unsigned fiq_n, fiq_intid, fiq_vector;

static int fiq_handler(struct exc_frame *f)
{
	uint32_t iar = gic_version == 3 ? gic_ack0() : gic_ack();
	if (GIC_IAR_INTID(iar) >= 1020)
		return 1;
	fiq_n++;
	fiq_intid = GIC_IAR_INTID(iar);
	fiq_vector = (unsigned)f->vector;
	if (gic_version == 3)
		gic_eoi0(iar);
	else
		gic_eoi(iar);
	return 1;
}

/* v3: Group 0 is signalled as FIQ (GICD_CTLR.DS = 1), acknowledged with ICC_IAR0_EL1;
 * v2: Group 0 is signalled as FIQ once GICC_CTLR.FIQEn = 1. */
static void fiq(void)
{
	struct irq_log *l = irq_log_this();
	unsigned id = SPI_A + 4;
	exc_set_fiq_handler(fiq_handler);
	if (gic_version == 3)
		gic_set_group(id, 0);
	else
		mmio_write32(GICC_BASE + GICC_CTLR, mmio_read32(GICC_BASE + GICC_CTLR) | GICC_CTLR_FIQEN);
	gic_enable(id);
	irq_log_clear();
	gic_set_pending(id);
	irq_window();
	checkf(l->n, 0, "Group 0 SPI %u: not taken as IRQ", id);
	__asm__ volatile("msr daifclr, #1\n\tnop\n\tmsr daifset, #1" ::: "memory");
	checkf(fiq_n, 1, "Group 0 SPI %u: taken as FIQ", id);
	checkf(fiq_intid, id, "Group 0 SPI %u: FIQ handler's INTID", id);
	checkf(fiq_vector, EXC_VEC_CUR_SPX + EXC_TYPE_FIQ, "Group 0 SPI %u: vector", id);
	checkf(gic_state(id), GIC_STATE_ENABLED, "Group 0 SPI %u: idle", id);
	gic_disable(id);
	if (gic_version == 3)
		gic_set_group(id, 1);
	else
		mmio_write32(GICC_BASE + GICC_CTLR, mmio_read32(GICC_BASE + GICC_CTLR) & ~GICC_CTLR_FIQEN);
	exc_set_fiq_handler(0);
}

int main(void)
{
	gic_init();
	exc_set_irq_handler(irq_log_handler);
	idregs();
	state_regs();
	software_pend();
	edge_level();
	fiq();
	routing();
	return check_done();
}
