// Everything that defines a platform instance. Filled from a JSON file (--config) and/or
// the command line; validated here so every front end reports the same errors.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "isa/arch_state.h"
#include "models/config/json_reader.h"
#include "models/devices/gic/affinity.h"
#include "models/board/timing_config.h"
#include "models/platform/vm_operations_config.h"

namespace mtesim::models {

// An MTE level as the CLI and configuration name it: "off" (0), 1, 2, 3, or "max" (the
// highest the hardware has: MTE3 with every MTE4 feature modelled).
struct MteLevel {
  unsigned level = 0;
  bool max = false;
  std::string ToString() const { return max ? "max" : level == 0 ? "off" : std::to_string(level); }
};
// Parses "off", "0".."3" or "max"; `what` names the setting in errors.
MteLevel ParseMteLevel(const std::string& text, const std::string& what);

// What one PE implements (its hardware; the VM's --mte chooses what it gets).
struct PeHardware {
  MteLevel mte{3, true};   // implemented MTE: by default MTE3 plus the MTE4 features
  unsigned gmid_bs = 6;     // GMID_EL1.BS, 2..6
  unsigned dczid_bs = 4;    // DCZID_EL0.BS, 2..9 (16 bytes to 2 KiB)
};

// A physical range of RAM without tag storage.
struct MemoryRange {
  uint64_t base = 0, size = 0;
};

// How the guest runs (--hypervisor): as a VM of the hypervisor model (the default), or
// directly on the board's PEs with PSCI answered by firmware, as QEMU's TCG runs it.
enum class HypervisorKind : uint8_t { Model, None };
// What the VMM does when a guest makes a tag access to memory without tag storage
// (mapped NoTagAccess): models/hypervisor/policies/notagaccess_policy.h.
enum class NoTagAccessPolicyKind : uint8_t { Kill, Remap, InjectSea };
const char* NoTagAccessPolicyName(NoTagAccessPolicyKind kind);
// "kill", "remap" or "sea"; `what` names the setting in errors.
NoTagAccessPolicyKind ParseNoTagAccessPolicy(const std::string& text, const std::string& what);
// "model" or "none".
HypervisorKind ParseHypervisor(const std::string& text, const std::string& what);

struct PlatformConfig {
  uint64_t memory_bytes = 256ull << 20;
  unsigned smp = 1;
  MteLevel mte;                      // what the VM gets (--mte); off by default
  std::vector<PeHardware> pes;       // per PE; PEs beyond the list get PeHardware{}
  std::vector<MemoryRange> untagged_memory;  // RAM ranges with no tag storage
  std::string bootargs;
  uint64_t max_insns = 0;       // 0 = unlimited
  uint64_t quantum_ns = 10000;  // temporal decoupling quantum
  uint64_t cycle_ps = 1000;     // functional mode: one instruction per cycle
  uint64_t counter_frequency = 1000000000;  // CNTFRQ_EL0: 1 GHz, as QEMU 10's -cpu max
  std::string mode = "functional";  // or "timing"
  TimingConfig timing;               // the machine's timing, used in timing mode
  // QEMU virt's virtualization=on: every PE implements EL2 and boots there; the firmware
  // (PSCI) conduit is SMC instead of HVC.
  bool virtualization = false;
  // The interrupt controller: 2 (GICv2) or 3 (GICv3); 0 picks QEMU virt's default for
  // TCG, GICv2 up to 8 PEs and GICv3 beyond.
  unsigned gic_version = 0;
  // --hypervisor; `hypervisor_set` records an explicit choice (the model and
  // --virtualization exclude each other: a guest at EL2 runs without the model).
  HypervisorKind hypervisor = HypervisorKind::Model;
  bool hypervisor_set = false;
  NoTagAccessPolicyKind notagaccess_policy = NoTagAccessPolicyKind::Kill;
  // "vmm": "script": the hypervisor model without the built-in VMM; a script (Python)
  // creates the VMs and answers their exits (models/vmm/script_vmm.h). "builtin": QEMU's
  // part played by models/vmm/vmm.h (the default).
  bool script_vmm = false;
  // How many of the VM's vCPUs (--smp) share one host PE, time-sliced by the hypervisor
  // model: the board has ceil(smp / vcpus_per_pe) PEs.
  unsigned vcpus_per_pe = 1;
  unsigned HostPeCount() const { return (smp + vcpus_per_pe - 1) / vcpus_per_pe; }
  // Migration, swap and memslot backing (--migrate, --swap-limit, --backing).
  VmOperationsConfig operations;
  // The board's PEs: the guest's, and as many again for a migration's destination.
  unsigned BoardPes() const { return operations.migrating() ? 2 * HostPeCount() : HostPeCount(); }
  // Whether the guest runs as a VM of the hypervisor model.
  bool RunsAsVm() const { return hypervisor == HypervisorKind::Model && !virtualization; }
  unsigned EffectiveGicVersion() const { return gic_version ? gic_version : smp <= 8 ? 2 : 3; }
  // MPIDR_EL1's affinity fields of PE `index`, numbered as QEMU virt numbers them: clusters
  // of as many PEs as the GIC's SGI target lists name (8 for GICv2, 16 for GICv3); Aff1 is
  // the cluster, Aff0 the PE in it.
  uint32_t PeAffinity(unsigned index) const {
    return models::PeAffinity(index, EffectiveGicVersion() == 3 ? kGicv3PesPerCluster : kGicv2PesPerCluster);
  }

  // Throws mtesim::Error naming the offending setting.
  void Validate() const;

  const PeHardware& pe(unsigned index) const;
  // The MTE features PE `index` gives the VM for the requested level: exactly that level
  // or an error naming the PE that cannot give it (never a silent downgrade). "max" gives
  // each PE its own highest level, with the MTE4 features and FEAT_MTE_PERM.
  isa::MteFeatures MteFeaturesOf(unsigned index) const;
};

using config::ParseSize;  // "256M", "1G", ... -> bytes (models/config/json_reader.h)

// Applies a JSON configuration file on top of `config` (unknown keys are errors).
void ApplyConfigFile(const std::string& path, PlatformConfig& config);
// The same for a configuration already parsed (Python's dict); `origin` names it in
// errors as the file's path would.
void ApplyConfigJson(const nlohmann::json& config_json, const std::string& origin, PlatformConfig& config);

}  // namespace mtesim::models
