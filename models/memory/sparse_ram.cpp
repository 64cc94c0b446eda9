#include "models/memory/sparse_ram.h"

#include <cstring>

#include "models/memory/access_check.h"
#include "tlm/line_transfer.h"

namespace mtesim::models {

SparseRam::SparseRam(sc_core::sc_module_name name, uint64_t size_bytes, Access access)
    : sc_module(name), socket("socket"), store_(size_bytes, "memory"), access_(access) {
  socket.register_b_transport(this, &SparseRam::b_transport);
  socket.register_get_direct_mem_ptr(this, &SparseRam::get_direct_mem_ptr);
  socket.register_transport_dbg(this, &SparseRam::transport_dbg);
}

void SparseRam::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  if (!CheckAccess(trans, store_.size())) return;
  if (trans.get_command() == tlm::TLM_IGNORE_COMMAND) {
    // A timing model's line transfer (tlm/line_transfer.h): this memory models no timing.
    if (auto* line = trans.get_extension<tlmx::LineTransfer>()) line->tags_ready = delay;
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
    return;
  }
  uint8_t* mem = store_.base() + trans.get_address();
  if (trans.is_read()) std::memcpy(trans.get_data_ptr(), mem, trans.get_data_length());
  else if (trans.is_write() && access_ == Access::ReadWrite) std::memcpy(mem, trans.get_data_ptr(), trans.get_data_length());
  trans.set_dmi_allowed(true);
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

bool SparseRam::get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi& dmi) {
  dmi.set_dmi_ptr(store_.base());
  dmi.set_start_address(0);
  dmi.set_end_address(store_.size() - 1);
  if (access_ == Access::ReadWrite) dmi.allow_read_write();
  else dmi.allow_read();
  dmi.set_read_latency(sc_core::SC_ZERO_TIME);
  dmi.set_write_latency(sc_core::SC_ZERO_TIME);
  return true;
}

unsigned SparseRam::transport_dbg(tlm::tlm_generic_payload& trans) {
  if (!CheckAccess(trans, store_.size())) return 0;
  uint8_t* mem = store_.base() + trans.get_address();
  if (trans.is_read()) std::memcpy(trans.get_data_ptr(), mem, trans.get_data_length());
  else if (trans.is_write()) std::memcpy(mem, trans.get_data_ptr(), trans.get_data_length());
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
  return trans.get_data_length();
}

}  // namespace mtesim::models
