// Guests that execute garbage must get architectural outcomes, never a simulator crash:
// every 32-bit word either executes or takes an exception through the context.
#include <gtest/gtest.h>

#include <random>

#include "tests/isa/flat_memory_context.h"

using mtesim::test::FlatMemoryContext;

namespace {

// Runs `count` pseudo-random words, resetting to a sane EL1 state whenever a word moved
// the PC or the stack pointer away, so that later words still reach memory.
void RunRandomWords(uint32_t seed, unsigned count, uint32_t fixed_mask, uint32_t fixed_bits) {
  FlatMemoryContext c;
  std::mt19937 rng(seed);
  unsigned executed = 0, exceptions = 0;
  for (unsigned k = 0; k < count; ++k) {
    const uint32_t word = (static_cast<uint32_t>(rng()) & ~fixed_mask) | fixed_bits;
    c.s.PC = FlatMemoryContext::kBase + 0x1000;
    for (unsigned r = 0; r < 31; ++r) c.s.R[r] = FlatMemoryContext::kBase + 0x8000 + r * 64;
    c.s.R[31] = FlatMemoryContext::kBase + 0x10000;
    (c.Step(word) ? executed : exceptions)++;
    // Keep the context in EL1 with the MMU-off-like flat memory the test context models.
    if (c.s.PSTATE.EL != 1 || c.s.PSTATE.IL) {
      c.s.PSTATE = mtesim::isa::ProcState{};
      c.UpdateDerivedState();
    }
  }
  EXPECT_EQ(executed + exceptions, count);
  EXPECT_GT(exceptions, 0u);
}

}  // namespace

TEST(RandomWords, AnyWordExecutesOrTakesAnException) { RunRandomWords(1, 200000, 0, 0); }

// Bias towards the load/store space (op0 = x1x0) where addressing modes are richest.
TEST(RandomWords, LoadStoreSpace) { RunRandomWords(2, 200000, 0x0A000000, 0x08000000); }

// And the system space (1101 0101 00...), where MSR/SYS reach system registers and TLBI.
TEST(RandomWords, SystemSpace) { RunRandomWords(3, 200000, 0xFFC00000, 0xD5000000); }
