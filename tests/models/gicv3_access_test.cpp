// Which CPU interface registers exist and when EL1 accesses trap to EL2 (the
// GicCpuInterface::Access checks), alone and through the PE's system-register table.
#include "tests/isa/flat_memory_context.h"
#include "tests/models/gicv3_test_bench.h"

namespace mtesim::test::gic {
namespace {

using G = GicRegister;

TEST(GicAccess, OnlyTheFirstActivePrioritiesRegistersExist) {
  Bench b;
  for (G r : {G::ICC_AP0R1_EL1, G::ICC_AP0R2_EL1, G::ICC_AP0R3_EL1, G::ICC_AP1R1_EL1, G::ICC_AP1R3_EL1})
    EXPECT_EQ(b.Check(0, r, true, b.el1), AccessResult::Undefined);
  for (G r : {G::ICH_AP0R1_EL2, G::ICH_AP1R3_EL2}) EXPECT_EQ(b.Check(0, r, true, b.el2), AccessResult::Undefined);
  EXPECT_EQ(b.Check(0, G::ICC_AP1R0_EL1, true, b.el1), AccessResult::Allowed);
}

TEST(GicAccess, FourListRegistersExist) {
  Bench b;
  EXPECT_EQ(b.Check(0, Lr(3), true, b.el2), AccessResult::Allowed);
  for (unsigned n = 4; n < 16; ++n) EXPECT_EQ(b.Check(0, Lr(n), false, b.el2), AccessResult::Undefined);
}

TEST(GicAccess, HypervisorRegistersNeedEl2) {
  Bench b;
  FakeContext no_el2(1, false);
  EXPECT_EQ(b.Check(0, G::ICH_HCR_EL2, true, b.el1), AccessResult::Undefined);
  EXPECT_EQ(b.Check(0, G::ICC_SRE_EL2, true, no_el2), AccessResult::Undefined);
  EXPECT_EQ(b.Check(0, G::ICH_VTR_EL2, true, b.el2), AccessResult::Allowed);
}

TEST(GicAccess, TcTrapsTheCommonRegistersAtEl1Only) {
  Bench b;
  b.SetHyp(0, G::ICH_HCR_EL2, kIchHcrTc);
  for (G r : {G::ICC_PMR_EL1, G::ICC_RPR_EL1, G::ICC_CTLR_EL1, G::ICC_DIR_EL1, G::ICC_SGI1R_EL1})
    EXPECT_EQ(b.Check(0, r, true, b.el1), AccessResult::TrapToEl2);
  EXPECT_EQ(b.Check(0, G::ICC_IAR1_EL1, true, b.el1), AccessResult::Allowed);
  EXPECT_EQ(b.Check(0, G::ICC_PMR_EL1, true, b.el2), AccessResult::Allowed);
  EXPECT_EQ(b.Check(1, G::ICC_PMR_EL1, true, b.el1), AccessResult::Allowed);  // PE 1's ICH_HCR_EL2
}

TEST(GicAccess, Tall0AndTall1TrapOneGroupsRegisters) {
  Bench b;
  b.SetHyp(0, G::ICH_HCR_EL2, kIchHcrTall0);
  for (G r : {G::ICC_IAR0_EL1, G::ICC_EOIR0_EL1, G::ICC_HPPIR0_EL1, G::ICC_BPR0_EL1, G::ICC_AP0R0_EL1,
              G::ICC_IGRPEN0_EL1})
    EXPECT_EQ(b.Check(0, r, true, b.el1), AccessResult::TrapToEl2);
  EXPECT_EQ(b.Check(0, G::ICC_IAR1_EL1, true, b.el1), AccessResult::Allowed);
  b.SetHyp(0, G::ICH_HCR_EL2, kIchHcrTall1);
  for (G r : {G::ICC_IAR1_EL1, G::ICC_EOIR1_EL1, G::ICC_HPPIR1_EL1, G::ICC_BPR1_EL1, G::ICC_AP1R0_EL1,
              G::ICC_IGRPEN1_EL1})
    EXPECT_EQ(b.Check(0, r, true, b.el1), AccessResult::TrapToEl2);
  EXPECT_EQ(b.Check(0, G::ICC_IAR0_EL1, true, b.el1), AccessResult::Allowed);
}

TEST(GicAccess, TdirTrapsOnlyDir) {
  Bench b;
  b.SetHyp(0, G::ICH_HCR_EL2, kIchHcrTdir);
  EXPECT_EQ(b.Check(0, G::ICC_DIR_EL1, false, b.el1), AccessResult::TrapToEl2);
  EXPECT_EQ(b.Check(0, G::ICC_EOIR1_EL1, false, b.el1), AccessResult::Allowed);
}

TEST(GicAccess, SgiGenerationTrapsWhileInterruptsAreRoutedToEl2) {
  Bench b;
  FakeContext imo(1, true, kHcrImo), fmo(1, true, kHcrFmo);
  for (G r : {G::ICC_SGI0R_EL1, G::ICC_SGI1R_EL1, G::ICC_ASGI1R_EL1}) {
    EXPECT_EQ(b.Check(0, r, false, imo), AccessResult::TrapToEl2);
    EXPECT_EQ(b.Check(0, r, false, fmo), AccessResult::TrapToEl2);
    EXPECT_EQ(b.Check(0, r, false, b.el1), AccessResult::Allowed);
  }
}

// Through the PE's system-register table: the encodings reach the model, a trap is an
// EC 0x18 exception to EL2, an absent list register is UNDEFINED.
class GicSystemRegisters : public ::testing::Test {
 protected:
  GicSystemRegisters() {
    c.ConfigureEl2(true);
    c.s.PSTATE.EL = 1;
    c.AttachGicCpuInterface(b.gic.CpuInterface(0));
  }
  Bench b;
  FlatMemoryContext c;
};

// MRS Xt, S3_<op1>_C12_C<crm>_<op2>.
constexpr uint32_t MrsGic(unsigned op1, unsigned crm, unsigned op2) {
  return 0xD5380000u | op1 << 16 | 12u << 12 | crm << 8 | op2 << 5;
}
static_assert(MrsGic(0, 12, 0) == 0xD538CC00, "mrs x0, icc_iar1_el1");

TEST_F(GicSystemRegisters, MrsIar1AcknowledgesThroughTheTable) {
  b.EnableAll();
  b.ConfigureSpi(40, true, 0x80);
  b.Pend(40);
  ASSERT_TRUE(c.Step(MrsGic(0, 12, 0)));
  EXPECT_EQ(c.X(0), 40u);
}

TEST_F(GicSystemRegisters, TrappedAccessTakesAnEc18ExceptionToEl2) {
  b.SetHyp(0, G::ICH_HCR_EL2, kIchHcrTall1);
  ASSERT_FALSE(c.Step(MrsGic(0, 12, 0)));
  EXPECT_EQ(c.s.PSTATE.EL, 2);
  EXPECT_EQ(c.s.sys.ESR_EL2 >> 26, 0x18u);
}

TEST_F(GicSystemRegisters, AbsentListRegisterIsUndefinedAtEl2) {
  c.s.PSTATE.EL = 2;
  ASSERT_TRUE(c.Step(MrsGic(4, 12, 3)));  // ICH_LR3_EL2
  ASSERT_FALSE(c.Step(MrsGic(4, 12, 4)));  // ICH_LR4_EL2
  EXPECT_EQ(c.s.sys.ESR_EL2 >> 26, 0u);
}

}  // namespace
}  // namespace mtesim::test::gic
