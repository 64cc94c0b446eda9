// The memory controller's functional half: guest RAM with MTE allocation tags, as a
// TLM-2.0 target. Data and tags live in two sparse host stores allocated on first touch
// (a 64 GiB guest costs what it touches); the tag store is the 1/32 carve-out laid out as
// isa/tag_layout.h says. Parts of the memory may have no tag storage (configured ranges);
// tag accesses there behave as Untagged memory. Timing (tag cache, DRAM) is modelled
// elsewhere over this state, which is the only copy of the truth.
//
// Transactions follow tlmx::MteAccess (tlm/mte_extension.h); the choices it leaves open:
//
// b_transport
//   no extension, op Data   plain data, as SparseRam: outside the memory is
//                           TLM_ADDRESS_ERROR_RESPONSE, byte enables
//                           TLM_BYTE_ENABLE_ERROR_RESPONSE.
//   CheckedData             the data access, then tags[i] = allocation tag of the i-th
//                           granule touched, tag_storage = true. Untagged (below): tags 0,
//                           tag_storage = false. More than kMaxGranules granules is
//                           TLM_GENERIC_ERROR_RESPONSE and moves no data.
//   TagRead / TagWrite      one tag per granule of [address, address + data_length) in
//                           tags[]; the op, not the command, gives the direction; data is
//                           not touched. A malformed request (address not granule aligned,
//                           data_length zero, not a multiple of 16 or over kMaxGranules
//                           granules) is TLM_GENERIC_ERROR_RESPONSE: the initiator is at
//                           fault, not the address. Outside the memory is
//                           TLM_ADDRESS_ERROR_RESPONSE. Untagged: TagRead gives 0000,
//                           TagWrite is dropped, tag_storage = false.
//
// Untagged: a transaction carrying tlmx::MemoryAttributes whose mair_attr is not 0xF0
// (Device, Non-cacheable, Normal without Tagged) is Untagged throughout. One without
// MemoryAttributes is a host-side access (loader, hypervisor copy) and sees tags as
// stored. Otherwise each granule decides for itself: one without tag storage reads 0000
// and drops writes, and tag_storage is true when any granule covered has tag storage.
// A CheckedData access straddling both kinds reports, for granules without storage, the
// access's logical_tag, so the initiator's check passes there (no checks on Untagged
// memory) while the granules with storage are checked; the initiator must therefore set
// logical_tag on CheckedData. Wholly without storage, the tags are 0000 as above.
//
// get_direct_mem_ptr
//   no extension, Data, CheckedData   the data store, whole memory, read-write.
//   TagRead / TagWrite   the tag store, read-write, over the largest 32-byte-aligned span
//                        around the address whose granules all have tag storage; start
//                        and end are data addresses and dmi_ptr is the tag byte of start
//                        (mte_extension.h). Refused (false) where a tag byte would cover
//                        a granule without storage, with start/end set to the widest such
//                        span (so the initiator knows where not to ask again) and access
//                        DMI_ACCESS_NONE. MemoryAttributes are ignored: a DMI grant
//                        outlives one access, so applying Untagged is the initiator's job.
//
// transport_dbg
//   data as b_transport (no counters); with op TagRead / TagWrite, host-side tag
//   transfers of any size in the layout of KVM_ARM_MTE_COPY_TAGS: address granule
//   aligned, data_length the data extent covered (a multiple of 16), data_ptr holding
//   data_length / 16 bytes, one tag per byte in bits [3:0] (bits [7:4] read as 0 and are
//   ignored on write); tags[] is unused. Returns data_length, or 0 with an error response
//   as b_transport would give. The Untagged rules are those of b_transport.
#pragma once
#include <cstdint>
#include <vector>

#include <systemc>
#include <tlm>

#include "models/memory/memory_controller_timing.h"
#include <tlm_utils/simple_target_socket.h>

#include "models/memory/sparse_backing.h"
#include "models/memory/tag_capability_map.h"
#include "isa/tag_layout.h"
#include "tlm/mte_extension.h"

namespace mtesim::models {

using isa::mte::kBytesPerTagByte;
using isa::mte::kTagGranuleBytes;
using isa::mte::ReadAllocationTag;
using isa::mte::TagByteIndex;
using isa::mte::WriteAllocationTag;

class TagStorageMemory : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<TagStorageMemory> socket;

  using Range = TagCapabilityMap::Range;

  // `size_bytes`: a nonzero multiple of 32. `no_tag_storage`: memory offsets without tag
  // storage, validated as TagCapabilityMap says (mtesim::Error naming the range).
  TagStorageMemory(sc_core::sc_module_name name, uint64_t size_bytes, const std::vector<Range>& no_tag_storage = {});

  uint64_t size() const { return data_.size(); }
  // The data store: guest byte at offset O is host_base()[O].
  uint8_t* host_base() { return data_.base(); }
  // The tag store, tag_store_size() = size() / 32 bytes in the isa/tag_layout.h layout.
  uint8_t* tag_host_base() { return tags_.base(); }
  uint64_t tag_store_size() const { return tags_.size(); }
  const TagCapabilityMap& tag_capability() const { return capability_; }

  // Where the timing models (tag cache, DRAM) find tags: the tag byte of the granule at
  // offset O sits at carve-out address tag_carveout_base() + O / 32 in the controller's
  // DRAM address space. The default base is size(), the carve-out just above the data (a
  // DRAM of size() * 33 / 32 bytes); a platform reserving it elsewhere sets its own.
  void set_tag_carveout_base(uint64_t base) { tag_carveout_base_ = base; }
  uint64_t tag_carveout_base() const { return tag_carveout_base_; }
  uint64_t TagCarveoutAddress(uint64_t offset) const { return tag_carveout_base_ + TagByteIndex(offset); }

  // Transactions through b_transport that completed with TLM_OK_RESPONSE. DMI and debug
  // accesses bypass them.
  struct Counters {
    uint64_t tag_reads = 0;         // TagRead transactions
    uint64_t tag_writes = 0;        // TagWrite transactions
    uint64_t checked_accesses = 0;  // CheckedData transactions
    uint64_t untagged = 0;          // of those three, the ones that found no tag storage
  };
  const Counters& counters() const { return counters_; }
  // Host bytes behind the data store (as SparseRam::ResidentBytes) and the tag store.
  uint64_t ResidentBytes() const { return data_.ResidentBytes(); }
  uint64_t TagResidentBytes() const { return tags_.ResidentBytes(); }

  // Timing mode: tlmx::LineTransfer transactions (TLM_IGNORE_COMMAND) are timed by
  // `timing` (models/memory/memory_controller_timing.h); without it they complete at
  // once. They never touch the stores.
  void AttachTiming(MemoryControllerTiming* timing) { timing_ = timing; }

 private:
  MemoryControllerTiming* timing_ = nullptr;
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  bool get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);
  unsigned transport_dbg(tlm::tlm_generic_payload& trans);

  // Moves the data of a data access (b_transport or debug); false, with the response
  // set, when it cannot.
  bool TransferData(tlm::tlm_generic_payload& trans);
  void CheckedDataAccess(tlm::tlm_generic_payload& trans, tlmx::MteAccess& mte);
  void TagAccess(tlm::tlm_generic_payload& trans, tlmx::MteAccess& mte);
  unsigned DebugTagAccess(tlm::tlm_generic_payload& trans, tlmx::MteAccess& mte);
  // Moves the tags of `granules` granules from `offset` between the store and `tags`
  // (one per byte), by the per-granule rule above. Returns whether any had storage.
  bool TransferTags(uint64_t offset, uint64_t granules, uint8_t* tags, bool write, bool untagged);

  TagCapabilityMap capability_;  // first: validates the configuration before any mapping
  SparseBacking data_;
  SparseBacking tags_;
  uint64_t tag_carveout_base_;
  Counters counters_;
};

}  // namespace mtesim::models
