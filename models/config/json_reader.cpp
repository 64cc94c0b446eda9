#include "models/config/json_reader.h"

#include <cctype>
#include <cmath>

#include "models/error.h"

namespace mtesim::config {

uint64_t ParseDigits(const std::string& text, size_t& pos, unsigned base, const std::string& what) {
  const auto digit_at = [&](size_t k) -> int {
    if (k >= text.size()) return -1;
    const int c = std::tolower(static_cast<unsigned char>(text[k]));
    const int d = std::isdigit(c) ? c - '0' : (base == 16 && c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
    return d < static_cast<int>(base) ? d : -1;
  };
  const std::string quoted = what + " '" + text + "': ";
  if (digit_at(pos) < 0) {
    if (pos < text.size() && text[pos] == '-') throw Error(quoted + "must not be negative");
    throw Error(quoted + (text.empty() ? "empty, expected a number" : "expected a whole number (digits only)"));
  }
  if (base == 10 && digit_at(pos) == 0 && digit_at(pos + 1) >= 0) throw Error(quoted + "leading zeros are not accepted (no octal)");
  uint64_t value = 0;
  for (int d; (d = digit_at(pos)) >= 0; ++pos) {
    if (value > (UINT64_MAX - static_cast<uint64_t>(d)) / base) throw Error(quoted + "too large");
    value = value * base + static_cast<uint64_t>(d);
  }
  return value;
}

uint64_t ParseWholeNumber(const std::string& text, const std::string& what, uint64_t max) {
  size_t pos = 0;
  const uint64_t value = ParseDigits(text, pos, 10, what);
  if (pos != text.size()) throw Error(what + " '" + text + "': not a whole number (decimal digits only)");
  if (value > max) throw Error(what + " '" + text + "': above " + std::to_string(max));
  return value;
}

uint64_t ParseSize(const std::string& text, const std::string& what) {
  size_t pos = 0;
  const uint64_t value = ParseDigits(text, pos, 10, what);
  unsigned shift = 0;
  if (pos < text.size()) {
    switch (std::toupper(static_cast<unsigned char>(text[pos]))) {
      case 'K': shift = 10; break;
      case 'M': shift = 20; break;
      case 'G': shift = 30; break;
      case 'T': shift = 40; break;
      default: throw Error(what + " '" + text + "': unknown unit (use K, M, G or T)");
    }
    ++pos;
    if (pos < text.size() && std::toupper(static_cast<unsigned char>(text[pos])) == 'I') ++pos;  // "Mi"
    if (pos < text.size() && std::toupper(static_cast<unsigned char>(text[pos])) == 'B') ++pos;  // "MB"
  }
  if (pos != text.size()) throw Error(what + " '" + text + "': unexpected characters");
  if (shift && value > (UINT64_MAX >> shift)) throw Error(what + " '" + text + "': too large");
  return value << shift;
}

JsonObject::JsonObject(const nlohmann::json& j, std::string path) : j_(j), path_(std::move(path)) {
  if (!j_.is_object()) throw Error(path_ + ": must be a JSON object");
}

const nlohmann::json& JsonObject::Get(const char* key) {
  read_.insert(key);
  return j_.at(key);
}

namespace {
std::string Range(uint64_t min, uint64_t max) { return std::to_string(min) + " and " + std::to_string(max); }
}  // namespace

uint64_t WholeNumber(const nlohmann::json& v, const std::string& where, uint64_t max) {
  const bool negative = v.is_number_integer() && !v.is_number_unsigned() && v.get<int64_t>() < 0;
  if (!v.is_number_integer() || negative)
    throw Error(where + ": must be a whole number between 0 and " + std::to_string(max) + " (got " + v.dump() + ")");
  const uint64_t value = v.get<uint64_t>();
  if (value > max) throw Error(where + ": " + std::to_string(value) + " is above " + std::to_string(max));
  return value;
}

uint64_t JsonObject::Unsigned(const char* key, uint64_t fallback, uint64_t min, uint64_t max) {
  if (!Has(key)) return fallback;
  const uint64_t value = WholeNumber(Get(key), Key(key), max);
  if (value < min) throw Error(Key(key) + ": " + std::to_string(value) + " is not between " + Range(min, max));
  return value;
}

uint64_t JsonObject::Size(const char* key, uint64_t fallback, uint64_t min, uint64_t max) {
  if (!Has(key)) return fallback;
  const nlohmann::json& v = Get(key);
  uint64_t value = 0;
  if (v.is_string()) value = ParseSize(v.get<std::string>(), Key(key));
  // A whole number built in C++ from an int is signed in nlohmann::json; parsed text is unsigned.
  else if (v.is_number_unsigned() || (v.is_number_integer() && v.get<int64_t>() >= 0)) value = v.get<uint64_t>();
  else throw Error(Key(key) + ": must be a size in bytes (a whole number or a string such as \"32K\")");
  if (value < min || value > max)
    throw Error(Key(key) + ": " + std::to_string(value) + " bytes is not between " + Range(min, max));
  return value;
}

double JsonObject::Number(const char* key, double fallback, double min, double max) {
  if (!Has(key)) return fallback;
  const nlohmann::json& v = Get(key);
  if (!v.is_number()) throw Error(Key(key) + ": must be a number");
  const double value = v.get<double>();
  if (!std::isfinite(value) || value < min || value > max)
    throw Error(Key(key) + ": " + v.dump() + " is not between " + nlohmann::json(min).dump() + " and " +
                nlohmann::json(max).dump());
  return value;
}

bool JsonObject::Bool(const char* key, bool fallback) {
  if (!Has(key)) return fallback;
  const nlohmann::json& v = Get(key);
  if (!v.is_boolean()) throw Error(Key(key) + ": must be true or false");
  return v.get<bool>();
}

std::string JsonObject::Choice(const char* key, const std::string& fallback, std::initializer_list<const char*> choices) {
  return Choice(key, fallback, std::vector<std::string>(choices.begin(), choices.end()));
}

std::string JsonObject::Choice(const char* key, const std::string& fallback, const std::vector<std::string>& choices) {
  if (!Has(key)) return fallback;
  const nlohmann::json& v = Get(key);
  std::string list;
  for (const std::string& c : choices) list += (list.empty() ? "" : ", ") + c;
  if (!v.is_string()) throw Error(Key(key) + ": must be one of " + list);
  const std::string value = v.get<std::string>();
  for (const std::string& c : choices)
    if (value == c) return value;
  throw Error(Key(key) + " '" + value + "': unknown (expected one of " + list + ")");
}

JsonObject JsonObject::Object(const char* key) { return JsonObject(Get(key), Key(key)); }

void JsonObject::RejectUnknownKeys() const {
  for (auto it = j_.begin(); it != j_.end(); ++it)
    if (!read_.count(it.key())) throw Error(Key(it.key().c_str()) + ": unknown setting");
}

void RequirePowerOfTwo(uint64_t value, const std::string& key) {
  if (value == 0 || (value & (value - 1)) != 0)
    throw Error(key + ": " + std::to_string(value) + " is not a power of two");
}

}  // namespace mtesim::config
