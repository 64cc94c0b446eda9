// A timing cache's geometry and policies (DRAMSys style: a typed struct, filled from its
// own JSON object, checked with errors that name the dotted key at fault).
#pragma once
#include <cstdint>
#include <string>

#include "models/config/json_reader.h"

namespace mtesim::cache {

struct CacheConfig {
  uint64_t size_bytes = 32 * 1024;
  unsigned ways = 8;
  unsigned line_bytes = 64;
  unsigned hit_cycles = 4;
  std::string replacement = "lru";  // one of ReplacementPolicyNames()
  std::string prefetch = "none";    // one of PrefetchPolicyNames()
  unsigned prefetch_degree = 1;     // lines a prefetch trigger asks for (1..8)
  // Prefetch fills a shared cache keeps in flight (1..64); a prefetch finding them all
  // still on their way is dropped, as a full prefetch queue drops it.
  unsigned prefetch_queue = 8;
  // Writebacks a shared cache keeps draining to memory at once (1..64); a fill or a
  // writeback from above that must evict a dirty line while they all drain waits for the
  // oldest, so writes cannot queue at memory without bound.
  unsigned writeback_buffer = 8;

  unsigned sets() const { return static_cast<unsigned>(size_bytes / (uint64_t{ways} * line_bytes)); }
};

// Reads keys size, ways, line, hit_cycles, replacement, prefetch and prefetch_degree of
// `obj` over `defaults`, rejects any other key, then validates the result.
CacheConfig ReadCacheConfig(config::JsonObject obj, CacheConfig defaults);

// Checks a configuration (built in C++ or read) as ReadCacheConfig does; `path` is its
// dotted name ("timing.l2"), so errors read "timing.l2.ways: must be at least 1".
void Validate(const CacheConfig& config, const std::string& path);
// The same, naming keys as members of `obj` (a reader of a config that embeds these keys).
void Validate(const CacheConfig& config, const config::JsonObject& obj);

}  // namespace mtesim::cache
