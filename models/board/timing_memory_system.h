// The memory system of --mode timing, apart from everything that executes: the memory
// controller's timing (tag cache, tag placement, DRAM), the shared L2 and one CoreTiming
// (L1I, L1D, store buffer) per PE, wired core -> L2. The board builds one for its PEs;
// the trace replay (traces/replay.h) builds one alone and drives it from a recording.
//
// What lies below the L2 is the owner's: it binds l2_initiator() to its memory target
// (the board's router; the replay's own router over RAM and flash) and attaches
// memory_controller() to the RAM that serves lines (TagStorageMemory::AttachTiming).
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include <systemc>
#include <tlm_utils/simple_initiator_socket.h>

#include "models/board/timing_config.h"
#include "models/cache/shared_cache.h"
#include "models/memory/memory_controller_timing.h"
#include "models/pe/core_timing.h"
#include "models/stats/statistics.h"

namespace mtesim::models {

class TimingMemorySystem {
 public:
  // Statistics register under `root`: "memory" (tag cache, DRAM), "l2", and "peN" for
  // PE N's caches and stalls. `ram_bytes` is the tagged RAM the controller serves (its
  // tag carve-out lies above it); `cycle` is the clock every *_cycles setting counts.
  TimingMemorySystem(const TimingConfig& timing, uint64_t ram_bytes, sc_core::sc_time cycle, unsigned pe_count,
                     stats::Group& root);
  ~TimingMemorySystem();
  TimingMemorySystem(const TimingMemorySystem&) = delete;
  TimingMemorySystem& operator=(const TimingMemorySystem&) = delete;

  unsigned pe_count() const { return static_cast<unsigned>(cores_.size()); }
  // PE `pe`'s seam port: an access's stall in cycles (models/pe/memory_access.h).
  CoreTiming& core(unsigned pe) { return *cores_[pe]; }
  cache::SharedCache& l2() { return *l2_; }
  MemoryControllerTiming& memory_controller() { return *memory_controller_; }
  // The L2's way to memory, for the owner to bind.
  tlm_utils::simple_initiator_socket<cache::SharedCache>& l2_initiator() { return l2_->initiator_socket; }

 private:
  std::unique_ptr<MemoryControllerTiming> memory_controller_;
  std::unique_ptr<cache::SharedCache> l2_;
  std::vector<std::unique_ptr<CoreTiming>> cores_;
};

}  // namespace mtesim::models
