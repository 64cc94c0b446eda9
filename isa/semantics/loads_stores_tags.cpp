// Load/store memory tags (FEAT_MTE, C6.2 STG, STZG, ST2G, STZ2G, LDG, STGM, STZGM, LDGM)
// and STGP. Tag accesses are never Tag Checked; they translate (and fault) like data
// accesses, need 16-byte alignment for stores, and do nothing to the tags when allocation
// tag access is disabled (AArch64.MemTag[]). LDGM, STGM and STZGM need FEAT_MTE2 and are
// UNDEFINED at EL0.
#include "isa/semantics/loads_stores_common.h"

namespace mtesim::isa {

namespace {

using ldst::BaseAddress;
using ldst::Imm9;

enum class Index { PostIndex, SignedOffset, PreIndex };

bool TagAccessEnabled(const ExecContext& c) {
  return mte::AllocationTagAccessIsEnabled(c.TagCheckControlsFor(AccessKind::Normal));
}

void RequireMte(ExecContext& c) {
  if (c.mte_level() == 0) c.Undefined();
}

// LDGM, STGM, STZGM: FEAT_MTE2, and EL1 only.
void RequireBulkTagAccess(ExecContext& c) {
  if (c.mte_level() < 2 || c.s.PSTATE.EL == 0) c.Undefined();
}

// Stores of allocation tags must be granule aligned (the Alignment fault is a write).
void CheckTagStoreAlignment(ExecContext& c, uint64_t address) {
  if (address & (mte::kTagGranule - 1)) c.AlignmentFault(address, true);
}

// STG, STZG, ST2G, STZ2G: the tag of Xt|SP (Rt = 31 is SP) to `granules` granules at the
// address, zeroing their data when `zero_data`; base writeback for the indexed forms.
template <unsigned Granules, bool ZeroData, Index I> void StoreTags(ExecContext& c, Insn i) {
  RequireMte(c);
  const int64_t offset = Imm9(i) * static_cast<int64_t>(mte::kTagGranule);
  uint64_t address = BaseAddress(c, i.Rn());
  if constexpr (I != Index::PostIndex) address += offset;
  const uint8_t tag = static_cast<uint8_t>(mte::AllocationTagFromAddress(c.XorSP(i.Rt())));
  CheckTagStoreAlignment(c, address);
  const uint8_t tags[2] = {tag, tag};
  c.WriteAllocationTags(address, Granules, tags, AccessKind::Normal, TagAccessEnabled(c));
  if constexpr (ZeroData) c.ZeroBlock(address, Granules * mte::kTagGranule, AccessKind::Normal, false);
  if constexpr (I == Index::PostIndex) address += offset;
  if constexpr (I != Index::SignedOffset) c.SetXorSP(i.Rn(), address);
}

// STGP: 16 data bytes from Xt and Xt2 (not Tag Checked) and the address's own tag to the
// granule; imm7 is scaled by 16.
template <Index I> void StoreTagPair(ExecContext& c, Insn i) {
  RequireMte(c);
  const int64_t offset = SignExtend(i.field(21, 15), 7) * static_cast<int64_t>(mte::kTagGranule);
  uint64_t address = BaseAddress(c, i.Rn());
  if constexpr (I != Index::PostIndex) address += offset;
  const uint64_t data1 = c.X(i.Rt()), data2 = c.X(i.Rt2());
  CheckTagStoreAlignment(c, address);
  const uint8_t tag = static_cast<uint8_t>(mte::AllocationTagFromAddress(address));
  c.WriteAllocationTags(address, 1, &tag, AccessKind::Normal, TagAccessEnabled(c));
  c.WritePair<uint64_t>(address, data1, data2, AccessKind::Normal, false);
  if constexpr (I == Index::PostIndex) address += offset;
  if constexpr (I != Index::SignedOffset) c.SetXorSP(i.Rn(), address);
}

// The naturally aligned block of `bytes` holding `address`.
uint64_t BlockBase(uint64_t address, uint64_t bytes) { return address & ~(bytes - 1); }

}  // namespace

#define MTESIM_TAG_STORE_FORMS(NAME, GRANULES, ZERO)                                                         \
  void NAME##_PostIndex(ExecContext& c, Insn i) { StoreTags<GRANULES, ZERO, Index::PostIndex>(c, i); }       \
  void NAME##_SignedOffset(ExecContext& c, Insn i) { StoreTags<GRANULES, ZERO, Index::SignedOffset>(c, i); } \
  void NAME##_PreIndex(ExecContext& c, Insn i) { StoreTags<GRANULES, ZERO, Index::PreIndex>(c, i); }
MTESIM_TAG_STORE_FORMS(STG, 1, false)
MTESIM_TAG_STORE_FORMS(STZG, 1, true)
MTESIM_TAG_STORE_FORMS(ST2G, 2, false)
MTESIM_TAG_STORE_FORMS(STZ2G, 2, true)
#undef MTESIM_TAG_STORE_FORMS

void STGP_PostIndex(ExecContext& c, Insn i) { StoreTagPair<Index::PostIndex>(c, i); }
void STGP_SignedOffset(ExecContext& c, Insn i) { StoreTagPair<Index::SignedOffset>(c, i); }
void STGP_PreIndex(ExecContext& c, Insn i) { StoreTagPair<Index::PreIndex>(c, i); }

// LDG: Xt keeps its other bits and takes the tag of the granule at Xn|SP + imm9 * 16
// (aligned down to the granule).
void LoadTag(ExecContext& c, Insn i) {
  RequireMte(c);
  const uint64_t address = mte::AlignToGranule(BaseAddress(c, i.Rn()) + Imm9(i) * static_cast<int64_t>(mte::kTagGranule));
  uint8_t tag = 0;
  c.ReadAllocationTags(address, 1, &tag, AccessKind::Normal, TagAccessEnabled(c));
  c.SetX(i.Rt(), mte::AddressWithAllocationTag(c.X(i.Rt()), tag));
}

// LDGM: the tags of the GMID_EL1.BS block holding Xn|SP into Xt, the tag of the granule at
// A in nibble A[7:4] and every other bit 0.
void LoadTagMultiple(ExecContext& c, Insn i) {
  RequireBulkTagAccess(c);
  const uint64_t bytes = uint64_t{4} << c.s.id.GMID_EL1;
  const uint64_t address = BlockBase(BaseAddress(c, i.Rn()), bytes);
  const unsigned count = static_cast<unsigned>(bytes >> mte::kLog2TagGranule);
  uint8_t tags[16] = {};
  c.ReadAllocationTags(address, count, tags, AccessKind::Normal, TagAccessEnabled(c));
  uint64_t data = 0;
  const unsigned first = static_cast<unsigned>(address >> mte::kLog2TagGranule) & 15;
  for (unsigned k = 0; k < count; ++k) data |= uint64_t{tags[k]} << (4 * ((first + k) & 15));
  c.SetX(i.Rt(), data);
}

// STGM: the tags of the GMID_EL1.BS block holding Xn|SP from Xt's nibbles (nibble A[7:4]
// for the granule at A).
void StoreTagMultiple(ExecContext& c, Insn i) {
  RequireBulkTagAccess(c);
  const uint64_t bytes = uint64_t{4} << c.s.id.GMID_EL1;
  const uint64_t address = BlockBase(BaseAddress(c, i.Rn()), bytes);
  const unsigned count = static_cast<unsigned>(bytes >> mte::kLog2TagGranule);
  const uint64_t data = c.X(i.Rt());
  uint8_t tags[16];
  const unsigned first = static_cast<unsigned>(address >> mte::kLog2TagGranule) & 15;
  for (unsigned k = 0; k < count; ++k) tags[k] = static_cast<uint8_t>((data >> (4 * ((first + k) & 15))) & 0xF);
  c.WriteAllocationTags(address, count, tags, AccessKind::Normal, TagAccessEnabled(c));
}

// STZGM: tag Xt[3:0] and zero data over the DCZID_EL0 block holding Xn|SP.
void StoreTagAndZeroMultiple(ExecContext& c, Insn i) {
  RequireBulkTagAccess(c);
  const uint64_t bytes = uint64_t{4} << c.s.id.DCZID_BS;
  const uint64_t address = BlockBase(BaseAddress(c, i.Rn()), bytes);
  const unsigned count = static_cast<unsigned>(bytes >> mte::kLog2TagGranule);
  uint8_t tags[ExecContext::kMaxTagGranules];
  for (unsigned k = 0; k < count; ++k) tags[k] = static_cast<uint8_t>(c.X(i.Rt()) & 0xF);
  c.WriteAllocationTags(address, count, tags, AccessKind::Normal, TagAccessEnabled(c));
  c.ZeroBlock(address, static_cast<unsigned>(bytes), AccessKind::Normal, false);
}

}  // namespace mtesim::isa
