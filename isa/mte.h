// FEAT_MTE tag arithmetic and check rules as pure functions, named after the Arm ARM
// pseudocode (AArch64.AllocationTagFromAddress, ChooseNonExcludedTag, NextRandomTagBit,
// RandomTag, AArch64.AccessIsTagChecked, AArch64.TagCheckFault...). No state: callers pass
// in the register fields that matter, so every rule can be tested on its own.
#pragma once
#include <cstdint>

namespace mtesim::isa::mte {

constexpr unsigned kLog2TagGranule = 4;
constexpr uint64_t kTagGranule = 1u << kLog2TagGranule;  // bytes per allocation tag

// ---- logical tags: VA[59:56] ----
constexpr unsigned AllocationTagFromAddress(uint64_t va) { return static_cast<unsigned>(va >> 56) & 0xF; }
constexpr uint64_t AddressWithAllocationTag(uint64_t va, unsigned tag) {
  return (va & ~(uint64_t{0xF} << 56)) | (uint64_t{tag & 0xFu} << 56);
}
constexpr uint64_t AlignToGranule(uint64_t va) { return va & ~(kTagGranule - 1); }

// ---- tag generation ----
// ChooseNonExcludedTag: with offset 0 the first non-excluded tag from `tag` upwards (mod
// 16); otherwise `offset` steps, each to the next non-excluded tag. 0 when all 16 are
// excluded.
unsigned ChooseNonExcludedTag(unsigned tag, unsigned offset, uint16_t exclude);

// One step of the 16-bit LFSR in RGSR_EL1.SEED: returns the new bit (also shifted in at
// the top of the seed).
bool NextRandomTagBit(uint16_t& seed);

// Four NextRandomTagBit results; the i-th is bit i of the tag.
unsigned RandomTag(uint16_t& seed);

// RGSR_EL1 fields.
constexpr unsigned RgsrTag(uint64_t rgsr) { return static_cast<unsigned>(rgsr) & 0xF; }
constexpr uint16_t RgsrSeed(uint64_t rgsr) { return static_cast<uint16_t>(rgsr >> 8); }
constexpr uint64_t MakeRgsr(unsigned tag, uint16_t seed) { return uint64_t{seed} << 8 | (tag & 0xFu); }

// IRG's tag (ChooseTagOrZero with the IMPLEMENTATION DEFINED GCR_EL1.RRND = 1 case done as
// QEMU does: the same LFSR, a zero seed replaced by kRrndSeed so runs stay reproducible).
// Returns the tag and updates `rgsr` (TAG and SEED) as the instruction does. With tag
// access disabled the tag is 0 and RGSR is unchanged.
constexpr uint16_t kRrndSeed = 0x1234;
unsigned IrgTag(uint64_t& rgsr, uint64_t gcr, uint16_t extra_exclude, bool tag_access_enabled);

// ---- when an access is Tag Checked ----

// The controls of the translation regime an access is checked under. For EL0 accesses
// and unprivileged (LDTR/STTR) accesses at EL1 they are the EL0 ones: ATA0, TCF0, TCSO0.
struct TagCheckControls {
  bool ata = false;         // SCTLR_ELx.ATA / ATA0
  bool el2_ata = true;      // HCR_EL2.ATA where EL2 is enabled (and not E2H:TGE = 11); true without EL2
  bool el3_ata = true;      // SCR_EL3.ATA where EL3 exists; true without EL3
  bool tco = false;         // PSTATE.TCO
  bool store_only = false;  // SCTLR_ELx.TCSO / TCSO0 (FEAT_MTE_STORE_ONLY)
  unsigned tcf = 0;         // SCTLR_ELx.TCF / TCF0
  bool tbi[2] = {false, false};   // TCR_ELx.TBI0/TBI1 (the VA's half is picked by VA[55])
  bool mtx[2] = {false, false};   // TCR_ELx.MTX0/MTX1 (FEAT_MTE_NO_ADDRESS_TAGS)
  bool tcma[2] = {false, false};  // TCR_ELx.TCMA0/TCMA1
};

// AArch64.AllocationTagAccessIsEnabled: the ATA chain (SCR_EL3, HCR_EL2, SCTLR_ELx).
constexpr bool AllocationTagAccessIsEnabled(const TagCheckControls& c) { return c.ata && c.el2_ata && c.el3_ata; }

// Whether an access that is a tag-check candidate by its instruction (see the isa
// semantics: not a literal load, not an SP-based immediate form without writeback, not a
// tag instruction...) is Tag Checked, given the memory it reaches. `memory_tagged` is
// "Normal Tagged at stage 1 (0xF0), Write-Back after stage 2, and in tag-capable memory".
bool AccessIsTagChecked(uint64_t va, bool is_write, bool memory_tagged, const TagCheckControls& c);

// What a tag mismatch does (AArch64.TagCheckFault and the TCF encodings).
enum class TagCheckFault : uint8_t { None, Synchronous, Asynchronous };
// `mte_level` is the PE's FEAT_MTE level (2 or 3). TCF = 0b11 is asymmetric (reads
// synchronous, writes asynchronous) at MTE3; at MTE2 it is reserved, and mtesim's
// CONSTRAINED UNPREDICTABLE choice is to treat it as 0b00 (no effect).
TagCheckFault TagCheckFaultFor(unsigned tcf, bool is_write, unsigned mte_level);

// TFSR_ELx / TFSRE0_EL1 bit an asynchronous fault sets: TF1 for VA[55] = 1, else TF0.
constexpr uint64_t TfsrBitFor(uint64_t va) { return (va >> 55) & 1 ? 2 : 1; }

// ---- FEAT_MTE_PERM: stage-2 NoTagAccess ----
// Whether an access to a location whose stage-2 mapping is NoTagAccess takes a stage-2
// Permission fault (ESR_EL2.ISS2.TagAccess) instead of proceeding. Only memory Tagged at
// stage 1 (`memory_tagged`) is affected: an allocation tag read or write made while tag
// access is enabled (`tag_access`) faults, and so does a Tag Checked data access
// (`tag_checked`) whose mismatch TCF would report (`on_mismatch` != None), whatever the
// tags hold. Data accesses that are not Tag Checked proceed.
constexpr bool NoTagAccessFaults(bool notagaccess, bool memory_tagged, bool tag_access, bool tag_checked,
                                 TagCheckFault on_mismatch) {
  if (!notagaccess || !memory_tagged) return false;
  return tag_access || (tag_checked && on_mismatch != TagCheckFault::None);
}

// ---- MTE4: canonical tags (FEAT_MTE_CANONICAL_TAGS with TCR_ELx.MTX) ----
// The allocation tag memory that is not Tagged at stage 1 has when MTX applies to the VA:
// 0b0000 for VA[55] = 0 and 0b1111 for VA[55] = 1.
constexpr unsigned CanonicalTag(uint64_t va) { return (va >> 55) & 1 ? 0xF : 0x0; }

}  // namespace mtesim::isa::mte
