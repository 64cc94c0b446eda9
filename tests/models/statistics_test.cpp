// The statistics tree (models/stats/statistics.h): registration, dotted names, JSON,
// snapshots and reset.
#include "models/stats/statistics.h"

#include <stdexcept>

#include <gtest/gtest.h>

namespace mtesim::stats {
namespace {

TEST(Statistics, CountersAppearUnderTheirDottedNames) {
  Tree tree;
  Counters& c = tree.root().Child("pe0").Child("l1d").AddCounters({{"hits", "h"}, {"misses", "m"}});
  c[0] += 5;
  ++c[1];
  const nlohmann::json j = tree.ToJson();
  EXPECT_EQ(j["pe0"]["l1d"]["hits"], 5u);
  EXPECT_EQ(j["pe0"]["l1d"]["misses"], 1u);
  uint64_t v = 0;
  ASSERT_TRUE(tree.Lookup("pe0.l1d.hits", &v));
  EXPECT_EQ(v, 5u);
  EXPECT_FALSE(tree.Lookup("pe0.l1d.nothing", &v));
}

TEST(Statistics, ChildIsFoundAgainNotDuplicated) {
  Tree tree;
  Group& a = tree.root().Child("l2");
  EXPECT_EQ(&a, &tree.root().Child("l2"));
  EXPECT_EQ(a.path(), "l2");
  EXPECT_EQ(a.Child("x").path(), "l2.x");
}

TEST(Statistics, DuplicateOrInvalidNamesAreRefused) {
  Tree tree;
  tree.root().AddCounters({{"hits", ""}});
  EXPECT_THROW(tree.root().AddCounters({{"hits", ""}}), std::logic_error);
  EXPECT_THROW(tree.root().AddCounters({{"Bad.Name", ""}}), std::logic_error);
  EXPECT_THROW(tree.root().AddFormula({"", ""}, [] { return 0.0; }), std::logic_error);
}

TEST(Statistics, Log2HistogramBinsByPowerOfTwo) {
  Tree tree;
  Histogram& h = tree.root().AddHistogram({"latency", ""}, Log2Bins(6));  // 0,1,2,4,8,16
  for (uint64_t v : {0, 1, 2, 3, 4, 7, 8, 1000}) h.Sample(v);
  EXPECT_EQ(h.bins()[0], 1u);  // 0
  EXPECT_EQ(h.bins()[1], 1u);  // 1
  EXPECT_EQ(h.bins()[2], 2u);  // 2, 3
  EXPECT_EQ(h.bins()[3], 2u);  // 4, 7
  EXPECT_EQ(h.bins()[4], 1u);  // 8
  EXPECT_EQ(h.bins()[5], 1u);  // 1000: the last bin is open
  EXPECT_EQ(h.count(), 8u);
  EXPECT_EQ(h.sum(), 0u + 1 + 2 + 3 + 4 + 7 + 8 + 1000);
}

TEST(Statistics, LinearHistogramClampsBelowAndAbove) {
  Tree tree;
  Histogram& h = tree.root().AddHistogram({"depth", ""}, LinearBins(10, 5, 3));  // 10, 15, 20
  h.Sample(3);
  h.Sample(14);
  h.Sample(15);
  h.Sample(99);
  EXPECT_EQ(h.bins()[0], 2u);
  EXPECT_EQ(h.bins()[1], 1u);
  EXPECT_EQ(h.bins()[2], 1u);
  EXPECT_THROW(tree.root().AddHistogram({"bad", ""}, {3, 3}), std::logic_error);
}

TEST(Statistics, MatrixHasNamedRowsAndColumns) {
  Tree tree;
  Matrix& m = tree.root().AddMatrix({"checks", ""}, {"sync", "async"}, {"pass", "fail"});
  m(1, 0) += 3;
  const nlohmann::json j = tree.ToJson();
  EXPECT_EQ(j["checks"]["rows"][1], "async");
  EXPECT_EQ(j["checks"]["columns"][0], "pass");
  EXPECT_EQ(j["checks"]["values"][1][0], 3u);
  EXPECT_EQ(j["checks"]["values"][0][1], 0u);
}

TEST(Statistics, FormulasAreEvaluatedWhenRead) {
  Tree tree;
  Counters& c = tree.root().AddCounters({{"instructions", ""}, {"cycles", ""}});
  tree.root().AddFormula({"cpi", ""}, [&c] { return double(c[1]) / double(c[0]); });
  EXPECT_TRUE(tree.ToJson()["cpi"].is_null());  // 0 / 0
  c[0] = 4;
  c[1] = 10;
  EXPECT_DOUBLE_EQ(tree.ToJson()["cpi"].get<double>(), 2.5);
}

TEST(Statistics, GaugesReadTheModelWhenTheTreeIsRead) {
  Tree tree;
  uint64_t resident = 4096;
  tree.root().Child("ram").AddGauge({"resident_bytes", ""}, [&resident] { return resident; });
  EXPECT_EQ(tree.ToJson()["ram"]["resident_bytes"], 4096u);
  resident = 8192;
  uint64_t v = 0;
  ASSERT_TRUE(tree.Lookup("ram.resident_bytes", &v));
  EXPECT_EQ(v, 8192u);
  EXPECT_TRUE(tree.ToJson()["ram"]["resident_bytes"].is_number_unsigned());
}

TEST(Statistics, ResetZeroesEverything) {
  Tree tree;
  Counters& c = tree.root().AddCounters({{"a", ""}});
  Histogram& h = tree.root().AddHistogram({"h", ""}, Log2Bins(4));
  Matrix& m = tree.root().AddMatrix({"m", ""}, {"r"}, {"c"});
  c[0] = 7;
  h.Sample(3);
  m(0, 0) = 2;
  tree.Reset();
  EXPECT_EQ(c[0], 0u);
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.bins().sum(), 0u);
  EXPECT_EQ(m(0, 0), 0u);
}

TEST(Statistics, JsonSinceSnapshotGivesTheDifference) {
  Tree tree;
  Counters& c = tree.root().Child("dram").AddCounters({{"reads", ""}});
  Histogram& h = tree.root().AddHistogram({"lat", ""}, Log2Bins(4));
  Matrix& m = tree.root().AddMatrix({"m", ""}, {"r"}, {"c"});
  c[0] = 10;
  h.Sample(2);
  m(0, 0) = 1;
  const Snapshot before = tree.TakeSnapshot();
  c[0] += 3;
  h.Sample(2);
  h.Sample(0);
  m(0, 0) += 4;
  const nlohmann::json j = tree.ToJson(&before);
  EXPECT_EQ(j["dram"]["reads"], 3u);
  EXPECT_EQ(j["lat"]["count"], 2u);
  EXPECT_EQ(j["lat"]["bins"][2], 1u);
  EXPECT_EQ(j["lat"]["bins"][0], 1u);
  EXPECT_EQ(j["m"]["values"][0][0], 4u);
  uint64_t v = 0;
  ASSERT_TRUE(before.Lookup("dram.reads", &v));
  EXPECT_EQ(v, 10u);
}

TEST(Statistics, DescribeListsEveryNameWithItsDescription) {
  Tree tree;
  tree.root().Child("pe0").AddCounters({{"cycles", "cycles the PE spent"}});
  tree.root().AddFormula({"ipc", "instructions per cycle"}, [] { return 1.0; });
  const auto names = tree.Describe();
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names[0].name, "ipc");
  EXPECT_EQ(names[1].name, "pe0.cycles");
  EXPECT_EQ(names[1].description, "cycles the PE spent");
}

}  // namespace
}  // namespace mtesim::stats
