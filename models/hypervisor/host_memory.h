// The hypervisor's view of the board's physical memory: host-side transfers through a
// TLM-2.0 initiator socket bound to the router, using transport_dbg as a kernel's direct
// map would (no timing, no stage 1 or 2). Data moves as plain debug transactions; tags
// move with tlmx::MteAccess TagRead/TagWrite, one tag per byte in bits [3:0], the layout
// of KVM_ARM_MTE_COPY_TAGS (tlm/mte_extension.h), so COPY_TAGS and tag sanitising need no
// repacking. Every call reports whether the whole range was transferred; none allocates.
#pragma once
#include <cstdint>
#include <functional>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

namespace mtesim::hyp {

constexpr uint64_t kPageBytes = 4096;  // the host's and the stage-2 granule (4K)
constexpr unsigned kPageShift = 12;
constexpr uint64_t kTagGranuleBytes = 16;
constexpr uint64_t kTagsPerPage = kPageBytes / kTagGranuleBytes;  // COPY_TAGS bytes per page

class HostPhysicalMemory : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<HostPhysicalMemory> socket;

  explicit HostPhysicalMemory(sc_core::sc_module_name name);

  // Told of every range the host has written (data, not tags): the board connects the
  // PEs' decoded-code cache here, as its loader does, so a PE never runs code the host
  // has since rewritten (an image loaded by the VMM, a page swapped or migrated in).
  using WriteObserver = std::function<void(uint64_t pa, uint64_t size)>;
  void ObserveWrites(WriteObserver observer) { write_observer_ = std::move(observer); }

  bool Read(uint64_t pa, uint8_t* data, uint64_t size);
  bool Write(uint64_t pa, const uint8_t* data, uint64_t size);
  bool Zero(uint64_t pa, uint64_t size);
  // Descriptors are little-endian 64-bit words, as the PE's walker reads them.
  bool ReadU64(uint64_t pa, uint64_t* value);
  bool WriteU64(uint64_t pa, uint64_t value);

  // A 32-bit device register (a real b_transport, not a debug transfer: a GIC register
  // write has side effects and its debug path refuses writes). False on an error response.
  bool WriteDevice32(uint64_t pa, uint32_t value);
  // Tags of the granules of [pa, pa + length): `tags` holds length / 16 bytes. pa and
  // length granule aligned. Memory without tag storage reads zeros and drops writes.
  bool ReadTags(uint64_t pa, uint64_t length, uint8_t* tags);
  bool WriteTags(uint64_t pa, uint64_t length, const uint8_t* tags);
  bool ClearTags(uint64_t pa, uint64_t length);

  // Whether every page of [pa, pa + size) (page aligned) has tag storage. The memory
  // reports, per debug transfer, whether any granule had storage; a page is taken as
  // tag-capable when the whole page and its first and last granules report storage
  // (tag-storage holes are configured in whole pages on mtesim's boards).
  bool HasTagStorage(uint64_t pa, uint64_t size);
  // Whether no page of [pa, pa + size) has tag storage.
  bool HasNoTagStorage(uint64_t pa, uint64_t size);

 private:
  // One debug transfer of at most 4 GiB; `op` TagRead/TagWrite for tags (then `size` is
  // the data extent). `tag_storage` (optional) receives the target's report.
  bool Transfer(tlm::tlm_command cmd, uint64_t pa, uint8_t* data, uint64_t size, bool tags,
                bool* tag_storage = nullptr);
  bool PageHasTagStorage(uint64_t pa);
  // The span [pa, end) over which the memory's tag storage is uniform, as its tag DMI
  // answer gives it (granted: tag storage throughout; refused: none, give or take the
  // granules sharing a tag byte at its ends). False when the memory names no such span.
  bool TagSpan(uint64_t pa, uint64_t& end, bool& tagged);

  WriteObserver write_observer_;
};

}  // namespace mtesim::hyp
