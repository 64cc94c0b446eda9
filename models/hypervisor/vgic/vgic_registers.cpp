// The vGIC's save/restore attribute groups (Linux vgic-kvm-device.c, vgic-mmio-v2.c,
// vgic-mmio-v3.c, vgic-sys-reg-v3.c; Documentation/virt/kvm/devices/arm-vgic*.rst): the
// registers a VMM reads from the source's vGIC and writes into the destination's when it
// migrates a VM, as QEMU's arm_gicv3_kvm.c / arm_gic_kvm.c do. Each goes through the
// register model: GICv3 frames through its userspace accessors (the pending latch and the
// input levels apart), GICv3 ICC_* registers by replaying the MSR/MRS on the vCPU's CPU
// interface, GICv2 frames as the CPU `cpuid` would access them, the pending registers'
// reads excepted (the latch alone).
#include <cstring>

#include "isa/system_registers.h"
#include "models/devices/gic/gicv2.h"
#include "models/devices/gic/gicv3.h"
#include "models/hypervisor/kvm_errors.h"
#include "models/hypervisor/vgic/vgic.h"

namespace mtesim::hyp {
namespace {

// A system register encoding as KVM_DEV_ARM_VGIC_SYSREG_INSTR_MASK packs it.
constexpr uint64_t Instr(unsigned op0, unsigned op1, unsigned crn, unsigned crm, unsigned op2) {
  return uint64_t{isa::SystemRegisterKey(op0, op1, crn, crm, op2)};
}
// The ICC_* registers KVM lets userspace reach (vgic-sys-reg-v3.c's table): the state of
// the CPU interface, not its acknowledge/EOI/SGI operations.
constexpr uint64_t kIccCtlr = Instr(3, 0, 12, 12, 4), kIccSre = Instr(3, 0, 12, 12, 5);
bool UserSysreg(uint64_t instr) {
  if (instr == Instr(3, 0, 4, 6, 0)) return true;                                  // ICC_PMR_EL1
  if (instr == Instr(3, 0, 12, 8, 3) || instr == Instr(3, 0, 12, 12, 3)) return true;  // ICC_BPR0/1_EL1
  for (unsigned n = 0; n < 4; ++n)
    if (instr == Instr(3, 0, 12, 8, 4 + n) || instr == Instr(3, 0, 12, 9, n)) return true;  // ICC_AP0R<n>, AP1R<n>
  return instr == kIccCtlr || instr == kIccSre || instr == Instr(3, 0, 12, 12, 6) ||
         instr == Instr(3, 0, 12, 12, 7);  // ICC_IGRPEN0/1_EL1
}

// The GICv2 distributor offsets KVM decodes (vgic-mmio-v2.c, each per-interrupt block
// sized for 1024 interrupts): a word elsewhere is ENXIO.
bool V2DistributorRegister(uint64_t offset) {
  return offset < 0x00C ||                    // GICD_CTLR, TYPER, IIDR
         (offset >= 0x080 && offset < 0x400) ||  // IGROUPR .. ICACTIVER
         (offset >= 0x400 && offset < 0xD00) ||  // IPRIORITYR, ITARGETSR, ICFGR
         offset == 0xF00 ||                    // GICD_SGIR
         (offset >= 0xF10 && offset < 0xF30);  // CPENDSGIR, SPENDSGIR
}
// GICC_CTLR, PMR, BPR, ABPR, APR0-3 and IIDR (vgic-mmio-v2.c's CPU registers), and the
// model's GICC_NSAPR0-3 beyond KVM's table: KVM keeps one set of active priorities for
// both groups (GICH_APR), QEMU's GICv2 model keeps group 1's in GICC_NSAPRn, which must
// travel too or an active group 1 interrupt would lose its running priority.
bool V2CpuRegister(uint64_t offset) {
  return offset == 0x00 || offset == 0x04 || offset == 0x08 || offset == 0x1C || (offset >= 0xD0 && offset < 0xF0) ||
         offset == 0xFC;
}
bool V2PendingRegister(uint64_t offset) { return offset >= 0x200 && offset < 0x300; }  // ISPENDR, ICPENDR

// GICD_IIDR (both versions): userspace writes back the value it read to confirm the
// implementation it expects (arm-vgic-v3.rst); KVM refuses any other implementation with
// EINVAL. This model has one revision, so any other value is refused.
constexpr uint64_t kGicdIidr = 0x0008;

}  // namespace

bool Vgic::IsRegisterGroup(unsigned version, uint32_t group) {
  if (group == KVM_DEV_ARM_VGIC_GRP_DIST_REGS) return true;
  if (version == 2) return group == KVM_DEV_ARM_VGIC_GRP_CPU_REGS;
  return group == KVM_DEV_ARM_VGIC_GRP_REDIST_REGS || group == KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS ||
         group == KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO;
}

int Vgic::RegisterAccess(const KvmDeviceAttr& a, bool write) {
  if (a.addr == nullptr) return kEFAULT;
  return version_ == 2 ? AccessV2(a, write) : AccessV3(a, write);
}

int Vgic::VcpuOfAffinity(uint64_t attr) const {
  const auto affinity = static_cast<uint32_t>((attr & KVM_DEV_ARM_VGIC_V3_MPIDR_MASK) >> KVM_DEV_ARM_VGIC_V3_MPIDR_SHIFT);
  for (unsigned i = 0; i < vcpus_; ++i) {
    // MPIDR_EL1 keeps Aff3 at [39:32]; the attr packs it at [31:24] above Aff2.Aff1.Aff0.
    const uint64_t mpidr = models::Gicv3::MpidrAffinity(i);
    if (static_cast<uint32_t>((mpidr >> 8 & 0xFF000000u) | (mpidr & 0xFFFFFF)) == affinity) return static_cast<int>(i);
  }
  return -1;
}

// vgic_v3_attr_regs_access: the model must exist (EBUSY before KVM_DEV_ARM_VGIC_CTRL_INIT),
// the redistributor, CPU interface and level groups name a vCPU by affinity (EINVAL for
// none), an offset or register without a userspace view is ENXIO.
int Vgic::AccessV3(const KvmDeviceAttr& a, bool write) {
  if (!initialized()) return kEBUSY;
  const uint32_t in = static_cast<uint32_t>(*a.addr);
  uint32_t out = 0;
  switch (a.group) {
    case KVM_DEV_ARM_VGIC_GRP_DIST_REGS: {  // the affinity is ignored: the distributor is not banked
      const uint64_t offset = a.attr & KVM_DEV_ARM_VGIC_OFFSET_MASK;
      if (write && offset == kGicdIidr) {
        uint32_t iidr = 0;
        gicv3_->UserRead(false, 0, offset, iidr);
        return in == iidr ? 0 : kEINVAL;
      }
      const bool ok = write ? gicv3_->UserWrite(false, 0, offset, in) : gicv3_->UserRead(false, 0, offset, out);
      if (!ok) return kENXIO;
      break;
    }
    case KVM_DEV_ARM_VGIC_GRP_REDIST_REGS: {
      const int vcpu = VcpuOfAffinity(a.attr);
      if (vcpu < 0) return kEINVAL;
      const uint64_t offset = a.attr & KVM_DEV_ARM_VGIC_OFFSET_MASK;
      const auto pe = static_cast<unsigned>(vcpu);
      const bool ok = write ? gicv3_->UserWrite(true, pe, offset, in) : gicv3_->UserRead(true, pe, offset, out);
      if (!ok) return kENXIO;
      break;
    }
    case KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS: {
      const int vcpu = VcpuOfAffinity(a.attr);
      if (vcpu < 0) return kEINVAL;
      // 64-bit registers: the whole u64 in and out.
      uint64_t value = *a.addr;
      if (const int err = CpuSysreg(static_cast<unsigned>(vcpu), a.attr & KVM_DEV_ARM_VGIC_SYSREG_INSTR_MASK, write, value))
        return err;
      if (!write) *a.addr = value;
      return 0;
    }
    case KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO: {
      const int vcpu = VcpuOfAffinity(a.attr);
      if (vcpu < 0) return kEINVAL;
      const uint64_t info = (a.attr & KVM_DEV_ARM_VGIC_LINE_LEVEL_INFO_MASK) >> KVM_DEV_ARM_VGIC_LINE_LEVEL_INFO_SHIFT;
      const auto intid = static_cast<unsigned>(a.attr & KVM_DEV_ARM_VGIC_LINE_LEVEL_INTID_MASK);
      if (info != VGIC_LEVEL_INFO_LINE_LEVEL || intid % 32 != 0) return kEINVAL;
      if (write) gicv3_->SetLineLevels(static_cast<unsigned>(vcpu), intid, in);
      else out = gicv3_->LineLevels(static_cast<unsigned>(vcpu), intid);
      break;
    }
    default: return kENXIO;
  }
  if (!write) *a.addr = out;
  return 0;
}

// vgic-sys-reg-v3.c: the register is replayed as the guest's MRS/MSR at EL1 on the
// vCPU's CPU interface, so it gets the model's rules (reserved bits, CBPR aliasing,
// UNDEFINED for active-priority registers beyond the implemented priority bits, which
// KVM answers with EINVAL). KVM also refuses values the CPU interface could not have:
// an ICC_CTLR_EL1 whose read-only fields (PRIbits, IDbits, SEIS, A3V, ...) differ from
// this one's, an ICC_SRE_EL1 without SRE (the system register interface is always on).
int Vgic::CpuSysreg(unsigned vcpu, uint64_t instr, bool write, uint64_t& value) {
  if (!UserSysreg(instr)) return kENXIO;
  const isa::SystemRegisterInfo* reg = isa::FindSystemRegister(static_cast<unsigned>(instr >> 14 & 3),
                                                               static_cast<unsigned>(instr >> 11 & 7),
                                                               static_cast<unsigned>(instr >> 7 & 15),
                                                               static_cast<unsigned>(instr >> 3 & 15),
                                                               static_cast<unsigned>(instr & 7));
  if (reg == nullptr) return kENXIO;
  if (write && instr == kIccSre && (value & 1) == 0) return kEINVAL;
  if (write && instr == kIccCtlr) {
    uint64_t current = 0;
    if (!EmulateSysreg(vcpu, *reg, true, current)) return kEINVAL;
    const uint64_t writable = models::gicv3::icc::kCtlrCbpr | models::gicv3::icc::kCtlrEoiMode;
    if ((value & ~writable) != (current & ~writable)) return kEINVAL;
  }
  return EmulateSysreg(vcpu, *reg, !write, value) ? 0 : kEINVAL;
}

// vgic_v2_attr_regs_access: a GICv2 initialises lazily here too (vgic_init); cpuid names
// a vCPU by index (EINVAL beyond them); the value is a u32 at an aligned offset.
int Vgic::AccessV2(const KvmDeviceAttr& a, bool write) {
  const auto cpu = static_cast<unsigned>((a.attr & KVM_DEV_ARM_VGIC_CPUID_MASK) >> KVM_DEV_ARM_VGIC_CPUID_SHIFT);
  const uint64_t offset = a.attr & KVM_DEV_ARM_VGIC_OFFSET_MASK;
  if (!initialized()) {
    if (const int err = Init()) return err;
  }
  if (cpu >= vcpus_) return kEINVAL;
  const bool distributor = a.group == KVM_DEV_ARM_VGIC_GRP_DIST_REGS;
  if ((offset & 3) != 0 || !(distributor ? V2DistributorRegister(offset) : V2CpuRegister(offset))) return kENXIO;
  uint32_t value = static_cast<uint32_t>(*a.addr);
  if (distributor && write && offset == kGicdIidr) {
    uint8_t data[4] = {};
    Transport(*frames_[0], cpu, offset, false, data, 4);
    uint32_t iidr = 0;
    std::memcpy(&iidr, data, 4);
    return value == iidr ? 0 : kEINVAL;
  }
  if (distributor && !write && V2PendingRegister(offset)) {
    // Writes keep the guest's rules (ISPENDR sets latches, ICPENDR clears them); reads
    // return the latch alone, as KVM's vgic_uaccess_read_pending.
    value = gicv2_->PendingLatchWord(cpu, static_cast<unsigned>((offset & 0x7F) / 4));
  } else {
    uint8_t data[4];
    std::memcpy(data, &value, 4);
    if (Transport(*frames_[distributor ? 0 : 1], cpu, offset, write, data, 4) != MmioResult::Done) return kENXIO;
    std::memcpy(&value, data, 4);
  }
  if (!write) *a.addr = value;
  return 0;
}

}  // namespace mtesim::hyp
