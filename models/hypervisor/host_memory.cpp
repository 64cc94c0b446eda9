#include "models/hypervisor/host_memory.h"

#include <algorithm>

#include "tlm/mte_extension.h"

namespace mtesim::hyp {
namespace {

// Zeros to copy from: one page of data, or the tags of 16 pages. Static so that clearing
// allocates nothing.
const uint8_t kZeros[kPageBytes] = {};
// A TLM data length is 32-bit: larger transfers go in chunks of this many data bytes.
constexpr uint64_t kChunk = uint64_t{1} << 30;

}  // namespace

HostPhysicalMemory::HostPhysicalMemory(sc_core::sc_module_name name) : sc_module(name), socket("socket") {}

bool HostPhysicalMemory::WriteDevice32(uint64_t pa, uint32_t value) {
  tlm::tlm_generic_payload trans;
  uint8_t data[4] = {static_cast<uint8_t>(value), static_cast<uint8_t>(value >> 8), static_cast<uint8_t>(value >> 16),
                     static_cast<uint8_t>(value >> 24)};
  trans.set_command(tlm::TLM_WRITE_COMMAND);
  trans.set_address(pa);
  trans.set_data_ptr(data);
  trans.set_data_length(4);
  trans.set_streaming_width(4);
  trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  socket->b_transport(trans, delay);
  return trans.is_response_ok();
}

bool HostPhysicalMemory::Transfer(tlm::tlm_command cmd, uint64_t pa, uint8_t* data, uint64_t size, bool tags,
                                  bool* tag_storage) {
  tlm::tlm_generic_payload trans;
  tlmx::MteAccess mte;
  trans.set_command(cmd);
  trans.set_address(pa);
  trans.set_data_ptr(data);
  trans.set_data_length(static_cast<unsigned>(size));
  trans.set_streaming_width(static_cast<unsigned>(size));
  if (tags) {
    mte.op = cmd == tlm::TLM_WRITE_COMMAND ? tlmx::MteAccess::Op::TagWrite : tlmx::MteAccess::Op::TagRead;
    trans.set_extension(&mte);
  }
  const unsigned done = socket->transport_dbg(trans);
  // The extension lives on this stack frame: detach it before the payload's destructor
  // would free it.
  if (tags) trans.clear_extension(&mte);
  if (tag_storage) *tag_storage = mte.tag_storage;
  return done == size;
}

bool HostPhysicalMemory::Read(uint64_t pa, uint8_t* data, uint64_t size) {
  for (uint64_t done = 0; done < size;) {
    const uint64_t n = std::min(kChunk, size - done);
    if (!Transfer(tlm::TLM_READ_COMMAND, pa + done, data + done, n, false)) return false;
    done += n;
  }
  return true;
}

bool HostPhysicalMemory::Write(uint64_t pa, const uint8_t* data, uint64_t size) {
  for (uint64_t done = 0; done < size;) {
    const uint64_t n = std::min(kChunk, size - done);
    // transport_dbg takes a non-const pointer for both directions; a write only reads it.
    if (!Transfer(tlm::TLM_WRITE_COMMAND, pa + done, const_cast<uint8_t*>(data + done), n, false)) return false;
    if (write_observer_) write_observer_(pa + done, n);
    done += n;
  }
  return true;
}

bool HostPhysicalMemory::Zero(uint64_t pa, uint64_t size) {
  for (uint64_t done = 0; done < size;) {
    const uint64_t n = std::min<uint64_t>(sizeof kZeros, size - done);
    if (!Write(pa + done, kZeros, n)) return false;
    done += n;
  }
  return true;
}

bool HostPhysicalMemory::ReadU64(uint64_t pa, uint64_t* value) {
  uint8_t bytes[8];
  if (!Read(pa, bytes, 8)) return false;
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = v << 8 | bytes[i];
  *value = v;
  return true;
}

bool HostPhysicalMemory::WriteU64(uint64_t pa, uint64_t value) {
  uint8_t bytes[8];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<uint8_t>(value >> (8 * i));
  return Write(pa, bytes, 8);
}

bool HostPhysicalMemory::ReadTags(uint64_t pa, uint64_t length, uint8_t* tags) {
  for (uint64_t done = 0; done < length;) {
    const uint64_t n = std::min(kChunk, length - done);
    if (!Transfer(tlm::TLM_READ_COMMAND, pa + done, tags + done / kTagGranuleBytes, n, true)) return false;
    done += n;
  }
  return true;
}

bool HostPhysicalMemory::WriteTags(uint64_t pa, uint64_t length, const uint8_t* tags) {
  for (uint64_t done = 0; done < length;) {
    const uint64_t n = std::min(kChunk, length - done);
    if (!Transfer(tlm::TLM_WRITE_COMMAND, pa + done, const_cast<uint8_t*>(tags + done / kTagGranuleBytes), n, true))
      return false;
    done += n;
  }
  return true;
}

bool HostPhysicalMemory::ClearTags(uint64_t pa, uint64_t length) {
  // kZeros holds the tags of 16 pages.
  constexpr uint64_t kExtent = sizeof kZeros * kTagGranuleBytes;
  for (uint64_t done = 0; done < length;) {
    const uint64_t n = std::min(kExtent, length - done);
    if (!WriteTags(pa + done, n, kZeros)) return false;
    done += n;
  }
  return true;
}

bool HostPhysicalMemory::PageHasTagStorage(uint64_t pa) {
  uint8_t tags[kTagsPerPage];
  bool any = false, first = false, last = false;
  if (!Transfer(tlm::TLM_READ_COMMAND, pa, tags, kPageBytes, true, &any)) return false;
  if (!Transfer(tlm::TLM_READ_COMMAND, pa, tags, kTagGranuleBytes, true, &first)) return false;
  if (!Transfer(tlm::TLM_READ_COMMAND, pa + kPageBytes - kTagGranuleBytes, tags, kTagGranuleBytes, true, &last))
    return false;
  return any && first && last;
}

bool HostPhysicalMemory::TagSpan(uint64_t pa, uint64_t& end, bool& tagged) {
  tlm::tlm_dmi dmi;
  tagged = tlmx::RequestTagDmi(socket, pa, dmi);
  end = dmi.get_end_address() + 1;
  return dmi.get_start_address() <= pa && end > pa;
}

// Both checks go span by span (a range's cost is its number of spans, not its size: a
// 64 TiB pool is one span), and page by page only where a span's edge may share a tag
// byte with the other kind, or where the memory names no span.
bool HostPhysicalMemory::HasTagStorage(uint64_t pa, uint64_t size) {
  const uint64_t limit = pa + size;
  for (uint64_t at = pa; at < limit;) {
    uint64_t end = 0;
    bool tagged = false;
    if (TagSpan(at, end, tagged) && tagged) {
      at = end;
      continue;
    }
    if (!PageHasTagStorage(at & ~(kPageBytes - 1))) return false;
    at = (at & ~(kPageBytes - 1)) + kPageBytes;
  }
  return true;
}

bool HostPhysicalMemory::HasNoTagStorage(uint64_t pa, uint64_t size) {
  uint8_t tags[kTagsPerPage];
  const auto page_has_none = [&](uint64_t page) {
    bool any = false;
    return Transfer(tlm::TLM_READ_COMMAND, page, tags, kPageBytes, true, &any) && !any;
  };
  const uint64_t limit = pa + size;
  for (uint64_t at = pa; at < limit;) {
    const uint64_t page = at & ~(kPageBytes - 1);
    uint64_t end = 0;
    bool tagged = false;
    if (TagSpan(at, end, tagged) && !tagged) {
      // The first and last pages of the span, whose edges may hold tagged granules.
      const uint64_t last = (std::min(end, limit) - 1) & ~(kPageBytes - 1);
      if (!page_has_none(page) || !page_has_none(last)) return false;
      at = last + kPageBytes;
      continue;
    }
    if (!page_has_none(page)) return false;
    at = page + kPageBytes;
  }
  return true;
}

}  // namespace mtesim::hyp
