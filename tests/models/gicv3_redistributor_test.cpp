// The GICv3 redistributors: one pair of frames per PE, identification and affinity,
// power management, and the SGI/PPI copies of the per-interrupt registers.
#include "tests/models/gicv3_test_bench.h"

namespace mtesim::test::gic {
namespace {

TEST(GicRedistributor, TyperNamesTheProcessorAndMarksTheLastRedistributor) {
  Bench b(3);
  // Affinity [63:32], CommonLPIAff = 01 [25:24], Processor_Number [23:8], Last [4].
  EXPECT_EQ(b.Redist(0, GICR_TYPER, 8), 0x0000000001000001ull);  // PLPIS
  EXPECT_EQ(b.Redist(1, GICR_TYPER, 8), 0x0000000101000101ull);
  EXPECT_EQ(b.Redist(2, GICR_TYPER, 8), 0x0000000201000211ull);
  EXPECT_EQ(b.Redist(2, GICR_TYPER + 4), 2u);
  EXPECT_EQ(b.Redist(2, GICR_TYPER), 0x01000211u);
}

TEST(GicRedistributor, AffinityFollowsQemuVirtSixteenPesPerCluster) {
  Bench b(17);
  EXPECT_EQ(b.Redist(15, GICR_TYPER + 4), 0x0000000Fu);
  EXPECT_EQ(b.Redist(16, GICR_TYPER + 4), 0x00000100u);  // Aff1 = 1, Aff0 = 0
  EXPECT_EQ(Gicv3::MpidrAffinity(16), 0x100u);
  EXPECT_EQ(b.Redist(16, GICR_TYPER) & 0x10, 0x10u);
  EXPECT_EQ(b.gic.redistributor_region_size(), 17u * 0x20000);
}

TEST(GicRedistributor, IidrAndIdRegistersOfRdBase) {
  Bench b;
  EXPECT_EQ(b.Redist(1, GICR_IIDR), 0x43Bu);
  EXPECT_EQ(b.Redist(1, GICR_PIDR2), 0x3Bu);
  EXPECT_EQ(b.Redist(1, 0xFFE0), 0x93u);             // PIDR0: a redistributor
  EXPECT_EQ(b.Redist(1, SGI_BASE + 0xFFE8), 0u);     // the SGI_base frame has none
}

TEST(GicRedistributor, WakerResetsAsleepAndWakesAtOnce) {
  Bench b;
  EXPECT_EQ(b.Redist(0, GICR_WAKER), 0x6u);  // ProcessorSleep, ChildrenAsleep
  b.SetRedist(0, GICR_WAKER, 0);
  EXPECT_EQ(b.Redist(0, GICR_WAKER), 0u);
  EXPECT_EQ(b.Redist(1, GICR_WAKER), 0x6u);
}

TEST(GicRedistributor, WakerSleepReportsChildrenAsleep) {
  Bench b;
  b.SetRedist(0, GICR_WAKER, 0);
  b.SetRedist(0, GICR_WAKER, 0x2);
  EXPECT_EQ(b.Redist(0, GICR_WAKER), 0x6u);
  b.SetRedist(0, GICR_WAKER, 0x4);  // ChildrenAsleep is read-only
  EXPECT_EQ(b.Redist(0, GICR_WAKER), 0u);
}

// LPIs are reported (as QEMU virt's GICv3 without an ITS): CES reads one and only
// EnableLPIs is writable.
TEST(GicRedistributor, CtlrHasCesAndOnlyEnableLpisWritable) {
  Bench b;
  EXPECT_EQ(b.Redist(0, GICR_CTLR), 2u);
  b.SetRedist(0, GICR_CTLR, 0xFFFFFFFF);
  EXPECT_EQ(b.Redist(0, GICR_CTLR), 3u);
  b.SetRedist(0, GICR_CTLR, 0);
  EXPECT_EQ(b.Redist(0, GICR_CTLR), 2u);
}

TEST(GicRedistributor, PropbaserAndPendbaserOnlyStoreWhatIsWritten) {
  Bench b;
  b.SetRedist(0, GICR_PROPBASER, 0x1234567890ABCDEFull, 8);
  b.SetRedist(0, GICR_PENDBASER + 4, 0x55);
  EXPECT_EQ(b.Redist(0, GICR_PROPBASER, 8), 0x1234567890ABCDEFull);
  EXPECT_EQ(b.Redist(0, GICR_PROPBASER + 4), 0x12345678u);
  EXPECT_EQ(b.Redist(0, GICR_PENDBASER, 8), 0x0000005500000000ull);
}

TEST(GicRedistributor, TyperIsReadOnly) {
  Bench b;
  b.SetRedist(0, GICR_TYPER, 0, 8);
  EXPECT_EQ(b.Redist(0, GICR_TYPER, 8), 0x0000000001000001ull);
}

TEST(GicRedistributor, EachPeHasItsOwnSgiAndPpiState) {
  Bench b;
  b.SetRedist(1, GICR_ISENABLER0, 0x80000001);
  EXPECT_EQ(b.Redist(1, GICR_ISENABLER0), 0x80000001u);
  EXPECT_EQ(b.Redist(0, GICR_ISENABLER0), 0u);
  b.SetRedist(1, GICR_ICENABLER0, 0x1);
  EXPECT_EQ(b.Redist(1, GICR_ICENABLER0), 0x80000000u);
}

TEST(GicRedistributor, PendingAndActiveSetClearPairs) {
  Bench b;
  b.SetRedist(0, GICR_ISPENDR0, 0x00010002);
  b.SetRedist(0, GICR_ICPENDR0, 0x00000002);
  EXPECT_EQ(b.Redist(0, GICR_ISPENDR0), 0x00010000u);
  b.SetRedist(0, GICR_ISACTIVER0, 0x00000300);
  b.SetRedist(0, GICR_ICACTIVER0, 0x00000100);
  EXPECT_EQ(b.Redist(0, GICR_ICACTIVER0), 0x00000200u);
}

TEST(GicRedistributor, IgrouprHoldsEveryPrivateInterruptsGroup) {
  Bench b;
  b.SetRedist(0, GICR_IGROUPR0, 0xFFFFFFFF);
  EXPECT_EQ(b.Redist(0, GICR_IGROUPR0), 0xFFFFFFFFu);
}

TEST(GicRedistributor, IpriorityrBytesAndWords) {
  Bench b;
  b.SetRedist(0, GICR_IPRIORITYR + 27, 0x90, 1);
  b.SetRedist(0, GICR_IPRIORITYR + 4, 0x11223344);
  EXPECT_EQ(b.Redist(0, GICR_IPRIORITYR + 24), 0x90000000u);
  EXPECT_EQ(b.Redist(0, GICR_IPRIORITYR + 5, 1), 0x33u);
}

TEST(GicRedistributor, SgisAreAlwaysEdgeTriggered) {
  Bench b;
  EXPECT_EQ(b.Redist(0, GICR_ICFGR0), 0xAAAAAAAAu);
  b.SetRedist(0, GICR_ICFGR0, 0);
  EXPECT_EQ(b.Redist(0, GICR_ICFGR0), 0xAAAAAAAAu);
}

TEST(GicRedistributor, PpisResetLevelSensitiveAndCanBeMadeEdge) {
  Bench b;
  EXPECT_EQ(b.Redist(0, GICR_ICFGR1), 0u);
  b.SetRedist(0, GICR_ICFGR1, 0x2u << 2 * (23 - 16));  // PPI 23 edge
  EXPECT_EQ(b.Redist(0, GICR_ICFGR1), 0x8000u);
  b.gic.SetPrivateInterrupt(0, 23, true);
  b.gic.SetPrivateInterrupt(0, 23, false);
  EXPECT_EQ(b.Redist(0, GICR_ISPENDR0), 1u << 23);  // latched by the rising edge
}

TEST(GicRedistributor, LevelPpiIsPendingOnlyWhileItsInputIsHigh) {
  Bench b;
  b.gic.SetPrivateInterrupt(1, 30, true);  // the physical timer
  EXPECT_EQ(b.Redist(1, GICR_ISPENDR0), 1u << 30);
  EXPECT_EQ(b.Redist(0, GICR_ISPENDR0), 0u);
  b.gic.SetPrivateInterrupt(1, 30, false);
  EXPECT_EQ(b.Redist(1, GICR_ISPENDR0), 0u);
}

TEST(GicRedistributor, IgrpmodrAndNsacrAreRazWi) {
  Bench b;
  b.SetRedist(0, SGI_BASE + 0xD00, 0xFFFFFFFF);
  b.SetRedist(0, SGI_BASE + 0xE00, 0xFFFFFFFF);
  EXPECT_EQ(b.Redist(0, SGI_BASE + 0xD00), 0u);
  EXPECT_EQ(b.Redist(0, SGI_BASE + 0xE00), 0u);
}

TEST(GicRedistributor, HalfwordAccessReadsZero) {
  Bench b;
  EXPECT_EQ(b.Redist(0, GICR_WAKER, 2), 0u);
  EXPECT_EQ(b.gic.guest_errors(), 1u);
}

TEST(GicRedistributor, AccessBeyondTheLastRedistributorIsAnExternalAbort) {
  Bench b(2);
  uint64_t v = 0;
  EXPECT_EQ(b.Access(true, tlm::TLM_READ_COMMAND, 2 * kRedistributorStride + GICR_TYPER, 4, v),
            tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

}  // namespace
}  // namespace mtesim::test::gic
