// The capability listing (`mtesim capabilities`): what each PE implements and what a VM
// with the configured --mte gets (MTE level and features, GMID_EL1 and DCZID_EL0 block
// sizes, the ID register values the guest reads), and which RAM has tag storage. Derived
// from the configuration alone, so it needs no running platform.
#pragma once
#include <nlohmann/json.hpp>

#include "models/platform/platform_config.h"

namespace mtesim::models {

// Throws mtesim::Error for a configuration the platform cannot build (as Validate).
nlohmann::json DescribeCapabilities(const PlatformConfig& config);

}  // namespace mtesim::models
