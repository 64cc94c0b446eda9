// A host machine for running vCPUs: a router, tag-storage RAM (the hypervisor's private
// pool for stage-2 tables in its first 4 MiB, the VMM's pool in the rest, whose last
// 2 MiB have no tag storage), PEs with EL2
// and the given MTE, a physical GICv3 at QEMU virt's addresses wired as
// models/platform/platform.cpp wires it (each PE's interrupt lines and system-register CPU
// interface; the PEs' timer outputs as PPIs), the decoded-code cache and DMI as models/platform/platform.cpp sets
// them up, and the hypervisor's host-memory initiator. It is the PEs' PeHost: no
// firmware (EL2 is the hypervisor model), and an instruction budget that ends a scenario
// that runs away. SystemC elaborates once per process: one board per test binary run.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <systemc>

#include "models/bus/router.h"
#include "models/devices/gic/gicv3.h"
#include "models/hypervisor/host_memory.h"
#include "models/hypervisor/host_page_allocator.h"
#include "models/memory/tag_storage_memory.h"
#include "models/pe/code_cache.h"
#include "models/pe/pe_host.h"
#include "models/pe/processing_element.h"
#include "models/stats/statistics.h"

namespace hyp_run {

constexpr uint64_t kMiB = 1 << 20;
constexpr uint64_t kHostRamBase = 0x40000000, kHostRamSize = 64 * kMiB;
constexpr uint64_t kPrivateSize = 4 * kMiB;
constexpr uint64_t kHostGicDistributorBase = 0x08000000, kHostGicRedistributorBase = 0x080A0000;
constexpr uint64_t kUntaggedSize = 2 * kMiB, kUntaggedBase = kHostRamBase + kHostRamSize - kUntaggedSize;

class HostBoard : private mtesim::models::PeHost {
 public:
  HostBoard(unsigned pes, const mtesim::isa::MteFeatures& mte);

  mtesim::models::ProcessingElement& pe(unsigned i) { return *pes_.at(i); }
  mtesim::hyp::HostPhysicalMemory& memory() { return host_; }
  mtesim::hyp::HostPageAllocator& pages() { return pages_; }
  mtesim::models::Gicv3& gic() { return gic_; }
  // The PEs' statistics ("pe0.instructions", "pe0.mte.sync_read_checks"...).
  const mtesim::stats::Tree& stats() const { return stats_; }
  // Runs until every PE is off (or the budget is spent); false when the budget ran out
  // or a PE got stuck.
  bool Run(uint64_t max_instructions = 100000000);
  const std::string& stop_reason() const { return stop_reason_; }

 private:
  mtesim::stats::Tree stats_;  // the PEs register their counters here
  bool FirmwareCall(mtesim::models::ProcessingElement&, Conduit, uint16_t) override { return false; }
  uint64_t TakeInstructionBudget(uint64_t wanted) override;
  void ReturnInstructionBudget(uint64_t unused) override { budget_ += unused; }
  // The budget ran out: every PE is off and waits to be powered on again.
  void WaitForBudget() override {}
  void BroadcastTlbMaintenance(mtesim::models::ProcessingElement&, const mtesim::isa::TlbInvalidation& op) override;
  void BroadcastEvent(mtesim::models::ProcessingElement&) override;
  void PeStopped(mtesim::models::ProcessingElement&) override {}
  void PeReset(mtesim::models::ProcessingElement& pe) override { gic_.PeReset(pe.index()); }
  void PeSleeping(mtesim::models::ProcessingElement&, bool) override {}
  bool OtherPeMayStore(const mtesim::models::ProcessingElement& pe) const override;
  void TimerOutputChanged(mtesim::models::ProcessingElement& pe, mtesim::isa::GenericTimer timer, bool level) override;
  void StopVm(int exit_status, const std::string& reason) override;

  mtesim::models::Router router_;
  mtesim::models::TagStorageMemory ram_;
  mtesim::models::Gicv3 gic_;
  mtesim::hyp::HostPhysicalMemory host_;
  mtesim::hyp::HostPageAllocator pages_;
  std::vector<std::unique_ptr<mtesim::models::ProcessingElement>> pes_;
  std::unique_ptr<mtesim::models::CodeCache> code_;
  uint64_t budget_ = 0;
  bool budget_spent_ = false;
  std::string stop_reason_;
};

}  // namespace hyp_run
