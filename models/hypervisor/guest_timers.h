// The EL1 timers a guest owns and the PPIs they raise (the same INTIDs on the host GIC
// and in the vGIC, as KVM maps them by default), and their state in a vCPU that is not
// loaded on a PE (the registers saved by the world switch): what KVM's timer code
// evaluates for a blocked vCPU with its background timer.
#pragma once
#include <cstdint>

#include "isa/generic_timer.h"
#include "models/devices/gic/interrupt_controller.h"
#include "models/hypervisor/vcpu.h"
#include "models/pe/processing_element.h"

namespace mtesim::hyp {

struct GuestTimer {
  isa::GenericTimer timer;
  unsigned ppi;
  SavedSysreg ctl, cval;
};
constexpr GuestTimer kGuestTimers[2] = {
    {isa::GenericTimer::Virtual, models::kVirtualTimerPpi, SavedSysreg::CNTV_CTL_EL0, SavedSysreg::CNTV_CVAL_EL0},
    {isa::GenericTimer::Physical, models::kPhysicalTimerPpi, SavedSysreg::CNTP_CTL_EL0, SavedSysreg::CNTP_CVAL_EL0}};

// The PE's physical count (CNTPCT) and counter frequency, as EL2 code reads them.
inline uint64_t PhysicalCountOf(models::ProcessingElement& pe) { return static_cast<isa::ExecContext&>(pe).PhysicalCount(); }
inline uint64_t CounterFrequencyOf(models::ProcessingElement& pe) {
  return static_cast<isa::ExecContext&>(pe).CounterFrequency();
}

// The timer's count at physical count `physical` (CNTVCT = CNTPCT - CNTVOFF).
constexpr uint64_t SavedTimerCount(const GuestTimer& t, uint64_t physical, uint64_t cntvoff) {
  return t.timer == isa::GenericTimer::Virtual ? physical - cntvoff : physical;
}

// The saved timer's output level at physical count `physical`.
inline bool SavedTimerOutput(const VcpuState& v, const GuestTimer& t, uint64_t physical, uint64_t cntvoff) {
  return isa::TimerOutput(v.sys(t.ctl), SavedTimerCount(t, physical, cntvoff), v.sys(t.cval));
}

// The physical count at which the saved timer's output rises, or ~0 (never, or already).
inline uint64_t SavedTimerDeadline(const VcpuState& v, const GuestTimer& t, uint64_t physical, uint64_t cntvoff) {
  const uint64_t ctl = v.sys(t.ctl), cval = v.sys(t.cval), count = SavedTimerCount(t, physical, cntvoff);
  if (!isa::Bit(ctl, isa::cntctl::ENABLE) || isa::Bit(ctl, isa::cntctl::IMASK) || isa::TimerConditionMet(count, cval))
    return ~uint64_t{0};
  return cval - count > ~uint64_t{0} - physical ? ~uint64_t{0} : physical + (cval - count);
}

}  // namespace mtesim::hyp
