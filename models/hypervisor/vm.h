// A VM as KVM's struct kvm: its capabilities (MTE and its level, the NoTagAccess opt-in,
// manual dirty-log protection), memslots, vCPUs, stage-2 tables and VMID, and the kernel
// paths that act on them: the stage-2 fault handler (lazy mapping, tag sanitising, MMIO,
// NoTagAccess, dirty logging), KVM_ARM_MTE_COPY_TAGS and the dirty log. Each call mirrors
// a VM ioctl and returns 0 (or a count) or a negative errno (kvm_errors.h).
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "isa/arch_state.h"
#include "models/hypervisor/memslot.h"
#include "models/hypervisor/stage2_page_table.h"
#include "models/hypervisor/vcpu.h"
#include "models/hypervisor/vgic/vgic_api.h"
#include "models/hypervisor/vm_stats.h"

namespace mtesim::hyp {

class Hypervisor;
class Vgic;

// struct kvm_enable_cap.
struct KvmEnableCap {
  uint32_t cap = 0;
  uint32_t flags = 0;
  uint64_t args[4] = {};
};

// struct kvm_arm_copy_mte_tags, with addr a host buffer of length / 16 bytes.
struct KvmArmCopyMteTags {
  uint64_t guest_ipa = 0;
  uint64_t length = 0;
  uint8_t* addr = nullptr;
  uint64_t flags = 0;  // KVM_ARM_TAGS_TO_GUEST or KVM_ARM_TAGS_FROM_GUEST
  uint64_t reserved[2] = {};
};

// struct kvm_clear_dirty_log: bitmap bit i is page first_page + i of the slot.
struct KvmClearDirtyLog {
  uint32_t slot = 0;
  uint32_t num_pages = 0;
  uint64_t first_page = 0;
  const uint64_t* dirty_bitmap = nullptr;
};

// What the stage-2 fault handler did, for the run loop (vcpu_run.h) to act on.
enum class Stage2FaultOutcome : uint8_t {
  Mapped,       // mapped lazily from a memslot: resume the guest
  Mmio,         // no memslot (or a write to a read-only one): an MMIO exit to the VMM
  NoTagAccess,  // a tag access to a NoTagAccess page: a memory-fault exit to the VMM
  DirtyLogged,  // a write to a write-protected logging page: logged, writable, resume
  Spurious,     // already mapped as needed (another vCPU resolved it): resume
  Error,        // the fault cannot be resolved: KVM_RUN fails with `error`
};

struct Stage2FaultResult {
  Stage2FaultOutcome outcome = Stage2FaultOutcome::Error;
  int error = 0;
  uint64_t ipa = 0;
  bool write = false;
  bool tag_access = false;
};

class Vm {
 public:
  // `stats`: where the VM's counters go in the statistics tree (nullptr: its own).
  Vm(Hypervisor& hypervisor, unsigned ipa_bits, uint16_t vmid, stats::Group* stats = nullptr);
  ~Vm();
  int Init();  // allocates the stage-2 start tables: 0 or ENOMEM

  // KVM_ENABLE_CAP on the VM: KVM_CAP_ARM_MTE (args[0] the level, kvm_api.h),
  // KVM_CAP_ARM_MTE_PERM (model), KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2.
  int EnableCap(const KvmEnableCap& cap);
  // KVM_SET_USER_MEMORY_REGION.
  int SetUserMemoryRegion(const KvmUserspaceMemoryRegion& region);
  // KVM_CREATE_VCPU: 0, EEXIST for an id in use, EINVAL beyond the limits (8 vCPUs with
  // a vGICv2), EBUSY once the vGIC is initialised (kvm_arch_vcpu_precreate).
  int CreateVcpu(unsigned id);
  Vcpu* GetVcpu(unsigned id);
  unsigned vcpu_count() const { return static_cast<unsigned>(vcpus_.size()); }

  // KVM_CREATE_DEVICE for the in-kernel vGIC (kvm_vgic_create): 0 with `fd` set (the
  // device is then vgic()); ENODEV for a type that is not a vGIC, EEXIST for a second
  // vGIC, EBUSY once a vCPU has run, E2BIG for a vGICv2 with more than 8 vCPUs. With
  // KVM_CREATE_DEVICE_TEST only the type is checked.
  int CreateDevice(KvmCreateDevice& device);
  Vgic* vgic() { return vgic_.get(); }
  // KVM_IRQ_LINE (kvm_vm_ioctl_irq_line) for an SPI: ENXIO without a vGIC, EINVAL for a
  // type other than SPI (PPIs and the CPU lines are not modelled) or an INTID the vGIC
  // lacks, EBUSY before a vGICv3 is initialised.
  int IrqLine(const KvmIrqLevel& irq);
  const std::vector<std::unique_ptr<Vcpu>>& vcpus() const { return vcpus_; }

  // The stage-2 fault path (KVM's kvm_handle_guest_abort / user_mem_abort). `write`
  // includes tag writes (STG and friends need stage-2 write permission).
  Stage2FaultResult HandleStage2Fault(uint64_t ipa, bool write, bool tag_access);
  // KVM_ARM_MTE_COPY_TAGS: the bytes of guest memory whose tags were copied, or errno.
  int64_t CopyTags(const KvmArmCopyMteTags& copy);
  // KVM_GET_DIRTY_LOG: copies the slot's bitmap (npages bits) to `bitmap`; without manual
  // protection also clears it and write-protects the pages again.
  int GetDirtyLog(uint32_t slot, uint64_t* bitmap);
  // KVM_CLEAR_DIRTY_LOG: clears the given dirty bits and write-protects those pages.
  int ClearDirtyLog(const KvmClearDirtyLog& log);

  // Whoever may hold the VM's stage-2 entries in TLBs (the PEs running its vCPUs) is told
  // after every change that removes or restricts a mapping: [ipa, ipa + size) must be
  // invalidated for the VMID before the guest runs on (KVM's kvm_tlb_flush_vmid_ipa /
  // kvm_tlb_flush_vmid). Relaxing changes need nothing: a stale entry only faults again.
  using Stage2Flush = std::function<void(uint64_t ipa, uint64_t size)>;
  void SetStage2Flush(Stage2Flush flush) { stage2_flush_ = std::move(flush); }

  // CNTVOFF_EL2 for every vCPU of the VM (KVM's per-VM virtual counter offset).
  uint64_t cntvoff() const { return cntvoff_; }
  Hypervisor& hypervisor() { return hypervisor_; }
  bool mte_enabled() const { return mte_.level >= 2; }
  const isa::MteFeatures& mte() const { return mte_; }
  bool notagaccess_enabled() const { return notagaccess_; }
  uint16_t vmid() const { return vmid_; }
  unsigned ipa_bits() const { return ipa_bits_; }
  uint64_t vtcr() const { return stage2_.vtcr(); }
  uint64_t vttbr() const { return stage2_.vttbr(); }
  Stage2PageTable& stage2() { return stage2_; }
  const VmStats& stats() const { return stats_; }
  const Memslot* FindMemslot(uint64_t ipa) const;
  const std::map<uint32_t, Memslot>& memslots() const { return memslots_; }

  // Swap (vm_swap.cpp), the host kernel reclaiming the VMM's memory under a VM: the MMU
  // notifier unmaps the page from stage 2 (with the TLB flush), arm64's mteswap saves its
  // tags packed beside the data, and the host page is freed. The next guest access (or
  // COPY_TAGS, or the VMM reading it through SwapIn) brings it back with its tags and
  // PG_mte_tagged, so it is not sanitised again.
  // SwapOut: 0; EFAULT outside every slot or unaligned; ENOENT already out; ENOSPC.
  int SwapOut(uint64_t ipa);
  // Brings the page at `ipa` back if it is out (get_user_pages). 0, or errno.
  int SwapIn(uint64_t ipa);
  bool SwappedOut(uint64_t ipa) const;
  // The access flag of the page's stage-2 entry, tested and cleared with the TLB flush
  // (kvm_age_gfn): the input of the swap policies' clock.
  bool TestAndClearYoung(uint64_t ipa);
  // Pages of the memslots that are not swapped out.
  uint64_t resident_pages() const;

  // Post-copy's destination side (vm_postcopy.cpp), the userfaultfd contract: pages
  // registered missing are never mapped until the VMM places them; a stage-2 fault on
  // one calls the missing-page handler (the VMM's fault thread, which fetches the page
  // from the source and places it) and maps the page once it is there.
  using MissingPageHandler = std::function<int(uint64_t page_ipa)>;
  void SetMissingPageHandler(MissingPageHandler handler) { missing_handler_ = std::move(handler); }
  // UFFDIO_REGISTER (MODE_MISSING) of [ipa, ipa + size): every page missing. EINVAL
  // unaligned or not within one slot; EBUSY while any of its pages is mapped.
  int RegisterMissing(uint64_t ipa, uint64_t size);
  // UFFDIO_COPY with the page's tags: data and (for a VM with MTE) `tags`, one per byte,
  // land in the page and mark it PG_mte_tagged before it can be mapped, so no guest
  // access ever sees the page without its tags. 0; ENOENT when not missing; EINVAL.
  int PlacePage(uint64_t ipa, const uint8_t* data, const uint8_t* tags);
  bool PageMissing(uint64_t ipa) const;
  // Whether any memslot's backing overlaps [pa, pa + size).
  bool BackingOverlaps(uint64_t pa, uint64_t size) const;

 private:
  int EnableMte(const KvmEnableCap& cap);
  int ChangeSlotFlags(Memslot& slot, uint32_t flags);
  int DeleteSlot(uint32_t id);
  // First map of a host page into a guest with MTE: clear its tags once (KVM's
  // sanitise_mte_tags with PG_mte_tagged).
  void SanitiseTags(uint64_t pa);
  bool AnySlotLogging() const;
  void FlushStage2(uint64_t ipa, uint64_t size) {
    if (stage2_flush_) stage2_flush_(ipa, size);
  }
  void MarkDirty(Memslot& slot, uint64_t ipa);
  Memslot* FindSlot(uint64_t ipa);
  // The fault path's part of swap and post-copy: the page's data and tags are in place.
  int MakePresent(Memslot& slot, uint64_t page_ipa);
  int SwapInPage(Memslot& slot, uint64_t page_ipa);
  void ReleaseSwap(Memslot& slot);

  Hypervisor& hypervisor_;
  unsigned ipa_bits_;
  uint16_t vmid_;
  Stage2PageTable stage2_;
  isa::MteFeatures mte_;
  bool notagaccess_ = false;
  bool manual_protect_ = false;
  std::map<uint32_t, Memslot> memslots_;
  std::vector<std::unique_ptr<Vcpu>> vcpus_;
  std::unique_ptr<Vgic> vgic_;
  uint64_t cntvoff_ = 0;
  VmStats stats_;
  Stage2Flush stage2_flush_;
  MissingPageHandler missing_handler_;
};

}  // namespace mtesim::hyp
