#include "models/platform/psci.h"

#include "models/pe/processing_element.h"

namespace mtesim::models {

namespace {
constexpr uint64_t kAffinityMask = 0xFF00FFFFFFull;  // Aff3:Aff2:Aff1:Aff0
constexpr uint64_t kMigrateInfoTrustedOsNotPresent = 2;
enum AffinityState : uint64_t { kOn = 0, kOff = 1 };
}  // namespace

ProcessingElement* PsciFirmware::FindByMpidr(uint64_t mpidr) const {
  for (ProcessingElement* pe : pes_)
    if ((pe->s.id.MPIDR_EL1 & kAffinityMask) == (mpidr & kAffinityMask)) return pe;
  return nullptr;
}

PsciFirmware::SystemEvent PsciFirmware::Call(ProcessingElement& caller) {
  ++calls_[0];
  const uint32_t function = static_cast<uint32_t>(caller.X(0));
  const bool smc32 = (function & 0x40000000) == 0;
  auto arg = [&](unsigned n) { return smc32 ? static_cast<uint32_t>(caller.X(n)) : caller.X(n); };
  int64_t result = psci::kNotSupported;
  SystemEvent event = SystemEvent::None;

  switch (function) {
    case psci::kVersion:
      result = psci::kVersion1_1;
      break;
    case psci::kCpuOn32:
    case psci::kCpuOn64: {
      ProcessingElement* target = FindByMpidr(arg(1));
      if (!target) result = psci::kInvalidParameters;
      else if (target->power() == ProcessingElement::Power::On) result = psci::kAlreadyOn;
      else {
        // The target starts at the caller's EL, as QEMU's firmware does.
        target->PowerOn(arg(2), arg(3), caller.s.PSTATE.EL);
        result = psci::kSuccess;
      }
      break;
    }
    case psci::kCpuOff:
      caller.PowerOff();
      return SystemEvent::None;  // does not return to the caller
    case psci::kAffinityInfo32:
    case psci::kAffinityInfo64: {
      ProcessingElement* target = FindByMpidr(arg(1));
      if (!target || arg(2) != 0) result = psci::kInvalidParameters;
      else result = target->power() == ProcessingElement::Power::Off ? kOff : kOn;
      break;
    }
    case psci::kMigrateInfoType:
      result = kMigrateInfoTrustedOsNotPresent;
      break;
    case psci::kSystemOff:
      event = SystemEvent::Off;
      result = psci::kSuccess;
      break;
    case psci::kSystemReset:
      event = SystemEvent::Reset;
      result = psci::kSuccess;
      break;
    case psci::kFeatures:
      result = psci::Features(static_cast<uint32_t>(caller.X(1)));
      break;
    default:
      result = psci::kNotSupported;
  }
  caller.SetX(0, static_cast<uint64_t>(result));
  return event;
}

}  // namespace mtesim::models
