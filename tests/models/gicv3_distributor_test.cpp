// The GICv3 distributor: identification, the set/clear register pairs, priorities,
// configuration, routing, and how odd accesses are answered (values as QEMU 10's virt
// GICv3 reports them: no security extension, 288 interrupts, no LPIs).
#include "tests/models/gicv3_test_bench.h"

namespace mtesim::test::gic {
namespace {

TEST(GicDistributor, CtlrResetsWithAffinityRoutingAndSingleSecurityState) {
  Bench b;
  EXPECT_EQ(b.Dist(GICD_CTLR), 0x50u);  // ARE (bit 4) and DS (bit 6) read as one
}

TEST(GicDistributor, CtlrOnlyGroupEnablesAreWritable) {
  Bench b;
  b.SetDist(GICD_CTLR, 0xFFFFFFFF);
  EXPECT_EQ(b.Dist(GICD_CTLR), 0x53u);
  b.SetDist(GICD_CTLR, 0);
  EXPECT_EQ(b.Dist(GICD_CTLR), 0x50u);
}

TEST(GicDistributor, TyperDescribesTheImplementation) {
  Bench b;
  // No1N [25], A3V [24], IDbits = 15 [23:19], no LPIs/MBIS/NMI/security, ITLinesNumber = 8.
  EXPECT_EQ(b.Dist(GICD_TYPER), 0x037A0008u);  // with LPIS, as QEMU virt without an ITS
}

TEST(GicDistributor, IidrAndIdRegistersIdentifyAGicv3) {
  Bench b;
  EXPECT_EQ(b.Dist(GICD_IIDR), 0x43Bu);
  EXPECT_EQ(b.Dist(GICD_PIDR2), 0x3Bu);  // ArchRev 3
  EXPECT_EQ(b.Dist(0xFFE0), 0x92u);       // PIDR0
  EXPECT_EQ(b.Dist(0xFFD0), 0x44u);       // PIDR4
  const uint64_t cidr[] = {0x0D, 0xF0, 0x05, 0xB1};
  for (unsigned i = 0; i < 4; ++i) EXPECT_EQ(b.Dist(0xFFF0 + 4 * i), cidr[i]);
}

TEST(GicDistributor, ReservedOffsetReadsZeroAsAGuestError) {
  Bench b;
  EXPECT_EQ(b.Dist(GICD_TYPER2), 0u);  // no GICD_TYPER2 in this implementation
  EXPECT_EQ(b.gic.guest_errors(), 1u);
}

TEST(GicDistributor, IsenablerSetsAndIcenablerClearsEnables) {
  Bench b;
  b.SetDist(GICD_ISENABLER + 4, 0x0000000F);
  b.SetDist(GICD_ISENABLER + 4, 0x00000100);
  EXPECT_EQ(b.Dist(GICD_ISENABLER + 4), 0x10Fu);
  b.SetDist(GICD_ICENABLER + 4, 0x3);
  EXPECT_EQ(b.Dist(GICD_ICENABLER + 4), 0x10Cu);
}

TEST(GicDistributor, PrivateInterruptBitsAreRazWi) {
  Bench b;
  b.SetDist(GICD_ISENABLER, 0xFFFFFFFF);
  b.SetDist(GICD_IGROUPR, 0xFFFFFFFF);
  b.SetDist(GICD_IPRIORITYR, 0x80808080);
  EXPECT_EQ(b.Dist(GICD_ISENABLER), 0u);
  EXPECT_EQ(b.Dist(GICD_IGROUPR), 0u);
  EXPECT_EQ(b.Dist(GICD_IPRIORITYR), 0u);
  EXPECT_EQ(b.Redist(0, GICR_ISENABLER0), 0u);
}

TEST(GicDistributor, InterruptsBeyond287ReadAsZero) {
  Bench b;
  b.SetDist(GICD_ISENABLER + 9 * 4, 0xFFFFFFFF);  // INTIDs 288-319
  EXPECT_EQ(b.Dist(GICD_ISENABLER + 9 * 4), 0u);
  b.SetDist(GICD_ISENABLER + 8 * 4, 0xFFFFFFFF);  // 256-287 exist
  EXPECT_EQ(b.Dist(GICD_ISENABLER + 8 * 4), 0xFFFFFFFFu);
}

TEST(GicDistributor, IspendrLatchesAndIcpendrClearsAnEdgeInterrupt) {
  Bench b;
  b.SetDist(GICD_ICFGR + 8, 0x2);  // INTID 32 edge-triggered
  b.Pend(32);
  EXPECT_TRUE(b.Pending(32));
  b.SetDist(GICD_ICPENDR + 4, 1);
  EXPECT_FALSE(b.Pending(32));
}

TEST(GicDistributor, LevelInterruptIsPendingWhileItsInputIsHigh) {
  Bench b;
  b.gic.SetSharedInterrupt(40, true);
  EXPECT_TRUE(b.Pending(40));
  b.SetDist(GICD_ICPENDR + 4, 1u << 8);  // cannot clear the level-held state
  EXPECT_TRUE(b.Pending(40));
  b.gic.SetSharedInterrupt(40, false);
  EXPECT_FALSE(b.Pending(40));
}

TEST(GicDistributor, EdgeInterruptLatchesOnRisingEdgeAndStaysPending) {
  Bench b;
  b.SetDist(GICD_ICFGR + 8, 0x2 << 16);  // INTID 40 edge
  b.gic.SetSharedInterrupt(40, true);
  b.gic.SetSharedInterrupt(40, false);
  EXPECT_TRUE(b.Pending(40));
}

TEST(GicDistributor, IsactiverSetsAndIcactiverClearsActive) {
  Bench b;
  b.SetDist(GICD_ISACTIVER + 4, 0x30);
  EXPECT_EQ(b.Dist(GICD_ICACTIVER + 4), 0x30u);
  b.SetDist(GICD_ICACTIVER + 4, 0x10);
  EXPECT_EQ(b.Dist(GICD_ISACTIVER + 4), 0x20u);
}

TEST(GicDistributor, IpriorityrHasByteAccessAndKeepsAllEightBits) {
  Bench b;
  b.SetDist(GICD_IPRIORITYR + 33, 0xA7, 1);
  EXPECT_EQ(b.Dist(GICD_IPRIORITYR + 33, 1), 0xA7u);
  EXPECT_EQ(b.Dist(GICD_IPRIORITYR + 32), 0xA700u);
  b.SetDist(GICD_IPRIORITYR + 36, 0x44332211);
  EXPECT_EQ(b.Dist(GICD_IPRIORITYR + 38, 1), 0x33u);
}

TEST(GicDistributor, IpriorityrWordReachingPastTheLastInterruptIsIgnored) {
  Bench b;
  b.SetDist(GICD_IPRIORITYR + 284, 0x40404040);  // 284-287: all exist
  EXPECT_EQ(b.Dist(GICD_IPRIORITYR + 284), 0x40404040u);
  b.SetDist(GICD_IPRIORITYR + 28, 0x40404040);   // PPIs 28-31: not the distributor's
  EXPECT_EQ(b.Dist(GICD_IPRIORITYR + 28), 0u);
}

TEST(GicDistributor, IcfgrKeepsTheEdgeBitOfEachInterrupt) {
  Bench b;
  b.SetDist(GICD_ICFGR + 8, 0xFFFFFFFF);
  EXPECT_EQ(b.Dist(GICD_ICFGR + 8), 0xAAAAAAAAu);  // Int_config[0] is RES0
  EXPECT_EQ(b.Dist(GICD_ICFGR + 12), 0u);
  EXPECT_EQ(b.Dist(GICD_ICFGR), 0u);  // SGIs: the redistributor's
}

TEST(GicDistributor, IgrouprHoldsTheSpisGroups) {
  Bench b;
  b.SetDist(GICD_IGROUPR + 4, 0x80000001);
  EXPECT_EQ(b.Dist(GICD_IGROUPR + 4), 0x80000001u);
}

TEST(GicDistributor, IgrpmodrAndNsacrAreRazWiWithOneSecurityState) {
  Bench b;
  b.SetDist(GICD_IGRPMODR + 4, 0xFFFFFFFF);
  b.SetDist(GICD_NSACR + 8, 0xFFFFFFFF);
  EXPECT_EQ(b.Dist(GICD_IGRPMODR + 4), 0u);
  EXPECT_EQ(b.Dist(GICD_NSACR + 8), 0u);
}

TEST(GicDistributor, ItargetsrIsRazWiWithAffinityRouting) {
  Bench b;
  b.SetDist(GICD_ITARGETSR + 32, 0x01010101);
  b.SetDist(GICD_ITARGETSR + 36, 0x02, 1);
  EXPECT_EQ(b.Dist(GICD_ITARGETSR + 32), 0u);
  EXPECT_EQ(b.Dist(GICD_ITARGETSR + 36, 1), 0u);
}

TEST(GicDistributor, IrouterIsA64BitRegisterWithTwo32BitHalves) {
  Bench b;
  b.SetDist(GICD_IROUTER + 8 * 40, 0x000000AB00030201ull, 8);
  EXPECT_EQ(b.Dist(GICD_IROUTER + 8 * 40, 8), 0x000000AB00030201ull);
  EXPECT_EQ(b.Dist(GICD_IROUTER + 8 * 40 + 4), 0xABu);
  b.SetDist(GICD_IROUTER + 8 * 40, 0x00000005);
  EXPECT_EQ(b.Dist(GICD_IROUTER + 8 * 40, 8), 0x000000AB00000005ull);
  EXPECT_EQ(b.Dist(GICD_IROUTER + 8 * 31, 8), 0u);  // IROUTER<n> exists for SPIs only
}

TEST(GicDistributor, IrouterSendsTheSpiToThePeWithThatAffinity) {
  Bench b(3);
  b.EnableAll();
  b.ConfigureSpi(50, true, 0x80, 2);
  b.Pend(50);
  EXPECT_FALSE(b.pe(0).irq());
  EXPECT_TRUE(b.pe(2).irq());
  b.SetDist(GICD_IROUTER + 8 * 50, Gicv3::MpidrAffinity(1), 8);
  EXPECT_FALSE(b.pe(2).irq());
  EXPECT_TRUE(b.pe(1).irq());
}

TEST(GicDistributor, SpiRoutedToNoPeStaysPendingUnsignalled) {
  Bench b;
  b.EnableAll();
  b.ConfigureSpi(50, true, 0x80, 0);
  b.SetDist(GICD_IROUTER + 8 * 50, 0x0000000100000000ull, 8);  // Aff3 = 1: nobody
  b.Pend(50);
  EXPECT_FALSE(b.pe(0).irq());
  EXPECT_FALSE(b.pe(1).irq());
  EXPECT_TRUE(b.Pending(50));
  b.SetDist(GICD_IROUTER + 8 * 50, 0, 8);
  EXPECT_TRUE(b.pe(0).irq());
}

TEST(GicDistributor, IrouterRoutingModeIsStoredButIgnored) {
  Bench b;
  b.EnableAll();
  b.ConfigureSpi(50, true, 0x80, 1);
  b.SetDist(GICD_IROUTER + 8 * 50, (1ull << 31) | Gicv3::MpidrAffinity(1), 8);  // IRM = 1 (No1N)
  EXPECT_EQ(b.Dist(GICD_IROUTER + 8 * 50), 0x80000001u);
  b.Pend(50);
  EXPECT_FALSE(b.pe(0).irq());
  EXPECT_TRUE(b.pe(1).irq());
}

TEST(GicDistributor, SgirIsWriteOnlyAndIgnoredWithAffinityRouting) {
  Bench b;
  b.SetDist(GICD_SGIR, 0x00010001);  // would be an SGI to PE 0 without affinity routing
  EXPECT_EQ(b.Redist(0, GICR_ISPENDR0), 0u);
  EXPECT_EQ(b.Dist(GICD_SGIR), 0u);
  EXPECT_EQ(b.gic.guest_errors(), 1u);  // the read
}

TEST(GicDistributor, WritesToReadOnlyRegistersAreIgnored) {
  Bench b;
  b.SetDist(GICD_TYPER, 0);
  b.SetDist(GICD_IIDR, 0);
  EXPECT_EQ(b.Dist(GICD_TYPER), 0x037A0008u);  // with LPIS, as QEMU virt without an ITS
  EXPECT_EQ(b.Dist(GICD_IIDR), 0x43Bu);
}

TEST(GicDistributor, HalfwordAccessReadsZeroAndIsIgnored) {
  Bench b;
  b.SetDist(GICD_CTLR, 3, 2);
  EXPECT_EQ(b.Dist(GICD_CTLR), 0x50u);
  EXPECT_EQ(b.Dist(GICD_TYPER, 2), 0u);
  EXPECT_EQ(b.gic.guest_errors(), 2u);
}

TEST(GicDistributor, ByteAccessToAWordRegisterReadsZero) {
  Bench b;
  EXPECT_EQ(b.Dist(GICD_TYPER, 1), 0u);
  EXPECT_EQ(b.gic.guest_errors(), 1u);
}

TEST(GicDistributor, DoublewordAccessOutsideIrouterReadsZero) {
  Bench b;
  EXPECT_EQ(b.Dist(GICD_CTLR, 8), 0u);
}

TEST(GicDistributor, UnalignedOrOddSizedAccessIsAnExternalAbort) {
  Bench b;
  uint64_t v = 0;
  EXPECT_EQ(b.Access(false, tlm::TLM_READ_COMMAND, GICD_TYPER + 2, 4, v), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(b.Access(false, tlm::TLM_READ_COMMAND, GICD_IROUTER + 8 * 40 + 4, 8, v), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(b.Access(false, tlm::TLM_READ_COMMAND, GICD_CTLR, 3, v), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  EXPECT_EQ(b.Access(false, tlm::TLM_READ_COMMAND, GICD_CTLR, 16, v), tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

TEST(GicDistributor, DebugReadsSeeRegistersWithoutSideEffects) {
  Bench b;
  tlm::tlm_generic_payload t;
  unsigned char data[8] = {};
  t.set_command(tlm::TLM_READ_COMMAND);
  t.set_address(GICD_CTLR);
  t.set_data_ptr(data);
  t.set_data_length(8);
  EXPECT_EQ(b.bus.distributor->transport_dbg(t), 8u);
  EXPECT_EQ(data[0], 0x50);
  EXPECT_EQ(data[4], 0x08);  // GICD_TYPER's low byte
  EXPECT_EQ(b.gic.guest_errors(), 0u);
}

}  // namespace
}  // namespace mtesim::test::gic
