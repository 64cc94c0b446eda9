// The virtual interface's maintenance interrupt, which both GIC versions define alike
// (IHI 0048B 5.3.1-5.3.4, IHI 0069 12.4.5 and 12.4.9): the same enables in bits [7:0] and
// the same EOIcount in bits [31:27] of GICH_HCR / ICH_HCR_EL2, the same conditions in
// GICH_MISR / ICH_MISR_EL2. The list registers themselves differ (32-bit GICH_LR<n>,
// 64-bit ICH_LR<n>_EL2), so each model summarises its own.
#pragma once
#include <cstdint>

namespace mtesim::models::maintenance {

// GICH_HCR / ICH_HCR_EL2: En, then the enable of each GICH_MISR condition from bit 1 up.
constexpr uint32_t kHcrEn = 1u << 0;
constexpr uint32_t kHcrUie = 1u << 1;
constexpr uint32_t kHcrLrenpie = 1u << 2;
constexpr uint32_t kHcrNpie = 1u << 3;
constexpr uint32_t kHcrVgrp0eie = 1u << 4;
constexpr uint32_t kHcrVgrp0die = 1u << 5;
constexpr uint32_t kHcrVgrp1eie = 1u << 6;
constexpr uint32_t kHcrVgrp1die = 1u << 7;
constexpr unsigned kHcrEoiCountShift = 27;
constexpr uint32_t kHcrEoiCount = 0x1Fu << kHcrEoiCountShift;
// All of the above: GICH_HCR's fields (ICH_HCR_EL2 adds its traps).
constexpr uint32_t kHcrFields = 0xFFu | kHcrEoiCount;

// GICH_MISR / ICH_MISR_EL2 report each condition in the bit of its enable above, and
// EOI, which needs no enable, in bit 0.
constexpr uint32_t kMisrEoi = 1u << 0;

// What the conditions need to know of the list registers and the virtual CPU interface.
struct Inputs {
  bool eoi;              // GICH_EISR / ICH_EISR_EL2 not zero
  unsigned valid;        // list registers not in the invalid state
  unsigned pending;      // list registers in the pending state (not active and pending)
  bool group0_enabled;   // GICV_CTLR.EnableGrp0 / ICH_VMCR_EL2.VENG0
  bool group1_enabled;   // GICV_CTLR.EnableGrp1 / ICH_VMCR_EL2.VENG1
};

// GICH_MISR / ICH_MISR_EL2. VGrp0D follows group 0's enable, as IHI 0069 says; QEMU 10's
// GICv3 tests VENG1 there, a bug the guest vgic_lr steers clear of.
constexpr uint32_t Status(uint64_t hcr, const Inputs& in) {
  uint32_t conditions = 0;
  if (in.valid < 2) conditions |= kHcrUie;  // underflow: at most one valid entry
  if (hcr & kHcrEoiCount) conditions |= kHcrLrenpie;
  if (in.pending == 0) conditions |= kHcrNpie;
  conditions |= in.group0_enabled ? kHcrVgrp0eie : kHcrVgrp0die;
  conditions |= in.group1_enabled ? kHcrVgrp1eie : kHcrVgrp1die;
  return (in.eoi ? kMisrEoi : 0) | (static_cast<uint32_t>(hcr) & conditions);
}

// The control register with EOIcount one higher (modulo 32): an EOI or DIR that matched
// no list register.
constexpr uint64_t WithEoiCountIncremented(uint64_t hcr) {
  const uint64_t count = (hcr & kHcrEoiCount) >> kHcrEoiCountShift;
  return (hcr & ~uint64_t{kHcrEoiCount}) | (((count + 1) << kHcrEoiCountShift) & kHcrEoiCount);
}

}  // namespace mtesim::models::maintenance
