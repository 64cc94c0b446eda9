#include "host_board.h"

#include <tlm_utils/tlm_quantumkeeper.h>

#include "models/kernel/systemc_kernel.h"

namespace hyp_run {

using mtesim::models::ProcessingElement;

HostBoard::HostBoard(unsigned pes, const mtesim::isa::MteFeatures& mte)
    : router_("router"),
      ram_("ram", kHostRamSize, {{kUntaggedBase - kHostRamBase, kUntaggedSize}}),
      gic_("gic", pes),
      host_("host"),
      pages_(host_) {
  tlm_utils::tlm_quantumkeeper::set_global_quantum(sc_core::sc_time(10, sc_core::SC_US));
  router_.initiator_socket.bind(ram_.socket);
  router_.Map("ram", kHostRamBase, kHostRamSize, 0);
  router_.initiator_socket.bind(gic_.distributor_socket);
  router_.Map("gic-distributor", kHostGicDistributorBase, mtesim::models::gicv3::kDistributorFrameSize, 1);
  router_.initiator_socket.bind(gic_.redistributor_socket);
  router_.Map("gic-redistributors", kHostGicRedistributorBase, gic_.redistributor_region_size(), 2);
  host_.socket.bind(router_.target_socket);
  for (unsigned i = 0; i < pes; ++i) {
    mtesim::models::PeConfig config;
    config.index = i;
    config.affinity = mtesim::models::Gicv3::MpidrAffinity(i);
    const std::string name = "pe" + std::to_string(i);
    pes_.push_back(
        std::make_unique<ProcessingElement>(name.c_str(), config, static_cast<PeHost&>(*this), stats_.root().Child(name)));
    pes_.back()->socket.bind(router_.target_socket);
    pes_.back()->ConfigureEl2(true);
    pes_.back()->ConfigureMte(mte);
    gic_.ConnectPe(i, *pes_.back());
    pes_.back()->AttachGicCpuInterface(gic_.CpuInterface(i));
  }
  // The sockets resolve their bindings at the end of elaboration; DMI needs them.
  mtesim::models::StartSimulation(sc_core::SC_ZERO_TIME);
  pages_.AddRange(mtesim::hyp::HostPool::Hypervisor, kHostRamBase, kPrivateSize);
  pages_.AddRange(mtesim::hyp::HostPool::Vmm, kHostRamBase + kPrivateSize, kUntaggedBase - kHostRamBase - kPrivateSize);
  pages_.AddRange(mtesim::hyp::HostPool::Vmm, kUntaggedBase, kUntaggedSize);
  mtesim::models::HostMemoryMap code_memory;
  code_memory.Add({kHostRamBase, kHostRamSize, ram_.host_base(), true});
  code_ = std::make_unique<mtesim::models::CodeCache>(code_memory, &ProcessingElement::DecodeOnFirstUse);
  host_.ObserveWrites([this](uint64_t pa, uint64_t size) { code_->NotifyWrite(pa, size); });
  for (auto& pe : pes_) {
    pe->AttachMemory({{kHostRamBase, kHostRamSize}}, *code_);
    if (mte.level >= 2) pe->AttachTagStorage(kHostRamBase, kHostRamSize);
  }
}

bool HostBoard::Run(uint64_t max_instructions) {
  budget_ = max_instructions;
  budget_spent_ = false;
  // Powered-off PEs wait for a power-on event: with none left, SystemC runs out of work
  // and sc_start returns (no sc_stop, so a later scenario could run again).
  mtesim::models::StartSimulation();
  return !budget_spent_ && stop_reason_.empty();
}

uint64_t HostBoard::TakeInstructionBudget(uint64_t wanted) {
  if (budget_ == 0) {
    budget_spent_ = true;
    for (auto& pe : pes_) pe->PowerOff();
    return 0;
  }
  const uint64_t take = std::min(wanted, budget_);
  budget_ -= take;
  return take;
}

void HostBoard::BroadcastTlbMaintenance(ProcessingElement&, const mtesim::isa::TlbInvalidation& op) {
  for (auto& pe : pes_) pe->ApplyTlbMaintenance(op);
}

void HostBoard::BroadcastEvent(ProcessingElement&) {
  for (auto& pe : pes_) pe->SignalEvent();
}

bool HostBoard::OtherPeMayStore(const ProcessingElement& pe) const {
  for (const auto& other : pes_)
    if (other.get() != &pe && other->power() == ProcessingElement::Power::On && !other->asleep_in_wfi()) return true;
  return false;
}

void HostBoard::TimerOutputChanged(ProcessingElement& pe, mtesim::isa::GenericTimer timer, bool level) {
  namespace m = mtesim::models;
  static constexpr unsigned kPpi[mtesim::isa::kGenericTimerCount] = {m::kPhysicalTimerPpi, m::kVirtualTimerPpi,
                                                                     m::kHypPhysicalTimerPpi};
  gic_.SetPrivateInterrupt(pe.index(), kPpi[static_cast<unsigned>(timer)], level);
}

void HostBoard::StopVm(int, const std::string& reason) {
  if (stop_reason_.empty()) stop_reason_ = reason;
  for (auto& pe : pes_) pe->PowerOff();
}

}  // namespace hyp_run
