// KVM_GET_DIRTY_LOG and KVM_CLEAR_DIRTY_LOG (kvm_get_dirty_log_protect,
// kvm_clear_dirty_log_protect): harvesting re-protects the harvested pages at stage 2 so
// their next write is logged again.
#include "models/hypervisor/hypervisor.h"
#include "models/hypervisor/kvm_errors.h"
#include "models/hypervisor/vm.h"

namespace mtesim::hyp {

int Vm::GetDirtyLog(uint32_t id, uint64_t* bitmap) {
  if (id >= hypervisor_.host().max_memslots) return kEINVAL;
  const auto it = memslots_.find(id);
  if (it == memslots_.end() || !it->second.logging()) return kENOENT;
  if (!bitmap) return kEFAULT;  // copy_to_user of the bitmap fails
  Memslot& s = it->second;
  for (size_t w = 0; w < s.dirty_bitmap.size(); ++w) {
    const uint64_t dirty = s.dirty_bitmap[w];
    bitmap[w] = dirty;
    if (manual_protect_ || !dirty) continue;
    // Without KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2 the get also clears and re-protects.
    s.dirty_bitmap[w] = 0;
    for (unsigned b = 0; b < 64; ++b) {
      if (!(dirty >> b & 1)) continue;
      const uint64_t ipa = s.guest_phys_addr + ((w * 64 + b) << kPageShift);
      stage2_.WriteProtect(ipa, kPageBytes);
      FlushStage2(ipa, kPageBytes);
    }
  }
  return 0;
}

int Vm::ClearDirtyLog(const KvmClearDirtyLog& log) {
  if (log.slot >= hypervisor_.host().max_memslots) return kEINVAL;
  if (log.first_page & 63) return kEINVAL;
  const auto it = memslots_.find(log.slot);
  if (it == memslots_.end() || !it->second.logging()) return kENOENT;
  Memslot& s = it->second;
  const uint64_t n = s.npages();
  // The range must lie in the slot and be whole 64-page words except at the slot's end.
  if (log.first_page > n || log.num_pages > n - log.first_page ||
      (log.num_pages < n - log.first_page && (log.num_pages & 63)))
    return kEINVAL;
  if (log.num_pages && !log.dirty_bitmap) return kEFAULT;  // copy_from_user fails
  for (uint64_t i = 0; i < log.num_pages; ++i) {
    if (!(log.dirty_bitmap[i / 64] >> (i % 64) & 1)) continue;
    const uint64_t page = log.first_page + i;
    uint64_t& word = s.dirty_bitmap[page / 64];
    const uint64_t bit = uint64_t{1} << (page % 64);
    if (!(word & bit)) continue;
    word &= ~bit;
    stage2_.WriteProtect(s.guest_phys_addr + (page << kPageShift), kPageBytes);
    FlushStage2(s.guest_phys_addr + (page << kPageShift), kPageBytes);
  }
  return 0;
}

}  // namespace mtesim::hyp
