// Register offsets, fields and implementation parameters of the GICv3 model, named as
// in the GIC architecture specification (IHI 0069). The values that identify the
// implementation (ID registers, priority bits, list registers) are those QEMU 10's
// emulated GICv3 reports on the virt machine (gic-version=3, no security extensions, no
// LPIs, no NMIs), so a guest probing the GIC sees the same thing on both.
#pragma once
#include <cstddef>
#include <cstdint>

#include "models/devices/gic/interrupt_controller.h"
#include "models/devices/gic/maintenance.h"

namespace mtesim::models::gicv3 {

// A register block of a frame: offsets [base, end) decode to `reg`, `offset - base`
// into it. Each frame's registers are one table of these, looked up once per access.
template <typename Reg>
struct Window {
  uint64_t base, end;
  Reg reg;
};
template <typename Reg, size_t N>
constexpr const Window<Reg>* FindWindow(const Window<Reg> (&map)[N], uint64_t offset) {
  for (const Window<Reg>& w : map)
    if (offset >= w.base && offset < w.end) return &w;
  return nullptr;
}

// A 32-bit access to a 64-bit register reaches the half that `rel` (the offset into the
// register) names: bit 2 set, the upper one.
constexpr uint64_t Half(uint64_t reg64, uint64_t rel) { return (rel & 4) != 0 ? reg64 >> 32 : reg64 & 0xFFFFFFFF; }
constexpr uint64_t WithHalf(uint64_t reg64, uint64_t rel, uint64_t v) {
  return (rel & 4) != 0 ? (reg64 & 0xFFFFFFFF) | (v & 0xFFFFFFFF) << 32 : (reg64 & ~uint64_t{0xFFFFFFFF}) | (v & 0xFFFFFFFF);
}

// ---- implementation parameters ----
constexpr unsigned kSpiCount = kGicInterruptCount - kPrivateCount;  // INTIDs 32-287: GICD_TYPER.ITLinesNumber = 8
constexpr unsigned kRevision = 3;  // GICv3 (PIDR2.ArchRev)
// Physical and virtual priority bits: 5 each (QEMU's default for its CPUs), so 5
// preemption bits, one 32-bit active-priorities register per group, and a minimum
// binary point of 2 (group 0) and 3 (group 1).
constexpr unsigned kPriorityBits = 5;
constexpr unsigned kPreemptionBits = 5;
constexpr unsigned kMinBinaryPoint = 7 - kPreemptionBits;
constexpr unsigned kListRegisters = 4;  // ICH_VTR_EL2.ListRegs + 1
constexpr uint8_t kIdlePriority = 0xFF;
constexpr unsigned kLpiFirst = 8192;

// ---- frames ----
constexpr uint64_t kDistributorFrameSize = 0x10000;
constexpr uint64_t kRedistributorFrameSize = 0x10000;
constexpr uint64_t kRedistributorStride = 2 * kRedistributorFrameSize;  // RD_base, SGI_base
constexpr uint64_t kSgiBase = kRedistributorFrameSize;

// ---- distributor (offsets from the frame base) ----
namespace gicd {
constexpr uint64_t CTLR = 0x0000, TYPER = 0x0004, IIDR = 0x0008, STATUSR = 0x0010;
constexpr uint64_t IGROUPR = 0x0080, ISENABLER = 0x0100, ICENABLER = 0x0180, ISPENDR = 0x0200,
                   ICPENDR = 0x0280, ISACTIVER = 0x0300, ICACTIVER = 0x0380;
constexpr uint64_t IPRIORITYR = 0x0400, ITARGETSR = 0x0800, ICFGR = 0x0C00, IGRPMODR = 0x0D00, NSACR = 0x0E00;
constexpr uint64_t SGIR = 0x0F00, CPENDSGIR = 0x0F10, SPENDSGIR = 0x0F20, INMIR = 0x0F80;
constexpr uint64_t IROUTER = 0x6000, IROUTER_END = 0x7FE0;  // IROUTER<32..1019>
constexpr uint64_t IDREGS = 0xFFD0, IDREGS_END = 0x10000;   // PIDR4..PIDR7, PIDR0..3, CIDR0..3
// GICD_CTLR: with DS = 1 only the group enables are writable; ARE and DS read as one.
constexpr uint32_t kCtlrEnableGrp0 = 1u << 0, kCtlrEnableGrp1 = 1u << 1;
constexpr uint32_t kCtlrAre = 1u << 4, kCtlrDs = 1u << 6;
constexpr uint32_t kCtlrReset = kCtlrAre | kCtlrDs;
// GICD_TYPER: No1N (no 1-of-N SPIs), A3V, IDbits = 15 (16-bit INTIDs), LPIS (as QEMU's
// virt GICv3 reports even without an ITS), no NMIs (the PEs lack FEAT_NMI; QEMU's -cpu
// max has it), no security extension, ITLinesNumber for 288 interrupts.
constexpr uint32_t kTyper = 1u << 25 | 1u << 24 | 0xFu << 19 | 1u << 17 | (kGicInterruptCount / 32 - 1);
// GICD_IROUTER<n>.Interrupt_Routing_Mode (1-of-N): stored, but routing ignores it (No1N).
constexpr uint64_t kIrouterIrm = uint64_t{1} << 31;
}  // namespace gicd

// Arm r0p0 with ProductID 0 (a GIC-500's IIDR), in GICD_IIDR and GICR_IIDR.
constexpr uint32_t kIidr = 0x43B;
// The CoreSight identification block at 0xFFD0: PIDR4-7, PIDR0-3, CIDR0-3. PIDR0 names the
// frame (0x92 distributor, 0x93 redistributor); PIDR2[7:4] is the architecture revision.
constexpr uint8_t kIdBytes[12] = {0x44, 0x00, 0x00, 0x00, 0x00, 0xB4, 0x0B | kRevision << 4, 0x00,
                                  0x0D, 0xF0, 0x05, 0xB1};
constexpr uint8_t kPidr0Distributor = 0x92, kPidr0Redistributor = 0x93;
constexpr unsigned kPidr0Index = 4;

// ---- redistributor: RD_base frame ----
namespace gicr {
constexpr uint64_t CTLR = 0x0000, IIDR = 0x0004, TYPER = 0x0008, STATUSR = 0x0010, WAKER = 0x0014;
constexpr uint64_t PROPBASER = 0x0070, PENDBASER = 0x0078;
constexpr uint64_t IDREGS = 0xFFD0, IDREGS_END = 0x10000;
// SGI_base frame, as offsets from RD_base.
constexpr uint64_t IGROUPR0 = kSgiBase + 0x0080, ISENABLER0 = kSgiBase + 0x0100, ICENABLER0 = kSgiBase + 0x0180;
constexpr uint64_t ISPENDR0 = kSgiBase + 0x0200, ICPENDR0 = kSgiBase + 0x0280;
constexpr uint64_t ISACTIVER0 = kSgiBase + 0x0300, ICACTIVER0 = kSgiBase + 0x0380;
constexpr uint64_t IPRIORITYR = kSgiBase + 0x0400, IPRIORITYR_END = kSgiBase + 0x0420;
constexpr uint64_t ICFGR0 = kSgiBase + 0x0C00, ICFGR1 = kSgiBase + 0x0C04;
constexpr uint64_t IGRPMODR0 = kSgiBase + 0x0D00, NSACR = kSgiBase + 0x0E00, INMIR0 = kSgiBase + 0x0F80;
// GICR_TYPER: Last [4], Processor_Number [23:8], CommonLPIAff = 01 [25:24], affinity [63:32].
constexpr uint64_t kTyperLast = 1u << 4, kTyperPlpis = 1u << 0;
// GICR_CTLR: EnableLPIs [0], CES [1] (clearing EnableLPIs is supported; reads as one).
constexpr uint32_t kCtlrEnableLpis = 1u << 0, kCtlrCes = 1u << 1;
constexpr uint64_t kTyperCommonLpiAff = 1u << 24;
constexpr unsigned kTyperProcessorNumberShift = 8;
// GICR_WAKER: ProcessorSleep is writable; ChildrenAsleep follows it at once (the model
// quiesces instantly). Both are set at reset.
constexpr uint32_t kWakerProcessorSleep = 1u << 1, kWakerChildrenAsleep = 1u << 2;
}  // namespace gicr

// ---- CPU interface system registers ----
namespace icc {
// ICC_CTLR_EL1: CBPR and EOImode are writable; A3V, IDbits = 1 (24-bit INTIDs) and
// PRIbits = pribits - 1 are fixed.
constexpr uint64_t kCtlrCbpr = 1u << 0, kCtlrEoiMode = 1u << 1;
constexpr uint64_t kCtlrFixed = 1u << 15 | 1u << 11 | (kPriorityBits - 1) << 8;
// ICC_SRE_EL1 (SRE, DFB, DIB) and ICC_SRE_EL2 (also Enable): RAO/WI, the system
// register interface is always on and bypass is not supported.
constexpr uint64_t kSreEl1 = 0x7, kSreEl2 = 0xF;
// The implemented priority bits (PMR writes, list register priorities).
constexpr uint8_t kPriorityMask = static_cast<uint8_t>(0xFF << (8 - kPriorityBits));
// ICC_SGI0R/SGI1R/ASGI1R_EL1 fields.
constexpr unsigned kSgiTargetListShift = 0, kSgiAff1Shift = 16, kSgiIntidShift = 24, kSgiAff2Shift = 32;
constexpr unsigned kSgiIrmShift = 40, kSgiAff3Shift = 48;
}  // namespace icc

namespace ich {
// ICH_HCR_EL2: the maintenance fields as GICv2's GICH_HCR (maintenance.h, with
// ICH_MISR_EL2), and the traps.
constexpr uint64_t kHcrTc = 1u << 10, kHcrTall0 = 1u << 11, kHcrTall1 = 1u << 12, kHcrTsei = 1u << 13;
constexpr uint64_t kHcrTdir = 1u << 14;
constexpr uint64_t kHcrWritable = maintenance::kHcrFields | kHcrTc | kHcrTall0 | kHcrTall1 | kHcrTsei | kHcrTdir;
// ICH_VMCR_EL2
constexpr uint64_t kVmcrVeng0 = 1u << 0, kVmcrVeng1 = 1u << 1, kVmcrVackctl = 1u << 2, kVmcrVfiqen = 1u << 3;
constexpr uint64_t kVmcrVcbpr = 1u << 4, kVmcrVeoim = 1u << 9;
constexpr unsigned kVmcrVbpr1Shift = 18, kVmcrVbpr0Shift = 21, kVmcrVpmrShift = 24;
constexpr uint64_t kVmcrWritable = kVmcrVeng0 | kVmcrVeng1 | kVmcrVcbpr | kVmcrVeoim | uint64_t{7} << kVmcrVbpr1Shift |
                                   uint64_t{7} << kVmcrVbpr0Shift | uint64_t{0xFF} << kVmcrVpmrShift;
// VFIQEn is RAO/WI (group 0 is always FIQ); the binary points reset to their minimum.
constexpr uint64_t kVmcrReset =
    kVmcrVfiqen | uint64_t{kMinBinaryPoint + 1} << kVmcrVbpr1Shift | uint64_t{kMinBinaryPoint} << kVmcrVbpr0Shift;
// ICH_LR<n>_EL2
constexpr uint64_t kLrVintidMask = 0xFFFFFFFFu;
constexpr unsigned kLrPintidShift = 32;
constexpr uint64_t kLrPintidMask = 0x3FF;
constexpr uint64_t kLrEoi = uint64_t{1} << 41;  // with HW = 0: maintenance interrupt on EOI
constexpr unsigned kLrPriorityShift = 48;
constexpr uint64_t kLrNmi = uint64_t{1} << 59;
constexpr uint64_t kLrGroup = uint64_t{1} << 60, kLrHw = uint64_t{1} << 61;
constexpr uint64_t kLrPending = uint64_t{1} << 62, kLrActive = uint64_t{1} << 63;
constexpr uint64_t kLrState = kLrPending | kLrActive;
// The priority field's unimplemented low bits are RES0 (5 virtual priority bits).
constexpr uint64_t kLrPriorityRes0 = uint64_t{(1u << (8 - kPriorityBits)) - 1} << kLrPriorityShift;
// ICH_VTR_EL2: ListRegs - 1, TDS, nV4 (GICv3 has no direct vLPI injection), A3V,
// IDbits = 1 (24-bit), PREbits - 1, PRIbits - 1.
constexpr uint64_t kVtr = (kListRegisters - 1) | 1u << 19 | 1u << 20 | 1u << 21 | 1u << 23 |
                          uint64_t{kPreemptionBits - 1} << 26 | uint64_t{kPriorityBits - 1} << 29;
}  // namespace ich

}  // namespace mtesim::models::gicv3
