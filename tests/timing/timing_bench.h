// The timing chain of one PE as BuildTimingModel (models/board/board.cpp) builds it:
// CoreTiming (L1I, L1D) -> SharedCache (L2) -> either a fake memory that counts the
// LineTransfers reaching it and answers in fixed latencies, or the TagStorageMemory with
// its MemoryControllerTiming (tag cache, tag placement, DRAM). No sc_start: the sockets'
// bindings are completed by hand, as tests/cache/shared_cache_test.cpp does.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <typeinfo>

#include <gtest/gtest.h>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "models/board/timing_config.h"
#include "models/cache/shared_cache.h"
#include "models/memory/memory_controller_timing.h"
#include "models/memory/tag_storage_memory.h"
#include "models/pe/core_timing.h"
#include "models/stats/statistics.h"
#include "tlm/line_transfer.h"

namespace timing_test {

using mtesim::models::MemoryAccess;
using mtesim::models::MemoryAccessKind;
using mtesim::models::TagCheckTiming;
using mtesim::models::TagPlacement;
using mtesim::models::TimingConfig;
using mtesim::tlmx::LineTransfer;
using sc_core::sc_time;

const sc_time kCycle(1, sc_core::SC_NS);
constexpr uint64_t kCyclePs = 1000;
constexpr uint64_t kMemoryBytes = 1 << 20;
// The fake memory: data after kMemoryCycles, tags (when a fill asks for them) kTagCycles later.
constexpr uint64_t kMemoryCycles = 100;
constexpr uint64_t kTagCycles = 40;

inline std::string Unique(const char* base) {
  static unsigned n = 0;
  return base + std::to_string(n++);
}

// The defaults of --mode timing, with no L2 prefetcher (so every transfer below is a
// demand's).
inline TimingConfig Config() {
  TimingConfig t;
  t.l2.prefetch = "none";
  return t;
}

struct FakeMemory : sc_core::sc_module {
  tlm_utils::simple_target_socket<FakeMemory> socket{"socket"};
  unsigned fills = 0, tag_fills = 0, writebacks = 0;
  LineTransfer last;
  uint64_t last_address = 0;
  explicit FakeMemory(sc_core::sc_module_name name) : sc_module(name) {
    socket.register_b_transport(this, &FakeMemory::b_transport);
  }
  void b_transport(tlm::tlm_generic_payload& trans, sc_time& delay) {
    LineTransfer* ext = trans.get_extension<LineTransfer>();
    ASSERT_NE(ext, nullptr);
    if (ext->op == LineTransfer::Op::Fill) {
      ++fills;
      if (ext->tags) ++tag_fills;
    } else {
      ++writebacks;
    }
    last = *ext;
    last_address = trans.get_address();
    delay += kCycle * static_cast<double>(kMemoryCycles);
    ext->tags_ready = ext->tags ? delay + kCycle * static_cast<double>(kTagCycles) : delay;
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
  }
};

struct Bench {
  enum class Below { Fake, Controller };
  mtesim::stats::Tree tree;
  TimingConfig config;
  mtesim::models::CoreTiming core;
  mtesim::cache::SharedCache l2;
  std::unique_ptr<FakeMemory> fake;
  std::unique_ptr<mtesim::models::TagStorageMemory> ram;
  std::unique_ptr<mtesim::models::MemoryControllerTiming> controller;

  explicit Bench(const TimingConfig& c = Config(), Below below = Below::Fake)
      : config(c),
        core(Unique("pe_caches").c_str(), c.l1i, c.l1d, c.core.store_buffer_entries, kCycle, tree.root().Child("pe0")),
        l2(Unique("l2").c_str(), c.l2, kCycle, tree.root().Child("l2")) {
    core.socket.bind(l2.target_socket);
    if (below == Below::Fake) {
      fake = std::make_unique<FakeMemory>(Unique("memory").c_str());
      l2.initiator_socket.bind(fake->socket);
    } else {
      ram = std::make_unique<mtesim::models::TagStorageMemory>(Unique("ram").c_str(), kMemoryBytes);
      controller = std::make_unique<mtesim::models::MemoryControllerTiming>(
          c.tag_cache, c.tag_storage, c.dram, c.controller_cycles, kMemoryBytes, kCycle, tree.root().Child("memory"));
      ram->AttachTiming(controller.get());
      l2.initiator_socket.bind(ram->socket);
    }
    auto& port = core.socket.get_base_port();
    port->register_port(port, typeid(tlm::tlm_fw_transport_if<>).name());
    l2.target_socket.end_of_elaboration();
  }

  // One access through the seam at simulated time 0; the cycles the PE stalls.
  uint64_t Access(MemoryAccessKind kind, uint64_t pa, uint32_t size = 8, bool tagged = false,
                  TagCheckTiming check = TagCheckTiming::None) {
    return core.Access(MemoryAccess{pa, pa, size, kind, tagged, check}, sc_core::SC_ZERO_TIME);
  }
  uint64_t Load(uint64_t pa, bool tagged = false, TagCheckTiming check = TagCheckTiming::None) {
    return Access(MemoryAccessKind::Read, pa, 8, tagged, check);
  }
  uint64_t Store(uint64_t pa, bool tagged = false, TagCheckTiming check = TagCheckTiming::None) {
    return Access(MemoryAccessKind::Write, pa, 8, tagged, check);
  }
  uint64_t Stat(const std::string& name) const {
    uint64_t v = 0;
    if (!tree.Lookup(name, &v)) ADD_FAILURE() << "no statistic " << name;
    return v;
  }

  // With the fake memory below: what an L1D miss that also misses the L2 stalls for its
  // data, and for tags fetched with it.
  uint64_t MissCycles() const { return config.l1d.hit_cycles + config.l2.hit_cycles + kMemoryCycles; }
  uint64_t MissTagCycles() const { return MissCycles() + kTagCycles; }
};

}  // namespace timing_test
