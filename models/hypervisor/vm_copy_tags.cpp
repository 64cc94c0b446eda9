// KVM_ARM_MTE_COPY_TAGS (kvm_vm_ioctl_mte_copy_tags), page by page in its order of checks.
#include <climits>

#include "models/hypervisor/host_memory.h"
#include "models/hypervisor/host_page_allocator.h"
#include "models/hypervisor/hypervisor.h"
#include "models/hypervisor/kvm_errors.h"
#include "models/hypervisor/vm.h"

namespace mtesim::hyp {

int64_t Vm::CopyTags(const KvmArmCopyMteTags& c) {
  if (!mte_enabled()) return kEINVAL;
  if (c.reserved[0] || c.reserved[1]) return kEINVAL;
  if (c.flags & ~KVM_ARM_TAGS_FROM_GUEST) return kEINVAL;
  if ((c.length | c.guest_ipa) & (kPageBytes - 1)) return kEINVAL;
  // The result is the number of bytes copied: lengths above INT_MAX cannot be returned.
  if (c.length > INT_MAX) return kEINVAL;
  // A bad user buffer: KVM's copy_{to,from}_user fails with EFAULT.
  if (c.length && !c.addr) return kEFAULT;
  const bool to_guest = !(c.flags & KVM_ARM_TAGS_FROM_GUEST);
  // Tags written while pages are being logged would escape the dirty log.
  if (to_guest && AnySlotLogging()) return kEBUSY;

  HostPhysicalMemory& memory = hypervisor_.memory();
  HostPageAllocator& pages = hypervisor_.pages();
  uint8_t* tags = c.addr;
  uint64_t done = 0;
  int ret = 0;
  for (; done < c.length; done += kPageBytes, tags += kTagsPerPage) {
    const uint64_t ipa = c.guest_ipa + done;
    const Memslot* slot = FindMemslot(ipa);
    // gfn_to_pfn_prot: no slot, or a write into a read-only one; and pages without tag
    // storage (the NoTagAccess kind) have no tags to copy.
    if (!slot || (to_guest && slot->readonly()) || !slot->tag_capable) {
      ret = kEFAULT;
      break;
    }
    // get_user_pages: a swapped-out page comes back (with its tags) before the copy.
    if (const int err = SwapIn(ipa)) {
      ret = err;
      break;
    }
    const uint64_t pa = slot->HostAddress(ipa);
    bool ok;
    if (to_guest) {
      ok = memory.WriteTags(pa, kPageBytes, tags);
      if (!ok) memory.ClearTags(pa, kPageBytes);  // no stale tags after a failed copy
      pages.SetPageTagged(pa);  // set_page_mte_tagged: a later first map keeps these tags
      stats_[VmStats::kTagBytesCopiedToGuest] += kTagsPerPage;
    } else if (pages.PageTagged(pa)) {
      ok = memory.ReadTags(pa, kPageBytes, tags);
      stats_[VmStats::kTagBytesCopiedFromGuest] += kTagsPerPage;
    } else {
      // Never tagged: the guest would see sanitised (zero) tags.
      for (uint64_t i = 0; i < kTagsPerPage; ++i) tags[i] = 0;
      ok = true;
      stats_[VmStats::kTagBytesCopiedFromGuest] += kTagsPerPage;
    }
    if (!ok) {
      ret = kEFAULT;
      break;
    }
  }
  // A partial copy reports the bytes of the pages completed.
  if (done != 0) return static_cast<int64_t>(done);
  return ret ? ret : static_cast<int64_t>(c.length);
}

}  // namespace mtesim::hyp
