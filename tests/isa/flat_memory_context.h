// An execution context over a flat little memory, for unit-testing semantics without a
// platform: one RAM window, MMU off semantics (identity), faults outside the window.
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
  explicit FlatMemoryContext(size_t size = 1 << 20) : mem(size) {
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

  std::vector<uint8_t> mem;
  unsigned slow_accesses = 0;

 protected:
  void AccessSlow(uint64_t va, void* data, unsigned size, bool write, isa::AccessKind kind) override {
    ++slow_accesses;
    const uint64_t key = TranslationKey(va);
    // SCTLR_EL1.A (or MMU off): the derived mask keeps the low bits that must be zero.
    if (size <= 16 && (key & align_check_mask_[size] & 0xFFF) != 0) AlignmentFault(va, write);
    if (key < kBase || key + size > kBase + mem.size()) {
      isa::Fault f;
      f.kind = isa::FaultKind::Translation;
      f.write = write;
      DataAbort(va, f);
    }
    if (write) std::memcpy(&mem[key - kBase], data, size);
    else std::memcpy(data, &mem[key - kBase], size);
  }
};

}  // namespace mtesim::test
