#include "models/platform/vm_operations_config.h"

#include <nlohmann/json.hpp>

#include "models/error.h"
#include "models/platform/platform_config.h"

namespace mtesim::models {

const char* MigrationModeName(MigrationMode mode) {
  switch (mode) {
    case MigrationMode::None: return "none";
    case MigrationMode::PreCopy: return "precopy";
    case MigrationMode::PostCopy: return "postcopy";
  }
  return "none";
}

const char* MigrationTransportName(MigrationTransportKind kind) {
  return kind == MigrationTransportKind::Separate ? "separate" : "with-page";
}

const char* BackingName(BackingKind kind) { return kind == BackingKind::Eager ? "eager" : "lazy"; }

MigrationMode ParseMigrationMode(const std::string& text, const std::string& what) {
  if (text == "precopy") return MigrationMode::PreCopy;
  if (text == "postcopy") return MigrationMode::PostCopy;
  if (text == "none") return MigrationMode::None;
  throw Error(what + " '" + text + "': must be precopy, postcopy or none");
}

MigrationTransportKind ParseMigrationTransport(const std::string& text, const std::string& what) {
  if (text == "with-page") return MigrationTransportKind::WithPage;
  if (text == "separate") return MigrationTransportKind::Separate;
  throw Error(what + " '" + text + "': must be with-page or separate");
}

BackingKind ParseBacking(const std::string& text, const std::string& what) {
  if (text == "lazy") return BackingKind::Lazy;
  if (text == "eager") return BackingKind::Eager;
  throw Error(what + " '" + text + "': must be lazy or eager");
}

void VmOperationsConfig::Validate(bool runs_as_vm, unsigned pes, unsigned max_pes) const {
  if (!runs_as_vm) {
    // A bare-metal guest has no host to migrate, swap or back it.
    const char* why = "needs the hypervisor model (not with --hypervisor none or --virtualization)";
    if (migrating()) throw Error(std::string("--migrate ") + MigrationModeName(migrate) + ": " + why);
    if (swap_limit_pages) throw Error(std::string("--swap-limit: ") + why);
    if (backing != BackingKind::Lazy) throw Error(std::string("--backing ") + BackingName(backing) + ": " + why);
  }
  if (migration_bandwidth == 0) throw Error("--migration-bandwidth: must be at least 1 byte per second");
  if (migrate_after_lines_set && !migrating()) throw Error("--migrate-after-lines: needs --migrate precopy|postcopy");
  if (migrating() && 2 * pes > max_pes)
    throw Error("--migrate: the destination's vCPUs need " + std::to_string(pes) + " more PEs, and the board has at most " +
                std::to_string(max_pes) + " (the VM's " + std::to_string(pes) +
                " PEs, --smp / --vcpus-per-pe, are more than half of that)");
}

bool ApplyVmOperationsKey(const std::string& key, const nlohmann::json& value, const std::string& where,
                          VmOperationsConfig& config) {
  // Counts as JSON numbers or as decimal strings, like the command line's.
  const auto count = [&] {
    if (value.is_string()) return config::ParseWholeNumber(value.get<std::string>(), where);
    return config::WholeNumber(value, where);
  };
  if (key == "migrate") config.migrate = ParseMigrationMode(value.get<std::string>(), where);
  else if (key == "migration_transport") config.transport = ParseMigrationTransport(value.get<std::string>(), where);
  else if (key == "migration_bandwidth")
    config.migration_bandwidth = value.is_string() ? ParseSize(value.get<std::string>(), where) : count();
  else if (key == "migrate_after_lines") {
    config.migrate_after_lines = count();
    config.migrate_after_lines_set = true;
  } else if (key == "swap_limit") config.swap_limit_pages = count();
  else if (key == "backing") config.backing = ParseBacking(value.get<std::string>(), where);
  else return false;
  return true;
}

}  // namespace mtesim::models
