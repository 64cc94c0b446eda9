// The exclusive monitor tracks the location accessed, so with TBI the top-byte tag of
// the pointer does not take part (D8.8: the tag is ignored for address translation).
#include <gtest/gtest.h>

#include "tests/isa/flat_memory_context.h"

using mtesim::test::FlatMemoryContext;

namespace {
constexpr uint32_t kLdxrX0X1 = 0xC85F7C20;      // ldxr x0, [x1]
constexpr uint32_t kStxrW2X0X3 = 0xC8027C60;    // stxr w2, x0, [x3]
constexpr uint64_t kTcrTbi0 = uint64_t{1} << 37;
constexpr uint64_t kAddr = FlatMemoryContext::kBase + 0x100;
}  // namespace

TEST(ExclusiveMonitor, DifferentTopByteTagsUnderTbiHitTheSameMonitor) {
  FlatMemoryContext c;
  c.s.sys.TCR_EL1 = kTcrTbi0;
  c.UpdateDerivedState();
  c.s.R[1] = kAddr | (uint64_t{0x3} << 56);
  c.s.R[3] = kAddr | (uint64_t{0xA} << 56);
  ASSERT_TRUE(c.Step(kLdxrX0X1));
  ASSERT_TRUE(c.Step(kStxrW2X0X3));
  EXPECT_EQ(c.X(2), 0u);  // success
}

TEST(Conditions, TableMatchesDefinition) {
  // Spot checks of the table-driven ConditionHolds: GT needs Z = 0 and N == V.
  mtesim::isa::ProcState p;
  p.N = true; p.V = true; p.Z = false;
  EXPECT_TRUE(mtesim::isa::ConditionHolds(p, 0xC));   // GT
  p.Z = true;
  EXPECT_FALSE(mtesim::isa::ConditionHolds(p, 0xC));
  EXPECT_TRUE(mtesim::isa::ConditionHolds(p, 0xD));   // LE
  EXPECT_TRUE(mtesim::isa::ConditionHolds(p, 0xF));   // NV behaves as AL
}
