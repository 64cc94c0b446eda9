// One VM's stage-2 translation tables: VMSAv8-64 descriptors with the 4K granule, written
// into pages of the hypervisor's private pool (where no memslot can reach them) through
// host physical memory, and walked by the PE's MMU from the VTTBR_EL2/VTCR_EL2 values this
// class reports (Arm ARM D8, stage 2 of the EL1&0 regime).
//
// Geometry, as KVM's stage2 pgtable code chooses it: the VM's IPA size gives T0SZ; the
// start level is the lowest one whose table, concatenating up to 16 granule-sized tables
// (Arm ARM D8.2.6, "Concatenated translation tables"), resolves the remaining IPA bits,
// which saves a level of walk wherever that is possible (KVM's stage2_pgtable_levels:
// ARM64_HW_PGTABLE_LEVELS(ipa - 4)). Mappings are single pages (level 3); an empty
// intermediate table is kept, as KVM keeps them until the VM dies.
//
// Only this class writes descriptors. It does not invalidate TLBs: the caller (the fault
// and dirty-log paths) owns TLBI by VMID/IPA once PEs run vCPUs.
#pragma once
#include <cstdint>
#include <vector>

namespace mtesim::hyp {

class HostPhysicalMemory;
class HostPageAllocator;

// Stage-2 MemAttr[3:0] without FEAT_S2FWB (HCR_EL2.FWB = 0), the encodings KVM uses.
enum class Stage2MemType : uint8_t {
  NormalWriteBack,  // 0b1111: Normal, Inner/Outer Write-Back (stage 1 decides Tagged)
  Device,           // 0b0001: Device-nGnRE (KVM's PAGE_S2_DEVICE)
  NoTagAccess,      // 0b0100: FEAT_MTE_PERM NoTagAccess (Write-Back, tag accesses fault)
};

struct Stage2Attributes {
  bool read = true;
  bool write = true;
  bool exec = true;
  Stage2MemType type = Stage2MemType::NormalWriteBack;
};

struct Stage2Mapping {
  bool valid = false;
  bool young = false;  // the access flag
  uint64_t pa = 0;  // of the IPA looked up (page base plus offset)
  Stage2Attributes attributes;
};

class Stage2PageTable {
 public:
  // `ipa_bits` 32..48; `pa_bits` the host's PARange (VTCR_EL2.PS); `vmid` 16-bit.
  Stage2PageTable(HostPhysicalMemory& memory, HostPageAllocator& pages, unsigned ipa_bits, unsigned pa_bits,
                  uint16_t vmid);
  ~Stage2PageTable();  // returns every table page to the private pool
  Stage2PageTable(const Stage2PageTable&) = delete;
  Stage2PageTable& operator=(const Stage2PageTable&) = delete;

  // Allocates and clears the start-level table(s). 0, or ENOMEM.
  int Init();

  uint64_t vtcr() const { return vtcr_; }
  uint64_t vttbr() const;  // BADDR of the start table, VMID in [63:48]
  int start_level() const { return start_level_; }
  unsigned start_tables() const { return static_cast<unsigned>(root_pages_); }

  // Maps the page at `ipa` to the page at `pa`. EINVAL for unaligned or out-of-range
  // addresses; ENOMEM when no table page can be had. Replaces an existing mapping.
  int Map(uint64_t ipa, uint64_t pa, const Stage2Attributes& attributes);
  // Removes the mappings of the pages of [ipa, ipa + size).
  void Unmap(uint64_t ipa, uint64_t size);
  // Dirty logging: clears S2AP[1] (write) of every mapped page of the range, so the next
  // write (or tag write) to each faults.
  void WriteProtect(uint64_t ipa, uint64_t size);
  // Sets S2AP[1] of the mapped page at `ipa`. EFAULT when it is not mapped.
  int MakeWritable(uint64_t ipa);
  // The access flag as Linux ages pages (kvm_age_gfn / kvm_pgtable_stage2_test_clear_young):
  // whether the mapped page at `ipa` has been accessed since the last call, and clears
  // its AF so that the next access takes an Access flag fault. False when not mapped.
  bool TestAndClearYoung(uint64_t ipa);
  // Sets the AF of the mapped page at `ipa` (handle_access_fault). EFAULT when unmapped.
  int MakeYoung(uint64_t ipa);
  // The mapping of `ipa`, read back from the descriptors in memory.
  Stage2Mapping Lookup(uint64_t ipa);
  // Pages mapped now: the VM's resident set (what the host gave it and it touched).
  uint64_t mapped_pages() const { return mapped_pages_; }

  // Every page the tables occupy (start tables first).
  const std::vector<uint64_t>& table_pages() const { return table_pages_; }

 private:
  // The PA of the level-3 descriptor of `ipa`, creating missing tables when `create`;
  // 0 when there is none (or no page for a table could be had: *nomem set).
  uint64_t DescriptorAddress(uint64_t ipa, bool create, bool* nomem = nullptr);
  unsigned Shift(int level) const { return 12 + 9 * static_cast<unsigned>(3 - level); }

  HostPhysicalMemory& memory_;
  HostPageAllocator& pages_;
  unsigned ipa_bits_, pa_bits_;
  uint64_t mapped_pages_ = 0;
  uint16_t vmid_;
  int start_level_;
  uint64_t root_pages_;
  uint64_t root_ = 0;
  uint64_t vtcr_ = 0;
  std::vector<uint64_t> table_pages_;
};

}  // namespace mtesim::hyp
