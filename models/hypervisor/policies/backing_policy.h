// How a VMM backs a memslot (a VMM policy): from tag-capable host memory or not, and
// populated lazily (each page mapped by the stage-2 fault of its first guest access, as
// KVM does for QEMU's ordinary RAM) or eagerly (every page mapped, and so sanitised, when
// the slot is created, as KVM_PRE_FAULT_MEMORY or a VMM that prefaults its RAM).
// The KVM/QEMU default: lazy, tag-capable when the VM has MTE (QEMU backs an MTE guest's
// RAM with memory KVM accepts: kvm_vma_mte_allowed), any memory otherwise.
#pragma once
#include <cstdint>
#include <memory>

#include "models/hypervisor/host_memory.h"
#include "models/hypervisor/host_page_allocator.h"
#include "models/hypervisor/vm.h"

namespace mtesim::hyp {

class BackingPolicy {
 public:
  enum class Population { Lazy, Eager };
  virtual ~BackingPolicy() = default;
  // The tag capability the slot's host pages must have.
  virtual TagBacking tags(const Vm& vm) const = 0;
  virtual Population population() const = 0;
};

class KvmQemuBacking : public BackingPolicy {
 public:
  TagBacking tags(const Vm& vm) const override { return vm.mte_enabled() ? TagBacking::TagCapable : TagBacking::Any; }
  Population population() const override { return Population::Lazy; }
};

// A fixed choice of both, for tests and experiments (an untagged slot for a VM with MTE
// needs the VM's NoTagAccess opt-in, else the memslot is refused with EINVAL).
class FixedBacking : public BackingPolicy {
 public:
  FixedBacking(TagBacking tags, Population population) : tags_(tags), population_(population) {}
  TagBacking tags(const Vm&) const override { return tags_; }
  Population population() const override { return population_; }

 private:
  TagBacking tags_;
  Population population_;
};

// The VMM's RAM set-up under a policy: allocates `size` bytes of VMM pages as the policy
// says, zeroes them, creates memslot `slot` at `ipa` on them with `flags` (e.g.
// KVM_MEM_READONLY for a ROM) and, when eager, maps every page now. 0 with *backing the
// host PA; ENOMEM without such pages; the memslot's errno (the pages are freed again
// then); a prefault's errno.
int BackMemslot(Vm& vm, HostPhysicalMemory& memory, HostPageAllocator& pages, const BackingPolicy& policy,
                uint32_t slot, uint64_t ipa, uint64_t size, uint64_t* backing, uint32_t flags = 0);

std::unique_ptr<BackingPolicy> DefaultBackingPolicy();

}  // namespace mtesim::hyp
