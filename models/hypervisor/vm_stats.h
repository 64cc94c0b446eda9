// A VM's statistics, the counters a hypervisor regression test asserts on (KVM's debugfs
// stats by another name). Read through accessors; only the Vm counts.
#pragma once
#include <cstdint>

namespace mtesim::hyp {

class VmStats {
 public:
  uint64_t pages_sanitised() const { return pages_sanitised_; }
  uint64_t faults_mapped() const { return faults_mapped_; }
  uint64_t faults_mmio() const { return faults_mmio_; }
  uint64_t faults_notagaccess() const { return faults_notagaccess_; }
  uint64_t faults_dirty_logged() const { return faults_dirty_logged_; }
  uint64_t faults_spurious() const { return faults_spurious_; }
  uint64_t faults_error() const { return faults_error_; }
  uint64_t tag_bytes_copied_to_guest() const { return tag_bytes_to_guest_; }
  uint64_t tag_bytes_copied_from_guest() const { return tag_bytes_from_guest_; }
  uint64_t dirty_pages_logged() const { return dirty_pages_logged_; }
  // Access-flag faults: a page aged by the swap policy was used again (handle_access_fault).
  uint64_t faults_access_flag() const { return faults_access_flag_; }
  // Swap (vm_swap.cpp): pages out and in, and the packed tag bytes saved and restored.
  uint64_t pages_swapped_out() const { return pages_swapped_out_; }
  uint64_t pages_swapped_in() const { return pages_swapped_in_; }
  uint64_t swap_tag_bytes_saved() const { return swap_tag_bytes_saved_; }
  uint64_t swap_tag_bytes_restored() const { return swap_tag_bytes_restored_; }
  // Post-copy (vm_postcopy.cpp): pages placed, and faults that waited for one.
  uint64_t pages_placed() const { return pages_placed_; }
  uint64_t faults_missing() const { return faults_missing_; }

 private:
  friend class Vm;
  uint64_t pages_sanitised_ = 0;
  uint64_t faults_mapped_ = 0, faults_mmio_ = 0, faults_notagaccess_ = 0, faults_dirty_logged_ = 0;
  uint64_t faults_spurious_ = 0, faults_error_ = 0;
  uint64_t tag_bytes_to_guest_ = 0, tag_bytes_from_guest_ = 0;
  uint64_t dirty_pages_logged_ = 0;
  uint64_t faults_access_flag_ = 0;
  uint64_t pages_swapped_out_ = 0, pages_swapped_in_ = 0, swap_tag_bytes_saved_ = 0, swap_tag_bytes_restored_ = 0;
  uint64_t pages_placed_ = 0, faults_missing_ = 0;
};

}  // namespace mtesim::hyp
