// The DRAM timing model's configuration: organisation (channels, ranks, banks, rows),
// the row-buffer policy and address mapping chosen by name, and the JEDEC timings in
// clock cycles. Presets give real parts; JSON overrides any field, and every error names
// the dotted key at fault.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <string>

#include "models/config/json_reader.h"

namespace mtesim::dram {

// Timings in cycles of the command clock (tCK), except tck_ps itself. They are the
// minimum intervals between commands the model enforces.
struct DramTimings {
  uint64_t tck_ps;  // command clock period
  unsigned tRCD;    // ACTIVATE to READ/WRITE
  unsigned tCL;     // READ to first data (CAS / read latency)
  unsigned tCWL;    // WRITE to first data (CAS write latency)
  unsigned tRP;     // PRECHARGE to ACTIVATE
  unsigned tRAS;    // ACTIVATE to PRECHARGE
  unsigned tBURST;  // one burst on the data bus (burst length / 2 on a DDR bus)
  unsigned tREFI;   // refresh interval (per rank)
  unsigned tRFC;    // refresh cycle: the rank is busy this long per refresh
};

struct DramConfig {
  std::string preset;        // the preset the values started from
  unsigned channels;         // independent command and data buses
  unsigned ranks;            // per channel; each refreshes on its own
  unsigned banks;            // per rank
  uint64_t row_bytes;        // one row (page) across the rank's devices
  unsigned line_bytes;       // one access: a cache line
  uint64_t rows;             // rows per bank (with the above, the capacity)
  std::string row_buffer_policy;  // see row_buffer_policy.h
  std::string address_mapping;    // see address_mapping.h
  DramTimings t;
};

// The names DramPreset accepts.
extern const std::initializer_list<const char*> kDramPresetNames;
// A preset by name ("ddr4_3200", "lpddr5_6400"); an unknown name is an mtesim::Error.
DramConfig DramPreset(const std::string& name);

// Reads `obj` (e.g. the "timing.dram" object): "preset" first, then overrides of any
// field, and the nested "timings" object. Unknown keys and invalid values are errors
// naming the dotted key.
DramConfig ReadDramConfig(config::JsonObject obj);

// Checks a config built in C++; `path` prefixes the keys in errors ("timing.dram").
void Validate(const DramConfig& config, const std::string& path);

// The capacity the address mapping covers; addresses wrap above it.
uint64_t CapacityBytes(const DramConfig& config);

}  // namespace mtesim::dram
