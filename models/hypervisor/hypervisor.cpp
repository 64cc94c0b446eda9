#include "models/hypervisor/hypervisor.h"

#include "models/hypervisor/kvm_api.h"
#include "models/hypervisor/kvm_errors.h"

namespace mtesim::hyp {

Hypervisor::Hypervisor(HostPhysicalMemory& memory, HostPageAllocator& pages, const HostCapabilities& host)
    : memory_(memory), pages_(pages), host_(host), swap_(host.swap_pages) {
  if (host.gic_distributor != 0)
    host_gic_ = std::make_unique<HostGic>(memory, host.gic_distributor, host.gic_redistributors);
}

Hypervisor::~Hypervisor() = default;

int Hypervisor::CheckExtension(uint32_t cap) const {
  switch (cap) {
    case KVM_CAP_NR_VCPUS:
    case KVM_CAP_MAX_VCPUS: return static_cast<int>(host_.max_vcpus);
    case KVM_CAP_MAX_VCPU_ID: return static_cast<int>(host_.max_vcpu_id);
    case KVM_CAP_NR_MEMSLOTS: return static_cast<int>(host_.max_memslots);
    case KVM_CAP_ARM_VM_IPA_SIZE: return static_cast<int>(host_.pa_bits);  // kvm_ipa_limit
    case KVM_CAP_ARM_MTE: return host_.mte.level >= 2;  // KVM needs FEAT_MTE2 for guests
    case KVM_CAP_ARM_MTE_PERM: return host_.mte.level >= 2 && host_.mte.perm;
    case KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2: return 3;  // MANUAL_PROTECT_ENABLE | INITIALLY_SET
    default: return 0;
  }
}

int Hypervisor::CreateVm(uint64_t type, stats::Group* stats) {
  // kvm_arm_setup_stage2: only the IPA size may be given; 0 means KVM's default 40 bits.
  if (type & ~KVM_VM_TYPE_ARM_IPA_SIZE_MASK) return kEINVAL;
  unsigned ipa_bits = static_cast<unsigned>(type & KVM_VM_TYPE_ARM_IPA_SIZE_MASK);
  if (ipa_bits == 0) ipa_bits = kDefaultIpaBits;
  if (ipa_bits < kMinIpaBits || ipa_bits > host_.pa_bits || ipa_bits > 48) return kEINVAL;
  // The smallest VMID no live VM holds (0 is the host's, as KVM reserves it).
  uint16_t vmid = 1;
  for (;; ++vmid) {
    bool used = false;
    for (const auto& vm : vms_) used |= vm && vm->vmid() == vmid;
    if (!used) break;
    if (vmid == 0xFFFF) return kENOMEM;
  }
  auto vm = std::make_unique<Vm>(*this, ipa_bits, vmid, stats);
  if (const int err = vm->Init()) return err;
  for (size_t fd = 0; fd < vms_.size(); ++fd)
    if (!vms_[fd]) {
      vms_[fd] = std::move(vm);
      return static_cast<int>(fd);
    }
  vms_.push_back(std::move(vm));
  return static_cast<int>(vms_.size() - 1);
}

Vm* Hypervisor::GetVm(int vm_fd) {
  return vm_fd >= 0 && static_cast<size_t>(vm_fd) < vms_.size() ? vms_[vm_fd].get() : nullptr;
}

int Hypervisor::DestroyVm(int vm_fd) {
  if (!GetVm(vm_fd)) return kEBADF;
  vms_[vm_fd].reset();
  return 0;
}

bool Hypervisor::BackedByOtherVm(const Vm* self, uint64_t pa, uint64_t size) const {
  for (const auto& vm : vms_)
    if (vm && vm.get() != self && vm->BackingOverlaps(pa, size)) return true;
  return false;
}

}  // namespace mtesim::hyp
