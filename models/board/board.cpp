#include "models/board/board.h"

#include <chrono>
#include <cstring>

#include <nlohmann/json.hpp>

#include "models/kernel/systemc_kernel.h"
#include "models/devices/gic/gicv2.h"
#include "models/devices/gic/gicv3.h"
#include "models/error.h"

namespace mtesim::models {

Board::Board(const BoardConfig& config, Pl011::Sink console, sc_core::sc_module_name name)
    : sc_module(name), config_(config), debug_socket_("debug_socket") {
  // The PEs read CNTVCT in picoseconds (see ProcessingElement::VirtualCount).
  if (sc_core::sc_get_time_resolution() != sc_core::sc_time(1, sc_core::SC_PS))
    throw Error("SystemC time resolution must stay at its 1 ps default");
  tlm_utils::tlm_quantumkeeper::set_global_quantum(sc_core::sc_time(static_cast<double>(config_.quantum_ns), sc_core::SC_NS));

  router_ = std::make_unique<Router>("router");
  std::vector<TagStorageMemory::Range> no_tag_storage;
  for (const BoardConfig::Range& r : config_.untagged_ram) no_tag_storage.push_back({r.base - kRamBase, r.size});
  ram_ = std::make_unique<TagStorageMemory>("ram", config_.ram_bytes, no_tag_storage);
  flash_ = std::make_unique<SparseRam>("flash", kFlashSize, SparseRam::Access::ReadOnly);
  uart_ = std::make_unique<Pl011>("uart", std::move(console));
  router_->initiator_socket.bind(ram_->socket);
  router_->Map("ram", kRamBase, config_.ram_bytes, 0);
  router_->initiator_socket.bind(uart_->socket);
  router_->Map("pl011", kUartBase, kUartSize, 1);
  router_->initiator_socket.bind(flash_->socket);
  router_->Map("flash", kFlashBase, kFlashSize, 2);
  // The interrupt controller (QEMU virt's: GICv2, or GICv3 with the redistributors of
  // exactly the PEs there are; accesses beyond them abort as in QEMU).
  const unsigned pe_count = static_cast<unsigned>(config_.pes.size());
  unsigned port = 3;
  if (config_.gic_version == 3) {
    auto gic = std::make_unique<Gicv3>("gic", pe_count);
    router_->initiator_socket.bind(gic->distributor_socket);
    router_->Map("gic-distributor", kGicDistributorBase, kGicDistributorSize, port++);
    router_->initiator_socket.bind(gic->redistributor_socket);
    router_->Map("gic-redistributors", kGicRedistributorBase, gic->redistributor_region_size(), port++);
    gic_ = std::move(gic);
  } else {
    auto gic = std::make_unique<Gicv2>("gic", pe_count, config_.el2);
    router_->initiator_socket.bind(gic->distributor_socket);
    router_->Map("gic-distributor", kGicDistributorBase, kGicDistributorSize, port++);
    router_->initiator_socket.bind(gic->cpu_interface_socket);
    router_->Map("gic-cpu-interface", kGicCpuInterfaceBase, kGicCpuInterfaceSize, port++);
    if (config_.el2) {
      router_->initiator_socket.bind(gic->hyp_interface_socket);
      router_->Map("gic-hyp-interface", kGicHypInterfaceBase, kGicHypInterfaceSize, port++);
      router_->initiator_socket.bind(gic->virtual_cpu_socket);
      router_->Map("gic-virtual-cpu-interface", kGicVirtualCpuBase, kGicVirtualCpuSize, port++);
    }
    gic_ = std::move(gic);
  }
  debug_socket_.bind(router_->target_socket);

  PeConfig pe_config;
  pe_config.cycle = sc_core::sc_time(static_cast<double>(config_.cycle_ps), sc_core::SC_PS);
  pe_config.counter_frequency = config_.counter_frequency;
  for (unsigned i = 0; i < pe_count; ++i) {
    const BoardConfig::Pe& hw = config_.pes[i];
    pe_config.index = i;
    pe_config.affinity = hw.affinity;
    const std::string pe_name = "pe" + std::to_string(i);
    pe_storage_.push_back(std::make_unique<ProcessingElement>(pe_name.c_str(), pe_config, static_cast<PeHost&>(*this),
                                                              stats_.root().Child(pe_name)));
    ProcessingElement& pe = *pe_storage_.back();
    pes_.push_back(&pe);
    pe.socket.bind(router_->target_socket);
    // The PE's Memory Tagging features and block sizes, fixed for the run (ID registers).
    pe.s.id.DCZID_BS = hw.dczid_bs;
    pe.ConfigureEl2(config_.el2);
    pe.ConfigureMte(hw.mte);
    gic_->ConnectPe(i, pe);
    pe.AttachGicCpuInterface(gic_->CpuInterface(i));
  }
  if (config_.timing_mode) BuildTimingModel();
  RegisterStatistics();
}

void Board::BuildTimingModel() {
  const TimingConfig& t = config_.timing;
  timing_ = std::make_unique<TimingMemorySystem>(t, config_.ram_bytes,
                                                 sc_core::sc_time(static_cast<double>(config_.cycle_ps), sc_core::SC_PS),
                                                 pe_count(), stats_.root());
  ram_->AttachTiming(&timing_->memory_controller());
  timing_->l2_initiator().bind(router_->target_socket);
  PeTimingParams params;
  params.latency = t.core.latency;
  params.exception_cycles = t.core.exception_cycles;
  params.translation_cycles = t.core.translation_cycles;
  params.fetch_line_bytes = t.l1i.line_bytes;
  for (unsigned i = 0; i < pe_count(); ++i) {
    pes_[i]->AttachMemoryAccessPort(&timing_->core(i));
    pes_[i]->EnableTiming(params);
  }
}

void Board::RegisterStatistics() {
  stats::Group& root = stats_.root();
  root.AddGauge({"instructions", "instructions retired by all PEs"}, [this] {
    uint64_t total = 0;
    for (const ProcessingElement* pe : pes_) total += pe->instructions();
    return total;
  });
  root.AddFormula({"simulated_seconds", "simulated time"}, [] { return sc_core::sc_time_stamp().to_seconds(); });
  for (ProcessingElement* pe : pes_) {
    const auto walks = [&](stats::Group& g, const mmu::WalkCounters& c) {
      g.AddGauge({"hits", "translations the TLB held"}, [&c] { return c.tlb_hits(); });
      g.AddGauge({"misses", "translations the TLB missed"}, [&c] { return c.tlb_misses(); });
      g.AddGauge({"walks", "table walks"}, [&c] { return c.walks(); });
      g.AddGauge({"descriptor_reads", "descriptors read by table walks"}, [&c] { return c.descriptor_reads(); });
    };
    stats::Group& g = root.Child(pe->basename());
    walks(g.Child("tlb"), pe->mmu().stage1().counters());
    walks(g.Child("stage2_tlb"), pe->mmu().stage2().counters());
  }
  root.Child("code_cache").AddGauge({"pages_decoded", "pages of code decoded"},
                                    [this] { return code_ ? code_->pages_decoded() : 0; });
  if (config_.guest_console)
    root.Child("uart").AddGauge({"bytes_transmitted", "bytes the guest wrote to the PL011"},
                                [this] { return uart_->bytes_transmitted(); });
  root.Child("ram").AddGauge({"resident_bytes", "host memory backing touched guest RAM and tags"},
                             [this] { return ram_->ResidentBytes(); });
}

Board::~Board() = default;

void Board::Elaborate() {
  if (elaborated_) return;
  // Multi-passthrough sockets resolve their bindings at the end of elaboration; the
  // loader and the PEs' DMI requests go through the router. The PE threads start powered
  // off and wait.
  StartSimulation(sc_core::SC_ZERO_TIME);
  elaborated_ = true;
  const HostRegion direct[] = {{kRamBase, config_.ram_bytes, ram_->host_base(), true},
                               {kFlashBase, kFlashSize, flash_->host_base(), false}};
  HostMemoryMap code_memory;
  std::vector<std::pair<uint64_t, uint64_t>> ranges;
  for (const HostRegion& r : direct) {
    code_memory.Add(r);
    ranges.emplace_back(r.base, r.size);
  }
  code_ = std::make_unique<CodeCache>(code_memory, &ProcessingElement::DecodeOnFirstUse);
  for (ProcessingElement* pe : pes_) {
    pe->AttachMemory(ranges, *code_);
    if (pe->mte_level() >= 2) pe->AttachTagStorage(kRamBase, config_.ram_bytes);
  }
}

void Board::DebugTransport(tlm::tlm_command cmd, uint64_t pa, uint8_t* data, uint64_t size) {
  // In chunks, because a TLM data length is 32-bit.
  constexpr uint64_t kChunk = 1u << 20;
  for (uint64_t done = 0; done < size;) {
    const uint64_t n = std::min(kChunk, size - done);
    tlm::tlm_generic_payload trans;
    trans.set_command(cmd);
    trans.set_address(pa + done);
    trans.set_data_ptr(data + done);
    trans.set_data_length(static_cast<unsigned>(n));
    if (debug_socket_->transport_dbg(trans) != n) {
      char msg[96];
      std::snprintf(msg, sizeof msg, "physical address 0x%llx is not backed by memory",
                    static_cast<unsigned long long>(pa + done));
      throw Error(msg);
    }
    done += n;
  }
  if (cmd == tlm::TLM_WRITE_COMMAND && code_) code_->NotifyWrite(pa, size);
}

void Board::WritePhysical(uint64_t pa, const uint8_t* data, uint64_t size) {
  DebugTransport(tlm::TLM_WRITE_COMMAND, pa, const_cast<uint8_t*>(data), size);
}

void Board::ReadPhysical(uint64_t pa, uint8_t* data, uint64_t size) {
  DebugTransport(tlm::TLM_READ_COMMAND, pa, data, size);
}

void Board::AttachPeObserver(PeObserver* observer) {
  for (ProcessingElement* pe : pes_) pe->AttachObserver(observer);
}

RunResult Board::RunFor(uint64_t instructions) {
  if (!elaborated_) throw Error("the board runs only after elaboration");
  if (finished_) return result_;
  if (!running_) budget_remaining_ = config_.max_insns;
  running_ = true;
  slice_limited_ = instructions != 0;
  slice_remaining_ = instructions;
  pausing_ = false;
  // PEs waiting for budget (a paused run) go on in the next delta cycle.
  resume_event_.notify(sc_core::SC_ZERO_TIME);
  const auto start = std::chrono::steady_clock::now();
  StartSimulation();
  const auto stop = std::chrono::steady_clock::now();
  result_.host_seconds += std::chrono::duration<double>(stop - start).count();
  result_.finished = !pausing_ || stopping_;
  if (result_.finished) {
    if (!stopping_) {
      // sc_start returned because no process could run and no timer is due: every PE
      // waits for ever.
      result_.exit_status = 2;
      result_.reason = pes_asleep_ ? "every PE is asleep in WFI/WFE and no interrupt, event or timer can wake it"
                                   : "no PE can make progress";
    }
    finished_ = true;
  } else {
    result_.reason = pause_reason_;
  }
  result_.instructions = 0;
  for (ProcessingElement* pe : pes_) result_.instructions += pe->instructions();
  result_.simulated_seconds = sc_core::sc_time_stamp().to_seconds();
  return result_;
}

void Board::RequestPause(const std::string& reason) {
  if (pausing_ || stopping_) return;
  pausing_ = true;
  pause_reason_ = reason;
  for (ProcessingElement* pe : pes_) pe->EndBatch();
  sc_core::sc_pause();
}

void Board::WaitUntilResumed() { sc_core::wait(resume_event_); }

void Board::Stop(int exit_status, const std::string& reason) {
  if (stopping_) return;  // the first reason wins
  stopping_ = true;
  result_.exit_status = exit_status;
  result_.reason = reason;
  for (ProcessingElement* pe : pes_)
    if (pe->power() == ProcessingElement::Power::On) pe->PowerOff();
  sc_core::sc_stop();
}

// ---------------------------------------------------------------------------------------
// PeHost

bool Board::FirmwareCall(ProcessingElement& pe, Conduit conduit, uint16_t imm) {
  return firmware_ != nullptr && firmware_->Call(pe, conduit, imm);
}

uint64_t Board::TakeInstructionBudget(uint64_t wanted) {
  if (stopping_ || pausing_) return 0;
  uint64_t take = wanted;
  if (config_.max_insns != 0) {
    if (budget_remaining_ == 0) {
      Stop(3, "reached --max-insns " + std::to_string(config_.max_insns));
      return 0;
    }
    take = std::min(take, budget_remaining_);
  }
  if (slice_limited_) {
    if (slice_remaining_ == 0) {
      RequestPause("ran the instructions asked for");
      return 0;
    }
    take = std::min(take, slice_remaining_);
    slice_remaining_ -= take;
  }
  if (config_.max_insns != 0) budget_remaining_ -= take;
  return take;
}

void Board::ReturnInstructionBudget(uint64_t unused) {
  if (config_.max_insns != 0) budget_remaining_ += unused;
  if (slice_limited_) slice_remaining_ += unused;
}

// Stopping: the PEs are off and wait to be powered on (never). Pausing: they wait for
// the run to resume.
void Board::WaitForBudget() {
  if (!stopping_) WaitUntilResumed();
}

void Board::BroadcastTlbMaintenance(ProcessingElement&, const isa::TlbInvalidation& op) {
  for (ProcessingElement* pe : pes_) pe->ApplyTlbMaintenance(op);
}

void Board::BroadcastEvent(ProcessingElement&) {
  for (ProcessingElement* pe : pes_) pe->SignalEvent();
}

void Board::PeReset(ProcessingElement& pe) { gic_->PeReset(pe.index()); }

void Board::PeSleeping(ProcessingElement&, bool asleep) {
  if (asleep) ++pes_asleep_;
  else --pes_asleep_;
}

bool Board::OtherPeMayStore(const ProcessingElement& pe) const {
  for (const ProcessingElement* other : pes_)
    if (other != &pe && other->power() == ProcessingElement::Power::On && !other->asleep_in_wfi()) return true;
  return false;
}

void Board::TimerOutputChanged(ProcessingElement& pe, isa::GenericTimer timer, bool level) {
  static constexpr unsigned kPpi[isa::kGenericTimerCount] = {kPhysicalTimerPpi, kVirtualTimerPpi,
                                                               kHypPhysicalTimerPpi};
  gic_->SetPrivateInterrupt(pe.index(), kPpi[static_cast<unsigned>(timer)], level);
}

void Board::PeStopped(ProcessingElement&) {
  if (!running_ || held_) return;  // PEs start powered off during elaboration
  bool any_halted = false;
  for (ProcessingElement* pe : pes_) {
    if (pe->power() == ProcessingElement::Power::On) return;
    any_halted |= pe->power() == ProcessingElement::Power::Halted;
  }
  Stop(2, any_halted ? "every PE is stopped or stuck" : "every PE is powered off (PSCI CPU_OFF) without SYSTEM_OFF");
}

nlohmann::json Board::Statistics() const { return stats_.ToJson(); }

}  // namespace mtesim::models
