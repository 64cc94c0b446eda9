#include "models/platform/platform_config.h"

#include <cctype>

#include <nlohmann/json.hpp>

#include "models/config/host_file.h"
#include "models/error.h"

namespace mtesim::models {

namespace {
constexpr uint64_t kRamBase = 0x40000000;
constexpr uint64_t kMaxPhysicalAddress = uint64_t{1} << 48;
constexpr unsigned kMaxPes = 64;
}  // namespace

MteLevel ParseMteLevel(const std::string& text, const std::string& what) {
  if (text == "off" || text == "0") return MteLevel{0, false};
  if (text == "max") return MteLevel{3, true};
  if (text == "1" || text == "2" || text == "3") return MteLevel{static_cast<unsigned>(text[0] - '0'), false};
  throw Error(what + " '" + text + "': expected off, 1, 2, 3 or max");
}

const PeHardware& PlatformConfig::pe(unsigned index) const {
  static const PeHardware kDefault;
  return index < pes.size() ? pes[index] : kDefault;
}

isa::MteFeatures PlatformConfig::MteFeaturesOf(unsigned index) const {
  const PeHardware& hw = pe(index);
  isa::MteFeatures f;
  f.gmid_bs = hw.gmid_bs;
  if (mte.max) {
    f.level = hw.mte.level;
  } else {
    if (mte.level > hw.mte.level)
      throw Error("--mte " + mte.ToString() + ": PE " + std::to_string(index) + " implements only " +
                  (hw.mte.level == 0 ? std::string("no MTE") : "MTE" + std::to_string(hw.mte.level)) +
                  " (configuration 'pes')");
    f.level = mte.level;
  }
  // The MTE4 features come only with "max" (levels 1..3 are exactly those levels).
  const bool mte4 = mte.max && hw.mte.max && f.level >= 3;
  f.canonical_tags = f.tagged_far = f.store_only = f.perm = mte4;
  return f;
}

void PlatformConfig::Validate() const {
  if (memory_bytes < (1u << 20)) throw Error("--memory: at least 1M of RAM is needed");
  if (memory_bytes % 4096) throw Error("--memory: must be a multiple of 4K");
  if (memory_bytes > kMaxPhysicalAddress - kRamBase) throw Error("--memory: larger than the 48-bit physical address space allows");
  if (smp < 1 || smp > kMaxPes) throw Error("--smp " + std::to_string(smp) + ": must be between 1 and " + std::to_string(kMaxPes));
  if (pes.size() > smp)
    throw Error("pes: " + std::to_string(pes.size()) + " entries for " + std::to_string(smp) + " PEs (--smp)");
  for (unsigned i = 0; i < pes.size(); ++i) {
    const std::string where = "pes[" + std::to_string(i) + "]";
    if (pes[i].gmid_bs < 2 || pes[i].gmid_bs > 6)
      throw Error(where + ".gmid_bs " + std::to_string(pes[i].gmid_bs) + ": GMID_EL1.BS must be between 2 and 6");
    if (pes[i].dczid_bs < 2 || pes[i].dczid_bs > 9)
      throw Error(where + ".dczid_bs " + std::to_string(pes[i].dczid_bs) +
                  ": DCZID_EL0.BS must be between 2 (16 bytes, one tag granule) and 9 (2 KiB)");
  }
  for (unsigned i = 0; i < smp; ++i) MteFeaturesOf(i);  // throws for a level a PE cannot give
  for (size_t k = 0; k < untagged_memory.size(); ++k) {
    const MemoryRange& r = untagged_memory[k];
    const std::string where = "untagged_memory[" + std::to_string(k) + "]";
    // Whole tag-storage bytes (two granules each), so each byte is all there or all absent.
    if (r.size == 0 || ((r.base | r.size) & 31))
      throw Error(where + ": base and size must be multiples of 32 bytes (a tag-storage byte) and size nonzero");
    if (r.base < kRamBase || r.base - kRamBase >= memory_bytes || r.size > memory_bytes - (r.base - kRamBase))
      throw Error(where + ": not inside RAM");
  }
  if (gic_version != 0 && gic_version != 2 && gic_version != 3)
    throw Error("--gic-version " + std::to_string(gic_version) + ": must be 2 or 3");
  if (EffectiveGicVersion() == 2 && smp > 8)
    throw Error("--gic-version 2: GICv2 serves at most 8 PEs, --smp is " + std::to_string(smp) + " (use --gic-version 3)");
  if (virtualization && hypervisor_set && hypervisor == HypervisorKind::Model)
    throw Error("--virtualization runs the guest at EL2 without the hypervisor model: use it with --hypervisor none");
  if (script_vmm && !RunsAsVm())
    throw Error("vmm 'script': a script VMM runs VMs of the hypervisor model (not with --hypervisor none or --virtualization)");
  if (script_vmm && (operations.migrating() || operations.swap_limit_pages))
    throw Error("vmm 'script': --migrate and --swap-limit are the built-in VMM's (the script swaps and copies itself)");
  if (vcpus_per_pe < 1 || vcpus_per_pe > kMaxPes)
    throw Error("--vcpus-per-pe " + std::to_string(vcpus_per_pe) + ": must be between 1 and " + std::to_string(kMaxPes));
  if (vcpus_per_pe > 1 && !RunsAsVm())
    throw Error("--vcpus-per-pe " + std::to_string(vcpus_per_pe) +
                ": vCPUs share PEs only under the hypervisor model (not with --hypervisor none or --virtualization)");
  operations.Validate(RunsAsVm(), HostPeCount(), kMaxPes);
  if (quantum_ns == 0) throw Error("quantum_ns: must be positive");
  if (cycle_ps == 0) throw Error("cycle_ps: must be positive");
  if (counter_frequency == 0 || counter_frequency > 1000000000000ull) throw Error("counter_frequency: out of range");
  if (mode != "functional" && mode != "timing") throw Error("--mode " + mode + ": must be functional or timing");
}

namespace {

// "off", "max", or a number, as a JSON string or number.
std::string LevelText(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : std::to_string(config::WholeNumber(value, "mte", 0xFFFF));
}

uint64_t SizeOrNumber(const nlohmann::json& value, const std::string& where) {
  if (!value.is_string()) return config::WholeNumber(value, where);
  const std::string text = value.get<std::string>();
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    size_t pos = 2;
    const uint64_t v = config::ParseDigits(text, pos, 16, where);
    if (pos != text.size()) throw Error(where + " '" + text + "': not a hexadecimal number");
    return v;
  }
  return ParseSize(text, where);
}

std::vector<PeHardware> ParsePes(const nlohmann::json& list, const std::string& path) {
  if (!list.is_array()) throw Error(path + ": 'pes' must be a list of objects");
  std::vector<PeHardware> pes;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string where = path + ": 'pes[" + std::to_string(i) + "]'";
    if (!list[i].is_object()) throw Error(where + ": must be an object");
    PeHardware hw;
    for (auto& [key, value] : list[i].items()) {
      if (key == "mte") hw.mte = ParseMteLevel(LevelText(value), where + ".mte");
      else if (key == "gmid_bs") hw.gmid_bs = static_cast<unsigned>(config::WholeNumber(value, where + ".gmid_bs", 0xFFFF));
      else if (key == "dczid_bs") hw.dczid_bs = static_cast<unsigned>(config::WholeNumber(value, where + ".dczid_bs", 0xFFFF));
      else throw Error(where + "." + key + ": unknown setting");
    }
    pes.push_back(hw);
  }
  return pes;
}

std::vector<MemoryRange> ParseRanges(const nlohmann::json& list, const std::string& where) {
  if (!list.is_array()) throw Error(where + ": must be a list of {\"base\": ..., \"size\": ...}");
  std::vector<MemoryRange> ranges;
  for (const auto& item : list) {
    if (!item.is_object() || !item.contains("base") || !item.contains("size") || item.size() != 2)
      throw Error(where + ": each entry must be {\"base\": ..., \"size\": ...}");
    ranges.push_back(MemoryRange{SizeOrNumber(item["base"], where + ".base"), SizeOrNumber(item["size"], where + ".size")});
  }
  return ranges;
}

}  // namespace

const char* NoTagAccessPolicyName(NoTagAccessPolicyKind kind) {
  switch (kind) {
    case NoTagAccessPolicyKind::Kill: return "kill";
    case NoTagAccessPolicyKind::Remap: return "remap";
    case NoTagAccessPolicyKind::InjectSea: return "sea";
  }
  return "kill";
}

NoTagAccessPolicyKind ParseNoTagAccessPolicy(const std::string& text, const std::string& what) {
  if (text == "kill") return NoTagAccessPolicyKind::Kill;
  if (text == "remap") return NoTagAccessPolicyKind::Remap;
  if (text == "sea") return NoTagAccessPolicyKind::InjectSea;
  throw Error(what + " '" + text + "': must be kill, remap or sea");
}

HypervisorKind ParseHypervisor(const std::string& text, const std::string& what) {
  if (text == "model") return HypervisorKind::Model;
  if (text == "none") return HypervisorKind::None;
  throw Error(what + " '" + text + "': must be model or none");
}

void ApplyConfigFile(const std::string& path, PlatformConfig& config) {
  const std::vector<uint8_t> text = config::ReadRegularFile(path, "configuration file");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {  // parse_error, or out_of_range for a number overflowing a double
    throw Error(path + ": not valid JSON: " + e.what());
  }
  ApplyConfigJson(j, path, config);
}

void ApplyConfigJson(const nlohmann::json& j, const std::string& path, PlatformConfig& config) {
  if (!j.is_object()) throw Error(path + ": the configuration must be a JSON object");
  for (auto& [key, value] : j.items()) {
    const std::string where = path + ": '" + key + "'";
    try {
      if (key == "memory") config.memory_bytes = value.is_string() ? ParseSize(value.get<std::string>(), where) : config::WholeNumber(value, where);
      else if (key == "smp") config.smp = static_cast<unsigned>(config::WholeNumber(value, where, 0xFFFF));
      else if (key == "mte") config.mte = ParseMteLevel(LevelText(value), where);
      else if (key == "pes") config.pes = ParsePes(value, path);
      else if (key == "untagged_memory") config.untagged_memory = ParseRanges(value, where);
      else if (key == "append") config.bootargs = value.get<std::string>();
      else if (key == "max_insns") config.max_insns = config::WholeNumber(value, where);
      else if (key == "quantum_ns") config.quantum_ns = config::WholeNumber(value, where);
      else if (key == "cycle_ps") config.cycle_ps = config::WholeNumber(value, where);
      else if (key == "counter_frequency") config.counter_frequency = config::WholeNumber(value, where);
      else if (key == "mode") config.mode = value.get<std::string>();
      else if (key == "timing") config.timing = ReadTimingConfig(config::JsonObject(value, "timing"));
      else if (key == "virtualization") config.virtualization = value.get<bool>();
      else if (key == "hypervisor") {
        config.hypervisor = ParseHypervisor(value.get<std::string>(), where);
        config.hypervisor_set = true;
      }
      else if (key == "vmm") {
        const std::string v = value.get<std::string>();
        if (v != "builtin" && v != "script") throw Error(where + " '" + v + "': must be builtin or script");
        config.script_vmm = v == "script";
      }
      else if (key == "vcpus_per_pe") config.vcpus_per_pe = static_cast<unsigned>(config::WholeNumber(value, where, 0xFFFF));
      else if (key == "notagaccess_policy") config.notagaccess_policy = ParseNoTagAccessPolicy(value.get<std::string>(), where);
      else if (key == "gic_version") {
        if (!value.is_number_unsigned() || (value.get<uint64_t>() != 2 && value.get<uint64_t>() != 3))
          throw Error(where + ": must be 2 or 3");
        config.gic_version = value.get<unsigned>();
      }
      else if (ApplyVmOperationsKey(key, value, where, config.operations)) {}
      else throw Error(where + ": unknown setting");
    } catch (const nlohmann::json::exception& e) {
      throw Error(where + ": wrong type (" + e.what() + ")");
    } catch (const Error& e) {
      if (key != "timing") throw;
      throw Error(path + ": " + e.what());  // the timing readers name the dotted key
    }
  }
}

}  // namespace mtesim::models
