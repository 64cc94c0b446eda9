// Assertion helpers shared by the isa/ unit tests: syndrome fields of the last exception
// and the common "this word is UNDEFINED and changes nothing" check.
#pragma once
#include <gtest/gtest.h>

#include <cstdint>

#include "tests/isa/flat_memory_context.h"

namespace mtesim::test {

inline uint32_t Ec(const FlatMemoryContext& c) { return static_cast<uint32_t>(c.s.sys.ESR_EL1 >> 26); }
inline uint32_t Dfsc(const FlatMemoryContext& c) { return static_cast<uint32_t>(c.s.sys.ESR_EL1 & 0x3F); }
inline bool WnR(const FlatMemoryContext& c) { return (c.s.sys.ESR_EL1 >> 6) & 1; }

inline void SetNzcv(FlatMemoryContext& c, unsigned nzcv) { c.SetNZCV(nzcv & 8, nzcv & 4, nzcv & 2, nzcv & 1); }

// The word takes the UNDEFINED exception (EC 0x00) and leaves X0 alone.
inline void ExpectUndefined(uint32_t word) {
  FlatMemoryContext c;
  c.s.R[0] = 0x1111;
  EXPECT_FALSE(c.Step(word)) << std::hex << word;
  EXPECT_EQ(c.LastExceptionClass(), 0u) << std::hex << word;
  EXPECT_EQ(c.s.R[0], 0x1111u) << std::hex << word;
}

}  // namespace mtesim::test
