// A VM's in-kernel interrupt controller (KVM's vgic, arch/arm64/kvm/vgic/), created by the
// VMM with KVM_CREATE_DEVICE (Vm::CreateDevice), placed with KVM_DEV_ARM_VGIC_GRP_ADDR,
// initialised with KVM_DEV_ARM_VGIC_CTRL_INIT, and mapped into the guest when a vCPU
// first runs (kvm_vgic_map_resources). Errors are KVM's (vgic-kvm-device.c, vgic-init.c).
//
// Inside is the same register-level model as a bare board's (models::Gicv2 without the
// virtualization extensions, or models::Gicv3) with one PE per vCPU, so a guest sees
// exactly the GIC a bare QEMU TCG machine has. Its frames are in-kernel MMIO devices
// (KVM's kvm_io_bus): the run loop offers each guest MMIO access here first. For a
// GICv3 the CPU interface is reached by trap-and-emulate (VcpuRunner): the guest's ICC_*
// accesses trap to EL2 and are replayed against the model's CPU interface for the vCPU
// (KVM's own list-register fast path is a later step). The model's per-vCPU IRQ/FIQ
// outputs become the vCPU's virtual IRQ/FIQ (VcpuIrqLines).
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include <systemc>
#include <tlm>

#include "isa/system_registers.h"
#include "models/devices/gic/interrupt_controller.h"
#include "tlm/memory_attributes.h"
#include "models/hypervisor/vgic/vcpu_irq_lines.h"
#include "models/hypervisor/vgic/vgic_api.h"
#include "models/hypervisor/vgic/vgic_cpu_context.h"

namespace mtesim::models {
class Gicv2;
class Gicv3;
}  // namespace mtesim::models

namespace mtesim::hyp {

class Vm;

class Vgic {
 public:
  // What became of a guest MMIO access offered to the vGIC.
  enum class MmioResult : uint8_t {
    NotMine,        // no vGIC frame there: the VMM's
    Done,           // emulated (a load's data filled in)
    ExternalAbort,  // the model refused it (bad size, alignment): as on the bare board
  };

  // `type` is KVM_DEV_TYPE_ARM_VGIC_V2 or _V3 (Vm::CreateDevice checked it).
  Vgic(Vm& vm, uint32_t type);
  ~Vgic();
  Vgic(const Vgic&) = delete;
  Vgic& operator=(const Vgic&) = delete;

  unsigned version() const { return version_; }
  // KVM_SET_DEVICE_ATTR / KVM_GET_DEVICE_ATTR / KVM_HAS_DEVICE_ATTR on the device. Besides
  // the set-up groups (ADDR, CTRL) the save/restore groups a VMM migrates the vGIC with
  // (vgic_registers.cpp): GICv3 DIST_REGS, REDIST_REGS, CPU_SYSREGS and LEVEL_INFO,
  // GICv2 DIST_REGS and CPU_REGS. A GET of a register reads it through the model, which
  // for a GICv3 CPU interface register means replaying the MRS (non-const for that).
  int SetAttr(const KvmDeviceAttr& attr);
  int GetAttr(const KvmDeviceAttr& attr);
  int HasAttr(const KvmDeviceAttr& attr);

  bool initialized() const { return model_ != nullptr; }
  // The vCPUs the model has a CPU interface for (0 before initialisation).
  unsigned vcpu_count() const { return vcpus_; }
  // kvm_vgic_map_resources, at a vCPU's first KVM_RUN: 0 once the frames are placed and
  // the model exists (a GICv2 initialises lazily here, as vgic_lazy_init); EBUSY for an
  // uninitialised GICv3, ENXIO for a frame without an address, EINVAL for frames that
  // overlap. Once it succeeded, guest accesses reach the frames.
  int MapResources();
  bool ready() const { return ready_; }

  // A guest access of `len` bytes at `ipa` by vCPU `vcpu` (index). Allocation free.
  MmioResult Mmio(unsigned vcpu, uint64_t ipa, bool write, uint8_t* data, unsigned len);
  // A trapped ICC_* access of vCPU `vcpu`, replayed on the model as the guest made it at
  // EL1: false when the model says UNDEFINED. Reads return `value`, writes take it.
  bool EmulateSysreg(unsigned vcpu, const isa::SystemRegisterInfo& reg, bool read, uint64_t& value);

  // KVM_IRQ_LINE for an SPI (kvm_vgic_inject_irq): 0, EINVAL for an INTID the vGIC does
  // not have, EBUSY for an uninitialised GICv3.
  int SetSpi(unsigned intid, bool level);
  // A private interrupt of vCPU `vcpu` (a timer's output): the caller checked the range.
  void SetPpi(unsigned vcpu, unsigned intid, bool level);

  // The world switch loaded vCPU `vcpu` onto `pe`, or took it off.
  void LoadVcpu(unsigned vcpu, models::InterruptTarget& pe);
  void PutVcpu(unsigned vcpu);
  // Who hears of interrupt requests for vCPUs that are not loaded (the scheduler).
  void SetWaker(VcpuWaker* waker);
  const VcpuIrqLines& lines(unsigned vcpu) const { return *lines_.at(vcpu); }

 private:
  static constexpr uint64_t kUndef = ~uint64_t{0};  // VGIC_ADDR_UNDEF
  int SetAddress(uint64_t type, uint64_t addr);
  int Init();  // vgic_init
  // The size of the frame `type` names (the redistributor region: one per vCPU).
  uint64_t FrameSize(uint64_t type) const;
  using FrameExport = sc_core::sc_export<tlm::tlm_fw_transport_if<>>;
  MmioResult Transport(FrameExport& frame, unsigned vcpu, uint64_t offset, bool write, uint8_t* data, unsigned len);

  // ---- the register groups (vgic_registers.cpp) ----
  static bool IsRegisterGroup(unsigned version, uint32_t group);
  // A GET (write false) or SET of one register group attribute: 0 or KVM's errno.
  int RegisterAccess(const KvmDeviceAttr& attr, bool write);
  int AccessV3(const KvmDeviceAttr& attr, bool write);
  int AccessV2(const KvmDeviceAttr& attr, bool write);
  int CpuSysreg(unsigned vcpu, uint64_t instr, bool write, uint64_t& value);
  // The vCPU whose affinity the attr's bits [63:32] name, or -1.
  int VcpuOfAffinity(uint64_t attr) const;

  Vm& vm_;
  const unsigned version_;
  // Base addresses by KVM address type (v2: DIST, CPU; v3: DIST, REDIST).
  uint64_t base_[4] = {kUndef, kUndef, kUndef, kUndef};
  bool ready_ = false;
  unsigned vcpus_ = 0;
  std::unique_ptr<sc_core::sc_module> model_;
  models::InterruptController* controller_ = nullptr;
  models::Gicv2* gicv2_ = nullptr;  // the model as its own type, for the register groups
  models::Gicv3* gicv3_ = nullptr;
  FrameExport* frames_[2] = {};  // the model's distributor, then CPU interface (v2) or redistributors (v3)
  std::vector<std::unique_ptr<VcpuIrqLines>> lines_;
  std::vector<std::unique_ptr<VgicCpuContext>> cpu_contexts_;  // GICv3 only
  // One payload for every guest access, reused: constructing a generic payload allocates
  // its extension array. Accesses never overlap (SystemC threads do not preempt).
  tlm::tlm_generic_payload trans_;
  tlmx::MemoryAttributes attributes_;
};

}  // namespace mtesim::hyp
