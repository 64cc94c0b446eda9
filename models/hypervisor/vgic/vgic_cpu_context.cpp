#include "models/hypervisor/vgic/vgic_cpu_context.h"

#include "models/error.h"

namespace mtesim::hyp {

VgicCpuContext::VgicCpuContext(isa::GicCpuInterface& gic) {
  ConfigureEl2(false);  // the guest's view: no EL2, so no IMO/FMO routing to ICV_*
  s.PSTATE.EL = 1;
  HcrChanged();
  AttachGicCpuInterface(&gic);
}

// A register access that reached memory would be a bug in the replay, not guest behaviour.
void VgicCpuContext::ReadAllocationTags(uint64_t, unsigned, uint8_t*, isa::AccessKind, bool) {
  throw Error("vGIC: a system register replay accessed memory");
}
void VgicCpuContext::WriteAllocationTags(uint64_t, unsigned, const uint8_t*, isa::AccessKind, bool) {
  throw Error("vGIC: a system register replay accessed memory");
}
void VgicCpuContext::AccessSlow(const isa::AccessRequest&, void*) {
  throw Error("vGIC: a system register replay accessed memory");
}

}  // namespace mtesim::hyp
