// The memory controller's timing half (--mode timing): what a cache line's fill or
// writeback costs in DRAM, data and allocation tags, with the tag cache in front of the
// tag carve-out. It times tlmx::LineTransfer transactions (tlm/line_transfer.h) that
// reach the tag-storage memory (models/memory/tag_storage_memory.h), whose stores stay
// the only copy of data and tags: nothing here holds a value.
//
// Tags live either in the 1/32 carve-out above the data (a line's tags are a few bytes
// of a tag-storage line: every tag fill or writeback is a tag-cache access, and a
// tag-cache miss or the absence of a tag cache is a DRAM access of its own), or in the
// ECC bits of each data line (they move with the data at no extra traffic; tags alone
// still need the line's DRAM access).
#pragma once
#include <cstdint>
#include <memory>

#include <systemc>

#include "models/cache/tag_cache.h"
#include "models/memory/dram/dram.h"
#include "models/stats/statistics.h"
#include "tlm/line_transfer.h"

namespace mtesim::models {

// Where allocation tags live in DRAM (mte-reference: 4 bits per 16-byte granule).
enum class TagPlacement : uint8_t {
  CarveOut,  // a 1/32 region of DRAM, filtered by the tag cache
  Ecc,       // in the ECC bits of each data line: tags move with their data
};

class MemoryControllerTiming {
 public:
  // `memory_bytes` is the size of the data the controller serves (the carve-out starts
  // above it); `cycle` is the clock `controller_cycles` count in.
  MemoryControllerTiming(const cache::TagCacheConfig& tag_cache, TagPlacement placement, const dram::DramConfig& dram,
                         uint32_t controller_cycles, uint64_t memory_bytes, sc_core::sc_time cycle, stats::Group& stats);

  // Times the transfer of the line at `offset` (from the start of the memory) of `bytes`
  // described by `line`: `delay` enters as the initiator's offset from SystemC's time and
  // leaves as the offset at which the data is available; line.tags_ready is set.
  void Transfer(uint64_t offset, unsigned bytes, tlmx::LineTransfer& line, sc_core::sc_time& delay);

 private:
  // DRAM accesses of [address, address + bytes) from time `start` (ps); returns when the
  // last burst completes.
  uint64_t Dram(uint64_t start, uint64_t address, uint64_t bytes, bool write, bool tag);
  // The tags of the data line at `offset` read (fill) or written (writeback), from `start`.
  uint64_t Tags(uint64_t start, uint64_t offset, uint64_t bytes, bool write);

  TagPlacement placement_;
  uint64_t carve_out_base_;
  uint64_t controller_ps_;
  uint64_t cycle_ps_;
  std::unique_ptr<cache::TagCache> tag_cache_;  // none when disabled
  std::unique_ptr<dram::Dram> dram_;
  enum Counter : unsigned { kFills, kWritebacks, kTagFills, kTagWritebacks, kTagOnlyFills, kCounterCount };
  stats::Counters& counters_;
};

}  // namespace mtesim::models
