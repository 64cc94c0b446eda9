// Arm GICv3 interrupt controller as QEMU 10's virt machine has it (gic-version=3, its=off,
// no EL3): a distributor for the SPIs, one redistributor per PE for its SGIs and PPIs,
// and per PE the system-register CPU interface with the virtualization extension
// (Gicv3CpuInterface). One security state (GICD_CTLR.DS = 1, so Group 0 is signalled
// as FIQ and Group 1 as IRQ), affinity routing always on, no LPIs, no NMIs.
//
// MMIO: distributor_socket takes the 64 KiB distributor frame, redistributor_socket the
// redistributors' frames back to back, 128 KiB per PE (RD_base then SGI_base), the last
// PE's GICR_TYPER.Last set. Addresses are frame-relative. Registers are 32-bit; 64-bit
// accesses reach GICD_IROUTER<n>, GICR_TYPER, GICR_PROPBASER and GICR_PENDBASER, byte
// accesses the priority bytes. Other sizes and reserved offsets read as zero and ignore
// writes (counted in guest_errors(), as QEMU logs them); an unaligned access or one of a
// size other than 1, 2, 4 or 8 bytes is an external abort (TLM_ADDRESS_ERROR_RESPONSE),
// as QEMU's memory core rejects it. No register depends on which PE accesses it.
//
// After every state change the model recomputes the highest priority pending interrupt
// of the PEs it may concern and drives each PE's IRQ/FIQ (and, from the list registers,
// virtual IRQ/FIQ) lines, calling the PE only when a level changes.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "models/devices/gic/interrupt_controller.h"
#include "models/devices/gic/interrupt_state.h"
#include "models/devices/gic/gicv3_registers.h"

namespace mtesim::models {

class Gicv3CpuInterface;

class Gicv3 : public sc_core::sc_module, public InterruptController {
 public:
  tlm_utils::simple_target_socket<Gicv3> distributor_socket;
  tlm_utils::simple_target_socket<Gicv3> redistributor_socket;

  Gicv3(sc_core::sc_module_name name, unsigned pe_count);
  ~Gicv3() override;

  // InterruptController
  void ConnectPe(unsigned pe, InterruptTarget& target) override;
  void SetPrivateInterrupt(unsigned pe, unsigned intid, bool level) override;
  void SetSharedInterrupt(unsigned intid, bool level) override;
  isa::GicCpuInterface* CpuInterface(unsigned pe) override;
  void PeReset(unsigned pe) override { ResetCpuInterface(pe); }
  unsigned version() const override { return 3; }

  // PE `pe` was reset (PSCI CPU_ON, system reset): its CPU interface returns to its
  // reset values, as QEMU resets it with the CPU. The redistributor keeps its state.
  void ResetCpuInterface(unsigned pe);

  unsigned pe_count() const { return static_cast<unsigned>(redistributors_.size()); }
  // Bytes of the redistributor region (two 64 KiB frames per PE).
  uint64_t redistributor_region_size() const { return pe_count() * gicv3::kRedistributorStride; }
  // The affinity QEMU virt gives PE `pe` with a GICv3, as MPIDR_EL1 holds it (Aff1 =
  // pe / 16, Aff0 = pe % 16): what the redistributor reports in GICR_TYPER and what
  // GICD_IROUTER<n> and ICC_SGI1R_EL1 name. The PE's MPIDR_EL1 must agree.
  static uint64_t MpidrAffinity(unsigned pe);
  // Accesses to reserved registers or with a size the register does not support (QEMU's
  // LOG_GUEST_ERROR cases), which read as zero and ignore writes.
  uint64_t guest_errors() const { return guest_errors_; }

  // ---- userspace access, for KVM's vGIC save/restore (gicv3_user_access.cpp) ----
  // A 32-bit distributor register (`redistributor` false) or one of PE `pe`'s
  // redistributor registers at a 4-byte aligned, frame-relative offset, as KVM's
  // KVM_DEV_ARM_VGIC_GRP_DIST_REGS / REDIST_REGS reach them (Documentation/virt/kvm/
  // devices/arm-vgic-v3.rst): as the guest's access would, except that GICD_ISPENDR<n>
  // and GICR_ISPENDR0 read and store the pending latch alone, and the ICPENDR ones read
  // as zero and ignore writes; a level input held high is restored separately
  // (LineLevels). False when no register is there (KVM's ENXIO); a write to a read-only
  // register is ignored. No guest error is counted.
  bool UserRead(bool redistributor, unsigned pe, uint64_t offset, uint32_t& value) const;
  bool UserWrite(bool redistributor, unsigned pe, uint64_t offset, uint32_t value);
  // The input levels of INTIDs first..first+31 (`first` a multiple of 32; KVM's
  // KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO): PE `pe`'s PPIs for first = 0 (SGIs have no line),
  // the SPIs' otherwise; beyond the SPIs zero. The set neither latches nor counts as an edge.
  uint32_t LineLevels(unsigned pe, unsigned first) const;
  void SetLineLevels(unsigned pe, unsigned first, uint32_t levels);

 private:
  friend class Gicv3CpuInterface;

  // A PE's highest priority pending interrupt; priority 0xFF means none (an interrupt of
  // priority 0xFF is never signalled).
  struct PendingInterrupt {
    unsigned intid = kSpurious;
    uint8_t priority = gicv3::kIdlePriority;
    bool group1 = false;
    bool operator<(const PendingInterrupt& o) const {
      return priority != o.priority ? priority < o.priority : intid < o.intid;
    }
    // Keeps interrupt `intid` of `s` instead if it is better.
    void Consider(const InterruptState& s, unsigned intid) {
      const PendingInterrupt candidate{intid, s.priority(intid), s.group1(intid)};
      if (candidate.priority != gicv3::kIdlePriority && candidate < *this) *this = candidate;
    }
  };
  struct Redistributor {
    InterruptState sgi_ppi{0, kPrivateCount};
    uint32_t affinity = 0;  // GICR_TYPER[63:32]: Aff3.Aff2.Aff1.Aff0
    uint32_t waker = gicv3::gicr::kWakerProcessorSleep | gicv3::gicr::kWakerChildrenAsleep;
    uint32_t ctlr = gicv3::gicr::kCtlrCes;  // GICR_CTLR
    uint64_t propbaser = 0, pendbaser = 0;  // stored only: no LPI can be pending
    PendingInterrupt best_private, best_shared, hppi;
  };
  enum class Frame : uint8_t { Distributor, Redistributor };

  // ---- MMIO (gicv3.cpp) ----
  void DistributorTransport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  void RedistributorTransport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned DistributorDebug(tlm::tlm_generic_payload& trans);
  unsigned RedistributorDebug(tlm::tlm_generic_payload& trans);
  void Transport(Frame frame, tlm::tlm_generic_payload& trans);
  unsigned Debug(Frame frame, tlm::tlm_generic_payload& trans);
  uint64_t FrameSize(Frame frame) const;
  // One access of `size` (1, 2, 4 or 8) bytes at an aligned offset; false when QEMU treats
  // it as invalid (reads then return 0, writes are dropped).
  bool FrameRead(Frame frame, uint64_t offset, unsigned size, uint64_t& value);
  bool FrameWrite(Frame frame, uint64_t offset, unsigned size, uint64_t value);

  // ---- the distributor's registers (gicv3_distributor.cpp) ----
  bool DistributorRead(uint64_t offset, unsigned size, uint64_t& value) const;
  bool DistributorWrite(uint64_t offset, unsigned size, uint64_t value);
  uint64_t ReadRouter(unsigned intid) const;
  void WriteRouter(unsigned intid, uint64_t value);

  // ---- a redistributor's registers (gicv3_redistributor.cpp) ----
  bool RedistributorRead(unsigned pe, uint64_t offset, unsigned size, uint64_t& value) const;
  bool RedistributorWrite(unsigned pe, uint64_t offset, unsigned size, uint64_t value);
  uint64_t RedistributorTyper(unsigned pe) const;

  // ---- state changes and the CPU interface's requests (gicv3.cpp) ----
  // The SPIs' state or routing changed: every PE's highest priority pending interrupt
  // may have moved.
  void DistributorChanged();
  // PE `pe`'s SGIs or PPIs changed.
  void RedistributorChanged(unsigned pe);
  // GICD_CTLR's group enables changed: everything.
  void ControlChanged();
  void ScanShared();
  void ScanPrivate(unsigned pe);
  void UpdateHighestPending(unsigned pe);
  // Acknowledge (pending -> active) and deactivate an interrupt of PE `pe`.
  void Activate(unsigned pe, unsigned intid);
  void Deactivate(unsigned pe, unsigned intid);
  void Change(unsigned pe, unsigned intid, void (*change)(InterruptState&, unsigned));
  // An SGI generated by a CPU interface: `group1` says which group the request is for;
  // the target accepts it only if the SGI is configured in that group.
  void SendSgi(unsigned target_pe, unsigned intid, bool group1);
  const PendingInterrupt& HighestPending(unsigned pe) const { return redistributors_[pe].hppi; }
  Redistributor& redistributor(unsigned pe) { return redistributors_[pe]; }

  // ---- distributor state ----
  uint32_t ctlr_ = gicv3::gicd::kCtlrReset;
  InterruptState spis_{kPrivateCount, gicv3::kSpiCount};
  std::array<uint64_t, gicv3::kSpiCount> router_{};
  // The PE each SPI's GICD_IROUTER names, or -1 when it names no PE (the interrupt then
  // stays pending and is signalled to nobody).
  std::array<int16_t, gicv3::kSpiCount> route_{};

  std::vector<Redistributor> redistributors_;
  std::vector<std::unique_ptr<Gicv3CpuInterface>> cpu_interfaces_;
  uint64_t guest_errors_ = 0;
};

}  // namespace mtesim::models
