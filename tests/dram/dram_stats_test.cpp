// The DRAM model's statistics: tag/data split, bytes, per-bank matrix, latency histogram
// and formulas.
#include "tests/dram/dram_test_bench.h"

namespace mtesim::dram {
namespace {

class DramStats : public DramTestBench {};

TEST_F(DramStats, TagFlagSplitsTagAndDataAccesses) {
  Build();
  dram_->Access(0, Address(0, 5, 0), false, true);
  dram_->Access(0, Address(0, 5, 1), false, false);
  dram_->Access(0, Address(0, 5, 2), true, true);
  EXPECT_EQ(Stat("tag_reads"), 1u);
  EXPECT_EQ(Stat("data_reads"), 1u);
  EXPECT_EQ(Stat("tag_writes"), 1u);
  EXPECT_EQ(Stat("data_writes"), 0u);
  EXPECT_EQ(Stat("bytes_read"), 2u * config_.line_bytes);
  EXPECT_EQ(Stat("bytes_written"), 1u * config_.line_bytes);
  EXPECT_DOUBLE_EQ(tree_.ToJson()["dram"]["tag_share"].get<double>(), 2.0 / 3.0);
}

TEST_F(DramStats, RowHitRateCountsHitsOverAllAccesses) {
  Build();
  const uint64_t first = Read(0, Address(0, 5, 0));  // miss
  Read(first, Address(0, 5, 1));                     // hit
  Read(first, Address(0, 5, 2));                     // hit
  Read(first, Address(0, 6, 0));                     // conflict
  EXPECT_DOUBLE_EQ(tree_.ToJson()["dram"]["row_hit_rate"].get<double>(), 2.0 / 4.0);
}

TEST_F(DramStats, AccessesByBankCountsReadsAndWritesPerBank) {
  Build();
  Read(0, Address(3, 5));
  Write(0, Address(3, 5));
  Write(0, Address(1, 5));
  const nlohmann::json m = tree_.ToJson()["dram"]["accesses_by_bank"];
  ASSERT_EQ(m["rows"].size(), size_t{config_.channels} * config_.ranks * config_.banks);
  EXPECT_EQ(m["rows"][3], "c0r0b3");
  EXPECT_EQ(m["columns"], nlohmann::json({"read", "write"}));
  EXPECT_EQ(m["values"][3][0], 1u);
  EXPECT_EQ(m["values"][3][1], 1u);
  EXPECT_EQ(m["values"][1][1], 1u);
  EXPECT_EQ(m["values"][0][0], 0u);
}

TEST_F(DramStats, LatencyHistogramSamplesNanosecondsPerAccess) {
  Build();
  const uint64_t done = Read(0, Address(0, 5));
  const nlohmann::json h = tree_.ToJson()["dram"]["latency_ns"];
  EXPECT_EQ(h["count"], 1u);
  EXPECT_EQ(h["sum"], done / 1000);
}

TEST_F(DramStats, EveryStatisticIsDescribed) {
  Build();
  for (const stats::StatName& s : tree_.Describe()) EXPECT_FALSE(s.description.empty()) << s.name;
}

}  // namespace
}  // namespace mtesim::dram
