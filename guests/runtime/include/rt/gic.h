/* A small driver for the interrupt controller of QEMU's virt machine, GICv2 or GICv3,
 * chosen at run time from ID_AA64PFR0_EL1.GIC (0: no system-register interface, so the
 * memory-mapped GICv2 CPU interface; 1: GICv3 system registers). Both versions run with
 * one Security state (no EL3; GICv3 GICD_CTLR.DS = 1).
 *
 * Groups: every interrupt is put in the group that the runtime signals as IRQ and that
 * gic_ack() acknowledges, GIC_GROUP_IRQ:
 *   GICv3: Group 1 (signalled as IRQ; Group 0 is signalled as FIQ), ICC_IAR1_EL1.
 *   GICv2: Group 0 with GICC_CTLR.FIQEn = 0 (signalled as IRQ). A GICv2 without the
 *          Security Extensions behaves as if every access were Secure, and a Secure
 *          GICC_IAR read returns 1022 for a Group 1 interrupt unless AckCtl is set.
 *
 * Memory map (QEMU virt): distributor 0x08000000; GICv2 CPU interface 0x08010000,
 * GICH 0x08030000, GICV 0x08040000 (virtualization=on); GICv3 redistributors from
 * 0x080A0000, two 64 KiB frames per PE (RD_base, then SGI_base).
 *
 * INTIDs are 0..15 SGIs, 16..31 PPIs (banked per PE), 32.. SPIs. Every function acts on
 * the calling PE's view (its banked SGIs/PPIs, its CPU interface). */
#ifndef RT_GIC_H
#define RT_GIC_H

#include <stdint.h>

#define GICD_BASE   0x08000000ul
#define GICC_BASE   0x08010000ul
#define GICH_BASE   0x08030000ul
#define GICV_BASE   0x08040000ul
#define GICR_BASE   0x080A0000ul
#define GICR_STRIDE 0x20000ul     /* RD_base + SGI_base */
#define GICR_SGI_OFFSET 0x10000ul

/* ---- distributor (both versions, unless noted) ---- */
#define GICD_CTLR        0x0000
#define GICD_TYPER       0x0004
#define GICD_IIDR        0x0008
#define GICD_TYPER2      0x000c   /* v3 */
#define GICD_STATUSR     0x0010   /* v3 */
#define GICD_SETSPI_NSR  0x0040   /* v3, message-based SPIs */
#define GICD_CLRSPI_NSR  0x0048
#define GICD_IGROUPR     0x0080
#define GICD_ISENABLER   0x0100
#define GICD_ICENABLER   0x0180
#define GICD_ISPENDR     0x0200
#define GICD_ICPENDR     0x0280
#define GICD_ISACTIVER   0x0300
#define GICD_ICACTIVER   0x0380
#define GICD_IPRIORITYR  0x0400
#define GICD_ITARGETSR   0x0800   /* v2 */
#define GICD_ICFGR       0x0c00
#define GICD_IGRPMODR    0x0d00   /* v3 */
#define GICD_NSACR       0x0e00
#define GICD_SGIR        0x0f00   /* v2 */
#define GICD_CPENDSGIR   0x0f10   /* v2 */
#define GICD_SPENDSGIR   0x0f20   /* v2 */
#define GICD_IROUTER     0x6000   /* v3: 64-bit, one per INTID (from 32) */
#define GICD_PIDR2_V2    0x0fe8
#define GICD_PIDR2_V3    0xffe8
/* GICD_CTLR */
#define GICD_CTLR_ENABLE_G0  (1u << 0)
#define GICD_CTLR_ENABLE_G1  (1u << 1)   /* v3 with DS = 1: EnableGrp1 */
#define GICD_CTLR_ARE        (1u << 4)   /* v3 */
#define GICD_CTLR_DS         (1u << 6)   /* v3 */
#define GICD_CTLR_RWP        (1u << 31)  /* v3 */

/* ---- v3 redistributor: RD_base frame ---- */
#define GICR_CTLR        0x0000
#define GICR_IIDR        0x0004
#define GICR_TYPER       0x0008   /* 64-bit */
#define GICR_STATUSR     0x0010
#define GICR_WAKER       0x0014
#define GICR_PROPBASER   0x0070
#define GICR_PENDBASER   0x0078
#define GICR_PIDR2       0xffe8
#define GICR_TYPER_LAST  (1u << 4)
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)
/* ---- v3 redistributor: SGI_base frame (offsets as in the distributor) ---- */
#define GICR_IGROUPR0    0x0080
#define GICR_ISENABLER0  0x0100
#define GICR_ICENABLER0  0x0180
#define GICR_ISPENDR0    0x0200
#define GICR_ICPENDR0    0x0280
#define GICR_ISACTIVER0  0x0300
#define GICR_ICACTIVER0  0x0380
#define GICR_IPRIORITYR  0x0400
#define GICR_ICFGR0      0x0c00
#define GICR_ICFGR1      0x0c04
#define GICR_IGRPMODR0   0x0d00
#define GICR_NSACR       0x0e00

/* ---- v2 CPU interface (GICC) ---- */
#define GICC_CTLR   0x0000
#define GICC_PMR    0x0004
#define GICC_BPR    0x0008
#define GICC_IAR    0x000c
#define GICC_EOIR   0x0010
#define GICC_RPR    0x0014
#define GICC_HPPIR  0x0018
#define GICC_ABPR   0x001c
#define GICC_AIAR   0x0020
#define GICC_AEOIR  0x0024
#define GICC_AHPPIR 0x0028
#define GICC_APR0   0x00d0
#define GICC_NSAPR0 0x00e0
#define GICC_IIDR   0x00fc
#define GICC_DIR    0x1000
#define GICC_CTLR_ENABLE_G0 (1u << 0)
#define GICC_CTLR_ENABLE_G1 (1u << 1)
#define GICC_CTLR_ACKCTL    (1u << 2)
#define GICC_CTLR_FIQEN     (1u << 3)
#define GICC_CTLR_CBPR      (1u << 4)
#define GICC_CTLR_EOIMODE   (1u << 9)   /* the Secure (only) EOImode bit */

/* ICC_CTLR_EL1 (v3) */
#define ICC_CTLR_CBPR     (1u << 0)
#define ICC_CTLR_EOIMODE  (1u << 1)

/* INTIDs the virt machine wires. */
#define GIC_INTID_MAINT       25   /* GIC maintenance interrupt (virtualization) */
#define GIC_INTID_HYP_TIMER   26   /* EL2 physical timer (CNTHP) */
#define GIC_INTID_VIRT_TIMER  27   /* EL1 virtual timer (CNTV) */
#define GIC_INTID_SEC_TIMER   29   /* Secure physical timer */
#define GIC_INTID_PHYS_TIMER  30   /* EL1 physical timer (CNTP) */
#define GIC_SPURIOUS          1023
#define GIC_SPURIOUS_G1       1022 /* v2 Secure IAR with a Group 1 interrupt, AckCtl 0 */

/* The group gic_init() puts every interrupt in (see above). */
#define GIC_GROUP_IRQ (gic_version == 3 ? 1 : 0)

/* 2 or 3, set by gic_detect() (gic_init calls it); 0 before. */
extern int gic_version;
int gic_detect(void);            /* from ID_AA64PFR0_EL1.GIC; also sets gic_version */
unsigned gic_cpu_index(void);    /* this PE's MPIDR_EL1.Aff0 (linear on QEMU virt) */
unsigned gic_num_intids(void);   /* 32 * (GICD_TYPER.ITLinesNumber + 1), capped at 1020 */

/* Whole set-up for the boot PE: distributor (disabled while every SPI is made
 * disabled, inactive, not pending, level, priority GIC_DEFAULT_PRIO, GIC_GROUP_IRQ,
 * routed to this PE; then enabled for both groups) and this PE's part (gic_init_cpu). */
#define GIC_DEFAULT_PRIO 0xa0
#define GIC_DEFAULT_PMR  0xf0
void gic_init(void);
void gic_init_dist(void);
/* This PE only: v3 wakes its redistributor (GICR_WAKER) and sets ICC_SRE_EL1.SRE (and at
 * EL2 ICC_SRE_EL2.SRE/Enable); SGIs and PPIs disabled, inactive, not pending,
 * GIC_GROUP_IRQ, priority GIC_DEFAULT_PRIO; PPIs level; PMR = GIC_DEFAULT_PMR, binary
 * point 0 (the minimum the GIC accepts), EOImode 0; the CPU interface enabled for both
 * groups (v2: GICC_CTLR.EnableGrp0|EnableGrp1, FIQEn 0; v3: ICC_IGRPEN0/1_EL1 = 1). */
void gic_init_cpu(void);

/* Per-INTID controls (SGIs and PPIs: the caller's own). */
void gic_enable(unsigned intid);
void gic_disable(unsigned intid);
void gic_set_priority(unsigned intid, uint8_t prio);
uint8_t gic_get_priority(unsigned intid);
void gic_set_pending(unsigned intid);    /* SGIs on v2: GICD_SPENDSGIR from this PE */
void gic_clear_pending(unsigned intid);  /* SGIs on v2: GICD_CPENDSGIR, all sources */
void gic_set_active(unsigned intid);
void gic_clear_active(unsigned intid);
void gic_set_group(unsigned intid, unsigned group);
unsigned gic_get_group(unsigned intid);
void gic_set_edge(unsigned intid, int edge);   /* ICFGR: 1 edge, 0 level */
int gic_is_edge(unsigned intid);
/* Read-back of the enable/pending/active bits: GIC_STATE_* ORed. */
#define GIC_STATE_ENABLED 1u
#define GIC_STATE_PENDING 2u
#define GIC_STATE_ACTIVE  4u
unsigned gic_state(unsigned intid);

/* SPI routing: to the PE with MPIDR Aff0 = cpu (v3 GICD_IROUTER with Aff0 = cpu,
 * IRM = 0; v2 GICD_ITARGETSR = 1 << cpu). gic_route_raw returns the register value. */
void gic_route_spi(unsigned intid, unsigned cpu);
uint64_t gic_route_raw(unsigned intid);

/* SGIs. targets: bit n = the PE with Aff0 n (Aff1..3 = 0). */
void gic_send_sgi(unsigned intid, uint32_t targets);
void gic_send_sgi_others(unsigned intid);     /* v3 IRM = 1 / v2 TargetListFilter 01 */
void gic_send_sgi_self(unsigned intid);       /* v3 the caller's bit / v2 filter 10 */
/* v3 only: writes ICC_SGI1R_EL1 (or ICC_SGI0R_EL1 with group0) as given. */
void gic_sgi1r_raw(uint64_t value);
void gic_sgi0r_raw(uint64_t value);
/* v2 only: writes GICD_SGIR as given. */
void gic_sgir_raw(uint32_t value);
/* The ICC_SGI1R_EL1 fields. */
#define ICC_SGIR_TARGETS(t) ((uint64_t)((t) & 0xffff))
#define ICC_SGIR_AFF1(a)    ((uint64_t)((a) & 0xff) << 16)
#define ICC_SGIR_INTID(i)   ((uint64_t)((i) & 0xf) << 24)
#define ICC_SGIR_AFF2(a)    ((uint64_t)((a) & 0xff) << 32)
#define ICC_SGIR_IRM        (1ul << 40)
#define ICC_SGIR_RS(r)      ((uint64_t)((r) & 0xf) << 44)
#define ICC_SGIR_AFF3(a)    ((uint64_t)((a) & 0xff) << 48)

/* CPU interface. gic_ack returns the raw IAR value (v2: bits [12:10] = source PE of an
 * SGI); GIC_IAR_INTID extracts the INTID. gic_eoi/gic_dir take that raw value. */
#define GIC_IAR_INTID(iar) ((iar) & (gic_version == 3 ? 0xffffffu : 0x3ffu))
#define GIC_IAR_SRC(iar)   (((iar) >> 10) & 7)
uint32_t gic_ack(void);          /* ICC_IAR1_EL1 / GICC_IAR */
void gic_eoi(uint32_t iar);      /* ICC_EOIR1_EL1 / GICC_EOIR */
void gic_dir(uint32_t iar);      /* ICC_DIR_EL1 / GICC_DIR */
uint32_t gic_hppir(void);        /* ICC_HPPIR1_EL1 / GICC_HPPIR */
uint32_t gic_rpr(void);          /* ICC_RPR_EL1 / GICC_RPR */
void gic_set_pmr(uint32_t pmr);  /* ICC_PMR_EL1 / GICC_PMR */
uint32_t gic_get_pmr(void);
void gic_set_bpr(uint32_t bpr);  /* ICC_BPR1_EL1 / GICC_BPR (the GIC_GROUP_IRQ's) */
uint32_t gic_get_bpr(void);
void gic_set_eoimode(int split); /* ICC_CTLR_EL1.EOImode / GICC_CTLR.EOImodeS */
uint32_t gic_apr(unsigned n);    /* ICC_AP1R<n>_EL1 / GICC_APR<n> (n 0..3; v3: 0 only
                                    unless more are implemented) */
/* v3 Group 0 (FIQ) side: ICC_IAR0_EL1, ICC_EOIR0_EL1, ICC_HPPIR0_EL1. */
uint32_t gic_ack0(void);
void gic_eoi0(uint32_t iar);

/* Raw MMIO: one plain LDR/STR each (no writeback forms, so a trap has ISV = 1). */
static inline uint32_t mmio_read32(uint64_t a)
{ uint32_t v; __asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(a) : "memory"); return v; }
static inline void mmio_write32(uint64_t a, uint32_t v)
{ __asm__ volatile("str %w0, [%1]" :: "rZ"(v), "r"(a) : "memory"); }
static inline uint64_t mmio_read64(uint64_t a)
{ uint64_t v; __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(a) : "memory"); return v; }
static inline void mmio_write64(uint64_t a, uint64_t v)
{ __asm__ volatile("str %x0, [%1]" :: "rZ"(v), "r"(a) : "memory"); }
static inline uint8_t mmio_read8(uint64_t a)
{ uint32_t v; __asm__ volatile("ldrb %w0, [%1]" : "=r"(v) : "r"(a) : "memory"); return (uint8_t)v; }
static inline void mmio_write8(uint64_t a, uint8_t v)
{ __asm__ volatile("strb %w0, [%1]" :: "rZ"((uint32_t)v), "r"(a) : "memory"); }
/* v3: the RD_base frame of the redistributor of the PE with Aff0 = cpu (found by
 * GICR_TYPER.Affinity). */
uint64_t gic_redist(unsigned cpu);
#define gic_redist_sgi(cpu) (gic_redist(cpu) + GICR_SGI_OFFSET)

#endif
