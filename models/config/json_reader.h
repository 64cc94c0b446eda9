// Reading typed configuration out of JSON objects (DRAMSys style: each model has a config
// struct filled from its own object), with errors that name the key at fault by its
// dotted path ("timing.l2.ways: must be at least 1"). Numbers must be what they claim:
// negative, fractional or out-of-range values are errors, never wrapped or truncated.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mtesim::config {

// A JSON whole number in [0, max]: negative, fractional, out-of-range values and other
// types are errors naming `where` (the setting).
uint64_t WholeNumber(const nlohmann::json& value, const std::string& where, uint64_t max = ~uint64_t{0});

// The one strict reader of numbers written as text (command-line options, JSON strings),
// so every setting refuses the same forms: the digits of `base` (10 or 16) from `pos` on,
// at least one, no sign, no blanks, no leading zero before another digit (C would read
// "010" as octal), no overflow. Advances `pos` past them; errors name `what` and `text`.
uint64_t ParseDigits(const std::string& text, size_t& pos, unsigned base, const std::string& what);

// A decimal whole number that is all of `text`, in [0, max] ("12", not "12abc", "1.5",
// "1e3", "0x10", "-1", " 5" or "").
uint64_t ParseWholeNumber(const std::string& text, const std::string& what, uint64_t max = ~uint64_t{0});

// "256M", "1G", "4096K", "65536" (bytes) -> bytes. `what` names the setting in errors.
uint64_t ParseSize(const std::string& text, const std::string& what);

class JsonObject {
 public:
  // `path` is the object's dotted key ("timing.l2"); not an object is an error naming it.
  JsonObject(const nlohmann::json& j, std::string path);

  bool Has(const char* key) const { return j_.contains(key); }
  // The dotted name of `key` in this object.
  std::string Key(const char* key) const { return path_.empty() ? key : path_ + "." + key; }

  // A whole number in [min, max] (JSON number; `fallback` when absent).
  uint64_t Unsigned(const char* key, uint64_t fallback, uint64_t min, uint64_t max);
  // A byte count: a whole number, or a string such as "32K" or "1M", in [min, max].
  uint64_t Size(const char* key, uint64_t fallback, uint64_t min, uint64_t max);
  // A finite number in [min, max].
  double Number(const char* key, double fallback, double min, double max);
  bool Bool(const char* key, bool fallback);
  // One of `choices` (a string).
  std::string Choice(const char* key, const std::string& fallback, std::initializer_list<const char*> choices);
  // One of `choices`, when they are a registry's names (policies chosen by name).
  std::string Choice(const char* key, const std::string& fallback, const std::vector<std::string>& choices);
  // The nested object `key` (must be present: check Has() first).
  JsonObject Object(const char* key);

  // Every key of the object must have been read: an unread one is an unknown setting.
  void RejectUnknownKeys() const;

 private:
  const nlohmann::json& Get(const char* key);
  const nlohmann::json& j_;
  std::string path_;
  std::set<std::string> read_;
};

// Checks that `value` is a power of two (and nonzero), naming `key` otherwise.
void RequirePowerOfTwo(uint64_t value, const std::string& key);

}  // namespace mtesim::config
