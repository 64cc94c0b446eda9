// Small caches for the tests, with their statistics tree.
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "models/cache/cache.h"
#include "models/stats/statistics.h"

namespace cache_test {

using mtesim::cache::Cache;
using mtesim::cache::CacheConfig;

constexpr unsigned kLine = 64;

inline CacheConfig Config(uint64_t size, unsigned ways, const std::string& replacement = "lru",
                          const std::string& prefetch = "none", unsigned degree = 1) {
  CacheConfig c;
  c.size_bytes = size;
  c.ways = ways;
  c.line_bytes = kLine;
  c.hit_cycles = 10;
  c.replacement = replacement;
  c.prefetch = prefetch;
  c.prefetch_degree = degree;
  return c;
}

// A cache registered as "l1d" in its own tree.
struct Bench {
  mtesim::stats::Tree tree;
  Cache cache;
  explicit Bench(const CacheConfig& config) : cache(config, tree.root().Child("l1d")) {}
  uint64_t Stat(const std::string& name) const {
    uint64_t v = 0;
    if (!tree.Lookup("l1d." + name, &v)) ADD_FAILURE() << "no statistic l1d." << name;
    return v;
  }
};

// The line address `i` lines from 0x10000 (in one set of a one-set cache).
constexpr uint64_t LineAt(unsigned i) { return 0x10000 + uint64_t{i} * kLine; }

}  // namespace cache_test
