// A vCPU's interrupt request as the vGIC drives it (KVM's vgic "pending" state that
// kvm_vgic_flush_hwstate turns into a virtual interrupt on entry). The register model
// sees one PE per vCPU and drives that PE's IRQ/FIQ; for the guest these are the virtual
// IRQ/FIQ (HCR_EL2.IMO/FMO are set while it runs). The levels are remembered whether or
// not the vCPU is loaded; while it is loaded on a PE, that PE's kVirqLine/kVfiqLine
// follow them (which also wakes a vCPU waiting in WFI there).
#pragma once
#include <cstdint>

#include "models/devices/gic/interrupt_controller.h"

namespace mtesim::hyp {

// Told when a vCPU that is not loaded on a PE gets an interrupt request (KVM's
// kvm_vcpu_kick of a blocked or descheduled vCPU): the scheduler makes it runnable.
class VcpuWaker {
 public:
  virtual ~VcpuWaker() = default;
  virtual void WakeVcpu(unsigned vcpu) = 0;
};

class VcpuIrqLines final : public models::InterruptTarget {
 public:
  using Line = isa::ExecContext::InterruptLine;

  void SetInterruptLine(Line line, bool level) override {
    const Line virt = Virtual(line);
    levels_ = static_cast<uint8_t>(level ? levels_ | virt : levels_ & ~virt);
    if (pe_ != nullptr) pe_->SetInterruptLine(virt, level);
    else if (level && waker_ != nullptr) waker_->WakeVcpu(vcpu_);
  }
  void SetWaker(VcpuWaker* waker, unsigned vcpu) {
    waker_ = waker;
    vcpu_ = vcpu;
  }
  // The world switch put the vCPU on `pe` (which must be told the current levels) or
  // took it off (its lines drop: the next vCPU there is not interrupted by this one's).
  void Load(models::InterruptTarget& pe) {
    pe_ = &pe;
    pe.SetInterruptLine(Line::kVirqLine, levels_ & Line::kVirqLine);
    pe.SetInterruptLine(Line::kVfiqLine, levels_ & Line::kVfiqLine);
  }
  void Put() {
    if (pe_ == nullptr) return;
    pe_->SetInterruptLine(Line::kVirqLine, false);
    pe_->SetInterruptLine(Line::kVfiqLine, false);
    pe_ = nullptr;
  }
  bool virq() const { return levels_ & Line::kVirqLine; }
  bool vfiq() const { return levels_ & Line::kVfiqLine; }

 private:
  static Line Virtual(Line l) {
    return l == Line::kIrqLine || l == Line::kVirqLine ? Line::kVirqLine : Line::kVfiqLine;
  }
  uint8_t levels_ = 0;
  models::InterruptTarget* pe_ = nullptr;
  VcpuWaker* waker_ = nullptr;
  unsigned vcpu_ = 0;
};

}  // namespace mtesim::hyp
