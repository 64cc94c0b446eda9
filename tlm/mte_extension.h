// TLM-2.0 payload extension for Memory Tagging accesses.
//
// A transaction without this extension is a plain data access. With it, `op` says what
// the access does with allocation tags:
//   Data         plain data access (the extension is ignored);
//   CheckedData  a Tag Checked data access: the target transfers the data as usual and
//                returns, in tags[], the allocation tag of every granule the access
//                touches (granule i = the one holding address + ... in order), and
//                sets tag_storage; the initiator compares them with logical_tag and
//                applies its check rules (the memory controller only stores tags);
//   TagRead      read allocation tags: address is granule aligned, data_length is the
//                data extent covered (a multiple of 16 bytes); tags[] receives one tag
//                per granule. The data buffer is not touched;
//   TagWrite     write allocation tags from tags[] over that extent; data is not touched.
// tag_storage is set by the target: false when the addressed memory has no tag storage
// (Untagged: TagRead returns zeros, TagWrite is dropped, CheckedData needs no check).
//
// DMI to tag storage: a get_direct_mem_ptr request carrying this extension with op
// TagRead (or TagWrite) asks for the tag store instead of the data. The returned
// tlm_dmi's start/end are *data* addresses, and the tag of the granule at data address
// A is the nibble ((A >> 4) & 1) of byte dmi_ptr + (A - start) / 32, the lower granule in
// bits [3:0] (start is 32-byte aligned). A target without tag storage for the address
// refuses the request.
//
// Debug access to tags: transport_dbg with op TagRead (or TagWrite) transfers tags
// host-side without the kMaxGranules limit, laid out as KVM_ARM_MTE_COPY_TAGS lays them
// out: address is granule aligned, data_length is the data extent covered (a multiple of
// 16 bytes), and data_ptr holds data_length / 16 bytes, one tag per byte in bits [3:0];
// tags[] is not used. It returns data_length when the whole extent was transferred, 0
// otherwise.
#pragma once
#include <cstdint>

#include <tlm>

namespace mtesim::tlmx {

struct MteAccess : tlm::tlm_extension<MteAccess> {
  enum class Op : uint8_t { Data, CheckedData, TagRead, TagWrite };
  // The most granules one transaction may cover: 2 KiB, the largest block of DC GZVA
  // (DCZID_EL0.BS = 9), which also covers LDGM/STGM/STZGM's 256 bytes (GMID_EL1.BS = 6).
  static constexpr unsigned kMaxGranules = 128;

  Op op = Op::Data;
  uint8_t logical_tag = 0;  // CheckedData: the pointer's tag (for targets that record it)
  bool tag_storage = false;  // set by the target
  uint8_t tags[kMaxGranules] = {};  // one 4-bit tag per byte

  // Granules in [address, address + length).
  static unsigned GranulesCovered(uint64_t address, uint64_t length) {
    return length == 0 ? 0 : static_cast<unsigned>(((address + length - 1) >> 4) - (address >> 4) + 1);
  }

  tlm::tlm_extension_base* clone() const override { return new MteAccess(*this); }
  void copy_from(const tlm::tlm_extension_base& other) override { *this = static_cast<const MteAccess&>(other); }
};

// Asks `socket`'s target for DMI to the tag store around `pa` (the TagRead form of
// get_direct_mem_ptr): true when granted; either way `dmi` holds the range the target
// answered for (a refusal's range is memory without tag storage).
template <typename Socket>
bool RequestTagDmi(Socket& socket, uint64_t pa, tlm::tlm_dmi& dmi) {
  tlm::tlm_generic_payload request;
  MteAccess mte;
  mte.op = MteAccess::Op::TagRead;
  request.set_command(tlm::TLM_READ_COMMAND);
  request.set_address(pa);
  request.set_extension(&mte);
  const bool granted = socket->get_direct_mem_ptr(request, dmi);
  request.clear_extension(&mte);
  return granted;
}

}  // namespace mtesim::tlmx
