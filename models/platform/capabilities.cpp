#include "models/platform/capabilities.h"

#include "models/hex.h"

namespace mtesim::models {

namespace {

nlohmann::json Features(const isa::MteFeatures& f) {
  nlohmann::json j;
  j["level"] = f.level;
  j["canonical_tags"] = f.canonical_tags;
  j["tagged_far"] = f.tagged_far;
  j["store_only"] = f.store_only;
  j["perm"] = f.perm;  // FEAT_MTE_PERM: stage-2 NoTagAccess
  return j;
}

}  // namespace

nlohmann::json DescribeCapabilities(const PlatformConfig& config) {
  config.Validate();
  nlohmann::json j;
  j["mte_requested"] = config.mte.ToString();
  j["el2"] = config.virtualization;
  j["gic_version"] = config.EffectiveGicVersion();
  for (unsigned i = 0; i < config.smp; ++i) {
    const PeHardware& hw = config.pe(i);
    const isa::MteFeatures vm = config.MteFeaturesOf(i);
    PlatformConfig everything = config;  // what the PE would give with --mte max
    everything.mte = MteLevel{3, true};
    nlohmann::json pe;
    pe["index"] = i;
    pe["implements"] = Features(everything.MteFeaturesOf(i));
    pe["vm"] = Features(vm);
    pe["gmid_bs"] = hw.gmid_bs;
    pe["ldgm_block_bytes"] = 4u << hw.gmid_bs;
    pe["dczid_bs"] = hw.dczid_bs;
    pe["dc_zva_block_bytes"] = 4u << hw.dczid_bs;
    isa::IdRegisters id;
    id.DCZID_BS = hw.dczid_bs;
    id = isa::WithMteFeatures(id, vm);
    if (config.virtualization) id.ID_AA64PFR0_EL1 |= uint64_t{1} << 8;  // EL2 implemented
    if (config.EffectiveGicVersion() == 3) id.ID_AA64PFR0_EL1 |= uint64_t{1} << 24;  // GIC system registers
    pe["mpidr_el1"] = Hex(0x80000000u | config.PeAffinity(i));
    pe["id_aa64pfr0_el1"] = Hex(id.ID_AA64PFR0_EL1);
    pe["id_aa64pfr1_el1"] = Hex(id.ID_AA64PFR1_EL1);
    pe["id_aa64pfr2_el1"] = Hex(id.ID_AA64PFR2_EL1);
    if (vm.level >= 2) pe["gmid_el1"] = Hex(id.GMID_EL1);
    j["pes"].push_back(pe);
  }
  nlohmann::json ram;
  ram["base"] = Hex(0x40000000);
  ram["size"] = config.memory_bytes;
  ram["tag_storage_bytes"] = config.memory_bytes / 32;
  ram["untagged"] = nlohmann::json::array();
  for (const MemoryRange& r : config.untagged_memory)
    ram["untagged"].push_back({{"base", Hex(r.base)}, {"size", r.size}});
  j["ram"] = ram;
  return j;
}

}  // namespace mtesim::models
