// The generic timers of a PE (Arm ARM D12, "The Generic Timer in AArch64 state"): the
// EL1 physical timer (CNTP_*), the EL1 virtual timer (CNTV_*, counting CNTVCT_EL0 =
// CNTPCT_EL0 - CNTVOFF_EL2) and the EL2 physical timer (CNTHP_*). Each compares its
// counter with CVAL; its output (the PPI it drives) is ENABLE && !IMASK && ISTATUS.
// No FEAT_VHE (no CNTHV_*), no EL3 (no CNTPS_*), no FEAT_ECV.
#pragma once
#include <cstdint>

#include "isa/bits.h"

namespace mtesim::isa {

enum class GenericTimer : uint8_t { Physical, Virtual, HypPhysical };
constexpr unsigned kGenericTimerCount = 3;

// CNTx_CTL fields.
namespace cntctl {
constexpr unsigned ENABLE = 0, IMASK = 1, ISTATUS = 2;
constexpr uint64_t kWritable = 3;  // ISTATUS is read-only
}  // namespace cntctl

// CNTHCTL_EL2 (E2H = 0) and CNTKCTL_EL1 fields. The event-stream fields (EVNTEN,
// EVNTDIR, EVNTI) sit at the same positions in both, so cntkctl:: names them for both.
namespace cnthctl {
constexpr unsigned EL1PCTEN = 0, EL1PCEN = 1;
}  // namespace cnthctl
namespace cntkctl {
constexpr unsigned EL0PCTEN = 0, EL0VCTEN = 1, EVNTEN = 2, EVNTDIR = 3, EVNTI = 4, EL0VTEN = 8, EL0PTEN = 9;
}  // namespace cntkctl

// TimerConditionMet: the counter has reached the compare value (unsigned).
constexpr bool TimerConditionMet(uint64_t count, uint64_t cval) { return count >= cval; }

// CNTx_CTL as read: ISTATUS is the condition while the timer is enabled.
constexpr uint64_t TimerControlRead(uint64_t ctl, uint64_t count, uint64_t cval) {
  return (ctl & cntctl::kWritable) | uint64_t{Bit(ctl, cntctl::ENABLE) && TimerConditionMet(count, cval)}
                                         << cntctl::ISTATUS;
}

// The level of the timer's interrupt output.
constexpr bool TimerOutput(uint64_t ctl, uint64_t count, uint64_t cval) {
  return Bit(ctl, cntctl::ENABLE) && !Bit(ctl, cntctl::IMASK) && TimerConditionMet(count, cval);
}

// CNTx_TVAL: the signed 32-bit distance to CVAL, read and written in the timer's counter.
constexpr uint64_t TimerValueRead(uint64_t count, uint64_t cval) { return static_cast<uint32_t>(cval - count); }
constexpr uint64_t TimerCompareFromValue(uint64_t count, uint64_t tval) {
  return count + static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(static_cast<uint32_t>(tval))));
}

}  // namespace mtesim::isa
