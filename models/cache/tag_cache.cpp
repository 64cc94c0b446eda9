#include "models/cache/tag_cache.h"

namespace mtesim::cache {
namespace {

// A tag cache is a plain cache of tag-storage lines: no prefetcher, no tags of its own.
CacheConfig AsCacheConfig(const TagCacheConfig& t) {
  CacheConfig c;
  c.size_bytes = t.size_bytes;
  c.ways = t.ways;
  c.line_bytes = t.line_bytes;
  c.hit_cycles = t.hit_cycles;
  c.replacement = t.replacement;
  c.prefetch = "none";
  c.prefetch_degree = 1;
  return c;
}

}  // namespace

void Validate(const TagCacheConfig& config, const std::string& path) { Validate(AsCacheConfig(config), path); }

TagCacheConfig ReadTagCacheConfig(config::JsonObject obj, TagCacheConfig defaults) {
  constexpr uint64_t kU32 = UINT32_MAX;  // Validate gives the rules their messages
  TagCacheConfig t = defaults;
  t.enabled = obj.Bool("enabled", t.enabled);
  t.size_bytes = obj.Size("size", t.size_bytes, 0, UINT64_MAX);
  t.ways = static_cast<unsigned>(obj.Unsigned("ways", t.ways, 0, kU32));
  t.line_bytes = static_cast<unsigned>(obj.Size("line", t.line_bytes, 0, kU32));
  t.replacement = obj.Choice("replacement", t.replacement, ReplacementPolicyNames());
  t.hit_cycles = static_cast<unsigned>(obj.Unsigned("hit_cycles", t.hit_cycles, 0, kU32));
  obj.RejectUnknownKeys();
  Validate(AsCacheConfig(t), obj);
  return t;
}

TagCache::TagCache(const TagCacheConfig& config, stats::Group& stats)
    : config_(config), cache_(AsCacheConfig(config), stats) {}

}  // namespace mtesim::cache
