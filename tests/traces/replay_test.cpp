// The replay's cycle rules on hand-written traces (traces/replay.h): what each record adds
// to its PE's cycles, and what the replay refuses. The timing models answer the accesses
// as in the board; their own rules are tests/timing's. No sc_start here or in the replay.
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "models/board/memory_map.h"
#include "models/error.h"
#include "traces/replay.h"
#include "traces/trace_writer.h"

namespace mtesim::traces {
namespace {

using models::MemoryAccess;
using models::MemoryAccessKind;
using models::TagCheckTiming;

std::string TempPath(const char* name) {
  return ::testing::TempDir() + "/" + name + "." + std::to_string(::getpid()) + ".mtt";
}

// A bare-metal machine (no hypervisor model: the board's RAM is the configured memory).
models::PlatformConfig Bare(unsigned smp = 1) {
  models::PlatformConfig c;
  c.hypervisor = models::HypervisorKind::None;
  c.hypervisor_set = true;
  c.smp = smp;
  return c;
}

uint64_t At(const nlohmann::json& stats, const char* pointer) {
  return stats.at(nlohmann::json::json_pointer(pointer)).get<uint64_t>();
}

TEST(Replay, InstructionsTranslationsAndSynchronousExceptionsCostTheirCycles) {
  const std::string path = TempPath("replay_cycles");
  {
    TraceWriter w(path, Header{});
    w.Pe(0);
    w.CompactInsn(isa::InsnClass::IntAlu);
    w.CompactInsn(isa::InsnClass::IntDiv);
    w.Translation();
    models::TakenException sync;
    w.Exception(sync);
    models::TakenException irq;
    irq.kind = models::TakenException::Kind::Irq;
    w.Exception(irq);
    w.Close();
  }
  const models::PlatformConfig config = Bare();
  const models::CoreTimingConfig& core = config.timing.core;
  const ReplayResult r = Replay(path, config);
  const uint64_t expected = core.latency[static_cast<unsigned>(isa::InsnClass::IntAlu)] +
                            core.latency[static_cast<unsigned>(isa::InsnClass::IntDiv)] + core.translation_cycles +
                            core.exception_cycles;  // the IRQ costs nothing
  EXPECT_EQ(r.pe_cycles.at(0), expected);
  EXPECT_EQ(At(r.statistics, "/pe0/cycles"), expected);
  EXPECT_EQ(At(r.statistics, "/pe0/exception_cycles"), core.exception_cycles);
  EXPECT_EQ(r.instructions, 3u);  // two retired and the faulting one
  EXPECT_EQ(r.accesses, 0u);
  std::remove(path.c_str());
}

// An access misses every level, then hits the L1D: its stall is the PE's, counted by the
// caches under the execution run's names; a second PE's access meets the L2 line filled.
TEST(Replay, AccessesStallTheirPeAndShareTheL2) {
  const std::string path = TempPath("replay_access");
  constexpr uint64_t kPa = models::kRamBase + 0x10000;
  Header h;
  h.pe_count = 2;
  {
    TraceWriter w(path, h);
    w.Pe(0);
    w.Access(MemoryAccess{kPa, kPa, 8, MemoryAccessKind::Read, false, TagCheckTiming::None}, 0, 0);
    w.Access(MemoryAccess{kPa, kPa, 8, MemoryAccessKind::Read, false, TagCheckTiming::None}, 0, 0);
    w.Pe(1);
    w.Access(MemoryAccess{kPa, kPa, 8, MemoryAccessKind::Read, false, TagCheckTiming::None}, 0, 0);
    w.Close();
  }
  const ReplayResult r = Replay(path, Bare(2));
  EXPECT_EQ(r.accesses, 3u);
  EXPECT_EQ(At(r.statistics, "/pe0/l1d/misses"), 1u);
  EXPECT_EQ(At(r.statistics, "/pe0/l1d/hits"), 1u);
  EXPECT_EQ(At(r.statistics, "/pe1/l1d/misses"), 1u);
  EXPECT_EQ(At(r.statistics, "/l2/hits"), 1u);
  EXPECT_EQ(At(r.statistics, "/l2/misses"), 1u);  // (memory also serves the L2 prefetcher's next line)
  const uint64_t l1_hit = Bare().timing.l1d.hit_cycles;
  EXPECT_GT(r.pe_cycles[0], r.pe_cycles[1]);  // a DRAM access against an L2 hit
  EXPECT_EQ(At(r.statistics, "/pe0/stalls/load"), r.pe_cycles[0]);
  EXPECT_GT(r.pe_cycles[1], l1_hit);
  std::remove(path.c_str());
}

TEST(Replay, RefusesAnEventsTraceAndAMachineThatDisagrees) {
  const std::string events = TempPath("replay_events");
  Header h;
  h.detail = Detail::Events;
  TraceWriter(events, h).Close();
  try {
    Replay(events, Bare());
    FAIL() << "an events trace was replayed";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(events + ": a trace of detail 'events'"), std::string::npos) << e.what();
  }
  const std::string two = TempPath("replay_two_pes");
  h = Header{};
  h.pe_count = 2;
  TraceWriter(two, h).Close();
  EXPECT_THROW(Replay(two, Bare(1)), Error);
  EXPECT_NO_THROW(Replay(two, Bare(2)));
  models::PlatformConfig fast = Bare(2);
  fast.cycle_ps = 500;
  try {
    Replay(two, fast);
    FAIL() << "a trace of another cycle was replayed";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("cycle_ps is 500"), std::string::npos) << e.what();
  }
  std::remove(events.c_str());
  std::remove(two.c_str());
}

}  // namespace
}  // namespace mtesim::traces
