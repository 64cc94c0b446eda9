// A VM's statistics, the counters a hypervisor regression test asserts on (KVM's debugfs
// stats by another name): counters in the statistics tree ("hypervisor.vm" in --stats),
// read through accessors; only the Vm counts.
#pragma once
#include <cstdint>

#include "models/stats/counter_set.h"

namespace mtesim::hyp {

class VmStats {
 public:
  enum Counter : unsigned {
    kPagesSanitised,
    kFaultsMapped,
    kFaultsMmio,
    kFaultsNotagaccess,
    kFaultsDirtyLogged,
    kFaultsSpurious,
    kFaultsError,
    kFaultsMissing,
    kFaultsAccessFlag,
    kTagBytesCopiedToGuest,
    kTagBytesCopiedFromGuest,
    kDirtyPagesLogged,
    kPagesSwappedOut,
    kPagesSwappedIn,
    kSwapTagBytesSaved,
    kSwapTagBytesRestored,
    kPagesPlaced,
  };
  // `group` nullptr: counters of its own (a VM outside a board's tree).
  explicit VmStats(stats::Group* group);
  VmStats(const VmStats&) = delete;
  VmStats& operator=(const VmStats&) = delete;

  uint64_t pages_sanitised() const { return c_[kPagesSanitised]; }
  uint64_t faults_mapped() const { return c_[kFaultsMapped]; }
  uint64_t faults_mmio() const { return c_[kFaultsMmio]; }
  uint64_t faults_notagaccess() const { return c_[kFaultsNotagaccess]; }
  uint64_t faults_dirty_logged() const { return c_[kFaultsDirtyLogged]; }
  uint64_t faults_spurious() const { return c_[kFaultsSpurious]; }
  uint64_t faults_error() const { return c_[kFaultsError]; }
  uint64_t tag_bytes_copied_to_guest() const { return c_[kTagBytesCopiedToGuest]; }
  uint64_t tag_bytes_copied_from_guest() const { return c_[kTagBytesCopiedFromGuest]; }
  uint64_t dirty_pages_logged() const { return c_[kDirtyPagesLogged]; }
  // Access-flag faults: a page aged by the swap policy was used again (handle_access_fault).
  uint64_t faults_access_flag() const { return c_[kFaultsAccessFlag]; }
  // Swap (vm_swap.cpp): pages out and in, and the packed tag bytes saved and restored.
  uint64_t pages_swapped_out() const { return c_[kPagesSwappedOut]; }
  uint64_t pages_swapped_in() const { return c_[kPagesSwappedIn]; }
  uint64_t swap_tag_bytes_saved() const { return c_[kSwapTagBytesSaved]; }
  uint64_t swap_tag_bytes_restored() const { return c_[kSwapTagBytesRestored]; }
  // Post-copy (vm_postcopy.cpp): pages placed, and faults that waited for one.
  uint64_t pages_placed() const { return c_[kPagesPlaced]; }
  uint64_t faults_missing() const { return c_[kFaultsMissing]; }

 private:
  friend class Vm;
  uint64_t& operator[](Counter c) { return c_[c]; }
  stats::CounterSet c_;
};

}  // namespace mtesim::hyp
