// GICv2 (IHI 0048B) as QEMU's virt machine has it for TCG: "arm,cortex-a15-gic",
// revision 2, 288 interrupts, 8 priority bits, no Security Extensions, up to 8 CPU
// interfaces and, optionally, the Virtualization Extensions (GICH, GICV, 4 list registers,
// maintenance interrupt on PPI 25).
//
// Four MMIO frames, each a TLM-2.0 target taking frame-relative addresses; the accessing
// CPU is tlmx::MemoryAttributes::initiator_id (CPU 0 without it):
//   distributor_socket    GICD, 4 KiB decoded (0x08000000 on virt)
//   cpu_interface_socket  GICC of the accessing CPU, 8 KiB incl. GICC_DIR (0x08010000)
//   hyp_interface_socket  GICH of the accessing CPU, 4 KiB (0x08030000), virtualization only
//   virtual_cpu_socket    GICV of the accessing CPU, 8 KiB (0x08040000), virtualization only
// Accesses beyond a frame's decoded size, unaligned ones and ones to the virtualization
// frames of a GIC built without them get TLM_ADDRESS_ERROR_RESPONSE (QEMU: unassigned,
// an external abort). 8- and 16-byte accesses are split into words, low word first.
//
// After every change the controller recomputes each CPU's highest-priority pending
// interrupt, physical and virtual, and drives the PE's IRQ/FIQ/VIRQ/VFIQ inputs, calling
// InterruptTarget::SetInterruptLine only when a level changes.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "models/devices/gic/interrupt_controller.h"
#include "models/devices/gic/interrupt_state.h"

namespace mtesim::models {

class Gicv2 : public sc_core::sc_module, public InterruptController {
 public:
  static constexpr unsigned kMaxCpus = 8;
  static constexpr unsigned kListRegisterCount = 4;
  static constexpr uint64_t kDistributorFrameSize = 0x1000;
  static constexpr uint64_t kCpuInterfaceFrameSize = 0x2000;
  static constexpr uint64_t kHypInterfaceFrameSize = 0x1000;
  static constexpr uint64_t kVirtualCpuFrameSize = 0x2000;

  tlm_utils::simple_target_socket<Gicv2> distributor_socket;
  tlm_utils::simple_target_socket<Gicv2> cpu_interface_socket;
  // Optional sockets: a platform without the Virtualization Extensions leaves them unbound.
  tlm_utils::simple_target_socket_optional<Gicv2> hyp_interface_socket;
  tlm_utils::simple_target_socket_optional<Gicv2> virtual_cpu_socket;

  // Throws mtesim::Error for cpu_count 0 or above 8 (GICD_ITARGETSR has 8 bits).
  Gicv2(sc_core::sc_module_name name, unsigned cpu_count, bool virtualization_extensions);

  void ConnectPe(unsigned pe, InterruptTarget& target) override;
  void SetPrivateInterrupt(unsigned pe, unsigned intid, bool level) override;
  void SetSharedInterrupt(unsigned intid, bool level) override;
  isa::GicCpuInterface* CpuInterface(unsigned) override { return nullptr; }
  unsigned version() const override { return 2; }

  unsigned cpu_count() const { return cpu_count_; }
  bool virtualization_extensions() const { return virtualization_; }
  // Word `n` of the pending latches as CPU `cpu` reads GICD_ISPENDR<n>, without the
  // level-sensitive inputs held high that a guest's read ORs in: what KVM's vGIC returns
  // to userspace for ISPENDR/ICPENDR, so that a restore (writing ISPENDR, which sets the
  // latch) does not turn a level interrupt into one that stays pending after its line
  // fell. The input lines are their devices' to drive again.
  uint32_t PendingLatchWord(unsigned cpu, unsigned n) const;

 private:
  enum class Frame : uint8_t { Distributor, CpuInterface, HypInterface, VirtualCpu };

  // One CPU interface's registers: a physical GICC or a virtual GICV. Priorities are
  // 9-bit so that 0x100 can mean idle (nothing active) / nothing pending.
  struct CpuInterfaceState {
    uint32_t ctlr = 0;
    uint16_t priority_mask = 0;
    uint16_t running_priority = 0x100;
    uint16_t highest_pending = 1023;  // what GICC_HPPIR / GICC_IAR see, set by Update
    uint8_t bpr = 0, abpr = 1;
    // Active priorities, one bit per preemption level (bit = group priority >> 1 for the
    // physical interface, >> 3 for a virtual one), group 0 in apr, group 1 in nsapr.
    // For a virtual interface apr[0] is GICH_APR.
    std::array<uint32_t, 4> apr{}, nsapr{};
  };
  // The hypervisor's view of one CPU's virtual interface (GICH). QEMU decodes one list
  // register past the implemented ones as plain storage; lr[kListRegisterCount] is that.
  struct HypState {
    uint32_t hcr = 0, misr = 0;
    std::array<uint32_t, kListRegisterCount + 1> lr{};
  };

  // ---- transport (gicv2.cpp) ----
  void DistributorTransport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  void CpuInterfaceTransport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  void HypInterfaceTransport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  void VirtualCpuTransport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned DistributorDebug(tlm::tlm_generic_payload& trans);
  unsigned CpuInterfaceDebug(tlm::tlm_generic_payload& trans);
  unsigned HypInterfaceDebug(tlm::tlm_generic_payload& trans);
  unsigned VirtualCpuDebug(tlm::tlm_generic_payload& trans);
  // Performs the access; returns the bytes transferred (0 when refused).
  unsigned Access(Frame frame, tlm::tlm_generic_payload& trans, bool debug);
  uint32_t ReadFrame(Frame frame, unsigned cpu, uint64_t offset, bool debug);
  void WriteFrame(Frame frame, unsigned cpu, uint64_t offset, unsigned size, uint32_t value);

  // ---- output (gicv2.cpp) ----
  void Update();
  void UpdatePhysical(unsigned cpu);
  void Present(CpuInterfaceState& ci, unsigned intid, unsigned priority, bool group1, uint32_t group_gate, bool& irq,
               bool& fiq);
  void SetSpiLevel(unsigned intid, bool level);

  // ---- distributor (gicv2_distributor.cpp) ----
  uint32_t DistributorRead(unsigned cpu, uint64_t reg) const;
  void DistributorWrite(unsigned cpu, uint64_t reg, uint32_t value, uint32_t lanes);
  void SendSoftwareInterrupt(unsigned cpu, uint32_t sgir);
  uint32_t SeenWord(unsigned cpu, InterruptState::Bits which, unsigned n) const;

  // ---- CPU interface, physical and virtual (gicv2_cpu_interface.cpp) ----
  CpuInterfaceState& Interface(unsigned cpu, bool virt) { return virt ? vcpu_[cpu] : cpu_[cpu]; }
  uint32_t CpuInterfaceRead(unsigned cpu, bool virt, uint64_t offset, bool debug);
  void CpuInterfaceWrite(unsigned cpu, bool virt, uint64_t offset, uint32_t value);
  uint32_t HighestPendingVisible(unsigned cpu, bool virt);
  uint32_t Acknowledge(unsigned cpu, bool virt);
  void EndOfInterrupt(unsigned cpu, bool virt, unsigned intid);
  void Deactivate(unsigned cpu, bool virt, unsigned intid);
  bool Group1(unsigned cpu, bool virt, unsigned intid);
  unsigned Priority(unsigned cpu, bool virt, unsigned intid);
  unsigned GroupPriority(unsigned cpu, bool virt, unsigned intid);
  void ClearActive(unsigned cpu, bool virt, unsigned intid);
  static uint16_t PriorityFromActiveBits(const CpuInterfaceState& ci, bool virt);
  static void DropPriority(CpuInterfaceState& ci, bool virt, bool group1);

  // ---- virtualization extensions (gicv2_virtualization.cpp) ----
  uint32_t HypRead(unsigned cpu, uint64_t offset) const;
  void HypWrite(unsigned cpu, uint64_t offset, uint32_t value);
  void UpdateVirtual(unsigned cpu);
  uint32_t MaintenanceStatus(unsigned cpu) const;
  uint32_t ListRegisterStatus(unsigned cpu, unsigned first_lr, bool (*test)(uint32_t lr)) const;
  uint32_t* ListRegisterFor(unsigned cpu, unsigned virtual_id);
  bool HasActiveListRegister(unsigned cpu, unsigned virtual_id) const;
  void CountUnmatchedEoi(unsigned cpu);  // GICH_HCR.EOICount

  const unsigned cpu_count_;
  const bool virtualization_;
  uint32_t distributor_ctlr_ = 0;  // GICD_CTLR: EnableGrp0, EnableGrp1
  // QEMU's GICv2 keeps pending, active and level state per CPU even for SPIs: an SPI is
  // pending on the CPUs it targeted when it became pending and active on the CPU that
  // acknowledged it. So each CPU (all 8, since SPI targets may name absent CPUs and stay
  // visible through GICD_ISPENDR) has a view of every interrupt; distributor-wide
  // attributes (SPI enable, group and priority, every interrupt's trigger mode) are
  // written to all views.
  std::vector<InterruptState> view_;
  std::array<uint8_t, kGicInterruptCount> spi_target_{};  // GICD_ITARGETSR bytes
  // sgi_source_[sgi][cpu]: the CPUs that have SGI `sgi` pending on `cpu`
  // (GICD_SPENDSGIR as `cpu` reads it; GICC_IAR reports the lowest).
  std::array<std::array<uint8_t, kMaxCpus>, 16> sgi_source_{};
  std::array<CpuInterfaceState, kMaxCpus> cpu_{}, vcpu_{};
  std::array<HypState, kMaxCpus> hyp_{};
  std::array<PeLines, kMaxCpus> pe_{};
};

}  // namespace mtesim::models
