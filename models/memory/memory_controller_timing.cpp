#include "models/memory/memory_controller_timing.h"

#include <algorithm>

namespace mtesim::models {

MemoryControllerTiming::MemoryControllerTiming(const cache::TagCacheConfig& tag_cache, TagPlacement placement,
                                               const dram::DramConfig& dram, uint32_t controller_cycles,
                                               uint64_t memory_bytes, sc_core::sc_time cycle, stats::Group& stats)
    : placement_(placement),
      carve_out_base_(memory_bytes),
      controller_ps_(cycle.value() * controller_cycles),
      cycle_ps_(cycle.value()),
      counters_(stats.AddCounters({
          {"fills", "line fills served (data, tags or both)"},
          {"writebacks", "dirty lines written back (data, tags or both)"},
          {"tag_fills", "fills that brought the line's allocation tags"},
          {"tag_writebacks", "writebacks that carried dirty allocation tags"},
          {"tag_only_fills", "fills of tags alone (the line's data was already cached)"},
      })) {
  stats.AddGauge({"tag_placement_ecc", "1: tags in the ECC bits of data lines; 0: in the 1/32 carve-out"},
                 [placement] { return placement == TagPlacement::Ecc ? 1 : 0; });
  if (placement == TagPlacement::CarveOut && tag_cache.enabled)
    tag_cache_ = std::make_unique<cache::TagCache>(tag_cache, stats.Child("tag_cache"));
  dram_ = std::make_unique<dram::Dram>(dram, stats.Child("dram"));
}

uint64_t MemoryControllerTiming::Dram(uint64_t start, uint64_t address, uint64_t bytes, bool write, bool tag) {
  const uint64_t burst = dram_->config().line_bytes;
  uint64_t done = start;
  for (uint64_t a = address & ~(burst - 1); a < address + bytes; a += burst)
    done = std::max(done, dram_->Access(start, a, write, tag));
  return done;
}

uint64_t MemoryControllerTiming::Tags(uint64_t start, uint64_t offset, uint64_t bytes, bool write) {
  const uint64_t tag_address = cache::TagStorageAddress(carve_out_base_, offset);
  const uint64_t tag_bytes = std::max<uint64_t>(1, bytes / cache::kDataBytesPerTagByte);
  if (!tag_cache_) return Dram(start, tag_address, tag_bytes, write, true);
  const cache::Outcome o = tag_cache_->Access(tag_address, write);
  const uint64_t line = tag_cache_->line_bytes();
  uint64_t ready = start + cycle_ps_ * tag_cache_->hit_cycles();
  if (o.writeback.needed) Dram(ready, o.writeback.address, line, true, true);  // in the background
  // A write miss allocates: the rest of the tag line must come from DRAM first.
  if (o.fill.needed) ready = Dram(ready, tag_address & ~(line - 1), line, false, true);
  return ready;
}

void MemoryControllerTiming::Transfer(uint64_t offset, unsigned bytes, tlmx::LineTransfer& line,
                                      sc_core::sc_time& delay) {
  const uint64_t start = sc_core::sc_time_stamp().value() + delay.value() + controller_ps_;
  uint64_t data_ready = start, tags_ready = start;
  if (line.op == tlmx::LineTransfer::Op::Fill) {
    ++counters_[kFills];
    if (line.data) data_ready = Dram(start, offset, bytes, false, false);
    if (line.tags) {
      ++counters_[kTagFills];
      if (!line.data) ++counters_[kTagOnlyFills];
      if (placement_ == TagPlacement::CarveOut) tags_ready = Tags(start, offset, bytes, false);
      else tags_ready = line.data ? data_ready : Dram(start, offset, bytes, false, true);  // the ECC bits of the line
    }
  } else {
    ++counters_[kWritebacks];
    if (line.data) data_ready = Dram(start, offset, bytes, true, false);
    if (line.tags) {
      ++counters_[kTagWritebacks];
      if (placement_ == TagPlacement::CarveOut) tags_ready = Tags(start, offset, bytes, true);
      else if (!line.data) tags_ready = Dram(start, offset, bytes, true, true);  // rewrite the line's ECC bits
    }
    // A writeback has drained when its DRAM writes are done; the writer's buffer entry
    // is held until then (models/cache/shared_cache.h), nobody waits otherwise.
    data_ready = tags_ready = std::max(data_ready, tags_ready);
  }
  if (!line.tags) tags_ready = data_ready;
  const uint64_t now = sc_core::sc_time_stamp().value();
  delay = sc_core::sc_time::from_value(data_ready - now);
  line.tags_ready = sc_core::sc_time::from_value(tags_ready - now);
}

}  // namespace mtesim::models
