// The checks every memory target applies before touching its backing store, so that RAM,
// flash and the tag-storage memory report a bad transaction the same way: outside the
// store is TLM_ADDRESS_ERROR_RESPONSE, byte enables (which no mtesim initiator produces)
// are TLM_BYTE_ENABLE_ERROR_RESPONSE.
#pragma once
#include <cstdint>

#include <tlm>

namespace mtesim::models {

// True when `trans` may proceed on a store of `size` bytes; otherwise sets its response.
inline bool CheckAccess(tlm::tlm_generic_payload& trans, uint64_t size) {
  const uint64_t addr = trans.get_address();
  const uint64_t len = trans.get_data_length();
  if (addr >= size || len > size - addr) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return false;
  }
  if (trans.get_byte_enable_ptr()) {
    trans.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    return false;
  }
  return true;
}

}  // namespace mtesim::models
