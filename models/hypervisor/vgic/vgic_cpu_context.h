// The context a trapped ICC_* access of a vGICv3 guest is replayed in: the guest's EL1 on
// a PE without EL2, whose GICv3 CPU interface is the vGIC model's for that vCPU. The
// system register table's access and read/write functions (isa/system_registers.cpp) run
// against it exactly as for a bare PE, so the guest gets the register model's answer,
// UNDEFINED included. GIC registers never touch memory: the memory entry points refuse.
#pragma once

#include "isa/exec_context.h"
#include "isa/gic_cpu_interface.h"

namespace mtesim::hyp {

class VgicCpuContext final : public isa::ExecContext {
 public:
  explicit VgicCpuContext(isa::GicCpuInterface& gic);

  void ReadAllocationTags(uint64_t, unsigned, uint8_t*, isa::AccessKind, bool) override;
  void WriteAllocationTags(uint64_t, unsigned, const uint8_t*, isa::AccessKind, bool) override;

 protected:
  void AccessSlow(const isa::AccessRequest&, void*) override;
};

}  // namespace mtesim::hyp
