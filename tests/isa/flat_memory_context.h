// An execution context over a flat little memory, for unit-testing semantics without a
// platform: one RAM window, MMU off semantics (identity), faults outside the window. All
// of it is Tagged memory with one allocation tag per 16-byte granule, and accesses are
// Tag Checked by the same rules the PE applies (ExecContext::IsTagChecked / CheckTags).
#pragma once
#include <cstdint>
#include <cstring>
#include <vector>

#include "isa/decoder.h"
#include "isa/exec_context.h"

namespace mtesim::test {

class FlatMemoryContext : public isa::ExecContext {
 public:
  static constexpr uint64_t kBase = 0x40000000;
  explicit FlatMemoryContext(size_t size = 1 << 20) : mem(size), tags(size / 16) {
    s.PC = kBase;
    // MMU "on" as far as alignment goes, so unaligned normal accesses are legal.
    s.sys.SCTLR_EL1 |= 1;
    UpdateDerivedState();
  }

  // Execute one instruction at PC; returns false when it took an exception.
  bool Step(uint32_t raw) {
    npc = s.PC + 4;
    try {
      isa::Decoder::Instance().Decode(raw)(*this, isa::Insn{raw});
      s.PC = npc;
      return true;
    } catch (const isa::ExceptionTaken&) {
      return false;
    }
  }

  uint32_t LastExceptionClass() const { return static_cast<uint32_t>(s.sys.ESR_EL1 >> 26); }

  template <typename T> T Peek(uint64_t pa) const { T v; std::memcpy(&v, &mem[pa - kBase], sizeof v); return v; }
  template <typename T> void Poke(uint64_t pa, T v) { std::memcpy(&mem[pa - kBase], &v, sizeof v); }
  uint8_t PeekTag(uint64_t pa) const { return tags[(pa - kBase) >> 4]; }
  void PokeTag(uint64_t pa, uint8_t tag) { tags[(pa - kBase) >> 4] = tag & 0xF; }

  std::vector<uint8_t> mem;
  std::vector<uint8_t> tags;  // one allocation tag per granule
  unsigned slow_accesses = 0;

  void ReadAllocationTags(uint64_t va, unsigned count, uint8_t* out, isa::AccessKind, bool tag_access) override {
    const uint64_t key = Translate(va, count * 16, false);
    for (unsigned g = 0; g < count; ++g) out[g] = tag_access ? tags[((key - kBase) >> 4) + g] : 0;
  }
  void WriteAllocationTags(uint64_t va, unsigned count, const uint8_t* in, isa::AccessKind, bool tag_access) override {
    const uint64_t key = Translate(va, count * 16, true);
    if (!tag_access) return;
    for (unsigned g = 0; g < count; ++g) tags[((key - kBase) >> 4) + g] = in[g] & 0xF;
  }

 protected:
  void AccessSlow(const isa::AccessRequest& a, void* data) override {
    ++slow_accesses;
    const uint64_t key = TranslationKey(a.va);
    // SCTLR_EL1.A (or MMU off): the derived mask keeps the low bits that must be zero.
    if (a.align_size <= 16 && (key & align_check_mask_[a.align_size] & 0xFFF) != 0) AlignmentFault(a.va, a.write);
    Translate(a.va, a.size, a.write);
    if (IsTagChecked(a, true)) {
      const uint64_t first = (key - kBase) >> 4, last = (key + a.size - 1 - kBase) >> 4;
      CheckTags(a, &tags[first], static_cast<unsigned>(last - first + 1));
    }
    if (a.write) std::memcpy(&mem[key - kBase], data, a.size);
    else std::memcpy(data, &mem[key - kBase], a.size);
  }

 private:
  // The identity "translation": a Translation fault outside the window.
  uint64_t Translate(uint64_t va, uint64_t size, bool write) {
    const uint64_t key = TranslationKey(va);
    // Written so that nothing wraps: an access at the top of the address space (key + size
    // past 2^64) is outside too.
    if (key < kBase || key - kBase > mem.size() || size > mem.size() - (key - kBase)) {
      isa::Fault f;
      f.kind = isa::FaultKind::Translation;
      f.write = write;
      DataAbort(va, f);
    }
    return key;
  }
};

}  // namespace mtesim::test
