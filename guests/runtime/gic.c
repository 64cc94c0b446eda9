/* GICv2 / GICv3 driver for QEMU's virt machine (see rt/gic.h). */
#include "rt.h"

int gic_version;

int gic_detect(void)
{
	uint64_t pfr0 = read_sysreg(id_aa64pfr0_el1);
	gic_version = ((pfr0 >> 24) & 0xf) ? 3 : 2;
	return gic_version;
}

unsigned gic_cpu_index(void)
{
	return smp_cpu();
}

unsigned gic_num_intids(void)
{
	unsigned n = 32 * ((mmio_read32(GICD_BASE + GICD_TYPER) & 0x1f) + 1);
	return n > 1020 ? 1020 : n;
}

/* Aff3.Aff2.Aff1.Aff0, as in GICR_TYPER[63:32], of the PE with Aff0 = cpu in this PE's
 * cluster. */
static uint64_t pe_affinity(unsigned cpu)
{
	uint64_t mpidr = read_sysreg(mpidr_el1);
	uint64_t aff = (mpidr & 0xffffffu) | ((mpidr >> 32) & 0xff) << 24;
	return (aff & ~0xfful) | (cpu & 0xff);
}

uint64_t gic_redist(unsigned cpu)
{
	uint64_t aff = pe_affinity(cpu);
	for (unsigned i = 0; i < 64; i++) {
		uint64_t rd = GICR_BASE + i * GICR_STRIDE;
		uint64_t typer = mmio_read64(rd + GICR_TYPER);
		if ((typer >> 32) == aff)
			return rd;
		if (typer & GICR_TYPER_LAST)
			break;
	}
	panic("gic: no redistributor for cpu %u", cpu);
}

/* ---- per-INTID register addressing ---- */
/* The frame holding the per-INTID registers for intid: the caller's SGI_base for
 * private INTIDs on v3, else the distributor. */
static uint64_t intid_frame(unsigned intid)
{
	if (gic_version == 3 && intid < 32)
		return gic_redist_sgi(gic_cpu_index());
	return GICD_BASE;
}

/* The word of register reg that holds intid's bit (one bit per INTID, at intid % 32). */
static uint64_t bit_word(uint64_t reg, unsigned intid)
{
	return intid_frame(intid) + reg + (intid / 32) * 4;
}

/* The word of GICx_ICFGR that holds intid's edge bit (two bits per INTID, the upper one),
 * and that bit. */
static uint64_t cfg_word(unsigned intid)
{
	return intid_frame(intid) + GICD_ICFGR + (intid / 16) * 4;
}

static unsigned cfg_edge_bit(unsigned intid)
{
	return (intid % 16) * 2 + 1;
}

static void bit_write(uint64_t reg, unsigned intid)
{
	mmio_write32(bit_word(reg, intid), 1u << (intid % 32));
}

static unsigned bit_read(uint64_t reg, unsigned intid)
{
	return (mmio_read32(bit_word(reg, intid)) >> (intid % 32)) & 1;
}

/* Sets (on) or clears one bit of a read-write register word. */
static void bit_update(uint64_t word, unsigned bit, int on)
{
	uint32_t v = mmio_read32(word);
	mmio_write32(word, on ? v | 1u << bit : v & ~(1u << bit));
}

static void v3_wait_rwp(uint64_t ctlr)
{
	for (unsigned i = 0; i < 1000000 && (mmio_read32(ctlr) & GICD_CTLR_RWP); i++) {
	}
}

static void rwp_after(unsigned intid)
{
	if (gic_version == 3)
		v3_wait_rwp(intid < 32 ? gic_redist(gic_cpu_index()) + GICR_CTLR : GICD_BASE + GICD_CTLR);
}

void gic_enable(unsigned intid) { bit_write(GICD_ISENABLER, intid); }
void gic_disable(unsigned intid) { bit_write(GICD_ICENABLER, intid); rwp_after(intid); }
void gic_set_pending(unsigned intid)
{
	if (gic_version == 2 && intid < 16)
		mmio_write8(GICD_BASE + GICD_SPENDSGIR + intid, (uint8_t)(1u << gic_cpu_index()));
	else
		bit_write(GICD_ISPENDR, intid);
}
void gic_clear_pending(unsigned intid)
{
	if (gic_version == 2 && intid < 16)
		mmio_write8(GICD_BASE + GICD_CPENDSGIR + intid, 0xff);
	else
		bit_write(GICD_ICPENDR, intid);
}
void gic_set_active(unsigned intid) { bit_write(GICD_ISACTIVER, intid); }
void gic_clear_active(unsigned intid) { bit_write(GICD_ICACTIVER, intid); }

unsigned gic_state(unsigned intid)
{
	return (bit_read(GICD_ISENABLER, intid) ? GIC_STATE_ENABLED : 0) |
	       (bit_read(GICD_ISPENDR, intid) ? GIC_STATE_PENDING : 0) |
	       (bit_read(GICD_ISACTIVER, intid) ? GIC_STATE_ACTIVE : 0);
}

void gic_set_group(unsigned intid, unsigned group)
{
	bit_update(bit_word(GICD_IGROUPR, intid), intid % 32, group != 0);
}

unsigned gic_get_group(unsigned intid) { return bit_read(GICD_IGROUPR, intid); }

void gic_set_priority(unsigned intid, uint8_t prio)
{
	mmio_write8(intid_frame(intid) + GICD_IPRIORITYR + intid, prio);
}

uint8_t gic_get_priority(unsigned intid)
{
	return mmio_read8(intid_frame(intid) + GICD_IPRIORITYR + intid);
}

void gic_set_edge(unsigned intid, int edge)
{
	bit_update(cfg_word(intid), cfg_edge_bit(intid), edge);
}

int gic_is_edge(unsigned intid)
{
	return (mmio_read32(cfg_word(intid)) >> cfg_edge_bit(intid)) & 1;
}

void gic_route_spi(unsigned intid, unsigned cpu)
{
	if (gic_version == 3) {
		uint64_t aff = pe_affinity(cpu);
		/* IROUTER: Aff3 in [39:32], Aff2.Aff1.Aff0 in [23:0], IRM = 0. */
		uint64_t v = (aff & 0xffffff) | (aff >> 24) << 32;
		mmio_write64(GICD_BASE + GICD_IROUTER + intid * 8, v);
	} else {
		mmio_write8(GICD_BASE + GICD_ITARGETSR + intid, (uint8_t)(1u << cpu));
	}
}

uint64_t gic_route_raw(unsigned intid)
{
	if (gic_version == 3)
		return mmio_read64(GICD_BASE + GICD_IROUTER + intid * 8);
	return mmio_read8(GICD_BASE + GICD_ITARGETSR + intid);
}

/* ---- SGIs ---- */
void gic_sgi1r_raw(uint64_t value)
{
	dsb(ish);
	write_sysreg(icc_sgi1r_el1, value);
	isb();
}

void gic_sgi0r_raw(uint64_t value)
{
	dsb(ish);
	write_sysreg(icc_sgi0r_el1, value);
	isb();
}

void gic_sgir_raw(uint32_t value)
{
	dsb(ish);
	mmio_write32(GICD_BASE + GICD_SGIR, value);
}

void gic_send_sgi(unsigned intid, uint32_t targets)
{
	if (gic_version == 3)
		gic_sgi1r_raw(ICC_SGIR_INTID(intid) | ICC_SGIR_TARGETS(targets) |
		              ((read_sysreg(mpidr_el1) >> 8) & 0xff) << 16);
	else
		gic_sgir_raw((targets & 0xff) << 16 | (intid & 0xf));
}

void gic_send_sgi_others(unsigned intid)
{
	if (gic_version == 3)
		gic_sgi1r_raw(ICC_SGIR_INTID(intid) | ICC_SGIR_IRM);
	else
		gic_sgir_raw(1u << 24 | (intid & 0xf));
}

void gic_send_sgi_self(unsigned intid)
{
	if (gic_version == 3)
		gic_send_sgi(intid, 1u << gic_cpu_index());
	else
		gic_sgir_raw(2u << 24 | (intid & 0xf));
}

/* ---- CPU interface ---- */
#define GICC(off) (GICC_BASE + (off))

/* A CPU interface register: the system register ICC_*_EL1 on v3, where an ISB follows a
 * write so that it has taken effect when the call returns; the GICC_* word on v2. */
#define CPUIF_READ(icc, gicc) \
	(gic_version == 3 ? (uint32_t)read_sysreg(icc) : mmio_read32(GICC(gicc)))
#define CPUIF_WRITE(icc, gicc, value)                    \
	do {                                             \
		if (gic_version == 3) {                  \
			write_sysreg(icc, value);        \
			isb();                           \
		} else {                                 \
			mmio_write32(GICC(gicc), value); \
		}                                        \
	} while (0)

uint32_t gic_ack(void)
{
	uint32_t v = CPUIF_READ(icc_iar1_el1, GICC_IAR);
	dsb(sy);
	return v;
}

void gic_eoi(uint32_t iar) { CPUIF_WRITE(icc_eoir1_el1, GICC_EOIR, iar); }
void gic_dir(uint32_t iar) { CPUIF_WRITE(icc_dir_el1, GICC_DIR, iar); }

uint32_t gic_ack0(void)
{
	return (uint32_t)read_sysreg(icc_iar0_el1);
}

void gic_eoi0(uint32_t iar)
{
	write_sysreg(icc_eoir0_el1, iar);
	isb();
}

uint32_t gic_hppir(void) { return CPUIF_READ(icc_hppir1_el1, GICC_HPPIR); }
uint32_t gic_rpr(void) { return CPUIF_READ(icc_rpr_el1, GICC_RPR); }
void gic_set_pmr(uint32_t pmr) { CPUIF_WRITE(icc_pmr_el1, GICC_PMR, pmr); }
uint32_t gic_get_pmr(void) { return CPUIF_READ(icc_pmr_el1, GICC_PMR); }
void gic_set_bpr(uint32_t bpr) { CPUIF_WRITE(icc_bpr1_el1, GICC_BPR, bpr); }
uint32_t gic_get_bpr(void) { return CPUIF_READ(icc_bpr1_el1, GICC_BPR); }

void gic_set_eoimode(int split)
{
	uint32_t bit = gic_version == 3 ? ICC_CTLR_EOIMODE : GICC_CTLR_EOIMODE;
	uint32_t c = CPUIF_READ(icc_ctlr_el1, GICC_CTLR);
	CPUIF_WRITE(icc_ctlr_el1, GICC_CTLR, split ? c | bit : c & ~bit);
}

uint32_t gic_apr(unsigned n)
{
	if (gic_version == 2)
		return mmio_read32(GICC(GICC_APR0 + 4 * (n & 3)));
	switch (n) {
	case 0: return (uint32_t)read_sysreg(icc_ap1r0_el1);
	case 1: return (uint32_t)read_sysreg(icc_ap1r1_el1);
	case 2: return (uint32_t)read_sysreg(icc_ap1r2_el1);
	default: return (uint32_t)read_sysreg(icc_ap1r3_el1);
	}
}

/* ---- initialisation ---- */
static void fill_private_and_shared(uint64_t frame, unsigned first, unsigned end, uint32_t group_bits)
{
	for (unsigned i = first; i < end; i += 32) {
		mmio_write32(frame + GICD_ICENABLER + i / 8, ~0u);
		mmio_write32(frame + GICD_ICPENDR + i / 8, ~0u);
		mmio_write32(frame + GICD_ICACTIVER + i / 8, ~0u);
		mmio_write32(frame + GICD_IGROUPR + i / 8, group_bits);
	}
	for (unsigned i = first; i < end; i += 4)
		mmio_write32(frame + GICD_IPRIORITYR + i, GIC_DEFAULT_PRIO * 0x01010101u);
}

void gic_init_dist(void)
{
	if (!gic_version)
		gic_detect();
	unsigned n = gic_num_intids(), me = gic_cpu_index();
	uint32_t group_bits = gic_version == 3 ? ~0u : 0;
	mmio_write32(GICD_BASE + GICD_CTLR, 0);
	if (gic_version == 3)
		v3_wait_rwp(GICD_BASE + GICD_CTLR);
	fill_private_and_shared(GICD_BASE, 32, n, group_bits);
	for (unsigned i = 32; i < n; i += 16)
		mmio_write32(GICD_BASE + GICD_ICFGR + i / 4, 0);
	for (unsigned i = 32; i < n; i++) {
		if (gic_version == 3)
			mmio_write32(GICD_BASE + GICD_IGRPMODR + (i / 32) * 4, 0);
		gic_route_spi(i, me);
	}
	if (gic_version == 3) {
		v3_wait_rwp(GICD_BASE + GICD_CTLR);
		mmio_write32(GICD_BASE + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_ENABLE_G0 | GICD_CTLR_ENABLE_G1);
		v3_wait_rwp(GICD_BASE + GICD_CTLR);
	} else {
		mmio_write32(GICD_BASE + GICD_CTLR, GICD_CTLR_ENABLE_G0 | GICD_CTLR_ENABLE_G1);
	}
}

void gic_init_cpu(void)
{
	if (!gic_version)
		gic_detect();
	if (gic_version == 3) {
		uint64_t rd = gic_redist(gic_cpu_index());
		mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_PROCESSOR_SLEEP);
		for (unsigned i = 0; i < 1000000 && (mmio_read32(rd + GICR_WAKER) & GICR_WAKER_CHILDREN_ASLEEP); i++) {
		}
		fill_private_and_shared(rd + GICR_SGI_OFFSET, 0, 32, ~0u);
		mmio_write32(rd + GICR_SGI_OFFSET + GICR_IGRPMODR0, 0);
		mmio_write32(rd + GICR_SGI_OFFSET + GICR_ICFGR1, 0);
		v3_wait_rwp(rd + GICR_CTLR);
		if (((read_sysreg(CurrentEL) >> 2) & 3) == 2) {
			write_sysreg(icc_sre_el2, read_sysreg(icc_sre_el2) | 0x9);  /* Enable, SRE */
			isb();
		}
		write_sysreg(icc_sre_el1, read_sysreg(icc_sre_el1) | 1);
		isb();
		/* CTLR first: with CBPR set, BPR1 writes would be ignored. */
		write_sysreg(icc_ctlr_el1, 0);
		isb();
		write_sysreg(icc_pmr_el1, GIC_DEFAULT_PMR);
		write_sysreg(icc_bpr1_el1, 0);
		write_sysreg(icc_bpr0_el1, 0);
		write_sysreg(icc_igrpen0_el1, 1);
		write_sysreg(icc_igrpen1_el1, 1);
		isb();
	} else {
		fill_private_and_shared(GICD_BASE, 0, 32, 0);
		/* SGI pending state is per source PE: GICD_ICPENDR0 leaves it alone. */
		for (unsigned i = 0; i < 16; i += 4)
			mmio_write32(GICD_BASE + GICD_CPENDSGIR + i, ~0u);
		mmio_write32(GICD_BASE + GICD_ICFGR + 4, 0);   /* PPIs level */
		mmio_write32(GICC(GICC_CTLR), 0);
		mmio_write32(GICC(GICC_PMR), GIC_DEFAULT_PMR);
		mmio_write32(GICC(GICC_BPR), 0);
		mmio_write32(GICC(GICC_ABPR), 0);
		mmio_write32(GICC(GICC_CTLR), GICC_CTLR_ENABLE_G0 | GICC_CTLR_ENABLE_G1);
	}
}

void gic_init(void)
{
	gic_detect();
	gic_init_dist();
	gic_init_cpu();
}
