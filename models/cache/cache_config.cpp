#include "models/cache/cache_config.h"

#include <functional>

#include "models/cache/prefetch_policy.h"
#include "models/cache/replacement_policy.h"
#include "models/error.h"

namespace mtesim::cache {
namespace {

constexpr unsigned kMinLineBytes = 16;  // one MTE granule
constexpr unsigned kMaxHitCycles = 1000;

using KeyName = std::function<std::string(const char*)>;

bool IsPowerOfTwo(uint64_t v) { return v != 0 && (v & (v - 1)) == 0; }

void CheckOneOf(const std::string& value, const std::vector<std::string>& names, const std::string& key) {
  std::string list;
  for (const std::string& n : names) {
    if (n == value) return;
    list += (list.empty() ? "" : ", ") + n;
  }
  throw Error(key + " '" + value + "': unknown (expected one of " + list + ")");
}

void ValidateNamed(const CacheConfig& c, const KeyName& key) {
  if (c.ways < 1) throw Error(key("ways") + ": must be at least 1");
  config::RequirePowerOfTwo(c.line_bytes, key("line"));
  if (c.line_bytes < kMinLineBytes)
    throw Error(key("line") + ": " + std::to_string(c.line_bytes) + " bytes is less than one 16-byte granule");
  config::RequirePowerOfTwo(c.size_bytes, key("size"));
  if (c.line_bytes > c.size_bytes)
    throw Error(key("line") + ": " + std::to_string(c.line_bytes) + " bytes is more than the cache's size (" +
                std::to_string(c.size_bytes) + ")");
  if (c.size_bytes < uint64_t{c.ways} * c.line_bytes)
    throw Error(key("size") + ": " + std::to_string(c.size_bytes) + " bytes cannot hold " + std::to_string(c.ways) +
                " ways of " + std::to_string(c.line_bytes) + "-byte lines");
  // With size and line powers of two this also makes ways one (which plru needs).
  const uint64_t sets = c.size_bytes / (uint64_t{c.ways} * c.line_bytes);
  if (!IsPowerOfTwo(sets) || sets * c.ways * c.line_bytes != c.size_bytes)
    throw Error(key("ways") + ": " + std::to_string(c.ways) + " ways of " + std::to_string(c.line_bytes) +
                "-byte lines do not divide " + std::to_string(c.size_bytes) +
                " bytes into a power-of-two number of sets");
  if (c.hit_cycles > kMaxHitCycles)
    throw Error(key("hit_cycles") + ": " + std::to_string(c.hit_cycles) + " is more than " +
                std::to_string(kMaxHitCycles));
  CheckOneOf(c.replacement, ReplacementPolicyNames(), key("replacement"));
  CheckOneOf(c.prefetch, PrefetchPolicyNames(), key("prefetch"));
  if (c.prefetch_degree < 1 || c.prefetch_degree > PrefetchPolicy::kMaxDegree)
    throw Error(key("prefetch_degree") + ": " + std::to_string(c.prefetch_degree) + " is not between 1 and " +
                std::to_string(PrefetchPolicy::kMaxDegree));
}

}  // namespace

void Validate(const CacheConfig& config, const std::string& path) {
  ValidateNamed(config, [&](const char* k) { return path.empty() ? std::string(k) : path + "." + k; });
}

void Validate(const CacheConfig& config, const config::JsonObject& obj) {
  ValidateNamed(config, [&](const char* k) { return obj.Key(k); });
}

CacheConfig ReadCacheConfig(config::JsonObject obj, CacheConfig defaults) {
  // Ranges here only keep values representable; Validate gives the rules their messages.
  constexpr uint64_t kU32 = UINT32_MAX;
  CacheConfig c = defaults;
  c.size_bytes = obj.Size("size", c.size_bytes, 0, UINT64_MAX);
  c.ways = static_cast<unsigned>(obj.Unsigned("ways", c.ways, 0, kU32));
  c.line_bytes = static_cast<unsigned>(obj.Size("line", c.line_bytes, 0, kU32));
  c.hit_cycles = static_cast<unsigned>(obj.Unsigned("hit_cycles", c.hit_cycles, 0, kU32));
  c.replacement = obj.Choice("replacement", c.replacement, ReplacementPolicyNames());
  c.prefetch = obj.Choice("prefetch", c.prefetch, PrefetchPolicyNames());
  c.prefetch_degree = static_cast<unsigned>(obj.Unsigned("prefetch_degree", c.prefetch_degree, 0, kU32));
  c.prefetch_queue = static_cast<unsigned>(obj.Unsigned("prefetch_queue", c.prefetch_queue, 1, 64));
  c.writeback_buffer = static_cast<unsigned>(obj.Unsigned("writeback_buffer", c.writeback_buffer, 1, 64));
  obj.RejectUnknownKeys();
  Validate(c, obj);
  return c;
}

}  // namespace mtesim::cache
