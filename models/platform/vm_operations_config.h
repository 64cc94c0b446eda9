// What the host does to a running VM, beside running it (issue 9): migrate it live to a
// second VM of the same board, keep its resident memory under a limit with swap, and
// how its memslots are backed. Only the hypervisor model has these (a bare-metal guest
// has no host under it), so Validate refuses them for --hypervisor none and
// --virtualization.
#pragma once
#include <cstdint>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace mtesim::models {

// --migrate: none, or the live migration's kind (hypervisor.md, "migration").
enum class MigrationMode : uint8_t { None, PreCopy, PostCopy };
// --migration-transport: tags in each page record, or in a pass of their own after the
// data (models/hypervisor/migration/migration_transport.h).
enum class MigrationTransportKind : uint8_t { WithPage, Separate };
// --backing: memslot pages mapped on the guest's first access, or all before it starts
// (models/hypervisor/policies/backing_policy.h).
enum class BackingKind : uint8_t { Lazy, Eager };

struct VmOperationsConfig {
  MigrationMode migrate = MigrationMode::None;
  MigrationTransportKind transport = MigrationTransportKind::WithPage;
  // Switch over once the guest has printed this many console lines; 0 = as soon as
  // pre-copy converges (post-copy: at once).
  uint64_t migrate_after_lines = 0;
  bool migrate_after_lines_set = false;
  // The migration link in bytes per second: each step's bytes take their time on it
  // while the guest runs on. 10 Gbit/s by default.
  uint64_t migration_bandwidth = 1250000000;
  uint64_t swap_limit_pages = 0;  // 0: no swap
  BackingKind backing = BackingKind::Lazy;

  bool migrating() const { return migrate != MigrationMode::None; }
  // Throws mtesim::Error naming the option at fault. `runs_as_vm`: the guest is a VM of
  // the hypervisor model; `pes` the VM's PEs: migrating needs twice as many of `max_pes`.
  void Validate(bool runs_as_vm, unsigned pes, unsigned max_pes) const;
};

const char* MigrationModeName(MigrationMode mode);
const char* MigrationTransportName(MigrationTransportKind kind);
const char* BackingName(BackingKind kind);
// Each throws mtesim::Error naming `what` for an unknown value.
MigrationMode ParseMigrationMode(const std::string& text, const std::string& what);
MigrationTransportKind ParseMigrationTransport(const std::string& text, const std::string& what);
BackingKind ParseBacking(const std::string& text, const std::string& what);

// The configuration file's keys for these settings (migrate, migrate_after_lines,
// migration_transport, migration_bandwidth, swap_limit, backing): true when `key` is one of them and was
// applied. Throws mtesim::Error naming `where` for a bad value.
bool ApplyVmOperationsKey(const std::string& key, const nlohmann::json& value, const std::string& where,
                          VmOperationsConfig& config);

}  // namespace mtesim::models
