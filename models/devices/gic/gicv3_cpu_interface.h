// A PE's GICv3 CPU interface (IHI 0069 chapter 8 and 11): the ICC_* system registers
// that acknowledge, complete and mask the physical interrupts the redistributor
// presents, and the virtualization extension, ICH_* at EL2 and the ICV_* view of the
// ICC_* encodings that EL1 reaches under HCR_EL2.FMO (group 0 registers) and IMO
// (group 1), which acts on the list registers instead.
//
// One security state (no EL3, GICD_CTLR.DS = 1): group 0 is FIQ, group 1 is IRQ, the
// Non-secure bank of the banked registers is the only one. 5 bits of physical and
// virtual priority (so ICC_AP0R0/AP1R0 and ICH_AP0R0/AP1R0 are the only active-priority
// registers), 4 list registers. Every access comes from the owning PE's thread.
#pragma once
#include <algorithm>
#include <array>
#include <cstdint>

#include "isa/exec_context.h"
#include "isa/gic_cpu_interface.h"
#include "models/devices/gic/gicv3_registers.h"
#include "models/devices/gic/interrupt_controller.h"

namespace mtesim::models {

class Gicv3;

class Gicv3CpuInterface final : public isa::GicCpuInterface {
 public:
  Gicv3CpuInterface(Gicv3& gic, unsigned pe);

  isa::AccessResult Access(isa::GicRegister r, bool read, const isa::ExecContext& c) override;
  uint64_t Read(isa::GicRegister r, const isa::ExecContext& c) override;
  void Write(isa::GicRegister r, uint64_t value, const isa::ExecContext& c) override;

  // The redistributor's highest priority pending interrupt changed: drive IRQ/FIQ.
  void UpdatePhysicalLines();
  // The PE's interrupt inputs, told at once of the lines already high.
  void Connect(InterruptTarget& target) { lines_.Connect(target); }
  // The PE was reset: the CPU interface is in the PE's reset domain (QEMU resets it with
  // the CPU, on PSCI CPU_ON for instance), the redistributor is not.
  void Reset();

 private:
  enum Group : unsigned { kGroup0 = 0, kGroup1 = 1 };

  // ---- rules the physical and the virtual interface share (gicv3_cpu_interface.cpp) ----
  // The running priority of an interface whose active priorities are `apr` (group 0,
  // group 1): that of the lowest set bit of either; idle when none is set.
  static uint8_t RunningPriority(const std::array<uint32_t, 2>& apr);
  // Whether a pending interrupt of `priority` may be signalled: below the priority mask,
  // and with a group priority (under `group_mask`) below the running priority's. QEMU's
  // GICv3 compares group priorities here; its GICv2 the whole priority (see priority.h).
  static bool Preempts(uint8_t priority, unsigned pmr, uint8_t running, uint32_t group_mask);
  // ICC_BPR<g>_EL1 as read: with CBPR, group 1's reads as group 0's plus one, at most 7.
  static unsigned BinaryPointAsRead(Group g, bool cbpr, unsigned bpr0, unsigned bpr1);
  // A binary point written for group g: below the group's minimum becomes the minimum,
  // then the field keeps its three bits (QEMU's order, so a write with RES0 bits set may
  // land lower); group 1's stays at least 1, which its group priority needs (QEMU
  // asserts it). T is the type QEMU compares the value as: unsigned for ICC_BPR<n>_EL1,
  // signed for the virtual ones.
  template <typename T>
  static unsigned ClampBinaryPoint(Group g, T value) {
    const T minimum = g == kGroup0 ? gicv3::kMinBinaryPoint : gicv3::kMinBinaryPoint + 1;
    const auto bpr = static_cast<unsigned>(std::max(value, minimum) & 7);
    return g == kGroup1 && bpr == 0 ? static_cast<unsigned>(minimum) : bpr;
  }

  // ---- physical interface (gicv3_cpu_interface.cpp) ----
  uint64_t ReadPhysical(isa::GicRegister r, const isa::ExecContext& c);
  void WritePhysical(isa::GicRegister r, uint64_t value, const isa::ExecContext& c);
  bool HighestPendingEnabled() const;
  bool CanPreempt() const;
  uint32_t GroupPriorityMask(Group g) const;
  uint64_t HighestPendingIntid(Group g) const;
  uint64_t Acknowledge(Group g);
  void EndOfInterrupt(Group g, uint64_t value);
  void Deactivate(uint64_t value);
  void GenerateSgi(uint64_t value, Group g);
  void WriteBinaryPoint(Group g, uint64_t value);

  // ---- virtual interface and its control registers (gicv3_virtual_interface.cpp) ----
  uint64_t ReadVirtual(isa::GicRegister r);
  void WriteVirtual(isa::GicRegister r, uint64_t value);
  uint64_t ReadHypervisor(isa::GicRegister r) const;
  void WriteHypervisor(isa::GicRegister r, uint64_t value);
  int HighestPendingListRegister() const;
  bool VirtualCanPreempt(uint64_t lr) const;
  uint32_t VirtualGroupPriorityMask(Group g) const;
  unsigned VirtualBinaryPoint(Group g) const;
  void SetVirtualBinaryPoint(Group g, int64_t value);
  uint64_t VirtualAcknowledge(Group g);
  void VirtualEndOfInterrupt(Group g, uint64_t value);
  void VirtualDeactivate(uint64_t value);
  int FindActiveListRegister(uint64_t intid) const;
  void DeactivateListRegister(unsigned index);
  void IncrementEoiCount();
  uint32_t ListRegisterStatus(bool (*test)(uint64_t lr)) const;  // ICH_EISR_EL2, ICH_ELRSR_EL2
  uint32_t MaintenanceStatus() const;     // ICH_MISR_EL2
  // Recompute the virtual IRQ/FIQ lines and the maintenance interrupt.
  void UpdateVirtualLines();

  Gicv3& gic_;
  const unsigned pe_;

  // Physical: ICC_PMR_EL1, ICC_BPR0/1_EL1, ICC_AP0R0/AP1R0_EL1, ICC_IGRPEN0/1_EL1, ICC_CTLR_EL1.
  uint8_t pmr_;
  std::array<uint8_t, 2> bpr_;
  std::array<uint32_t, 2> apr_;
  std::array<bool, 2> group_enabled_;
  uint64_t ctlr_;

  // Virtual: ICH_HCR_EL2, ICH_VMCR_EL2, ICH_LR<n>_EL2, ICH_AP0R0/AP1R0_EL2.
  uint64_t hcr_;
  uint64_t vmcr_;
  std::array<uint64_t, gicv3::kListRegisters> lr_;
  std::array<uint32_t, 2> vapr_;

  PeLines lines_;  // IRQ and FIQ from the physical interface, VIRQ and VFIQ from the virtual one
};

}  // namespace mtesim::models
