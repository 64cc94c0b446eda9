// GICv2 register offsets and fields (IHI 0048B chapter 4 and 5), and the identification
// values QEMU's "arm,cortex-a15-gic" reports. Private to the Gicv2 model's sources.
#pragma once
#include <cstdint>

#include "models/devices/gic/maintenance.h"

namespace mtesim::models::gicv2 {

// ---- distributor (GICD), frame-relative ----
enum DistributorOffset : uint64_t {
  GICD_CTLR = 0x000,
  GICD_TYPER = 0x004,
  GICD_IIDR = 0x008,
  GICD_IGROUPR = 0x080,
  GICD_ISENABLER = 0x100,
  GICD_ICENABLER = 0x180,
  GICD_ISPENDR = 0x200,
  GICD_ICPENDR = 0x280,
  GICD_ISACTIVER = 0x300,
  GICD_ICACTIVER = 0x380,
  GICD_IPRIORITYR = 0x400,
  GICD_ITARGETSR = 0x800,
  GICD_ICFGR = 0xC00,
  GICD_SGIR = 0xF00,
  GICD_CPENDSGIR = 0xF10,
  GICD_SPENDSGIR = 0xF20,
  GICD_PIDR4 = 0xFD0,  // start of the peripheral and component ID registers
};
constexpr uint32_t kDistributorEnableMask = 0x3;  // EnableGrp0, EnableGrp1
// GICD_IIDR and GICC_IIDR: implementer Arm (JEP106 0x43B); GICC_IIDR adds the
// architecture version 2 in bits [19:16].
constexpr uint32_t kDistributorIidr = 0x0000043B;
constexpr uint32_t kCpuInterfaceIidr = 0x0002043B;
// PIDR4..PIDR7, PIDR0..PIDR3, CIDR0..CIDR3 at 0xFD0..0xFFC, one byte per word.
constexpr uint8_t kIdRegisters[12] = {0x04, 0x00, 0x00, 0x00, 0x90, 0xB4, 0x2B, 0x00, 0x0D, 0xF0, 0x05, 0xB1};

constexpr uint32_t kSpuriousGroup1 = 1022;  // group 1 pending, GICC_CTLR.AckCtl clear
constexpr uint16_t kIdlePriority = 0x100;

// ---- CPU interface (GICC) and virtual CPU interface (GICV), frame-relative ----
enum CpuInterfaceOffset : uint64_t {
  GICC_CTLR = 0x00,
  GICC_PMR = 0x04,
  GICC_BPR = 0x08,
  GICC_IAR = 0x0C,
  GICC_EOIR = 0x10,
  GICC_RPR = 0x14,
  GICC_HPPIR = 0x18,
  GICC_ABPR = 0x1C,
  GICC_APR0 = 0xD0,
  GICC_APR3 = 0xDC,
  GICC_NSAPR0 = 0xE0,
  GICC_NSAPR3 = 0xEC,
  GICC_IIDR = 0xFC,
  GICC_DIR = 0x1000,
};
constexpr uint32_t kCtlrEnableGrp0 = 1u << 0;
constexpr uint32_t kCtlrEnableGrp1 = 1u << 1;
constexpr uint32_t kCtlrAckCtl = 1u << 2;
constexpr uint32_t kCtlrFiqEn = 1u << 3;
constexpr uint32_t kCtlrCbpr = 1u << 4;
constexpr uint32_t kCtlrEoiMode = 1u << 9;
// The GICC_CTLR bits a GICv2 without Security Extensions implements (the bypass
// disables are not modelled).
constexpr uint32_t kCpuCtlrMask = kCtlrEnableGrp0 | kCtlrEnableGrp1 | kCtlrAckCtl | kCtlrFiqEn | kCtlrCbpr |
                                  kCtlrEoiMode;
// Physical interfaces implement 8 priority bits, virtual ones 5 (GICH_VTR.PRIbits).
constexpr uint32_t kPhysicalPriorityMask = 0xFF;
constexpr uint32_t kVirtualPriorityMask = 0xF8;
constexpr unsigned kPhysicalMinBpr = 0, kVirtualMinBpr = 2;
constexpr unsigned kMinAbpr = 1, kVirtualResetAbpr = kVirtualMinBpr + 1;

// ---- virtual interface control (GICH), frame-relative ----
enum HypInterfaceOffset : uint64_t {
  GICH_HCR = 0x000,
  GICH_VTR = 0x004,
  GICH_VMCR = 0x008,
  GICH_MISR = 0x010,
  GICH_EISR0 = 0x020,
  GICH_EISR1 = 0x024,
  GICH_ELRSR0 = 0x030,
  GICH_ELRSR1 = 0x034,
  GICH_APR = 0x0F0,
  GICH_LR0 = 0x100,
  GICH_LR63 = 0x1FC,
};
// GICH_HCR and GICH_MISR: as GICv3's ICH_HCR_EL2 and ICH_MISR_EL2 (maintenance.h).
constexpr uint32_t kHcrMask = maintenance::kHcrFields;
// GICH_VTR: ListRegs = 4 - 1, PREbits = 5 - 1, PRIbits = 5 - 1.
constexpr uint32_t kVtr = (4u << 29) | (4u << 26) | 3u;
// GICH_VMCR fields.
constexpr unsigned kVmcrAbpShift = 18, kVmcrBpShift = 21, kVmcrPriMaskShift = 27;
constexpr uint32_t kVmcrCtlrMask = 0x3FF;
// GICH_LR<n> fields.
constexpr uint32_t kLrVirtualIdMask = 0x3FF;
constexpr unsigned kLrPhysicalIdShift = 10;  // HW = 1: the physical INTID
constexpr unsigned kLrCpuIdShift = 10;       // HW = 0, SGI: the source CPU
constexpr uint32_t kLrEoi = 1u << 19;        // HW = 0: maintenance interrupt on deactivation
constexpr unsigned kLrPriorityShift = 23;    // 5 bits: priority[7:3]
constexpr unsigned kLrStateShift = 28;
constexpr uint32_t kLrPending = 1u << 28;
constexpr uint32_t kLrActive = 1u << 29;
constexpr uint32_t kLrGroup1 = 1u << 30;
constexpr uint32_t kLrHw = 1u << 31;
constexpr uint32_t kLrMask = 0xFF8FFFFF;  // bits [22:20] are reserved

inline unsigned LrState(uint32_t lr) { return (lr >> kLrStateShift) & 3; }
inline unsigned LrVirtualId(uint32_t lr) { return lr & kLrVirtualIdMask; }
inline unsigned LrPriority(uint32_t lr) { return ((lr >> kLrPriorityShift) & 0x1F) << 3; }

}  // namespace mtesim::models::gicv2
