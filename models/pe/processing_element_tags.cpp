// The processing element's Memory Tagging: which memory holds tags, tag storage through
// DMI (tlm/mte_extension.h), tag checks of data accesses on the slow path, and the
// allocation-tag accesses of the tag instructions (AArch64.MemTag[]).
#include <cstring>

#include "models/pe/processing_element.h"
#include "tlm/mte_extension.h"

namespace mtesim::models {

void ProcessingElement::AttachTagStorage(uint64_t base, uint64_t size) {
  tag_storage_base_ = base;
  tag_storage_size_ = size;
  tag_dmi_count_ = tag_dmi_next_ = 0;
}

ProcessingElement::TagMemory ProcessingElement::TagMemoryOf(uint64_t va, const mmu::Translation& t) const {
  // Tagged Normal at stage 1 (MAIR 0xF0, or stage 1 off under HCR_EL2.DC with DCT), and
  // still write-back after stage 2 (the combined attribute).
  if (t.entry.attr == tlmx::kMairTaggedNormal) return TagMemory::Tagged;
  // FEAT_MTE_CANONICAL_TAGS: with TCR_ELx.MTX for the VA's half (of the current regime),
  // memory that is not Tagged holds the canonical tag of that half.
  if (mtx_[isa::Bit(va, 55)]) return TagMemory::Canonical;
  return TagMemory::Untagged;
}

uint8_t* ProcessingElement::TagStorageFor(uint64_t pa) {
  if (pa - tag_storage_base_ >= tag_storage_size_) return nullptr;
  for (unsigned k = 0; k < tag_dmi_count_; ++k) {
    const TagDmiRange& r = tag_dmi_[k];
    if (pa >= r.start && pa <= r.end) return r.ptr ? r.ptr + (pa - r.start) / 32 : nullptr;
  }
  // Ask the controller for DMI to the tag store around `pa`; a refusal marks memory
  // without tag storage (with the range the target says it covers).
  tlm::tlm_dmi dmi;
  const bool granted = tlmx::RequestTagDmi(socket, pa, dmi);
  TagDmiRange range;
  range.start = dmi.get_start_address();
  range.end = dmi.get_end_address();
  range.ptr = granted ? dmi.get_dmi_ptr() : nullptr;
  if (pa < range.start || pa > range.end || (granted && (range.start & 31))) {
    // No usable range from the target: remember just this granule pair as untagged.
    range.start = pa & ~uint64_t{31};
    range.end = range.start + 31;
    range.ptr = nullptr;
  }
  tag_dmi_[tag_dmi_next_] = range;
  tag_dmi_next_ = (tag_dmi_next_ + 1) % tag_dmi_.size();
  if (tag_dmi_count_ < tag_dmi_.size()) ++tag_dmi_count_;
  return range.ptr ? range.ptr + (pa - range.start) / 32 : nullptr;
}

uint8_t* ProcessingElement::PageTagStorage(uint64_t pa_page) {
  uint8_t* first = TagStorageFor(pa_page);
  if (!first) return nullptr;
  // The whole page must lie in one grant (the fast path indexes 128 bytes from `first`).
  for (unsigned k = 0; k < tag_dmi_count_; ++k) {
    const TagDmiRange& r = tag_dmi_[k];
    if (r.ptr && pa_page >= r.start && pa_page + 0xFFF <= r.end) return first;
  }
  return nullptr;
}

unsigned ProcessingElement::AllocationTagAt(uint64_t va, uint64_t pa, TagMemory kind) {
  if (kind == TagMemory::Canonical) return isa::mte::CanonicalTag(va);
  if (kind == TagMemory::Untagged) return 0;
  const uint8_t* byte = TagStorageFor(pa);
  return byte ? isa::mte::ReadAllocationTag(byte, pa % isa::mte::kBytesPerTagByte) : 0;
}

void ProcessingElement::CheckNoTagAccess(uint64_t va, const mmu::Translation& t, TagMemory kind, bool write,
                                         bool tag_access, bool tag_checked, isa::mte::TagCheckFault on_mismatch) {
  const bool notagaccess = t.stage2 && t.stage2_perms.notagaccess;
  if (!isa::mte::NoTagAccessFaults(notagaccess, kind == TagMemory::Tagged, tag_access, tag_checked, on_mismatch)) return;
  isa::Fault f;
  f.kind = isa::FaultKind::Permission;
  f.level = static_cast<int8_t>(t.stage2_perms.level);
  f.stage2 = true;
  f.ipa = t.ipa;
  f.write = write;
  f.tag_access = true;
  TranslationDataAbort(va, f);
}

void ProcessingElement::CheckTagAccessPermitted(const isa::AccessRequest& part, const mmu::Translation& t) {
  const TagMemory kind = TagMemoryOf(part.va, t);
  if (!IsTagChecked(part, kind != TagMemory::Untagged)) return;
  CheckNoTagAccess(part.va, t, kind, part.write, false, true,
                   isa::mte::TagCheckFaultFor(TagCheckControlsFor(part.kind).tcf, part.write, mte_level()));
}

void ProcessingElement::CheckAccessTags(const isa::AccessRequest& part, const mmu::Translation& t) {
  const TagMemory kind = TagMemoryOf(part.va, t);
  if (!IsTagChecked(part, kind != TagMemory::Untagged)) return;
  if (kind == TagMemory::Tagged && !TagStorageFor(t.pa)) return;  // no tag storage: Untagged
  uint8_t tags[ExecContext::kMaxTagGranules];
  const uint64_t first = t.pa & ~uint64_t{15};
  const unsigned count = static_cast<unsigned>(((t.pa + part.size - 1) >> 4) - (t.pa >> 4) + 1);
  for (unsigned g = 0; g < count && g < kMaxTagGranules; ++g) tags[g] = static_cast<uint8_t>(AllocationTagAt(part.va, first + 16 * g, kind));
  CheckTags(part, tags, std::min(count, kMaxTagGranules));
}

ProcessingElement::GranuleRange ProcessingElement::TranslateGranules(uint64_t va, unsigned count, bool write,
                                                                     isa::AccessKind kind) {
  GranuleRange r;
  r.va = va;
  r.bytes = uint64_t{count} * 16;
  r.first_bytes = std::min<uint64_t>(r.bytes, 0x1000 - (va & 0xFFF));
  r.part[0] = TranslateData(va, write, kind);
  if (r.first_bytes < r.bytes)
    r.part[1] = TranslateData(va + r.first_bytes, write, kind);
  return r;
}

void ProcessingElement::ReadAllocationTags(uint64_t va, unsigned count, uint8_t* tags, isa::AccessKind kind,
                                           bool tag_access) {
  (*counters_)[kTagReads] += count;
  // A page the fast TLB already holds with its tags: no translation needed.
  if ((va & 0xFFF) + uint64_t{count} * 16 <= 0x1000) {
    if (const uint8_t* page_tags = FastTlbPageTags(va, false, kind)) {
      const unsigned first = static_cast<unsigned>(va & 0xFFF) >> 4;
      for (unsigned g = 0; g < count; ++g) tags[g] = tag_access ? static_cast<uint8_t>(PageTag(page_tags, first + g)) : 0;
      if (port_ && tag_access) ReportFastTagAccess(va, count, false, kind);
      return;
    }
  }
  const GranuleRange r = TranslateGranules(va, count, false, kind);
  if (port_ && tag_access) ReportTagAccess(r, false);
  if (tag_access)
    for (uint64_t offset : {uint64_t{0}, r.first_bytes})
      if (offset < r.bytes)
        CheckNoTagAccess(va + offset, r.For(offset), TagMemoryOf(va + offset, r.For(offset)), false, true, false,
                         isa::mte::TagCheckFault::None);
  for (unsigned g = 0; g < count; ++g) {
    const uint64_t offset = uint64_t{g} * 16;
    const uint64_t granule_va = va + offset;
    tags[g] = tag_access ? static_cast<uint8_t>(AllocationTagAt(granule_va, r.Pa(offset), TagMemoryOf(granule_va, r.For(offset)))) : 0;
  }
}

void ProcessingElement::WriteAllocationTags(uint64_t va, unsigned count, const uint8_t* tags, isa::AccessKind kind,
                                            bool tag_access) {
  (*counters_)[kTagWrites] += count;
  if ((va & 0xFFF) + uint64_t{count} * 16 <= 0x1000) {
    if (uint8_t* storage = FastTlbPageTags(va, true, kind)) {
      if (!tag_access) return;
      const unsigned first = static_cast<unsigned>(va & 0xFFF) >> 4;
      for (unsigned g = 0; g < count; ++g)
        isa::mte::WriteAllocationTag(storage, uint64_t{first + g} * isa::mte::kTagGranuleBytes, tags[g]);
      if (port_) ReportFastTagAccess(va, count, true, kind);
      return;
    }
  }
  const GranuleRange r = TranslateGranules(va, count, true, kind);
  if (!tag_access) return;
  // A tag write to Canonically Tagged memory is a Permission fault with ISS2.TnD (MTE4);
  // one to memory stage 2 maps NoTagAccess a stage-2 Permission fault (FEAT_MTE_PERM).
  for (uint64_t offset : {uint64_t{0}, r.first_bytes}) {
    if (offset >= r.bytes) break;
    const mmu::Translation& t = r.For(offset);
    CheckNoTagAccess(va + offset, t, TagMemoryOf(va + offset, t), true, true, false, isa::mte::TagCheckFault::None);
    if (TagMemoryOf(va + offset, t) == TagMemory::Canonical) {
      isa::Fault f;
      f.kind = isa::FaultKind::Permission;
      f.level = t.entry.level;
      f.write = true;
      f.tag_not_data = true;
      DataAbort(va + offset, f);
    }
  }
  for (unsigned g = 0; g < count; ++g) {
    const uint64_t offset = uint64_t{g} * 16;
    if (TagMemoryOf(va + offset, r.For(offset)) != TagMemory::Tagged) continue;  // Untagged: dropped
    const uint64_t pa = r.Pa(offset);
    uint8_t* byte = TagStorageFor(pa);
    if (!byte) continue;
    isa::mte::WriteAllocationTag(byte, pa % isa::mte::kBytesPerTagByte, tags[g]);
  }
  if (port_) ReportTagAccess(r, true);
}

void ProcessingElement::ReportFastTagAccess(uint64_t va, unsigned count, bool write, isa::AccessKind kind) {
  const uint8_t idx = kind == isa::AccessKind::Unprivileged ? unpriv_mmu_index_ : mmu_index_;
  ReportAccess(va, FastTlbPhysicalPage(va, idx) | (TranslationKey(va) & 0xFFF), 16 * count,
               write ? MemoryAccessKind::TagWrite : MemoryAccessKind::TagRead, true, TagCheckTiming::None);
}

void ProcessingElement::ReportTagAccess(const GranuleRange& r, bool write) {
  // Each page's part whose memory holds tags (Untagged memory has none to move).
  for (uint64_t offset : {uint64_t{0}, r.first_bytes}) {
    if (offset >= r.bytes) break;
    const mmu::Translation& t = r.For(offset);
    if (TagMemoryOf(r.va + offset, t) != TagMemory::Tagged || !TagStorageFor(t.pa) || !memory_.Find(t.pa, 1)) continue;
    const uint64_t bytes = offset == 0 ? r.first_bytes : r.bytes - r.first_bytes;
    ReportAccess(r.va + offset, r.Pa(offset), static_cast<uint32_t>(bytes),
                 write ? MemoryAccessKind::TagWrite : MemoryAccessKind::TagRead, true, TagCheckTiming::None);
  }
}

}  // namespace mtesim::models
