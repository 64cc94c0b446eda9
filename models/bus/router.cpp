#include "models/bus/router.h"

#include "models/error.h"
#include "tlm/mte_extension.h"

namespace mtesim::models {

Router::Router(sc_core::sc_module_name name)
    : sc_module(name), target_socket("target_socket"), initiator_socket("initiator_socket") {
  target_socket.register_b_transport(this, &Router::b_transport);
  target_socket.register_get_direct_mem_ptr(this, &Router::get_direct_mem_ptr);
  target_socket.register_transport_dbg(this, &Router::transport_dbg);
  initiator_socket.register_invalidate_direct_mem_ptr(this, &Router::invalidate_direct_mem_ptr);
}

void Router::Map(const std::string& name, uint64_t base, uint64_t size, unsigned port) {
  for (const Region& r : regions_) {
    if (base < r.base + r.size && r.base < base + size)
      throw Error("memory map: region '" + name + "' overlaps '" + r.name + "'");
  }
  regions_.push_back(Region{name, base, size, port});
}

const Router::Region* Router::Find(uint64_t addr) const {
  for (const Region& r : regions_)
    if (addr - r.base < r.size) return &r;
  return nullptr;
}

void Router::b_transport(int, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  const uint64_t addr = trans.get_address();
  const Region* r = Find(addr);
  if (!r || trans.get_data_length() > r->size - (addr - r->base)) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  trans.set_address(addr - r->base);
  initiator_socket[r->port]->b_transport(trans, delay);
  trans.set_address(addr);
}

bool Router::get_direct_mem_ptr(int, tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
  const uint64_t addr = trans.get_address();
  const Region* r = Find(addr);
  if (!r) return false;
  // A tag DMI pointer locates a granule's nibble by bit 4 of its address
  // (mte_extension.h); the global and target-relative addresses agree on it only when the
  // region starts on a 32-byte boundary.
  const auto* mte = trans.get_extension<tlmx::MteAccess>();
  const bool tags = mte && (mte->op == tlmx::MteAccess::Op::TagRead || mte->op == tlmx::MteAccess::Op::TagWrite);
  if (tags && r->base % 32 != 0) {
    dmi.set_start_address(r->base);
    dmi.set_end_address(r->base + r->size - 1);
    dmi.allow_none();
    return false;
  }
  trans.set_address(addr - r->base);
  const bool ok = initiator_socket[r->port]->get_direct_mem_ptr(trans, dmi);
  trans.set_address(addr);
  // Back to global addresses, clipped to the region. A refusal's range (where the target
  // gives no DMI, so the initiator need not ask again) is translated the same way.
  uint64_t start = dmi.get_start_address(), end = dmi.get_end_address();
  if (end > r->size - 1) end = r->size - 1;
  dmi.set_start_address(start + r->base);
  dmi.set_end_address(end + r->base);
  return ok;
}

unsigned Router::transport_dbg(int, tlm::tlm_generic_payload& trans) {
  const uint64_t addr = trans.get_address();
  const Region* r = Find(addr);
  if (!r) return 0;
  trans.set_address(addr - r->base);
  const unsigned n = initiator_socket[r->port]->transport_dbg(trans);
  trans.set_address(addr);
  return n;
}

void Router::invalidate_direct_mem_ptr(int port, sc_dt::uint64 start, sc_dt::uint64 end) {
  for (const Region& r : regions_) {
    if (r.port != static_cast<unsigned>(port)) continue;
    const uint64_t gstart = r.base + start;
    const uint64_t gend = end >= r.size - 1 ? r.base + r.size - 1 : r.base + end;
    for (unsigned i = 0; i < target_socket.size(); ++i) target_socket[i]->invalidate_direct_mem_ptr(gstart, gend);
  }
}

}  // namespace mtesim::models
