// The VM's configuration ioctls: capabilities, memslots, vCPUs.
#include "models/hypervisor/vm.h"

#include "models/hypervisor/host_page_allocator.h"
#include "models/hypervisor/hypervisor.h"
#include "models/hypervisor/kvm_errors.h"
#include "models/hypervisor/vgic/vgic.h"

namespace mtesim::hyp {
namespace {
// The file descriptor KVM_CREATE_DEVICE reports for the vGIC (the model has no file table;
// the VM owns its one device).
constexpr uint32_t kVgicDeviceFd = 1;
}  // namespace

Vm::Vm(Hypervisor& hypervisor, unsigned ipa_bits, uint16_t vmid, stats::Group* stats)
    : hypervisor_(hypervisor),
      ipa_bits_(ipa_bits),
      vmid_(vmid),
      stage2_(hypervisor.memory(), hypervisor.pages(), ipa_bits, hypervisor.host().pa_bits, vmid),
      stats_(stats) {}

Vm::~Vm() = default;

int Vm::Init() { return stage2_.Init(); }

int Vm::EnableCap(const KvmEnableCap& cap) {
  // kvm_vm_ioctl_enable_cap (arm64): no flags are defined for any VM capability.
  if (cap.flags) return kEINVAL;
  switch (cap.cap) {
    case KVM_CAP_ARM_MTE: return EnableMte(cap);
    case KVM_CAP_ARM_MTE_PERM:
      // Like MTE itself, it shapes the VM before any vCPU exists, and it needs the
      // hardware's FEAT_MTE_PERM to express NoTagAccess at stage 2.
      if (!vcpus_.empty() || !hypervisor_.CheckExtension(KVM_CAP_ARM_MTE_PERM)) return kEINVAL;
      notagaccess_ = true;
      return 0;
    case KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2:
      if (cap.args[0] & ~uint64_t{3}) return kEINVAL;
      manual_protect_ = cap.args[0] & 1;
      return 0;
    default: return kEINVAL;
  }
}

int Vm::EnableMte(const KvmEnableCap& cap) {
  // KVM: EINVAL without MTE on the system or once a vCPU exists (the vCPUs' ID registers
  // and HCR_EL2 are fixed at creation).
  const isa::MteFeatures& host = hypervisor_.host().mte;
  if (!vcpus_.empty() || host.level < 2) return kEINVAL;
  isa::MteFeatures f;
  f.gmid_bs = host.gmid_bs;
  switch (cap.args[0]) {
    case kMteLevelOff: mte_ = isa::MteFeatures{}; return 0;
    case kMteLevelHost: f.level = host.level; break;
    case kMteLevelMax: f = host; break;
    case kMteLevel2:
    case kMteLevel3:
      // Exactly the level asked for, or EINVAL: never a silent downgrade.
      if (cap.args[0] > host.level) return kEINVAL;
      f.level = static_cast<unsigned>(cap.args[0]);
      break;
    default: return kEINVAL;
  }
  mte_ = f;
  return 0;
}

int Vm::SetUserMemoryRegion(const KvmUserspaceMemoryRegion& r) {
  const HostCapabilities& host = hypervisor_.host();
  // __kvm_set_memory_region's checks, in its order.
  if (r.flags & ~(KVM_MEM_LOG_DIRTY_PAGES | KVM_MEM_READONLY)) return kEINVAL;
  if (r.slot >= host.max_memslots) return kEINVAL;
  if ((r.memory_size | r.guest_phys_addr | r.userspace_addr) & (kPageBytes - 1)) return kEINVAL;
  if (r.guest_phys_addr + r.memory_size < r.guest_phys_addr) return kEINVAL;
  const auto it = memslots_.find(r.slot);
  if (r.memory_size == 0) return DeleteSlot(r.slot);
  if (it != memslots_.end()) {
    // Only the dirty-logging flag of an existing slot may change (KVM_MR_FLAGS_ONLY);
    // moving a slot (KVM_MR_MOVE) is not modelled yet and is refused like a resize.
    Memslot& s = it->second;
    if (r.userspace_addr != s.backing || r.memory_size != s.memory_size || r.guest_phys_addr != s.guest_phys_addr ||
        ((r.flags ^ s.flags) & KVM_MEM_READONLY))
      return kEINVAL;
    return ChangeSlotFlags(s, r.flags);
  }
  for (const auto& [id, s] : memslots_)
    if (s.Overlaps(r.guest_phys_addr, r.memory_size)) return kEEXIST;
  // kvm_arch_prepare_memory_region: the slot must fit the VM's IPA space.
  if ((r.guest_phys_addr + r.memory_size) >> ipa_bits_) return kEFAULT;
  // The backing must be the VMM's memory: never the hypervisor's private pool (stage-2
  // tables) and never another live VM's (isolation at stage 2).
  HostPageAllocator& pages = hypervisor_.pages();
  if (!pages.InPool(HostPool::Vmm, r.userspace_addr, r.memory_size)) return kEFAULT;
  if (hypervisor_.BackedByOtherVm(this, r.userspace_addr, r.memory_size)) return kEFAULT;
  // KVM: with MTE, memory that cannot hold tags is refused (kvm_vma_mte_allowed), unless
  // the VM opted in to NoTagAccess, which maps it with FEAT_MTE_PERM's NoTagAccess.
  const bool tag_capable = pages.TagCapable(r.userspace_addr, r.memory_size);
  if (mte_enabled() && !tag_capable && !notagaccess_) return kEINVAL;
  Memslot s;
  s.id = r.slot;
  s.guest_phys_addr = r.guest_phys_addr;
  s.memory_size = r.memory_size;
  s.backing = r.userspace_addr;
  s.tag_capable = tag_capable;
  s.flags = r.flags & KVM_MEM_READONLY;  // ChangeSlotFlags turns logging on
  Memslot& slot = memslots_.emplace(r.slot, std::move(s)).first->second;
  return ChangeSlotFlags(slot, r.flags);
}

int Vm::ChangeSlotFlags(Memslot& s, uint32_t flags) {
  const bool was_logging = s.logging();
  s.flags = flags;
  if (s.logging() && !was_logging) {
    // kvm_arch_commit_memory_region: allocate the bitmap and write-protect the slot, so
    // the first write to each page faults and is logged.
    s.dirty_bitmap.assign((s.npages() + 63) / 64, 0);
    stage2_.WriteProtect(s.guest_phys_addr, s.memory_size);
    FlushStage2(s.guest_phys_addr, s.memory_size);
  } else if (!s.logging()) {
    s.dirty_bitmap.clear();
    s.dirty_bitmap.shrink_to_fit();
  }
  return 0;
}

int Vm::DeleteSlot(uint32_t id) {
  const auto it = memslots_.find(id);
  if (it == memslots_.end()) return kEINVAL;  // KVM: deleting a slot that is not there
  stage2_.Unmap(it->second.guest_phys_addr, it->second.memory_size);
  FlushStage2(it->second.guest_phys_addr, it->second.memory_size);
  ReleaseSwap(it->second);
  memslots_.erase(it);
  return 0;
}

int Vm::CreateVcpu(unsigned id) {
  const HostCapabilities& host = hypervisor_.host();
  if (id >= host.max_vcpu_id || vcpus_.size() >= host.max_vcpus) return kEINVAL;
  if (GetVcpu(id)) return kEEXIST;
  if (vgic_ && vgic_->initialized()) return kEBUSY;
  if (vgic_ && vgic_->version() == 2 && vcpus_.size() >= VGIC_V2_MAX_CPUS) return kEINVAL;
  vcpus_.push_back(std::make_unique<Vcpu>(id, mte_));
  return 0;
}

Vcpu* Vm::GetVcpu(unsigned id) {
  for (auto& v : vcpus_)
    if (v->id() == id) return v.get();
  return nullptr;
}

const Memslot* Vm::FindMemslot(uint64_t ipa) const {
  for (const auto& [id, s] : memslots_)
    if (s.Contains(ipa)) return &s;
  return nullptr;
}

Memslot* Vm::FindSlot(uint64_t ipa) { return const_cast<Memslot*>(FindMemslot(ipa)); }

bool Vm::BackingOverlaps(uint64_t pa, uint64_t size) const {
  for (const auto& [id, s] : memslots_)
    if (pa < s.backing + s.memory_size && s.backing < pa + size) return true;
  return false;
}

bool Vm::AnySlotLogging() const {
  for (const auto& [id, s] : memslots_)
    if (s.logging()) return true;
  return false;
}

int Vm::CreateDevice(KvmCreateDevice& device) {
  if (device.type != KVM_DEV_TYPE_ARM_VGIC_V2 && device.type != KVM_DEV_TYPE_ARM_VGIC_V3) return kENODEV;
  if (device.flags & KVM_CREATE_DEVICE_TEST) return 0;
  if (vgic_) return kEEXIST;
  for (const auto& v : vcpus_)
    if (v->has_run()) return kEBUSY;
  if (device.type == KVM_DEV_TYPE_ARM_VGIC_V2 && vcpus_.size() > VGIC_V2_MAX_CPUS) return kE2BIG;
  vgic_ = std::make_unique<Vgic>(*this, device.type);
  device.fd = kVgicDeviceFd;
  return 0;
}

int Vm::IrqLine(const KvmIrqLevel& irq) {
  const uint32_t type = irq.irq >> KVM_ARM_IRQ_TYPE_SHIFT & 0xF;
  const unsigned intid = irq.irq & 0xFFFF;
  // The CPU lines are for a VMM without an in-kernel irqchip (not modelled); with one
  // they are ENXIO, as an SPI is without one.
  if (type == KVM_ARM_IRQ_TYPE_CPU && vgic_) return kENXIO;
  if (type != KVM_ARM_IRQ_TYPE_SPI) return kEINVAL;
  if (!vgic_) return kENXIO;
  if (intid < models::kPrivateCount) return kEINVAL;
  return vgic_->SetSpi(intid, irq.level != 0);
}

}  // namespace mtesim::hyp
