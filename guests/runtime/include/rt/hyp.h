/* EL2 (hypervisor) support for guests that start at EL2: QEMU's
 * `-M virt,virtualization=on` and `mtesim --virtualization` enter the image at EL2h with
 * the MMU off and no EL3 (the PSCI conduit is then SMC).
 *
 * When crt0 finds CurrentEL == 2 the runtime:
 *   - installs the EL2 vectors (VBAR_EL2) and the EL1 vectors (VBAR_EL1, for VMs);
 *   - sets HCR_EL2 = RW only (E2H is never set: the simulator is nVHE only; TGE, VM and
 *     the traps stay 0 until a test asks for them), CPTR_EL2 with no FP trap,
 *     CNTHCTL_EL2 giving EL1 the physical counter and timer, VPIDR_EL2/VMPIDR_EL2 = the
 *     real MIDR_EL1/MPIDR_EL1, VTTBR_EL2 = 0;
 *   - turns on an EL2 stage-1 identity map (TTBR0_EL2, 4K granule, 48-bit VA): RAM
 *     RAM_BASE..+1 GiB Normal write-back, executable; 0x0800_0000..0x0A00_0000 (GIC,
 *     UART) Device-nGnRnE, execute-never; MAIR_EL2 = MAIR_VALUE (same indices as EL1);
 *   - builds (without enabling) the runtime's default EL1 map (mmu_default_pt()), which
 *     VMs use as their stage 1 by default;
 *   - runs main() at EL2h on SP_EL2. PSCI calls made at EL2 use SMC #0.
 * Guests that start at EL1 (no --virtualization) are unaffected by all of this.
 *
 * A test at EL2 can
 *   - catch exceptions taken to EL2 (hyp_catch / hyp_set_handler), with ESR_EL2,
 *     FAR_EL2, HPFAR_EL2, ELR_EL2, SPSR_EL2 in a frame it may change;
 *   - build stage-2 tables for any granule, IPA size and start level, including
 *     concatenated root tables (struct s2, s2_*), and compute VTCR_EL2 (s2_vtcr);
 *   - run a function at EL1 (or EL1t/EL0t) as a VM (struct vm, vm_run) with chosen
 *     HCR_EL2 bits, VTTBR_EL2/VMID, VTCR_EL2 and EL1 MMU state; the VM ends with an
 *     HVC #RT_HVC_EXIT (what returning from the function does), or when an EL2
 *     handler calls vm_exit().
 * Inside a VM the EL1 runtime works as usual (exc_catch, printf through the UART when
 * stage 2 maps it, PSCI through HVC #0): an HVC #0 carrying a PSCI function ID that no
 * EL2 handler takes is passed on to the firmware with SMC, and PSCI SYSTEM_OFF always is
 * (so exc_default at EL1 still powers off).
 * Physical memory the tests may choose addresses from: HYP_TEST_PA_BASE..+64 MiB (never
 * used by the image, the device tree, the page-table pools or the heap). */
#ifndef RT_HYP_H
#define RT_HYP_H

#include <stdint.h>
#include "rt/exc.h"
#include "rt/mmu.h"
#include "rt/sysreg.h"

/* 2 when the runtime started at EL2 (main runs at EL2), 1 otherwise. */
extern int rt_boot_el;
static inline unsigned current_el(void) { return (unsigned)(read_sysreg(CurrentEL) >> 2) & 3; }

/* ---- physical memory the EL2 tests may use freely ---- */
#define HYP_TEST_PA_BASE   0x48000000ul      /* 64 MiB of RAM for test pages */
#define HYP_TEST_PA_SIZE   0x04000000ul
#define HYP_TABLE_POOL     0x4c000000ul      /* 32 MiB: stage-2 tables (s2_*) */
#define HYP_TABLE_POOL_END 0x4e000000ul

/* ---- HCR_EL2 ---- */
#define HCR_VM    (1ul << 0)
#define HCR_SWIO  (1ul << 1)
#define HCR_PTW   (1ul << 2)
#define HCR_FMO   (1ul << 3)
#define HCR_IMO   (1ul << 4)
#define HCR_AMO   (1ul << 5)
#define HCR_VF    (1ul << 6)
#define HCR_VI    (1ul << 7)
#define HCR_VSE   (1ul << 8)
#define HCR_FB    (1ul << 9)
#define HCR_DC    (1ul << 12)
#define HCR_TWI   (1ul << 13)
#define HCR_TWE   (1ul << 14)
#define HCR_TID0  (1ul << 15)
#define HCR_TID1  (1ul << 16)
#define HCR_TID2  (1ul << 17)
#define HCR_TID3  (1ul << 18)
#define HCR_TSC   (1ul << 19)
#define HCR_TIDCP (1ul << 20)
#define HCR_TACR  (1ul << 21)
#define HCR_TSW   (1ul << 22)
#define HCR_TPCP  (1ul << 23)
#define HCR_TPU   (1ul << 24)
#define HCR_TTLB  (1ul << 25)
#define HCR_TVM   (1ul << 26)
#define HCR_TGE   (1ul << 27)
#define HCR_TDZ   (1ul << 28)
#define HCR_HCD   (1ul << 29)
#define HCR_TRVM  (1ul << 30)
#define HCR_RW    (1ul << 31)
#define HCR_CD    (1ul << 32)
#define HCR_ID    (1ul << 33)
#define HCR_E2H   (1ul << 34)   /* never set: the simulator is nVHE only */
#define HCR_APK   (1ul << 40)
#define HCR_API   (1ul << 41)
#define HCR_FWB   (1ul << 46)
#define HCR_TID4  (1ul << 49)
#define HCR_ATA   (1ul << 56)
#define HCR_DCT   (1ul << 57)
#define HCR_TID5  (1ul << 58)

/* PSTATE modes for SPSR_EL2.M[3:0] (AArch64). */
#define PSR_MODE_EL2t 0x8
#define PSR_MODE_EL2h 0x9
#define PSR_MODE_EL3h 0xd
#define PSR_IL        (1ul << 20)

/* ---- ESR_ELx decoding (extends rt/exc.h) ---- */
#define EC_WFX          0x01
#define EC_ILLEGAL      0x0e
#define EC_SMC64        0x17
#define ESR_EC_SHIFT    26
/* An ESR value from its parts: EC, IL = 1, ISS. */
#define ESR_MAKE(ec, iss) (((uint64_t)(ec) << ESR_EC_SHIFT) | ESR_IL | (uint64_t)(iss))
/* Data abort ISS (Arm ARM D24.2.46, "ISS encoding for an exception from a Data Abort"). */
#define DABT_ISV        (1u << 24)
#define DABT_SAS(esr)   (((esr) >> 22) & 3)     /* access size: 1 << SAS bytes */
#define DABT_SSE        (1u << 21)              /* sign-extending load */
#define DABT_SRT(esr)   (((esr) >> 16) & 31)    /* Xt (31 = XZR) */
#define DABT_SF         (1u << 15)              /* 64-bit register */
#define DABT_AR         (1u << 14)              /* acquire/release */
#define DABT_FNV        (1u << 10)
#define DABT_EA         (1u << 9)
#define DABT_CM         (1u << 8)               /* cache maintenance / AT */
#define DABT_S1PTW      (1u << 7)               /* stage-2 fault on a stage-1 walk */
#define DABT_WNR        (1u << 6)
/* Fault status codes (DFSC/IFSC, PAR.FST). */
#define FSC_ADDR_SIZE(l)  (0x00u + (l))
#define FSC_TRANS(l)      (0x04u + (l))
#define FSC_ACCESS(l)     (0x08u + (l))
#define FSC_PERM(l)       (0x0cu + (l))
#define FSC_ALIGN         0x21u
/* Trapped MSR/MRS/SYS (EC 0x18) ISS: Op0, Op2, Op1, CRn, Rt, CRm, direction (1 = read). */
#define SYSREG_ISS(op0, op1, crn, crm, op2, rt, read)                                  \
	(((uint64_t)(op0) << 20) | ((uint64_t)(op2) << 17) | ((uint64_t)(op1) << 14) | \
	 ((uint64_t)(crn) << 10) | ((uint64_t)(rt) << 5) | ((uint64_t)(crm) << 1) |    \
	 (uint64_t)((read) ? 1 : 0))
/* HPFAR_EL2.FIPA holds IPA[47:12] in bits [43:4]. */
#define HPFAR_OF(ipa)   ((((uint64_t)(ipa)) >> 12) << 4)

/* ---- exceptions taken to EL2 ---- */
/* Frame built on SP_EL2 by the EL2 vectors (vectors_el2.S); the same layout idea as
 * struct exc_frame, plus HPFAR_EL2. */
struct hyp_frame {
	uint64_t x[31];   /* x0..x30 at the exception; restored on return */
	uint64_t sp;      /* EL2h (vectors 4-7): SP_EL2 above this frame (not restored);
	                     otherwise SP_EL0 (restored). A lower EL's SP_EL1 is untouched */
	uint64_t elr;     /* ELR_EL2, restored: set it to resume elsewhere */
	uint64_t spsr;    /* SPSR_EL2, restored */
	uint64_t esr;     /* ESR_EL2 */
	uint64_t far;     /* FAR_EL2 (UNKNOWN for ECs that do not set it) */
	uint64_t hpfar;   /* HPFAR_EL2 (valid for stage-2 aborts only) */
	uint64_t vector;  /* EL2 vector entry 0..15, EXC_VEC_* (CUR_SP0 = EL2t, CUR_SPX =
	                     EL2h, LOWER64 = from EL1/EL0 in AArch64) */
};

typedef int (*hyp_handler)(struct hyp_frame *f);
/* Installs h for exceptions taken to EL2 (synchronous and SError), after the runtime's
 * services (see RT_HVC_*); returns the previous handler. NULL: the default. */
hyp_handler hyp_set_handler(hyp_handler h);
/* Interrupts taken to EL2 (HCR_EL2.IMO / FMO route physical IRQs / FIQs to EL2 while
 * a lower EL runs; at EL2 they are taken when PSTATE.I / F allow): as at EL1
 * (exc_set_irq_handler), the handler installed here for this PE gets them first, then
 * the hyp_set_handler() handler, then hyp_default(). DAIF is masked again before the
 * runtime's ERET. Returns the previous handler. */
hyp_handler hyp_set_irq_handler(hyp_handler h);
hyp_handler hyp_set_fiq_handler(hyp_handler h);
/* Prints "EL2 EXCEPTION <vector> ESR=.. FAR=.. HPFAR=.. ELR=.. SPSR=.." and powers off. */
void hyp_default(struct hyp_frame *f) __attribute__((noreturn));

/* A recording handler, as exc_catch() at EL1: counts and records every synchronous
 * exception taken to EL2 and resumes after the instruction (ELR + 4), except for SVC
 * and HVC, whose ELR is already the next instruction. (An SMC trapped by HCR_EL2.TSC
 * reports the SMC itself, so it is skipped like any other trap.) EXC_RESUME_LR resumes
 * at the interrupted x30. */
struct hyp_record {
	int taken;
	uint64_t esr, far, hpfar, elr, spsr, vector;
};
extern volatile struct hyp_record hyp_last;
/* Counts f in hyp_last and records its syndrome there (what hyp_catch's handler does). */
void hyp_record(const struct hyp_frame *f);
void hyp_catch(enum exc_resume how);
void hyp_uncatch(void);

/* ---- EL2's own stage 1 (TTBR0_EL2) ---- */
struct pt *hyp_pt(void);            /* the live EL2 tables (identity, see above) */
void hyp_mmu_sync(void);            /* DSB; TLBI ALLE2IS; DSB; ISB */
void hyp_tlbi_va(uint64_t va);      /* TLBI VAE2IS for the page holding va */
/* EL2 stage-1 leaf attributes: AP[1] is RES1 in a one-Exception-level regime;
 * XN is bit 54. */
#define HYP_PTE_NORMAL (PTE_NORMAL | PTE_AP_EL0)
#define HYP_PTE_DEVICE (PTE_ATTR(MT_DEVICE_nGnRnE) | PTE_AF | PTE_AP_EL0 | PTE_UXN)
#define HYP_PTE_XN     PTE_UXN
#define HYP_PTE_RO     PTE_AP_RO

/* ---- stage-2 translation tables ---- */
/* Descriptor fields (VMSAv8-64 stage 2 Block/Page descriptors, D8.3). */
#define S2_MEMATTR(x)  ((uint64_t)((x) & 0xf) << 2)   /* MemAttr[3:0], bits [5:2] */
/* MemAttr with HCR_EL2.FWB == 0: [3:2] outer, [1:0] inner (or Device type when [3:2]=0) */
#define S2MA_DEVICE_nGnRnE 0x0
#define S2MA_DEVICE_nGnRE  0x1
#define S2MA_DEVICE_nGRE   0x2
#define S2MA_DEVICE_GRE    0x3
#define S2MA_NORMAL_NC     0x5   /* outer NC, inner NC */
#define S2MA_NORMAL_WT     0xa   /* outer WT, inner WT */
#define S2MA_NORMAL_WB     0xf   /* outer WB, inner WB: "use stage 1's cacheability" */
/* MemAttr with HCR_EL2.FWB == 1: [2] = 0 Device (type in [1:0]), else [1:0]:
 * 01 Normal NC, 10 forced Write-Back, 11 stage 1's attributes (Table D8-101). */
#define S2FWB_DEVICE_nGnRnE 0x0
#define S2FWB_DEVICE_nGnRE  0x1
#define S2FWB_NORMAL_NC     0x5
#define S2FWB_FORCE_WB      0x6
#define S2FWB_USE_S1        0x7
#define S2AP_NONE  (0ul << 6)
#define S2AP_RO    (1ul << 6)
#define S2AP_WO    (2ul << 6)
#define S2AP_RW    (3ul << 6)
#define S2_SH_NON   (0ul << 8)
#define S2_SH_OUTER (2ul << 8)
#define S2_SH_INNER (3ul << 8)
#define S2_AF      (1ul << 10)
/* XN[1:0] in bits [54:53] (FEAT_XNX): 0 executable at EL1 and EL0; 1 not at EL1;
 * 2 not at EL1 or EL0; 3 not at EL0. */
#define S2_XN(x)   ((uint64_t)((x) & 3) << 53)
#define S2_XN_NONE 0
#define S2_XN_EL1  1
#define S2_XN_ALL  2
#define S2_XN_EL0  3
/* Common combinations. */
#define S2_NORMAL  (S2_MEMATTR(S2MA_NORMAL_WB) | S2AP_RW | S2_SH_INNER | S2_AF)
#define S2_DEVICE  (S2_MEMATTR(S2MA_DEVICE_nGnRE) | S2AP_RW | S2_AF | S2_XN(S2_XN_ALL))

struct s2 {
	unsigned gshift;       /* PT_4K, PT_16K or PT_64K */
	unsigned ipa_bits;     /* 64 - VTCR_EL2.T0SZ */
	int start_level;       /* level of the root (0..3) */
	unsigned concat;       /* number of concatenated root tables (1..16) */
	unsigned ps;           /* VTCR_EL2.PS encoding (default 0b101, 48 bits) */
	uint64_t *root;        /* first root table; identity mapped, so also its PA */
};

/* Root tables for an IPA size and start level; panics on a combination the
 * architecture does not allow (the root must resolve 1 .. (granule bits - 3) + 4 bits,
 * i.e. at most 16 concatenated tables). Tables come from HYP_TABLE_POOL, zeroed. */
void s2_init(struct s2 *s, unsigned gshift, unsigned ipa_bits, int start_level);
/* The start level the architecture requires when no concatenation is used (the one
 * stage 1 would pick for this input size). */
int s2_natural_level(unsigned gshift, unsigned ipa_bits);
/* VTCR_EL2: T0SZ, SL0 (from start_level), IRGN0/ORGN0 write-back, SH0 inner, TG0, PS,
 * bit 31 (RES1); VS = 0, HA = HD = 0, DS = 0. */
uint64_t s2_vtcr(const struct s2 *s);
/* VTCR_EL2.SL0 encoding for a granule and start level (-1 if there is none). */
int s2_sl0(unsigned gshift, int start_level);
/* Maps [ipa, ipa + size) to pa with attrs (S2_* bits, without valid/type bits),
 * using the largest block the granule allows (4K: level 1 and 2; 16K, 64K: level 2)
 * where alignment permits. */
void s2_map(struct s2 *s, uint64_t ipa, uint64_t pa, uint64_t size, uint64_t attrs);
void s2_map_pages(struct s2 *s, uint64_t ipa, uint64_t pa, uint64_t size, uint64_t attrs);
/* One leaf at the given level (a block at levels 0-2, a page at 3); returns its slot. */
uint64_t *s2_map_level(struct s2 *s, uint64_t ipa, uint64_t pa, int level, uint64_t attrs);
/* One table descriptor at the given level for ipa (creating the tables above it);
 * returns the next-level table. */
uint64_t *s2_table_at(struct s2 *s, uint64_t ipa, int level);
/* Invalid descriptors over the leaves covering [ipa, ipa + size). No TLBI. */
void s2_unmap(struct s2 *s, uint64_t ipa, uint64_t size);
/* Descriptor slot where a walk for ipa ends; *level gets its level. */
uint64_t *s2_walk(struct s2 *s, uint64_t ipa, int *level);
uint64_t s2_level_size(const struct s2 *s, int level);
/* Zeroed, aligned memory from HYP_TABLE_POOL (for tests building tables by hand). */
void *s2_alloc(uint64_t size, uint64_t align);
/* The runtime's identity stage 2 used by vm_init(): 4K granule, 40-bit IPA starting at
 * level 1 (two concatenated root tables); RAM_BASE..+1 GiB Normal WB RW, executable;
 * 0x0800_0000..0x0A00_0000 Device-nGnRE RW, XN. Built on first use. */
struct s2 *s2_default(void);

/* Stage-2 TLB maintenance (for the VMID currently in VTTBR_EL2; each ends with
 * DSB ISH; ISB). The IPA forms also invalidate stage 1 (VMALLE1IS), as required for
 * combined entries. */
void s2_tlbi_ipa(uint64_t ipa);         /* TLBI IPAS2E1IS + VMALLE1IS */
void s2_tlbi_vmid(void);                /* TLBI VMALLS12E1IS */
void s2_tlbi_all(void);                 /* TLBI ALLE1IS: every VMID */

/* ---- running a VM ---- */
/* HVC immediates the runtime serves for lower ELs (other HVCs go to the handler). */
#define RT_HVC_EXIT 0xFF00   /* end the VM run: vm_run() returns x0 */
#define RT_HVC_PUTC 0xFF01   /* write the character in x0 to the console */
#define VM_EXIT(v) __asm__ volatile("mov x0, %0\n\thvc #0xFF00" :: "r"((uint64_t)(v)) : "x0", "memory")
#define VM_PUTC(c) __asm__ volatile("mov x0, %0\n\thvc #0xFF01" :: "r"((uint64_t)(c)) : "x0", "memory")

struct vm {
	uint64_t hcr;        /* HCR_EL2 during the run (RW is always added); HCR_VM enables
	                        stage 2 */
	uint64_t vttbr;      /* VTTBR_EL2: root PA | VMID << 48 */
	uint64_t vtcr;       /* VTCR_EL2 */
	uint64_t vpidr, vmpidr;   /* what EL1 reads as MIDR_EL1 / MPIDR_EL1 */
	/* EL1 state written before entry */
	uint64_t sctlr_el1, tcr_el1, ttbr0_el1, ttbr1_el1, mair_el1, vbar_el1;
	uint64_t spsr;       /* SPSR_EL2 for the ERET: default EL1h with DAIF masked */
	uint64_t sp;         /* initial SP of the target mode (SP_EL1 for EL1h, SP_EL0 for
	                        EL1t/EL0t); 0: the runtime's 16 KiB VM stack */
	int tlbi;            /* nonzero: TLBI VMALLS12E1IS after loading VTTBR (default 1) */
};

/* Defaults: hcr = HCR_VM; s2_default() with VMID 1; VPIDR/VMPIDR = the real values;
 * EL1 MMU on with the runtime's default EL1 map (caches on, SP alignment checks,
 * MAIR_VALUE), VBAR_EL1 = the runtime's EL1 vectors; EL1h, DAIF masked. */
void vm_init(struct vm *vm);
/* Stage 2 from s with the given VMID (VTTBR, VTCR). */
void vm_set_s2(struct vm *vm, const struct s2 *s, unsigned vmid);
/* EL1 MMU off (SCTLR_EL1 = RES1 bits only: data accesses Device-nGnRnE, so the EL1
 * code must make only aligned accesses). */
void vm_el1_mmu_off(struct vm *vm);
/* EL1 stage 1 with the given TTBR0 table (TCR from mmu_tcr(pt, NULL)). */
void vm_set_el1_pt(struct vm *vm, const struct pt *pt);
/* Writes VTTBR_EL2 and VTCR_EL2 of vm (and ISB), for maintenance from EL2 by VMID. */
void vm_activate(const struct vm *vm);
/* Loads all of vm's state as vm_run does before entering it (HCR_EL2 = RW | vm->hcr,
 * VTTBR/VTCR, VPIDR/VMPIDR, the EL1 registers, and the TLBI if vm->tlbi), without
 * entering: for AT S12E* and maintenance from EL2. vm_unload() sets HCR_EL2 = RW. */
void vm_load(const struct vm *vm);
void vm_unload(void);

typedef uint64_t (*vm_fn)(uint64_t arg);
/* Runs fn(arg) in the mode vm->spsr names (EL1h by default) with vm's state. fn returns
 * into an HVC #RT_HVC_EXIT trampoline (EL1 only), so vm_run returns fn's result, or the
 * value an EL2 handler passes to vm_exit(). Afterwards HCR_EL2 = RW again; VTTBR/VTCR
 * keep vm's values. */
uint64_t vm_run(struct vm *vm, vm_fn fn, uint64_t arg);
/* From an EL2 handler during vm_run: abandon the VM, vm_run returns value. */
void vm_exit(uint64_t value) __attribute__((noreturn));
/* The VM being run (NULL outside vm_run). */
extern struct vm *vm_current;

/* ---- helpers for handlers ---- */
/* Skip the trapped instruction. */
static inline void hyp_skip(struct hyp_frame *f) { f->elr += 4; }
/* For a data abort with ISV = 1: the store's data (Xt truncated to the access size;
 * XZR reads 0), and completing a load with value (truncated to the access size, sign-
 * or zero-extended per SSE and SF into Xt; XZR is not written). */
uint64_t hyp_dabt_store_data(const struct hyp_frame *f);
void hyp_dabt_load(struct hyp_frame *f, uint64_t value);

#endif
