// Address-decoding interconnect: any number of initiators (PEs, the loader) reach the
// mapped targets. Addresses are made target-relative on the way down and DMI ranges
// global on the way back, as the TLM-2.0 standard describes for interconnects (the
// range of a refused DMI request too). Extensions travel with the payload untouched; tag
// DMI (tlmx::MteAccess) is granted only for regions based on a 32-byte boundary, where
// the tag-nibble rule gives the same answer for global and target addresses.
// An access to no target gets TLM_ADDRESS_ERROR_RESPONSE (the PE turns it into an
// external abort).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>

namespace mtesim::models {

class Router : public sc_core::sc_module {
 public:
  tlm_utils::multi_passthrough_target_socket<Router> target_socket;
  tlm_utils::multi_passthrough_initiator_socket<Router> initiator_socket;

  explicit Router(sc_core::sc_module_name name);

  // Map [base, base + size) to the target bound to initiator_socket index `port`.
  // Regions must not overlap (mtesim::Error naming both otherwise).
  void Map(const std::string& name, uint64_t base, uint64_t size, unsigned port);

  struct Region {
    std::string name;
    uint64_t base, size;
    unsigned port;
  };
  const Region* Find(uint64_t addr) const;

 private:
  void b_transport(int id, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  bool get_direct_mem_ptr(int id, tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);
  unsigned transport_dbg(int id, tlm::tlm_generic_payload& trans);
  void invalidate_direct_mem_ptr(int port, sc_dt::uint64 start, sc_dt::uint64 end);

  std::vector<Region> regions_;
};

}  // namespace mtesim::models
