// The statistics tree through the Platform: the VMM's and the hypervisor's counters are
// in the board's tree under their --stats names, and a snapshot or a reset reaches them.
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>
#include <systemc>
#include <nlohmann/json.hpp>

#include "models/platform/platform.h"

namespace mtesim::models {
namespace {

TEST(PlatformStatistics, SnapshotAndResetReachTheHypervisorSide) {
  PlatformConfig config;  // the hypervisor model: the guest in a VM
  std::string console;
  Platform platform(config, [&console](char c) { console += c; });
  platform.LoadKernel(MTESIM_GUESTS_DIR "/hello.elf");
  const RunResult result = platform.Run();
  ASSERT_EQ(result.exit_status, 0) << result.reason;

  stats::Tree& tree = platform.statistics();
  nlohmann::json j = platform.Statistics();
  EXPECT_GT(j["hypervisor"]["exits"].get<uint64_t>(), 0u);
  EXPECT_GT(j["hypervisor"]["vm"]["faults_mapped"].get<uint64_t>(), 0u);
  EXPECT_GT(j["vmm"]["mmio_exits"].get<uint64_t>(), 0u);
  EXPECT_GE(j["psci"]["calls"].get<uint64_t>(), 1u);  // SYSTEM_OFF
  EXPECT_EQ(j["vmm"]["backing_eager"], 0u);
  EXPECT_EQ(j["uart"]["bytes_transmitted"], console.size());
  EXPECT_FALSE(j.contains("migration") || j.contains("swap"));  // registered only when used
  uint64_t exits = 0;
  ASSERT_TRUE(tree.Lookup("hypervisor.exits", &exits));
  EXPECT_EQ(exits, j["hypervisor"]["exits"]);

  // Nothing happened after the snapshot.
  const stats::Snapshot snapshot = tree.TakeSnapshot();
  const nlohmann::json since = tree.ToJson(&snapshot);
  EXPECT_EQ(since["hypervisor"]["exits"], 0u);
  EXPECT_EQ(since["hypervisor"]["vm"]["faults_mapped"], 0u);
  EXPECT_EQ(since["vmm"]["mmio_exits"], 0u);

  // A reset zeroes the counters; values a model keeps (gauges) stay what they are.
  tree.Reset();
  j = platform.Statistics();
  EXPECT_EQ(j["hypervisor"]["exits"], 0u);
  EXPECT_EQ(j["hypervisor"]["vm"]["pages_sanitised"], 0u);
  EXPECT_EQ(j["vmm"]["mmio_exits"], 0u);
  EXPECT_EQ(j["psci"]["calls"], 0u);  // the sum of the runners' hypercall counters
  EXPECT_EQ(j["uart"]["bytes_transmitted"], console.size());
  EXPECT_EQ(j["vmm"]["memslots"].get<uint64_t>(), 2u);  // RAM and the boot flash
}

}  // namespace
}  // namespace mtesim::models

// The tests run inside SystemC's sc_main (a simulation needs it); without the banner,
// which would read as test names to gtest_discover_tests.
int sc_main(int argc, char* argv[]) {
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}

int main(int argc, char* argv[]) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  return sc_core::sc_elab_and_sim(argc, argv);
}
