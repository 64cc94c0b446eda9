// Everything that defines a platform instance. Filled from a JSON file (--config) and/or
// the command line; validated here so every front end reports the same errors.
#pragma once
#include <cstdint>
#include <string>

namespace mtesim::models {

struct PlatformConfig {
  uint64_t memory_bytes = 256ull << 20;
  unsigned smp = 1;
  unsigned mte_level = 0;       // 0 = off; the MTE issue adds 1..3
  std::string bootargs;
  uint64_t max_insns = 0;       // 0 = unlimited
  uint64_t quantum_ns = 10000;  // temporal decoupling quantum
  uint64_t cycle_ps = 1000;     // functional mode: one instruction per cycle
  uint64_t counter_frequency = 62500000;
  std::string mode = "functional";

  // Throws mtesim::Error naming the offending setting.
  void Validate() const;
};

// "256M", "1G", "4096K", "65536" (bytes) -> bytes. `what` names the setting in errors.
uint64_t ParseSize(const std::string& text, const std::string& what);

// Applies a JSON configuration file on top of `config` (unknown keys are errors).
void ApplyConfigFile(const std::string& path, PlatformConfig& config);

}  // namespace mtesim::models
