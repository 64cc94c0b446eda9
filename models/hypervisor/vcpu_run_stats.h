// What a VcpuRunner's run loop did (KVM's per-vCPU debugfs stats, summed over the VM's
// vCPUs): counters in the statistics tree ("hypervisor" in --stats), read through
// accessors; only the runner counts.
#pragma once
#include <cstdint>

#include "models/stats/counter_set.h"

namespace mtesim::hyp {

class VcpuRunStats {
 public:
  enum Counter : unsigned {
    kExits,
    kStage2Faults,
    kMmioExits,
    kMmioInKernel,
    kHypercalls,
    kUndefInjected,
    kSysregEmulated,
    kGicSysregEmulated,
    kInterrupts,
    kTimerInterrupts,
    kExtAbortInjected,
    kVcpuSwitches,
    kSlicesEnded,
    kWfiYields,
    kKicks,
  };
  // `group` nullptr: counters of its own (a runner outside a board's tree).
  explicit VcpuRunStats(stats::Group* group);
  VcpuRunStats(const VcpuRunStats&) = delete;
  VcpuRunStats& operator=(const VcpuRunStats&) = delete;

  uint64_t exits() const { return c_[kExits]; }
  uint64_t stage2_faults() const { return c_[kStage2Faults]; }
  uint64_t mmio_exits() const { return c_[kMmioExits]; }
  uint64_t mmio_in_kernel() const { return c_[kMmioInKernel]; }  // vGIC frame accesses
  uint64_t hypercalls() const { return c_[kHypercalls]; }
  uint64_t undef_injected() const { return c_[kUndefInjected]; }
  uint64_t sysreg_emulated() const { return c_[kSysregEmulated]; }
  uint64_t gic_sysreg_emulated() const { return c_[kGicSysregEmulated]; }  // replayed ICC_* accesses
  uint64_t interrupts() const { return c_[kInterrupts]; }
  uint64_t timer_interrupts() const { return c_[kTimerInterrupts]; }  // host timer PPIs forwarded
  uint64_t ext_abort_injected() const { return c_[kExtAbortInjected]; }
  uint64_t vcpu_switches() const { return c_[kVcpuSwitches]; }
  uint64_t slices_ended() const { return c_[kSlicesEnded]; }
  uint64_t wfi_yields() const { return c_[kWfiYields]; }
  uint64_t kicks() const { return c_[kKicks]; }

 private:
  friend class VcpuRunner;
  uint64_t& operator[](Counter c) { return c_[c]; }
  stats::CounterSet c_;
};

}  // namespace mtesim::hyp
