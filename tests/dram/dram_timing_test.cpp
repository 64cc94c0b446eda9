// The DRAM model's timing rules, one per test, with expected times computed from the
// preset's own parameters.
#include "tests/dram/dram_test_bench.h"

namespace mtesim::dram {
namespace {

class DramTiming : public DramTestBench {
 protected:
  // Far from the first refresh (at tREFI) and from anything the first accesses leave busy.
  uint64_t Later() const { return Cycles(1000); }
};

TEST_F(DramTiming, FirstReadToClosedBankActivatesThenReads) {
  Build();
  const auto& t = config_.t;
  EXPECT_EQ(Read(0, Address(0, 5)), Cycles(t.tRCD + t.tCL + t.tBURST));
  EXPECT_EQ(Stat("row_misses"), 1u);
  EXPECT_EQ(Stat("activates"), 1u);
}

TEST_F(DramTiming, SecondReadToTheOpenRowIsAHit) {
  Build();
  const auto& t = config_.t;
  const uint64_t first = Read(0, Address(0, 5, 0));
  EXPECT_EQ(Read(first, Address(0, 5, 1)), first + Cycles(t.tCL + t.tBURST));
  EXPECT_EQ(Stat("row_hits"), 1u);
  EXPECT_EQ(Stat("activates"), 1u);
}

TEST_F(DramTiming, AnotherRowInTheBankPrechargesThenActivates) {
  Build();
  const auto& t = config_.t;
  Read(0, Address(0, 5));
  EXPECT_EQ(Read(Later(), Address(0, 6)), Later() + Cycles(t.tRP + t.tRCD + t.tCL + t.tBURST));
  EXPECT_EQ(Stat("row_conflicts"), 1u);
  EXPECT_EQ(Stat("precharges"), 1u);
  EXPECT_EQ(Stat("activates"), 2u);
}

TEST_F(DramTiming, ConflictPrechargesNoEarlierThanTrasAfterTheActivate) {
  Build();
  const auto& t = config_.t;
  const uint64_t first = Read(0, Address(0, 5));
  ASSERT_LT(first, Cycles(t.tRAS));  // otherwise tRAS would not be what delays the PRECHARGE
  EXPECT_EQ(Read(first, Address(0, 6)), Cycles(t.tRAS + t.tRP + t.tRCD + t.tCL + t.tBURST));
}

TEST_F(DramTiming, DifferentBanksOverlapButShareTheDataBus) {
  Build();
  const auto& t = config_.t;
  const uint64_t first = Read(0, Address(0, 5));
  EXPECT_EQ(first, Cycles(t.tRCD + t.tCL + t.tBURST));
  EXPECT_EQ(Read(0, Address(1, 5)), first + Cycles(t.tBURST));
}

TEST_F(DramTiming, WritesUseTheCasWriteLatency) {
  Build();
  const auto& t = config_.t;
  const uint64_t first = Write(0, Address(0, 5, 0));
  EXPECT_EQ(first, Cycles(t.tRCD + t.tCWL + t.tBURST));
  EXPECT_EQ(Write(first, Address(0, 5, 1)), first + Cycles(t.tCWL + t.tBURST));
}

TEST_F(DramTiming, ClosedPageActivatesTheSameRowAgain) {
  config_.row_buffer_policy = "closed";
  Build();
  const auto& t = config_.t;
  Read(0, Address(0, 5, 0));
  EXPECT_EQ(Read(Later(), Address(0, 5, 1)), Later() + Cycles(t.tRCD + t.tCL + t.tBURST));
  EXPECT_EQ(Stat("row_hits"), 0u);
  EXPECT_EQ(Stat("row_misses"), 2u);
  EXPECT_EQ(Stat("precharges"), 2u);
}

TEST_F(DramTiming, ClosedPageAccessRightAfterWaitsForThePrecharge) {
  config_.row_buffer_policy = "closed";
  Build();
  const auto& t = config_.t;
  const uint64_t first = Read(0, Address(0, 5, 0));
  // The auto-precharge waits for the burst and for tRAS, then takes tRP.
  const uint64_t precharged = std::max(first, Cycles(t.tRAS)) + Cycles(t.tRP);
  EXPECT_EQ(Read(first, Address(0, 5, 1)), precharged + Cycles(t.tRCD + t.tCL + t.tBURST));
  EXPECT_EQ(Stat("row_hits"), 0u);
}

TEST_F(DramTiming, AccessInsideARefreshWaitsForItAndFindsTheRowClosed) {
  Build();
  const auto& t = config_.t;
  Read(0, Address(0, 5, 0));
  const uint64_t inside_refresh = Cycles(t.tREFI) + Cycles(t.tRFC) / 2;
  EXPECT_EQ(Read(inside_refresh, Address(0, 5, 1)), Cycles(t.tREFI + t.tRFC + t.tRCD + t.tCL + t.tBURST));
  EXPECT_EQ(Stat("refresh_waits"), 1u);
  EXPECT_EQ(Stat("refreshes"), 1u);
  EXPECT_EQ(Stat("row_hits"), 0u);
  EXPECT_EQ(Stat("row_misses"), 2u);
}

TEST_F(DramTiming, AccessAfterARefreshDoesNotWaitButFindsTheRowClosed) {
  Build();
  const auto& t = config_.t;
  Read(0, Address(0, 5, 0));
  const uint64_t after = Cycles(2 * t.tREFI + t.tRFC);  // two refreshes behind it
  EXPECT_EQ(Read(after, Address(0, 5, 1)), after + Cycles(t.tRCD + t.tCL + t.tBURST));
  EXPECT_EQ(Stat("refresh_waits"), 0u);
  EXPECT_EQ(Stat("refreshes"), 2u);
  EXPECT_EQ(Stat("row_hits"), 0u);
}

TEST_F(DramTiming, AnEarlierTimeFromAnotherInitiatorWaitsForTheBusyBank) {
  Build();
  const auto& t = config_.t;
  const uint64_t first = Read(Later(), Address(0, 5, 0));
  // Requested before the first access began, but the bank serves in call order: its
  // burst follows the first's on the bus.
  EXPECT_EQ(Read(0, Address(0, 5, 1)), first + Cycles(t.tBURST));
}

// Column commands to an open row pipeline (tCCD = tBURST): row hits requested together
// stream one burst after another instead of one CAS latency after another.
TEST_F(DramTiming, RowHitsPipelineOnTheDataBus) {
  Build();
  const auto& t = config_.t;
  const uint64_t first = Read(0, Address(0, 5, 0));
  for (unsigned k = 1; k < 6; ++k)
    EXPECT_EQ(Read(0, Address(0, 5, k)), first + Cycles(k * t.tBURST)) << "access " << k;
  EXPECT_EQ(Stat("row_hits"), 5u);
}

TEST_F(DramTiming, AddressesWrapAboveTheCapacity) {
  Build();
  const auto& t = config_.t;
  const uint64_t first = Read(0, Address(0, 5, 0));
  EXPECT_EQ(Read(first, CapacityBytes(config_) + Address(0, 5, 1)), first + Cycles(t.tCL + t.tBURST));
  EXPECT_EQ(Stat("row_hits"), 1u);
}

TEST_F(DramTiming, Lpddr5PresetFollowsTheSameRules) {
  config_ = DramPreset("lpddr5_6400");
  Build();
  const auto& t = config_.t;
  const uint64_t first = Read(0, Address(0, 5, 0));
  EXPECT_EQ(first, Cycles(t.tRCD + t.tCL + t.tBURST));
  EXPECT_EQ(Read(first, Address(0, 5, 1)), first + Cycles(t.tCL + t.tBURST));
}

}  // namespace
}  // namespace mtesim::dram
