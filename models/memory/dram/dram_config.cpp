// Reading and checking DramConfig. The limits live in one table so that JSON reading and
// Validate (for configs built in C++) accept exactly the same values.
#include "models/memory/dram/dram_config.h"

#include <algorithm>

#include "models/error.h"
#include "models/memory/dram/address_mapping.h"
#include "models/memory/dram/row_buffer_policy.h"

namespace mtesim::dram {

namespace {

struct Limit {
  uint64_t min, max;
};
constexpr Limit kChannels{1, 64};
constexpr Limit kRanks{1, 8};
constexpr Limit kBanks{1, 64};
constexpr Limit kLineBytes{16, 256};
constexpr Limit kRowBytes{16, uint64_t{1} << 20};
constexpr Limit kRows{1, uint64_t{1} << 24};
constexpr Limit kClockPeriodPs{100, 10000};
constexpr Limit kCommandCycles{1, 1000};        // tRCD, tCL, tCWL, tRP, tRAS, tBURST
constexpr Limit kRefreshIntervalCycles{1, 1000000};
constexpr Limit kRefreshCycleCycles{1, 100000};

std::string Join(const std::string& path, const char* key) { return path.empty() ? key : path + "." + key; }

void RequireInRange(uint64_t value, Limit limit, const std::string& key) {
  if (value < limit.min || value > limit.max)
    throw Error(key + ": " + std::to_string(value) + " is not between " + std::to_string(limit.min) + " and " +
                std::to_string(limit.max));
}

bool IsOneOf(const std::string& name, std::initializer_list<const char*> names) {
  return std::any_of(names.begin(), names.end(), [&](const char* known) { return name == known; });
}

void RequireOneOf(const std::string& name, std::initializer_list<const char*> names, const std::string& key) {
  if (IsOneOf(name, names)) return;
  std::string list;
  for (const char* known : names) list += std::string(list.empty() ? "" : ", ") + known;
  throw Error(key + " '" + name + "': unknown (expected one of " + list + ")");
}

// JsonObject names keys, not itself: its path is the prefix Key() puts before a key.
std::string PathOf(const config::JsonObject& obj) {
  std::string prefix = obj.Key("");
  if (!prefix.empty()) prefix.pop_back();  // the '.'
  return prefix;
}

unsigned ReadUnsigned(config::JsonObject& obj, const char* key, unsigned fallback, Limit limit) {
  return static_cast<unsigned>(obj.Unsigned(key, fallback, limit.min, limit.max));
}

void ReadTimings(config::JsonObject obj, DramTimings& t) {
  t.tck_ps = obj.Unsigned("tCK_ps", t.tck_ps, kClockPeriodPs.min, kClockPeriodPs.max);
  t.tRCD = ReadUnsigned(obj, "tRCD", t.tRCD, kCommandCycles);
  t.tCL = ReadUnsigned(obj, "tCL", t.tCL, kCommandCycles);
  t.tCWL = ReadUnsigned(obj, "tCWL", t.tCWL, kCommandCycles);
  t.tRP = ReadUnsigned(obj, "tRP", t.tRP, kCommandCycles);
  t.tRAS = ReadUnsigned(obj, "tRAS", t.tRAS, kCommandCycles);
  t.tBURST = ReadUnsigned(obj, "tBURST", t.tBURST, kCommandCycles);
  t.tREFI = ReadUnsigned(obj, "tREFI", t.tREFI, kRefreshIntervalCycles);
  t.tRFC = ReadUnsigned(obj, "tRFC", t.tRFC, kRefreshCycleCycles);
  obj.RejectUnknownKeys();
}

}  // namespace

DramConfig ReadDramConfig(config::JsonObject obj) {
  // The preset first: every other key overrides one of its values.
  DramConfig c = DramPreset(obj.Choice("preset", "ddr4_3200", kDramPresetNames));
  c.channels = ReadUnsigned(obj, "channels", c.channels, kChannels);
  c.ranks = ReadUnsigned(obj, "ranks", c.ranks, kRanks);
  c.banks = ReadUnsigned(obj, "banks", c.banks, kBanks);
  c.rows = obj.Unsigned("rows", c.rows, kRows.min, kRows.max);
  c.line_bytes = static_cast<unsigned>(obj.Size("line_bytes", c.line_bytes, kLineBytes.min, kLineBytes.max));
  c.row_bytes = obj.Size("row_bytes", c.row_bytes, kRowBytes.min, kRowBytes.max);
  c.row_buffer_policy = obj.Choice("row_buffer_policy", c.row_buffer_policy, kRowBufferPolicyNames);
  c.address_mapping = obj.Choice("address_mapping", c.address_mapping, kAddressMappingNames);
  if (obj.Has("timings")) ReadTimings(obj.Object("timings"), c.t);
  obj.RejectUnknownKeys();
  Validate(c, PathOf(obj));
  return c;
}

void Validate(const DramConfig& c, const std::string& path) {
  const auto key = [&](const char* name) { return Join(path, name); };
  RequireInRange(c.channels, kChannels, key("channels"));
  RequireInRange(c.ranks, kRanks, key("ranks"));
  RequireInRange(c.banks, kBanks, key("banks"));
  RequireInRange(c.rows, kRows, key("rows"));
  RequireInRange(c.line_bytes, kLineBytes, key("line_bytes"));
  RequireInRange(c.row_bytes, kRowBytes, key("row_bytes"));
  // The address mapping slices the address into bit fields: every count is a power of two.
  config::RequirePowerOfTwo(c.channels, key("channels"));
  config::RequirePowerOfTwo(c.ranks, key("ranks"));
  config::RequirePowerOfTwo(c.banks, key("banks"));
  config::RequirePowerOfTwo(c.rows, key("rows"));
  config::RequirePowerOfTwo(c.line_bytes, key("line_bytes"));
  config::RequirePowerOfTwo(c.row_bytes, key("row_bytes"));
  if (c.row_bytes < c.line_bytes)
    throw Error(key("row_bytes") + ": " + std::to_string(c.row_bytes) + " is smaller than line_bytes (" +
                std::to_string(c.line_bytes) + ")");
  RequireOneOf(c.row_buffer_policy, kRowBufferPolicyNames, key("row_buffer_policy"));
  RequireOneOf(c.address_mapping, kAddressMappingNames, key("address_mapping"));

  const std::string timings = Join(path, "timings");
  const auto timing = [&](const char* name) { return Join(timings, name); };
  RequireInRange(c.t.tck_ps, kClockPeriodPs, timing("tCK_ps"));
  RequireInRange(c.t.tRCD, kCommandCycles, timing("tRCD"));
  RequireInRange(c.t.tCL, kCommandCycles, timing("tCL"));
  RequireInRange(c.t.tCWL, kCommandCycles, timing("tCWL"));
  RequireInRange(c.t.tRP, kCommandCycles, timing("tRP"));
  RequireInRange(c.t.tRAS, kCommandCycles, timing("tRAS"));
  RequireInRange(c.t.tBURST, kCommandCycles, timing("tBURST"));
  RequireInRange(c.t.tREFI, kRefreshIntervalCycles, timing("tREFI"));
  RequireInRange(c.t.tRFC, kRefreshCycleCycles, timing("tRFC"));
  // A rank busy refreshing for the whole interval would never serve an access.
  if (c.t.tREFI <= c.t.tRFC)
    throw Error(timing("tREFI") + ": " + std::to_string(c.t.tREFI) + " must be greater than tRFC (" +
                std::to_string(c.t.tRFC) + ")");
  // tRAS covers the row activation itself, which already takes tRCD.
  if (c.t.tRAS < c.t.tRCD)
    throw Error(timing("tRAS") + ": " + std::to_string(c.t.tRAS) + " must be at least tRCD (" +
                std::to_string(c.t.tRCD) + ")");
}

uint64_t CapacityBytes(const DramConfig& c) {
  return uint64_t{c.channels} * c.ranks * c.banks * c.rows * c.row_bytes;
}

}  // namespace mtesim::dram
