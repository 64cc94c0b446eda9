// The seam between an interrupt controller (GICv2 or GICv3) and the rest of the
// platform. The platform owns one controller; it connects each PE's interrupt request
// inputs (InterruptTarget, implemented by the PE), forwards the generic timers' outputs
// as PPIs and devices' lines as SPIs, and, for GICv3, hands each PE its system-register
// CPU interface. The controller's MMIO frames are TLM-2.0 targets the router maps.
#pragma once
#include <cstdint>

#include "isa/exec_context.h"
#include "isa/gic_cpu_interface.h"

namespace mtesim::models {

// A PE's interrupt request inputs (QEMU's ARM_CPU_IRQ, _FIQ, _VIRQ, _VFIQ). The
// controller calls this from whichever SystemC thread changed the state (a PE's MMIO
// access or system register write, a timer); the PE wakes from WFI and takes the
// interrupt before its next instruction.
class InterruptTarget {
 public:
  virtual ~InterruptTarget() = default;
  virtual void SetInterruptLine(isa::ExecContext::InterruptLine line, bool level) = 0;
};

// The request lines a controller drives into one PE. Their levels are remembered, so the
// PE hears only of changes, and a PE connected late of the lines already high.
class PeLines {
 public:
  using Line = isa::ExecContext::InterruptLine;
  void Connect(InterruptTarget& target) {
    target_ = &target;
    for (Line line : {Line::kIrqLine, Line::kFiqLine, Line::kVirqLine, Line::kVfiqLine})
      if (levels_ & line) target.SetInterruptLine(line, true);
  }
  void Drive(Line line, bool level) {
    const uint8_t now = static_cast<uint8_t>(level ? levels_ | line : levels_ & ~line);
    if (now == levels_) return;
    levels_ = now;
    if (target_ != nullptr) target_->SetInterruptLine(line, level);
  }

 private:
  InterruptTarget* target_ = nullptr;
  uint8_t levels_ = 0;  // Line bits
};

// The GIC architecture's INTIDs (both versions): SGIs 0-15 and PPIs 16-31, private to a
// PE, then the SPIs; 1020-1023 are special, 1023 (spurious) meaning no interrupt.
constexpr unsigned kSgiCount = 16;
constexpr unsigned kPrivateCount = 32;
constexpr unsigned kFirstSpecialIntid = 1020;
constexpr unsigned kSpurious = 1023;

// INTIDs of the platform's fixed private interrupts (QEMU virt, GIC architecture).
constexpr unsigned kMaintenanceInterrupt = 25;   // GIC virtualization maintenance
constexpr unsigned kHypPhysicalTimerPpi = 26;    // CNTHP
constexpr unsigned kVirtualTimerPpi = 27;        // CNTV
constexpr unsigned kSecurePhysicalTimerPpi = 29; // CNTPS (no EL3: never asserted)
constexpr unsigned kPhysicalTimerPpi = 30;       // CNTP
// SPIs (INTID 32 + n): QEMU virt's PL011 is SPI 1.
constexpr unsigned kUartSpi = 33;
// QEMU virt's GIC: 256 external interrupts + the 32 private ones.
constexpr unsigned kGicInterruptCount = 288;

class InterruptController {
 public:
  virtual ~InterruptController() = default;
  // Called once per PE before the simulation runs.
  virtual void ConnectPe(unsigned pe, InterruptTarget& target) = 0;
  // The level of PE `pe`'s private peripheral interrupt `intid` (16..31).
  virtual void SetPrivateInterrupt(unsigned pe, unsigned intid, bool level) = 0;
  // The level of shared peripheral interrupt `intid` (32..kGicInterruptCount-1).
  virtual void SetSharedInterrupt(unsigned intid, bool level) = 0;
  // PE `pe` was reset (PSCI CPU_ON): the state that resets with the PE does so (the
  // GICv3 CPU interface's system registers; a GICv2 keeps everything).
  virtual void PeReset(unsigned pe) {}
  // The PE's GICv3 system-register CPU interface; nullptr for GICv2.
  virtual isa::GicCpuInterface* CpuInterface(unsigned pe) { return nullptr; }
  // 2 or 3.
  virtual unsigned version() const = 0;
};

}  // namespace mtesim::models
