// Fuzz target: the A64 decoder and instruction semantics (isa/, no SystemC) on arbitrary
// instruction words, executed one after another on a flat-memory context like the unit
// tests' (tests/isa/flat_memory_context.h). The first bytes choose the starting state, so
// the fuzzer reaches MTE levels, tag-check modes, EL0/EL1/EL2 and HCR_EL2 traps that a
// default context never sees; the rest are the words. Any word must execute or take an
// architectural exception: anything else (an escaping C++ exception, ASan, UBSan) fails.
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "isa/register_fields.h"
#include "tests/isa/flat_memory_context.h"

namespace {

using mtesim::isa::ExecContext;
using mtesim::test::FlatMemoryContext;

// Hypercalls and SMCs are answered as the byte said (as tests/isa/el2_test_context.h's
// firmware does), and the system counter moves, so timers and traps take both paths.
class FuzzContext : public FlatMemoryContext {
 public:
  explicit FuzzContext(size_t size) : FlatMemoryContext(size) {}
  bool firmware_handles = false;
  uint64_t count = 0;
  bool Hypercall(uint16_t) override { return firmware_handles; }
  bool SecureMonitorCall(uint16_t) override { return firmware_handles; }
  uint64_t PhysicalCount() override { return count; }
};

constexpr uint64_t Bit(unsigned n) { return uint64_t{1} << n; }
constexpr size_t kStateBytes = 8;
constexpr size_t kMemory = 64 * 1024;  // small: every input builds a fresh context

// The starting state from the first kStateBytes bytes.
void SetUp(FuzzContext& c, const uint8_t* b) {
  namespace sctlr = mtesim::isa::sctlr;
  namespace tcr = mtesim::isa::tcr;
  namespace hcr = mtesim::isa::hcr;
  mtesim::isa::MteFeatures mte;
  mte.level = b[0] & 3;
  mte.store_only = b[0] & 4;
  mte.canonical_tags = b[0] & 8;
  mte.tagged_far = b[0] & 16;
  mte.perm = b[0] & 32;
  mte.gmid_bs = 2 + (b[0] >> 6);  // 2..5 (6 is the default)
  c.ConfigureMte(mte);
  const bool el2 = b[1] & 1;
  c.ConfigureEl2(el2);
  c.firmware_handles = b[1] & 2;
  // SCTLR_EL1 / SCTLR_EL2: TCF, TCF0, ATA, ATA0, TCSO and alignment checking.
  const uint64_t sctlr_bits = (uint64_t{b[2]} & 0xF) << sctlr::TCF0 | (b[2] & 0x30ull) << (sctlr::ATA0 - 4) |
                              (b[2] & 0x40 ? Bit(sctlr::TCSO) | Bit(sctlr::TCSO0) : 0) |
                              (b[2] & 0x80 ? Bit(sctlr::A) : 0);
  c.s.sys.SCTLR_EL1 |= sctlr_bits;
  c.s.sys.SCTLR_EL2 |= sctlr_bits;
  // TCR_EL1: TBI, TCMA and MTX on either half.
  c.s.sys.TCR_EL1 = (b[3] & 1 ? Bit(tcr::TBI0) : 0) | (b[3] & 2 ? Bit(tcr::TBI1) : 0) |
                    (b[3] & 4 ? Bit(tcr::TCMA0) : 0) | (b[3] & 8 ? Bit(tcr::TCMA1) : 0) |
                    (b[3] & 16 ? Bit(tcr::MTX0) | Bit(tcr::TBI0) : 0) | (b[3] & 32 ? Bit(tcr::TBID0) : 0);
  // GCR_EL1: the exclusion mask and RRND; RGSR_EL1's seed.
  c.s.sys.GCR_EL1 = uint64_t{b[4]} | (uint64_t{b[5]} & 0x81) << 8;
  c.s.sys.RGSR_EL1 = uint64_t{b[5]} << 8;
  if (el2) {
    // HCR_EL2: a selection of the traps and routing bits, always RW.
    static constexpr unsigned kHcrBits[8] = {hcr::VM, hcr::TGE, hcr::ATA, hcr::IMO, hcr::TID3, hcr::TSC, hcr::TVM,
                                            hcr::VI};
    uint64_t v = Bit(hcr::RW);
    for (unsigned i = 0; i < 8; ++i)
      if (b[6] & (1u << i)) v |= Bit(kHcrBits[i]);
    c.s.sys.HCR_EL2 = v;
    c.s.sys.VBAR_EL2 = FlatMemoryContext::kBase + 0x2000;
    c.HcrChanged();
  }
  // PSTATE: EL (EL2 only when implemented), SPSel, TCO, PAN, the interrupt masks.
  unsigned el = b[7] & 3;
  if (el == 3 || (el == 2 && !el2)) el = 1;
  c.s.PSTATE.EL = static_cast<uint8_t>(el);
  c.s.PSTATE.SP = el != 0 && (b[7] & 4);
  c.s.PSTATE.TCO = b[7] & 8;
  c.s.PSTATE.PAN = b[7] & 16;
  c.s.PSTATE.I = c.s.PSTATE.F = b[7] & 32;
  c.s.sys.VBAR_EL1 = FlatMemoryContext::kBase + 0x1000;
  c.s.PC = FlatMemoryContext::kBase + 0x4000;
  // Registers point into the window (with assorted logical tags), so loads and stores
  // reach memory and its allocation tags.
  for (unsigned r = 0; r < 31; ++r)
    c.s.R[r] = (uint64_t{r & 0xF} << 56) + FlatMemoryContext::kBase + 0x8000 + r * 256;
  c.s.R[31] = FlatMemoryContext::kBase + 0xC000;
  c.s.SP_el[0] = c.s.SP_el[1] = c.s.SP_el[2] = c.s.R[31];
  for (size_t g = 0; g < kMemory / 16; ++g) c.tags[g] = static_cast<uint8_t>(g & 0xF);
  c.UpdateDerivedState();
  c.PstateChanged();
  if (b[1] & 4) c.SetInterruptLine(ExecContext::kIrqLine, true);
  if (b[1] & 8) c.SetInterruptLine(ExecContext::kVirqLine, true);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < kStateBytes) return 0;
  FuzzContext c(kMemory);
  SetUp(c, data);
  for (size_t at = kStateBytes; at + 4 <= size; at += 4) {
    uint32_t word;
    std::memcpy(&word, data + at, 4);
    c.Step(word);
    ++c.count;
    // Between instructions, as the PE does: a pending interrupt is taken now.
    c.TakePendingInterrupt();
  }
  return 0;
}
