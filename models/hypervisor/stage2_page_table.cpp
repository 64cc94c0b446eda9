#include "models/hypervisor/stage2_page_table.h"

#include "isa/register_fields.h"
#include "models/hypervisor/host_memory.h"
#include "models/hypervisor/host_page_allocator.h"
#include "models/hypervisor/kvm_errors.h"

namespace mtesim::hyp {
namespace {

// Stage-2 descriptor fields (Arm ARM D8.3, "Translation table descriptor formats").
constexpr uint64_t kValid = 1;
constexpr uint64_t kTableOrPage = 2;
constexpr unsigned kMemAttr = 2;  // [5:2]
constexpr unsigned kS2apRead = 6, kS2apWrite = 7;
constexpr unsigned kSh = 8;  // [9:8]
constexpr uint64_t kAf = uint64_t{1} << 10;
constexpr unsigned kXn = 53;  // [54:53]
constexpr uint64_t kOutputMask = ((uint64_t{1} << 48) - 1) & ~(kPageBytes - 1);
constexpr uint64_t kShInner = 3;
constexpr uint64_t kXnNever = 2;  // XN[1:0] = 0b10: not executable at EL1 or EL0 (FEAT_XNX)

uint8_t MemAttrOf(Stage2MemType type) {
  switch (type) {
    case Stage2MemType::Device: return 0x1;
    case Stage2MemType::NoTagAccess: return 0x4;
    default: return 0xF;
  }
}

Stage2MemType TypeOf(uint64_t memattr) {
  if (memattr == 0x4) return Stage2MemType::NoTagAccess;
  if ((memattr >> 2) == 0) return Stage2MemType::Device;
  return Stage2MemType::NormalWriteBack;
}

// VTCR_EL2.PS for a PARange in bits (Arm ARM: 0b000 32 ... 0b101 48).
uint64_t PsOf(unsigned pa_bits) {
  static constexpr unsigned kPs[] = {32, 36, 40, 42, 44, 48};
  for (uint64_t i = 0; i < 6; ++i)
    if (kPs[i] >= pa_bits) return i;
  return 5;
}

}  // namespace

Stage2PageTable::Stage2PageTable(HostPhysicalMemory& memory, HostPageAllocator& pages, unsigned ipa_bits,
                                 unsigned pa_bits, uint16_t vmid)
    : memory_(memory), pages_(pages), ipa_bits_(ipa_bits), pa_bits_(pa_bits), vmid_(vmid) {
  // Levels needed when the start table may index 4 more bits than one granule's 9.
  const unsigned levels = (ipa_bits_ - 12 - 4 + 8) / 9;
  start_level_ = 4 - static_cast<int>(levels);
  const unsigned index_bits = ipa_bits_ - Shift(start_level_);
  root_pages_ = index_bits > 9 ? uint64_t{1} << (index_bits - 9) : 1;
  namespace v = isa::vtcr;
  // T0SZ, SL0 (4K: 0 starts at level 2, 1 at level 1, 2 at level 0), walks Inner and Outer
  // Write-Back Write-Allocate Inner Shareable (as KVM's VTCR_EL2_COMMON_BITS), TG0 = 4K,
  // PS = the host's PARange, VS = 16-bit VMID.
  vtcr_ = uint64_t{64 - ipa_bits_} << v::T0SZ | uint64_t(2 - start_level_) << v::SL0 | uint64_t{1} << 8 |
          uint64_t{1} << 10 | uint64_t{3} << 12 | PsOf(pa_bits_) << v::PS | uint64_t{1} << v::VS;
}

Stage2PageTable::~Stage2PageTable() {
  if (root_) pages_.Free(root_, root_pages_);
  for (size_t i = root_ ? root_pages_ : 0; i < table_pages_.size(); ++i) pages_.Free(table_pages_[i], 1);
}

int Stage2PageTable::Init() {
  // Concatenated start tables are contiguous and aligned to their total size (D8.2.6).
  const int64_t root = pages_.Allocate(HostPool::Hypervisor, root_pages_, TagBacking::Any, root_pages_);
  if (root < 0) return kENOMEM;
  root_ = static_cast<uint64_t>(root);
  memory_.Zero(root_, root_pages_ << kPageShift);
  for (uint64_t i = 0; i < root_pages_; ++i) table_pages_.push_back(root_ + (i << kPageShift));
  return 0;
}

uint64_t Stage2PageTable::vttbr() const { return uint64_t{vmid_} << 48 | root_; }

uint64_t Stage2PageTable::DescriptorAddress(uint64_t ipa, bool create, bool* nomem) {
  if (!root_ || ipa >> ipa_bits_) return 0;
  uint64_t table = root_;
  for (int level = start_level_;; ++level) {
    const unsigned shift = Shift(level);
    const unsigned index_bits = level == start_level_ ? ipa_bits_ - shift : 9;
    const uint64_t entry = table + ((ipa >> shift) & ((uint64_t{1} << index_bits) - 1)) * 8;
    if (level == 3) return entry;
    uint64_t desc = 0;
    if (!memory_.ReadU64(entry, &desc)) return 0;
    if (!(desc & kValid)) {
      if (!create) return 0;
      // The fault path may allocate a table page (never on a per-access path).
      const int64_t page = pages_.Allocate(HostPool::Hypervisor, 1);
      if (page < 0) {
        if (nomem) *nomem = true;
        return 0;
      }
      memory_.Zero(static_cast<uint64_t>(page), kPageBytes);
      table_pages_.push_back(static_cast<uint64_t>(page));
      desc = static_cast<uint64_t>(page) | kTableOrPage | kValid;
      memory_.WriteU64(entry, desc);
    }
    table = desc & kOutputMask;
  }
}

int Stage2PageTable::Map(uint64_t ipa, uint64_t pa, const Stage2Attributes& a) {
  if ((ipa | pa) & (kPageBytes - 1) || ipa >> ipa_bits_ || pa >> pa_bits_) return kEINVAL;
  bool nomem = false;
  const uint64_t entry = DescriptorAddress(ipa, true, &nomem);
  if (!entry) return nomem ? kENOMEM : kEINVAL;
  const uint64_t desc = pa | kTableOrPage | kValid | uint64_t{MemAttrOf(a.type)} << kMemAttr |
                        uint64_t{a.read} << kS2apRead | uint64_t{a.write} << kS2apWrite | kShInner << kSh | kAf |
                        (a.exec ? 0 : kXnNever << kXn);
  uint64_t old = 0;
  if (!memory_.ReadU64(entry, &old) || !memory_.WriteU64(entry, desc)) return kEFAULT;
  if (!(old & kValid)) ++mapped_pages_;
  return 0;
}

void Stage2PageTable::Unmap(uint64_t ipa, uint64_t size) {
  for (uint64_t off = 0; off < size; off += kPageBytes) {
    const uint64_t entry = DescriptorAddress(ipa + off, false);
    uint64_t old = 0;
    if (!entry || !memory_.ReadU64(entry, &old) || !(old & kValid)) continue;
    memory_.WriteU64(entry, 0);
    --mapped_pages_;
  }
}

void Stage2PageTable::WriteProtect(uint64_t ipa, uint64_t size) {
  for (uint64_t off = 0; off < size; off += kPageBytes) {
    const uint64_t entry = DescriptorAddress(ipa + off, false);
    uint64_t desc = 0;
    if (entry && memory_.ReadU64(entry, &desc) && (desc & kValid))
      memory_.WriteU64(entry, desc & ~(uint64_t{1} << kS2apWrite));
  }
}

int Stage2PageTable::MakeWritable(uint64_t ipa) {
  const uint64_t entry = DescriptorAddress(ipa, false);
  uint64_t desc = 0;
  if (!entry || !memory_.ReadU64(entry, &desc) || !(desc & kValid)) return kEFAULT;
  return memory_.WriteU64(entry, desc | uint64_t{1} << kS2apWrite) ? 0 : kEFAULT;
}

bool Stage2PageTable::TestAndClearYoung(uint64_t ipa) {
  const uint64_t entry = DescriptorAddress(ipa, false);
  uint64_t desc = 0;
  if (!entry || !memory_.ReadU64(entry, &desc) || !(desc & kValid) || !(desc & kAf)) return false;
  memory_.WriteU64(entry, desc & ~kAf);
  return true;
}

int Stage2PageTable::MakeYoung(uint64_t ipa) {
  const uint64_t entry = DescriptorAddress(ipa, false);
  uint64_t desc = 0;
  if (!entry || !memory_.ReadU64(entry, &desc) || !(desc & kValid)) return kEFAULT;
  return memory_.WriteU64(entry, desc | kAf) ? 0 : kEFAULT;
}

Stage2Mapping Stage2PageTable::Lookup(uint64_t ipa) {
  Stage2Mapping m;
  const uint64_t entry = DescriptorAddress(ipa, false);
  uint64_t desc = 0;
  if (!entry || !memory_.ReadU64(entry, &desc) || !(desc & kValid)) return m;
  m.valid = true;
  m.young = desc & kAf;
  m.pa = (desc & kOutputMask) | (ipa & (kPageBytes - 1));
  m.attributes.read = (desc >> kS2apRead) & 1;
  m.attributes.write = (desc >> kS2apWrite) & 1;
  m.attributes.exec = ((desc >> kXn) & 3) == 0;
  m.attributes.type = TypeOf((desc >> kMemAttr) & 0xF);
  return m;
}

}  // namespace mtesim::hyp
