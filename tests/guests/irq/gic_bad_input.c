/* Garbage in the interrupt controller (one PE; GICv2 and GICv3, one expected file each).
 * The guest must run to the end on QEMU; everything printed is a read-back or an
 * outcome that is the same on every run.
 *
 * 1. Register sweeps, 32-bit accesses in ascending offset order over every word of each
 *    frame QEMU implements (v3: the distributor's 64 KiB, PE 0's RD_base and SGI_base
 *    frames; v2: the distributor's 4 KiB and the CPU interface's 8 KiB), reserved
 *    offsets included: first all-ones written then read back at each word, then a
 *    pseudo-random pattern (xorshift32, fixed seed) written and read back. All-ones
 *    read-backs are printed as runs of equal nonzero values ([first..last] value);
 *    pattern read-backs as runs of "reads as written" (W) and of other nonzero values
 *    (X, with their count and a hash); words reading 0 are only counted. Reserved
 *    offsets must read 0 (RAZ/WI, IHI 0069 12.1.1 / IHI 0048 4.1.2). The side effects
 *    (everything enabled, pending and active, SGIR/SGI1R writes, GICR_WAKER asleep,
 *    GICR_CTLR.EnableLPIs, APRs all-ones) are undone by re-initialising afterwards.
 *    v3 also writes all-ones to the ICC_* system registers it can write safely and
 *    prints the read-backs (implemented bits).
 * 2. Outcomes:
 *    - IAR with nothing pending: 1023; HPPIR 1023;
 *    - EOI with nothing active, EOI of 1023, DIR with EOImode 0: no state change;
 *    - EOI of a never-active INTID while another interrupt is active (UNPREDICTABLE in
 *      both architectures, IHI 0069 4.1.1 / IHI 0048 3.2.1; printed is what QEMU does:
 *      the priority drop applies to the active priority, the named INTID is not
 *      deactivated, so the real one stays active until its own deactivation);
 *    - SGIs to absent PEs: v2 target list bits 1..7 (no PE but 0), the reserved
 *      TargetListFilter 0b11 (QEMU: every PE, so this PE too); v3 TargetList bits 1..15,
 *      Aff1/Aff2/Aff3 of absent PEs, IRM = 1 with no other PE, and RS = 1 (RES0 since
 *      ICC_CTLR_EL1.RSS = 0; QEMU ignores RS, so target bit 0 reaches PE 0), other RES0
 *      bits set, and ICC_SGI0R_EL1 for an SGI configured Group 1 (not delivered).
 * Expected files record QEMU's behaviour wherever the architecture leaves a choice.
 * FEAT_GICv3_NMI is left out of the v3 sweeps: QEMU's -cpu max has FEAT_NMI, so its GIC
 * has the INMIR registers (GICD 0x0F80-0x0FFC, GICR SGI_base 0x0F80), GICD_TYPER.NMI and
 * the NMI bit 63 of ICC_AP<n>R0_EL1; mtesim's PEs lack FEAT_NMI and its GIC has none of
 * them, so those words are skipped and those bits masked. */
#include "irqtest.h"

static uint32_t xs_state;
static uint32_t xorshift(void)
{
	uint32_t x = xs_state;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return xs_state = x;
}

/* ---- run-length printing ---- */
struct run {
	int open;
	uint64_t first, last;
	uint32_t value;
	char cls;
	unsigned n;
	uint32_t hash;
};

static void run_flush(struct run *r)
{
	if (!r->open)
		return;
	if (r->cls == 'V')
		printf("  [0x%04lx..0x%04lx] 0x%08x\n", r->first, r->last, r->value);
	else if (r->cls == 'W')
		printf("  [0x%04lx..0x%04lx] W\n", r->first, r->last);
	else
		printf("  [0x%04lx..0x%04lx] X n=%u hash=0x%08x\n", r->first, r->last, r->n, r->hash);
	r->open = 0;
}

static void run_add(struct run *r, uint64_t off, char cls, uint32_t value)
{
	int same = r->open && r->last + 4 == off && r->cls == cls && (cls != 'V' || r->value == value);
	if (!same) {
		run_flush(r);
		r->open = 1;
		r->first = off;
		r->cls = cls;
		r->value = value;
		r->n = 0;
		r->hash = 0;
	}
	r->last = off;
	r->n++;
	r->hash = (r->hash * 31u) ^ value;
}

/* Words of the v3 frames that belong to FEAT_GICv3_NMI (see the header), and the bits
 * of other words that do. */
static uint64_t nmi_skip_lo, nmi_skip_hi;  /* [lo, hi) offsets in the current frame */
static uint32_t nmi_mask_off = ~0u, nmi_mask_bits;

static void sweep(const char *name, uint64_t base, uint64_t size)
{
	struct run r = { 0 };
	unsigned zero = 0;
	printf("%s all-ones:\n", name);
	for (uint64_t off = 0; off < size; off += 4) {
		if (off >= nmi_skip_lo && off < nmi_skip_hi)
			continue;
		mmio_write32(base + off, ~0u);
		uint32_t v = mmio_read32(base + off);
		if (off == nmi_mask_off)
			v &= ~nmi_mask_bits;
		if (v)
			run_add(&r, off, 'V', v);
		else
			zero++;
	}
	run_flush(&r);
	printf("  words reading 0: %u\n", zero);
	printf("%s pattern:\n", name);
	xs_state = 0x2545f491u ^ (uint32_t)size;
	zero = 0;
	for (uint64_t off = 0; off < size; off += 4) {
		uint32_t w = xorshift();
		if (off >= nmi_skip_lo && off < nmi_skip_hi)
			continue;
		mmio_write32(base + off, w);
		uint32_t v = mmio_read32(base + off);
		if (off == nmi_mask_off)
			v &= ~nmi_mask_bits;
		if (!v)
			zero++;
		else
			run_add(&r, off, v == w ? 'W' : 'X', v);
	}
	run_flush(&r);
	printf("  words reading 0: %u\n", zero);
}

#define SYSREG_GARBAGE(reg) do { write_sysreg(reg, ~0ul); isb(); \
	checkf(read_sysreg(reg), read_sysreg(reg), #reg " after all-ones"); } while (0)
/* The same with bit 63 (NMI, FEAT_GICv3_NMI) masked. */
#define SYSREG_GARBAGE_NO_NMI(reg) do { write_sysreg(reg, ~0ul); isb(); \
	checkf(read_sysreg(reg) & ~(1ul << 63), read_sysreg(reg) & ~(1ul << 63), #reg " after all-ones (NMI masked)"); } while (0)

static void sweeps(void)
{
	if (gic_version == 3) {
		uint64_t rd = gic_redist(0);
		nmi_skip_lo = 0x0f80, nmi_skip_hi = 0x1000;            /* GICD_INMIR<n> */
		nmi_mask_off = GICD_TYPER, nmi_mask_bits = 1u << 9;    /* GICD_TYPER.NMI */
		sweep("GICD", GICD_BASE, 0x10000);
		nmi_skip_lo = nmi_skip_hi = 0, nmi_mask_off = ~0u;
		sweep("GICR RD_base", rd, 0x10000);
		nmi_skip_lo = 0x0f80, nmi_skip_hi = 0x0f84;            /* GICR_INMIR0 */
		sweep("GICR SGI_base", rd + GICR_SGI_OFFSET, 0x10000);
		nmi_skip_lo = nmi_skip_hi = 0;
		SYSREG_GARBAGE(icc_pmr_el1);
		SYSREG_GARBAGE(icc_bpr0_el1);
		SYSREG_GARBAGE(icc_bpr1_el1);
		SYSREG_GARBAGE(icc_ctlr_el1);
		SYSREG_GARBAGE(icc_sre_el1);
		SYSREG_GARBAGE(icc_igrpen0_el1);
		SYSREG_GARBAGE(icc_igrpen1_el1);
		SYSREG_GARBAGE_NO_NMI(icc_ap0r0_el1);
		SYSREG_GARBAGE_NO_NMI(icc_ap1r0_el1);
		write_sysreg(icc_ap0r0_el1, 0);
		write_sysreg(icc_ap1r0_el1, 0);
		/* Back to awake, whatever the sweep left. */
		mmio_write32(rd + GICR_WAKER, 0);
	} else {
		sweep("GICD", GICD_BASE, 0x1000);
		sweep("GICC", GICC_BASE, 0x2000);
		for (unsigned n = 0; n < 4; n++) {
			mmio_write32(GICC_BASE + GICC_APR0 + 4 * n, 0);
			mmio_write32(GICC_BASE + GICC_NSAPR0 + 4 * n, 0);
		}
	}
	/* Undo the rest: every INTID disabled, not pending, inactive; the defaults. */
	gic_init();
	checkf(gic_rpr(), 0xff, "after re-init: RPR idle");
	checkf(gic_hppir(), GIC_SPURIOUS, "after re-init: nothing pending (HPPIR)");
	checkf(gic_ack(), GIC_SPURIOUS, "after re-init: IAR");
}

static void outcomes(void)
{
	unsigned a = 33, b = 34;
	checkf(gic_ack(), GIC_SPURIOUS, "IAR with nothing pending");
	checkf(gic_hppir(), GIC_SPURIOUS, "HPPIR with nothing pending");
	gic_enable(a);
	gic_enable(b);
	gic_eoi(a);
	checkf(gic_state(a), GIC_STATE_ENABLED, "EOI of %u with nothing active: state", a);
	checkf(gic_rpr(), 0xff, "EOI with nothing active: RPR");
	gic_eoi(GIC_SPURIOUS);
	checkf(gic_rpr(), 0xff, "EOI of 1023: RPR");
	gic_set_pending(a);
	uint32_t iar = gic_ack();
	checkf(GIC_IAR_INTID(iar), a, "acknowledged %u", a);
	gic_dir(iar);
	checkf(gic_state(a), GIC_STATE_ENABLED | GIC_STATE_ACTIVE, "DIR with EOImode 0: still active");
	gic_eoi(GIC_SPURIOUS);
	checkf(gic_rpr(), GIC_DEFAULT_PRIO, "EOI of 1023 while %u active: RPR", a);
	checkf(gic_state(a), GIC_STATE_ENABLED | GIC_STATE_ACTIVE, "EOI of 1023: %u still active", a);
	gic_eoi(b);
	checkf(gic_rpr(), gic_rpr(), "EOI of never-active %u while %u active: RPR", b, a);
	checkf(gic_state(a), gic_state(a), "EOI of never-active %u: state of %u", b, a);
	checkf(gic_state(b), GIC_STATE_ENABLED, "EOI of never-active %u: its state", b);
	gic_clear_active(a);
	checkf(gic_state(a), GIC_STATE_ENABLED, "%u deactivated through ICACTIVER", a);
	checkf(gic_rpr(), 0xff, "RPR idle again");
	gic_disable(a);
	gic_disable(b);

	/* SGIs to PEs that do not exist (one PE). */
	for (unsigned i = 0; i < 16; i++)
		gic_enable(i);
	if (gic_version == 3) {
		gic_sgi1r_raw(ICC_SGIR_INTID(1) | ICC_SGIR_TARGETS(0xfffe));
		gic_sgi1r_raw(ICC_SGIR_INTID(2) | ICC_SGIR_TARGETS(0xffff) | ICC_SGIR_AFF1(0xff));
		gic_sgi1r_raw(ICC_SGIR_INTID(3) | ICC_SGIR_TARGETS(0xffff) | ICC_SGIR_AFF2(1));
		gic_sgi1r_raw(ICC_SGIR_INTID(4) | ICC_SGIR_TARGETS(0xffff) | ICC_SGIR_AFF3(1));
		gic_sgi1r_raw(ICC_SGIR_INTID(5) | ICC_SGIR_IRM);
		gic_sgi1r_raw(ICC_SGIR_INTID(6) | ICC_SGIR_TARGETS(1) | ICC_SGIR_RS(1));
		gic_sgi1r_raw(ICC_SGIR_INTID(7) | ICC_SGIR_TARGETS(1) | 0xff000e00f0000000ul);   /* RES0 bits set */
		gic_sgi0r_raw(ICC_SGIR_INTID(8) | ICC_SGIR_TARGETS(1));   /* SGI 8 is Group 1: ignored */
	} else {
		gic_sgir_raw(0xfeu << 16 | 1);
		gic_sgir_raw(3u << 24 | 6);            /* reserved filter */
		gic_sgir_raw(0u << 24 | 0x00u << 16 | 7);   /* empty target list */
		gic_sgir_raw(1u << 24 | 0xffu << 16 | 2);   /* all but self: nobody */
	}
	uint32_t pend = mmio_read32((gic_version == 3 ? gic_redist_sgi(0) : GICD_BASE) + GICD_ISPENDR) & 0xffff;
	checkf(pend, pend, "SGIs pending on PE 0 afterwards (bit n = SGI n)");
	unsigned order[8], n = 0;
	for (;;) {
		uint32_t v = gic_ack();
		if (GIC_IAR_INTID(v) >= 1020 || n >= 8)
			break;
		order[n++] = v;
		gic_eoi(v);
	}
	printf("acknowledged:");
	for (unsigned i = 0; i < n; i++)
		printf(" 0x%x", order[i]);
	printf("\n");
	mmio_write32((gic_version == 3 ? gic_redist_sgi(0) : GICD_BASE) + GICD_ICPENDR, 0xffff);
	if (gic_version == 2)
		for (unsigned i = 0; i < 16; i++)
			mmio_write8(GICD_BASE + GICD_CPENDSGIR + i, 0xff);
	checkf(gic_hppir(), GIC_SPURIOUS, "nothing pending at the end");
}

int main(void)
{
	gic_init();
	printf("%s\n", gic_name());
	sweeps();
	outcomes();
	return check_done();
}
