#include "models/platform/platform_config.h"

#include <cctype>
#include <fstream>

#include <nlohmann/json.hpp>

#include "models/error.h"

namespace mtesim::models {

namespace {
constexpr uint64_t kRamBase = 0x40000000;
constexpr uint64_t kMaxPhysicalAddress = uint64_t{1} << 48;
constexpr unsigned kMaxPes = 64;
}  // namespace

uint64_t ParseSize(const std::string& text, const std::string& what) {
  size_t pos = 0;
  uint64_t value = 0;
  if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0])))
    throw Error(what + " '" + text + "': expected a size such as 256M or 1G");
  while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
    const uint64_t digit = static_cast<uint64_t>(text[pos] - '0');
    if (value > (UINT64_MAX - digit) / 10) throw Error(what + " '" + text + "': too large");
    value = value * 10 + digit;
    ++pos;
  }
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

void PlatformConfig::Validate() const {
  if (memory_bytes < (1u << 20)) throw Error("--memory: at least 1M of RAM is needed");
  if (memory_bytes % 4096) throw Error("--memory: must be a multiple of 4K");
  if (memory_bytes > kMaxPhysicalAddress - kRamBase) throw Error("--memory: larger than the 48-bit physical address space allows");
  if (smp < 1 || smp > kMaxPes) throw Error("--smp " + std::to_string(smp) + ": must be between 1 and " + std::to_string(kMaxPes));
  if (mte_level != 0) throw Error("--mte " + std::to_string(mte_level) + ": this platform does not model MTE yet");
  if (quantum_ns == 0) throw Error("quantum_ns: must be positive");
  if (cycle_ps == 0) throw Error("cycle_ps: must be positive");
  if (counter_frequency == 0 || counter_frequency > 1000000000000ull) throw Error("counter_frequency: out of range");
  if (mode != "functional")
    throw Error("--mode " + mode + ": only the functional mode exists so far; the timing model is not implemented yet");
}

void ApplyConfigFile(const std::string& path, PlatformConfig& config) {
  std::ifstream f(path);
  if (!f) throw Error(path + ": cannot open the configuration file");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(f);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(path + ": not valid JSON: " + e.what());
  }
  if (!j.is_object()) throw Error(path + ": the configuration must be a JSON object");
  for (auto& [key, value] : j.items()) {
    const std::string where = path + ": '" + key + "'";
    try {
      if (key == "memory") config.memory_bytes = value.is_string() ? ParseSize(value.get<std::string>(), where) : value.get<uint64_t>();
      else if (key == "smp") config.smp = value.get<unsigned>();
      else if (key == "mte") config.mte_level = value.is_string() && value.get<std::string>() == "off" ? 0 : value.get<unsigned>();
      else if (key == "append") config.bootargs = value.get<std::string>();
      else if (key == "max_insns") config.max_insns = value.get<uint64_t>();
      else if (key == "quantum_ns") config.quantum_ns = value.get<uint64_t>();
      else if (key == "cycle_ps") config.cycle_ps = value.get<uint64_t>();
      else if (key == "counter_frequency") config.counter_frequency = value.get<uint64_t>();
      else if (key == "mode") config.mode = value.get<std::string>();
      else throw Error(where + ": unknown setting");
    } catch (const nlohmann::json::exception& e) {
      throw Error(where + ": wrong type (" + e.what() + ")");
    }
  }
}

}  // namespace mtesim::models
