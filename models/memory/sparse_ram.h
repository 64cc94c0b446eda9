// Guest RAM as a TLM-2.0 target. The backing store is one anonymous mapping reserved
// without commitment, so the host allocates a page only when the guest (or a loader)
// first touches it: a 64 GiB guest costs what it uses. The whole range is granted as one
// DMI region, which the PEs use for their fast paths. A read-only instance models the boot
// flash: loaders fill it through the debug interface, and guest writes are dropped as a
// ROM drops them (the DMI grant is then read-only so the PEs send writes here).
#pragma once
#include <cstdint>
#include <string>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "models/memory/sparse_backing.h"

namespace mtesim::models {

class SparseRam : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<SparseRam> socket;

  enum class Access { ReadWrite, ReadOnly };
  SparseRam(sc_core::sc_module_name name, uint64_t size_bytes, Access access = Access::ReadWrite);

  uint64_t size() const { return store_.size(); }
  uint8_t* host_base() { return store_.base(); }
  // Bytes of host memory the guest has touched (resident pages of the mapping).
  uint64_t ResidentBytes() const { return store_.ResidentBytes(); }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  bool get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);
  unsigned transport_dbg(tlm::tlm_generic_payload& trans);

  SparseBacking store_;
  Access access_;
};

}  // namespace mtesim::models
