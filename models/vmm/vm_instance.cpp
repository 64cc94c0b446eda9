#include "models/vmm/vm_instance.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "models/error.h"
#include "models/hypervisor/host_page_allocator.h"
#include "models/hex.h"
#include "models/hypervisor/kvm_api.h"
#include "models/hypervisor/kvm_errors.h"
#include "models/hypervisor/policies/backing_policy.h"
#include "models/vmm/vgic_setup.h"

namespace mtesim::vmm {

using models::Hex;

namespace {

// KVM_CAP_ARM_MTE's level for the VM the configuration asks for.
uint64_t KvmMteLevel(const models::MteLevel& mte) {
  if (mte.max) return hyp::kMteLevelMax;
  switch (mte.level) {
    case 0: return hyp::kMteLevelOff;
    case 2: return hyp::kMteLevel2;
    case 3: return hyp::kMteLevel3;
    default:
      // FEAT_MTE without tag storage cannot be given to a VM: KVM's MTE is MTE2 or more.
      throw Error("--mte 1: the hypervisor model gives VMs MTE off, 2, 3 or max; FEAT_MTE alone runs only with "
                  "--hypervisor none");
  }
}

}  // namespace

VmInstance::VmInstance(models::Board& board, hyp::Hypervisor& hypervisor, const models::PlatformConfig& config,
                       const GuestMemoryLayout& layout, hyp::VmmExitHandler& exits, unsigned first_pe,
                       stats::Group& stats)
    : board_(board), hypervisor_(hypervisor), config_(config), first_pe_(first_pe) {
  stats::Group& vm_stats = stats.Child("vm");
  // The IPA size the guest's RAM needs, asked for as QEMU and kvmtool do
  // (KVM_VM_TYPE_ARM_IPA_SIZE) when KVM's default of 40 bits (1 TiB) is too small.
  uint64_t ipa_top = 0;
  for (const GuestRamPiece& piece : layout.ram) ipa_top = std::max(ipa_top, piece.ipa + piece.size - 1);
  unsigned ipa_bits = hyp::kDefaultIpaBits;
  while (ipa_bits < 64 && (ipa_top >> ipa_bits) != 0) ++ipa_bits;
  const int fd = hypervisor_.CreateVm(ipa_bits == hyp::kDefaultIpaBits ? 0 : ipa_bits, &vm_stats);
  if (fd < 0) throw Error("KVM_CREATE_VM failed: " + hyp::KvmErrorText(fd));
  vm_ = hypervisor_.GetVm(fd);
  vm_stats.AddGauge({"resident_pages", "pages of the memslots not swapped out"},
                    [this] { return vm_->resident_pages(); });
  const uint64_t level = KvmMteLevel(config_.mte);
  if (level != hyp::kMteLevelOff) {
    hyp::KvmEnableCap cap;
    cap.cap = hyp::KVM_CAP_ARM_MTE;
    cap.args[0] = level;
    if (const int rc = vm_->EnableCap(cap)) throw Error("--mte " + config_.mte.ToString() + ": KVM_CAP_ARM_MTE: " + hyp::KvmErrorText(rc));
  }
  bool untagged = false;
  for (const GuestRamPiece& piece : layout.ram) untagged |= !piece.tag_capable;
  if (untagged && vm_->mte_enabled() && hypervisor_.CheckExtension(hyp::KVM_CAP_ARM_MTE_PERM)) {
    hyp::KvmEnableCap cap;
    cap.cap = hyp::KVM_CAP_ARM_MTE_PERM;
    if (const int rc = vm_->EnableCap(cap)) throw Error("untagged_memory: KVM_CAP_ARM_MTE_PERM: " + hyp::KvmErrorText(rc));
  }
  for (const GuestRamPiece& piece : layout.ram)
    AddSlot(piece.ipa, piece.size, piece.tag_capable, 0, piece.tag_capable ? "RAM" : "untagged_memory");
  AddSlot(models::kFlashBase, models::kFlashSize, true, hyp::KVM_MEM_READONLY, "the boot flash");

  switch (config_.notagaccess_policy) {
    case models::NoTagAccessPolicyKind::Kill: notagaccess_ = std::make_unique<hyp::KillVmPolicy>(); break;
    case models::NoTagAccessPolicyKind::Remap:
      notagaccess_ = std::make_unique<hyp::RemapTagCapablePolicy>(*vm_, hypervisor_.memory(), hypervisor_.pages());
      break;
    case models::NoTagAccessPolicyKind::InjectSea: notagaccess_ = std::make_unique<hyp::InjectSeaPolicy>(); break;
  }

  runner_ = std::make_unique<hyp::VcpuRunner>(*vm_, exits, nullptr, &stats);
  for (unsigned id = 0; id < config_.smp; ++id) {
    if (const int rc = vm_->CreateVcpu(id)) throw Error("--smp " + std::to_string(config_.smp) + ": KVM_CREATE_VCPU " +
                                                        std::to_string(id) + ": " + hyp::KvmErrorText(rc));
    // Spread over this VM's PEs: vCPU i on PE i mod PEs (so --vcpus-per-pe 2 puts vCPUs
    // 0 and 2 together, as a host scheduler balancing them would).
    runner_->Bind(*vm_->GetVcpu(id), board_.pe(first_pe_ + id % config_.HostPeCount()));
  }
  const unsigned gic = config_.EffectiveGicVersion();
  if (const int rc = CreateVgic(*vm_, gic))
    throw Error("--gic-version " + std::to_string(gic) + ": the in-kernel vGIC: " + hyp::KvmErrorText(rc));
}

VmInstance::~VmInstance() = default;

void VmInstance::AddSlot(uint64_t ipa, uint64_t size, bool tag_capable, uint32_t flags, const char* what) {
  // The layout decides which RAM has tag storage (config untagged_memory), the --backing
  // policy when the pages are mapped; BackMemslot does the KVM side of both.
  const hyp::FixedBacking policy(tag_capable ? hyp::TagBacking::TagCapable : hyp::TagBacking::Untagged,
                                 config_.operations.backing == models::BackingKind::Eager
                                     ? hyp::BackingPolicy::Population::Eager
                                     : hyp::BackingPolicy::Population::Lazy);
  uint64_t backing = 0;
  const int rc = hyp::BackMemslot(*vm_, hypervisor_.memory(), hypervisor_.pages(), policy,
                                  static_cast<uint32_t>(slots_.size()), ipa, size, &backing, flags);
  if (rc == hyp::kENOMEM) throw Error(std::string(what) + ": the VMM's host memory is exhausted");
  if (rc != 0) {
    if (!tag_capable && vm_->mte_enabled())
      throw Error(std::string(what) + " at " + Hex(ipa) + ": memory without tag storage in a VM with MTE needs "
                  "FEAT_MTE_PERM's NoTagAccess (KVM_SET_USER_MEMORY_REGION: " + hyp::KvmErrorText(rc) + ")");
    throw Error(std::string(what) + " at " + Hex(ipa) + ": KVM_SET_USER_MEMORY_REGION failed: " + hyp::KvmErrorText(rc));
  }
  slots_.push_back({ipa, size, backing});
}

bool VmInstance::Owns(const hyp::Vcpu& vcpu) const {
  for (unsigned id = 0; id < config_.smp; ++id)
    if (vm_->GetVcpu(id) == &vcpu) return true;
  return false;
}

uint64_t VmInstance::BackingOf(uint64_t ipa, uint64_t size) const {
  for (const Slot& s : slots_)
    if (ipa >= s.ipa && ipa - s.ipa < s.size && size <= s.size - (ipa - s.ipa)) return s.backing + (ipa - s.ipa);
  return ~uint64_t{0};
}

std::vector<unsigned> VmInstance::Pause() {
  std::vector<unsigned> paused;
  for (unsigned id = 0; id < config_.smp; ++id) {
    hyp::Vcpu& vcpu = *vm_->GetVcpu(id);
    if (!runner_->running(vcpu)) continue;
    runner_->Kick(vcpu);
    paused.push_back(id);
  }
  return paused;
}

void VmInstance::Resume(const std::vector<unsigned>& ids) {
  for (const unsigned id : ids) runner_->Start(*vm_->GetVcpu(id));
}

uint64_t VmInstance::instructions() const {
  uint64_t n = 0;
  for (unsigned pe = 0; pe < config_.HostPeCount(); ++pe) n += board_.pe(first_pe_ + pe).instructions();
  return n;
}

}  // namespace mtesim::vmm
