// Properties of the encoding table itself: every pattern is consistent, and overlapping
// patterns are always resolvable (one strictly more specific than the other), so the
// decoder never depends on declaration order.
#include <gtest/gtest.h>

#include "isa/decoder.h"

using mtesim::isa::Decoder;
using mtesim::isa::Encoding;
using mtesim::isa::EncodingTable;

TEST(EncodingTable, ValuesLieInsideTheirMasks) {
  unsigned n = 0;
  const Encoding* t = EncodingTable(&n);
  for (unsigned k = 0; k < n; ++k) EXPECT_EQ(t[k].value & ~t[k].mask, 0u) << t[k].name;
}

TEST(EncodingTable, NoTwoEquallySpecificPatternsOverlap) {
  unsigned n = 0;
  const Encoding* t = EncodingTable(&n);
  for (unsigned a = 0; a < n; ++a)
    for (unsigned b = a + 1; b < n; ++b) {
      const bool overlap = ((t[a].value ^ t[b].value) & t[a].mask & t[b].mask) == 0;
      if (!overlap) continue;
      // Overlap is fine when one pattern is a strict refinement of the other.
      const bool a_refines_b = (t[a].mask & t[b].mask) == t[b].mask && t[a].mask != t[b].mask;
      const bool b_refines_a = (t[a].mask & t[b].mask) == t[a].mask && t[a].mask != t[b].mask;
      EXPECT_TRUE(a_refines_b || b_refines_a) << t[a].name << " overlaps " << t[b].name;
    }
}

TEST(EncodingTable, EveryEntryDecodesToItself) {
  unsigned n = 0;
  const Encoding* t = EncodingTable(&n);
  for (unsigned k = 0; k < n; ++k) {
    // The pattern's own value with all field bits zero, then all ones, must find an entry
    // at least as specific as this one (a refinement may legitimately win).
    for (const uint32_t word : {t[k].value, t[k].value | ~t[k].mask}) {
      const Encoding* found = Decoder::Instance().Find(word);
      ASSERT_NE(found, nullptr) << t[k].name;
      EXPECT_GE(__builtin_popcount(found->mask), __builtin_popcount(t[k].mask)) << t[k].name;
    }
  }
}
