#include "models/board/timing_memory_system.h"

#include <string>

namespace mtesim::models {

TimingMemorySystem::TimingMemorySystem(const TimingConfig& t, uint64_t ram_bytes, sc_core::sc_time cycle,
                                       unsigned pe_count, stats::Group& root) {
  // Built (and registered in the statistics tree) bottom up, as the board always has.
  memory_controller_ = std::make_unique<MemoryControllerTiming>(t.tag_cache, t.tag_storage, t.dram, t.controller_cycles,
                                                                ram_bytes, cycle, root.Child("memory"));
  l2_ = std::make_unique<cache::SharedCache>("l2", t.l2, cycle, root.Child("l2"));
  for (unsigned i = 0; i < pe_count; ++i) {
    const std::string pe = "pe" + std::to_string(i);
    const std::string name = pe + "_caches";
    cores_.push_back(std::make_unique<CoreTiming>(name.c_str(), t.l1i, t.l1d, t.core.store_buffer_entries, cycle,
                                                  root.Child(pe)));
    cores_.back()->socket.bind(l2_->target_socket);
  }
}

TimingMemorySystem::~TimingMemorySystem() = default;

}  // namespace mtesim::models
