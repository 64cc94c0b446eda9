// Software-generated interrupts from ICC_SGI0R/SGI1R/ASGI1R_EL1: target lists within an
// Aff3.Aff2.Aff1 cluster, "all but self" (IRM), and the group an SGI must be configured
// in to be accepted.
#include "tests/models/gicv3_test_bench.h"

namespace mtesim::test::gic {
namespace {

using G = GicRegister;

// ICC_SGI1R_EL1: TargetList [15:0], Aff1 [23:16], INTID [27:24], Aff2 [39:32], IRM [40],
// Aff3 [55:48].
constexpr uint64_t Sgi(unsigned intid, uint16_t targets, unsigned aff1 = 0, bool irm = false) {
  return uint64_t{targets} | uint64_t{aff1} << 16 | uint64_t{intid} << 24 | uint64_t{irm} << 40;
}

uint32_t PendingSgis(Bench& b, unsigned pe) { return static_cast<uint32_t>(b.Redist(pe, GICR_ISPENDR0)) & 0xFFFF; }

void ConfigureSgiEverywhere(Bench& b, unsigned intid, bool group1, unsigned pes) {
  for (unsigned pe = 0; pe < pes; ++pe) b.ConfigurePrivate(pe, intid, group1, 0x80);
}

TEST(GicSgi, TargetListReachesTheListedPesOfTheCluster) {
  Bench b(3);
  ConfigureSgiEverywhere(b, 5, true, 3);
  b.SetSys(0, G::ICC_SGI1R_EL1, Sgi(5, 0b101));
  EXPECT_EQ(PendingSgis(b, 0), 1u << 5);
  EXPECT_EQ(PendingSgis(b, 1), 0u);
  EXPECT_EQ(PendingSgis(b, 2), 1u << 5);
}

TEST(GicSgi, RoutingModeOneReachesEveryOtherPe) {
  Bench b(3);
  ConfigureSgiEverywhere(b, 7, true, 3);
  b.SetSys(1, G::ICC_SGI1R_EL1, Sgi(7, 0, 0, true));
  EXPECT_EQ(PendingSgis(b, 0), 1u << 7);
  EXPECT_EQ(PendingSgis(b, 1), 0u);
  EXPECT_EQ(PendingSgis(b, 2), 1u << 7);
}

TEST(GicSgi, TargetsWithoutAPeAreIgnored) {
  Bench b(2);
  ConfigureSgiEverywhere(b, 3, true, 2);
  b.SetSys(0, G::ICC_SGI1R_EL1, Sgi(3, 0xFFFC));  // Aff0 2..15: no such PE
  b.SetSys(0, G::ICC_SGI1R_EL1, Sgi(3, 0x0003, 1));  // cluster 1: none
  EXPECT_EQ(PendingSgis(b, 0), 0u);
  EXPECT_EQ(PendingSgis(b, 1), 0u);
}

TEST(GicSgi, Aff1SelectsTheSecondCluster) {
  Bench b(17);
  ConfigureSgiEverywhere(b, 2, true, 17);
  b.SetSys(0, G::ICC_SGI1R_EL1, Sgi(2, 0x0001, 1));
  EXPECT_EQ(PendingSgis(b, 16), 1u << 2);
  EXPECT_EQ(PendingSgis(b, 0), 0u);
}

TEST(GicSgi, Group1RequestIsRefusedByAGroup0Sgi) {
  Bench b;
  ConfigureSgiEverywhere(b, 4, false, 2);
  b.SetSys(0, G::ICC_SGI1R_EL1, Sgi(4, 0b11));
  EXPECT_EQ(PendingSgis(b, 1), 0u);
  b.SetSys(0, G::ICC_SGI0R_EL1, Sgi(4, 0b11));
  EXPECT_EQ(PendingSgis(b, 1), 1u << 4);
}

TEST(GicSgi, Group0SgiIsSignalledAsFiq) {
  Bench b;
  b.EnableAll();
  ConfigureSgiEverywhere(b, 4, false, 2);
  b.SetSys(0, G::ICC_SGI0R_EL1, Sgi(4, 0b10));
  EXPECT_TRUE(b.pe(1).fiq());
  EXPECT_EQ(b.Sys(1, G::ICC_IAR0_EL1), 4u);
}

TEST(GicSgi, AlternateGroup1SgiActsAsGroup0WithOneSecurityState) {
  Bench b;
  ConfigureSgiEverywhere(b, 9, true, 2);
  b.SetSys(0, G::ICC_ASGI1R_EL1, Sgi(9, 0b10));
  EXPECT_EQ(PendingSgis(b, 1), 0u);
  b.ConfigurePrivate(1, 9, false, 0x80);
  b.SetSys(0, G::ICC_ASGI1R_EL1, Sgi(9, 0b10));
  EXPECT_EQ(PendingSgis(b, 1), 1u << 9);
}

TEST(GicSgi, SgiIsAcknowledgedByItsIntidAndCompleted) {
  Bench b;
  b.EnableAll();
  ConfigureSgiEverywhere(b, 1, true, 2);
  b.SetSys(0, G::ICC_SGI1R_EL1, Sgi(1, 0b10));
  EXPECT_TRUE(b.pe(1).irq());
  EXPECT_FALSE(b.pe(0).irq());
  EXPECT_EQ(b.Sys(1, G::ICC_IAR1_EL1), 1u);
  EXPECT_EQ(b.Redist(1, GICR_ISACTIVER0), 1u << 1);
  b.SetSys(1, G::ICC_EOIR1_EL1, 1);
  EXPECT_EQ(b.Redist(1, GICR_ISACTIVER0), 0u);
}

}  // namespace
}  // namespace mtesim::test::gic
