// The memory controller's tag cache: a timing cache of tag-storage lines. Allocation tags
// live in a carve-out of DRAM at 4 bits per 16-byte granule, so one tag-storage byte
// covers 32 data bytes and a 64-byte tag-storage line the tags of 2 KiB of data. The
// controller looks a tag access up here before going to DRAM; a miss costs a DRAM read
// of the tag-storage line (and the write of a dirty victim). Built on Cache: one line
// of tag storage is one cache line whose "data" is the tag bytes.
#pragma once
#include <cstdint>
#include <string>

#include "models/cache/cache.h"
#include "models/config/json_reader.h"
#include "models/stats/statistics.h"

namespace mtesim::cache {

// Data bytes whose allocation tags one tag-storage byte holds (two 4-bit tags).
constexpr uint64_t kDataBytesPerTagByte = 32;

// Where the tags of the data at `data_offset` (from the start of tagged memory) are
// stored, given the carve-out's base address.
constexpr uint64_t TagStorageAddress(uint64_t carve_out_base, uint64_t data_offset) {
  return carve_out_base + data_offset / kDataBytesPerTagByte;
}

struct TagCacheConfig {
  bool enabled = true;
  uint64_t size_bytes = 16 * 1024;
  unsigned ways = 4;
  unsigned line_bytes = 64;
  std::string replacement = "lru";
  unsigned hit_cycles = 2;
};

// Reads keys enabled, size, ways, line, replacement and hit_cycles of `obj` over
// `defaults`, rejects any other key, and validates as caches are (errors name the key).
TagCacheConfig ReadTagCacheConfig(config::JsonObject obj, TagCacheConfig defaults);
// Checks a configuration built in C++; `path` is its dotted name.
void Validate(const TagCacheConfig& config, const std::string& path);

class TagCache {
 public:
  // Registers hits, misses, evictions, writebacks (and Cache's other counters) in `stats`.
  TagCache(const TagCacheConfig& config, stats::Group& stats);

  // An access to the tag storage at `tag_storage_address` (see TagStorageAddress);
  // `write` dirties the line. A miss reports the DRAM fill and any dirty victim.
  Outcome Access(uint64_t tag_storage_address, bool write) {
    return cache_.Access(tag_storage_address, write ? CacheOp::Write : CacheOp::Read, false);
  }

  unsigned line_bytes() const { return cache_.line_bytes(); }
  unsigned hit_cycles() const { return cache_.hit_cycles(); }
  const TagCacheConfig& config() const { return config_; }

 private:
  TagCacheConfig config_;
  Cache cache_;
};

}  // namespace mtesim::cache
