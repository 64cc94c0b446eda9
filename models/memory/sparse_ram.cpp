#include "models/memory/sparse_ram.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <vector>

#include "models/error.h"

namespace mtesim::models {

SparseRam::SparseRam(sc_core::sc_module_name name, uint64_t size_bytes, Access access)
    : sc_module(name), socket("socket"), size_(size_bytes), access_(access) {
  void* p = mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) throw Error("memory size " + std::to_string(size_ >> 20) + " MiB: cannot reserve host address space");
  base_ = static_cast<uint8_t*>(p);
  socket.register_b_transport(this, &SparseRam::b_transport);
  socket.register_get_direct_mem_ptr(this, &SparseRam::get_direct_mem_ptr);
  socket.register_transport_dbg(this, &SparseRam::transport_dbg);
}

SparseRam::~SparseRam() { munmap(base_, size_); }

uint64_t SparseRam::ResidentBytes() const {
  const long page = sysconf(_SC_PAGESIZE);
  const size_t pages = (size_ + page - 1) / page;
  std::vector<unsigned char> vec(pages);
  if (mincore(base_, size_, vec.data()) != 0) return 0;
  uint64_t resident = 0;
  for (unsigned char v : vec) resident += (v & 1) ? page : 0;
  return resident;
}

bool SparseRam::InRange(tlm::tlm_generic_payload& trans) const {
  const uint64_t addr = trans.get_address();
  const uint64_t len = trans.get_data_length();
  if (addr >= size_ || len > size_ - addr) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return false;
  }
  if (trans.get_byte_enable_ptr()) {
    trans.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    return false;
  }
  return true;
}

void SparseRam::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time&) {
  if (!InRange(trans)) return;
  uint8_t* mem = base_ + trans.get_address();
  if (trans.is_read()) std::memcpy(trans.get_data_ptr(), mem, trans.get_data_length());
  else if (trans.is_write() && access_ == Access::ReadWrite) std::memcpy(mem, trans.get_data_ptr(), trans.get_data_length());
  trans.set_dmi_allowed(true);
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

bool SparseRam::get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi& dmi) {
  dmi.set_dmi_ptr(base_);
  dmi.set_start_address(0);
  dmi.set_end_address(size_ - 1);
  if (access_ == Access::ReadWrite) dmi.allow_read_write();
  else dmi.allow_read();
  dmi.set_read_latency(sc_core::SC_ZERO_TIME);
  dmi.set_write_latency(sc_core::SC_ZERO_TIME);
  return true;
}

unsigned SparseRam::transport_dbg(tlm::tlm_generic_payload& trans) {
  if (!InRange(trans)) return 0;
  uint8_t* mem = base_ + trans.get_address();
  if (trans.is_read()) std::memcpy(trans.get_data_ptr(), mem, trans.get_data_length());
  else if (trans.is_write()) std::memcpy(mem, trans.get_data_ptr(), trans.get_data_length());
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
  return trans.get_data_length();
}

}  // namespace mtesim::models
