// TLM-2.0 extension carrying the attributes of a PE's access that the generic payload
// has no field for: which PE, privilege, instruction fetch, and the stage-1 memory type
// (MAIR attribute byte, 0xF0 = MTE Tagged Normal). Targets that do not care ignore it.
#pragma once
#include <tlm>

namespace mtesim::tlmx {

// The MAIR attribute byte of Tagged Normal memory (FEAT_MTE2): the only memory type whose
// allocation tags are accessed and checked.
constexpr uint8_t kMairTaggedNormal = 0xF0;

struct MemoryAttributes : tlm::tlm_extension<MemoryAttributes> {
  unsigned initiator_id = 0;
  bool privileged = true;
  bool instruction = false;
  uint8_t mair_attr = 0xFF;

  tlm::tlm_extension_base* clone() const override { return new MemoryAttributes(*this); }
  void copy_from(const tlm::tlm_extension_base& other) override {
    *this = static_cast<const MemoryAttributes&>(other);
  }
};

}  // namespace mtesim::tlmx
