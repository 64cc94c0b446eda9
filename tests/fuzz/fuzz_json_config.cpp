// Fuzz target: the platform configuration as `mtesim run --config FILE` reads it
// (models/platform/platform_config.h ApplyConfigFile, with the timing and VM-operations
// readers it calls), then the checks and the capability report a run makes of it, and
// the text parsers the command line shares (sizes, numbers, MTE levels, policy names) on
// the same bytes. A bad input may only be refused with mtesim::Error.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "models/config/json_reader.h"
#include "models/platform/capabilities.h"
#include "models/platform/platform_config.h"
#include "models/platform/vm_operations_config.h"
#include "tests/fuzz/input_file.h"
#include "tests/fuzz/refusable.h"

namespace {

using namespace mtesim::models;

using mtesim::fuzz::Refusable;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = mtesim::fuzz::WriteInputFile(data, size, "config.json");
  Refusable([&] {
    PlatformConfig config;
    ApplyConfigFile(path, config);
    config.Validate();
    DescribeCapabilities(config).dump();
  });
  const std::string text(reinterpret_cast<const char*>(data), size);
  Refusable([&] { ParseSize(text, "size"); });
  Refusable([&] { mtesim::config::ParseWholeNumber(text, "number"); });
  Refusable([&] { mtesim::config::ParseWholeNumber(text, "number", 0xFFFF); });
  Refusable([&] {
    size_t pos = 0;
    mtesim::config::ParseDigits(text, pos, 16, "hex");
  });
  Refusable([&] { ParseMteLevel(text, "mte"); });
  Refusable([&] { ParseHypervisor(text, "hypervisor"); });
  Refusable([&] { ParseNoTagAccessPolicy(text, "policy"); });
  Refusable([&] { ParseMigrationMode(text, "migrate"); });
  Refusable([&] { ParseMigrationTransport(text, "transport"); });
  Refusable([&] { ParseBacking(text, "backing"); });
  return 0;
}
