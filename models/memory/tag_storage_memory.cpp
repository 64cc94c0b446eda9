#include "models/memory/tag_storage_memory.h"

#include <cstring>

#include "models/memory/access_check.h"
#include "tlm/memory_attributes.h"

namespace mtesim::models {

namespace {

using Op = tlmx::MteAccess::Op;

// MAIR attribute of Tagged Normal memory (Inner/Outer Write-Back, Read/Write-Allocate).

// The stage-1 memory type makes the whole access Untagged. No attributes: a host-side
// access, which sees the tags as stored.
bool UntaggedByAttributes(const tlm::tlm_generic_payload& trans) {
  const auto* attributes = trans.get_extension<tlmx::MemoryAttributes>();
  return attributes && attributes->mair_attr != tlmx::kMairTaggedNormal;
}

// A tag transfer names whole granules.
bool WholeGranules(const tlm::tlm_generic_payload& trans) {
  const uint64_t len = trans.get_data_length();
  return trans.get_address() % kTagGranuleBytes == 0 && len != 0 && len % kTagGranuleBytes == 0;
}

bool IsTagOp(const tlmx::MteAccess* mte) { return mte && (mte->op == Op::TagRead || mte->op == Op::TagWrite); }

}  // namespace

TagStorageMemory::TagStorageMemory(sc_core::sc_module_name name, uint64_t size_bytes,
                                   const std::vector<Range>& no_tag_storage)
    : sc_module(name),
      socket("socket"),
      capability_(size_bytes, no_tag_storage),
      data_(size_bytes, "memory"),
      tags_(size_bytes / kBytesPerTagByte, "tag storage for memory"),
      tag_carveout_base_(size_bytes) {
  socket.register_b_transport(this, &TagStorageMemory::b_transport);
  socket.register_get_direct_mem_ptr(this, &TagStorageMemory::get_direct_mem_ptr);
  socket.register_transport_dbg(this, &TagStorageMemory::transport_dbg);
}

void TagStorageMemory::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  if (trans.get_command() == tlm::TLM_IGNORE_COMMAND) {
    // A timing model's line transfer (tlm/line_transfer.h): nothing moves.
    if (!CheckAccess(trans, data_.size())) return;
    tlmx::LineTransfer* line = trans.get_extension<tlmx::LineTransfer>();
    if (line && timing_) timing_->Transfer(trans.get_address(), trans.get_data_length(), *line, delay);
    else if (line) line->tags_ready = delay;
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
    return;
  }
  tlmx::MteAccess* mte = trans.get_extension<tlmx::MteAccess>();
  switch (mte ? mte->op : Op::Data) {
    case Op::Data:
      if (TransferData(trans)) trans.set_dmi_allowed(true);
      break;
    case Op::CheckedData:
      CheckedDataAccess(trans, *mte);
      break;
    case Op::TagRead:
    case Op::TagWrite:
      TagAccess(trans, *mte);
      break;
  }
}

bool TagStorageMemory::TransferData(tlm::tlm_generic_payload& trans) {
  if (!CheckAccess(trans, data_.size())) return false;
  uint8_t* mem = data_.base() + trans.get_address();
  if (trans.is_read()) std::memcpy(trans.get_data_ptr(), mem, trans.get_data_length());
  else if (trans.is_write()) std::memcpy(mem, trans.get_data_ptr(), trans.get_data_length());
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
  return true;
}

void TagStorageMemory::CheckedDataAccess(tlm::tlm_generic_payload& trans, tlmx::MteAccess& mte) {
  const uint64_t addr = trans.get_address();
  const unsigned granules = tlmx::MteAccess::GranulesCovered(addr, trans.get_data_length());
  if (granules > tlmx::MteAccess::kMaxGranules) {
    trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
    return;
  }
  if (!TransferData(trans)) return;
  trans.set_dmi_allowed(true);
  ++counters_.checked_accesses;
  const uint64_t first = addr & ~(kTagGranuleBytes - 1);
  mte.tag_storage = false;
  if (!UntaggedByAttributes(trans)) {
    for (unsigned i = 0; i < granules; ++i) {
      const uint64_t granule = first + i * kTagGranuleBytes;
      if (capability_.TagCapable(granule)) {
        mte.tags[i] = ReadAllocationTag(tags_.base(), granule);
        mte.tag_storage = true;
      } else {
        mte.tags[i] = mte.logical_tag & 0xF;  // no storage, no check: let it match
      }
    }
  }
  if (!mte.tag_storage) {
    std::memset(mte.tags, 0, granules);
    ++counters_.untagged;
  }
}

void TagStorageMemory::TagAccess(tlm::tlm_generic_payload& trans, tlmx::MteAccess& mte) {
  const uint64_t granules = trans.get_data_length() / kTagGranuleBytes;
  if (!WholeGranules(trans) || granules > tlmx::MteAccess::kMaxGranules) {
    trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
    return;
  }
  if (!CheckAccess(trans, data_.size())) return;
  const bool write = mte.op == Op::TagWrite;
  mte.tag_storage = TransferTags(trans.get_address(), granules, mte.tags, write, UntaggedByAttributes(trans));
  ++(write ? counters_.tag_writes : counters_.tag_reads);
  if (!mte.tag_storage) ++counters_.untagged;
  TagCapabilityMap::Span span;
  trans.set_dmi_allowed(capability_.TagDmiSpan(trans.get_address(), span));
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

bool TagStorageMemory::TransferTags(uint64_t offset, uint64_t granules, uint8_t* tags, bool write, bool untagged) {
  bool any = false;
  for (uint64_t i = 0; i < granules; ++i, offset += kTagGranuleBytes) {
    const bool stored = !untagged && capability_.TagCapable(offset);
    if (write) {
      if (stored) WriteAllocationTag(tags_.base(), offset, tags[i]);
    } else {
      tags[i] = stored ? ReadAllocationTag(tags_.base(), offset) : 0;
    }
    any |= stored;
  }
  return any;
}

bool TagStorageMemory::get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi) {
  dmi.set_read_latency(sc_core::SC_ZERO_TIME);
  dmi.set_write_latency(sc_core::SC_ZERO_TIME);
  if (!IsTagOp(trans.get_extension<tlmx::MteAccess>())) {
    dmi.set_dmi_ptr(data_.base());
    dmi.set_start_address(0);
    dmi.set_end_address(data_.size() - 1);
    dmi.allow_read_write();
    return true;
  }
  if (trans.get_address() >= data_.size()) return false;
  TagCapabilityMap::Span span;
  const bool granted = capability_.TagDmiSpan(trans.get_address(), span);
  dmi.set_start_address(span.begin);
  dmi.set_end_address(span.end - 1);
  if (!granted) {
    dmi.allow_none();
    return false;
  }
  dmi.set_dmi_ptr(tags_.base() + TagByteIndex(span.begin));
  dmi.allow_read_write();
  return true;
}

unsigned TagStorageMemory::transport_dbg(tlm::tlm_generic_payload& trans) {
  tlmx::MteAccess* mte = trans.get_extension<tlmx::MteAccess>();
  if (IsTagOp(mte)) return DebugTagAccess(trans, *mte);
  return TransferData(trans) ? trans.get_data_length() : 0;
}

unsigned TagStorageMemory::DebugTagAccess(tlm::tlm_generic_payload& trans, tlmx::MteAccess& mte) {
  if (!WholeGranules(trans)) {
    trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
    return 0;
  }
  if (!CheckAccess(trans, data_.size())) return 0;
  uint8_t* tags = trans.get_data_ptr();
  const uint64_t granules = trans.get_data_length() / kTagGranuleBytes;
  const bool write = mte.op == Op::TagWrite;
  mte.tag_storage = TransferTags(trans.get_address(), granules, tags, write, UntaggedByAttributes(trans));
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
  return trans.get_data_length();
}

}  // namespace mtesim::models
