// The VMM side of the run tests: emulates the PL011's data and flag registers through
// MMIO exits (collecting the console bytes), answers other MMIO loads with a
// per-address pattern, and records every exit for the checks.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "models/hypervisor/policies/notagaccess_policy.h"
#include "models/hypervisor/vcpu_run.h"

namespace hyp_run {

constexpr uint64_t kUartBase = 0x09000000, kUartDr = kUartBase + 0x00, kUartFr = kUartBase + 0x18;

struct TestVmm : mtesim::hyp::VmmExitHandler {
  std::string console;
  std::vector<mtesim::hyp::KvmRunMmio> mmio;  // every MMIO exit, loads with their answer
  std::vector<uint32_t> system_events;
  std::vector<mtesim::hyp::KvmMemoryFault> memory_faults;
  std::vector<std::pair<uint32_t, int>> internal_errors;  // {suberror, errno}

  // The bytes an MMIO load outside the UART reads: byte i of address A is (A + i) | 0x80,
  // so every value has its top bit set (signed loads see it negative).
  static uint8_t PatternByte(uint64_t address, unsigned i) { return static_cast<uint8_t>((address + i) | 0x80); }

  // Called on every MMIO exit before the default handling (the VMM acting mid-run).
  std::function<void(mtesim::hyp::KvmRunMmio&)> on_mmio;

  void Mmio(mtesim::hyp::Vcpu&, mtesim::hyp::KvmRunMmio& m) override {
    if (on_mmio) on_mmio(m);
    if (m.is_write) {
      if (m.phys_addr == kUartDr) console += static_cast<char>(m.data[0]);
    } else if (m.phys_addr >= kUartBase && m.phys_addr < kUartBase + 0x1000) {
      for (uint8_t& b : m.data) b = 0;  // FR: transmit FIFO never full; others read 0
    } else {
      for (unsigned i = 0; i < m.len; ++i) m.data[i] = PatternByte(m.phys_addr, i);
    }
    mmio.push_back(m);
  }
  void SystemEvent(mtesim::hyp::Vcpu&, uint32_t type) override { system_events.push_back(type); }
  // Decides NoTagAccess faults; without one the VMM stops (as before policies existed).
  mtesim::hyp::NoTagAccessPolicy* notagaccess_policy = nullptr;

  bool MemoryFault(mtesim::hyp::Vcpu& vcpu, const mtesim::hyp::KvmMemoryFault& f) override {
    memory_faults.push_back(f);
    if (!notagaccess_policy || !(f.flags & mtesim::hyp::KVM_MEMORY_EXIT_FLAG_TAG_ACCESS)) return false;
    return notagaccess_policy->OnNoTagAccessFault(vcpu, f) == mtesim::hyp::NoTagAccessPolicy::Action::Resume;
  }
  void InternalError(mtesim::hyp::Vcpu&, uint32_t suberror, int error) override {
    internal_errors.emplace_back(suberror, error);
  }
};

}  // namespace hyp_run
