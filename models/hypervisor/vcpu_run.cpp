#include "models/hypervisor/vcpu_run.h"

#include <cstring>

#include "isa/register_fields.h"
#include "isa/syndrome.h"
#include "models/hypervisor/host_memory.h"
#include "models/hypervisor/hypervisor.h"
#include "models/hypervisor/kvm_errors.h"
#include "models/hypervisor/vgic/vgic.h"
#include "models/hypervisor/guest_timers.h"
#include "models/hypervisor/world_switch.h"
#include "models/platform/psci.h"

namespace mtesim::hyp {
namespace {

namespace psci = models::psci;

constexpr uint64_t Field(uint64_t v, unsigned lsb, unsigned bits) { return v >> lsb & ((uint64_t{1} << bits) - 1); }

using isa::ExceptionClass;
namespace iss = isa::abort_iss;
constexpr unsigned kIss2 = 32;  // ISS2 starts at ESR_EL2 bit 32

constexpr int64_t kTosNotPresentMp = 2;  // MIGRATE_INFO_TYPE: no Trusted OS to migrate
constexpr int64_t kAffinityOn = 0, kAffinityOff = 1;

}  // namespace

VcpuRunner::VcpuRunner(Vm& vm, VmmExitHandler& vmm, std::unique_ptr<VcpuSchedulingPolicy> scheduling,
                       stats::Group* stats)
    : vm_(vm),
      vmm_(vmm),
      scheduling_(scheduling ? std::move(scheduling) : DefaultVcpuSchedulingPolicy()),
      stats_(stats) {
  // The VMM's changes to the tables (dirty-log re-protection, slot deletion) reach every
  // PE that runs one of the VM's vCPUs (KVM's broadcast TLBI ...IS).
  vm_.SetStage2Flush([this](uint64_t ipa, uint64_t size) {
    for (auto& core : cores_) FlushStage2(*core->pe, vm_, ipa, size);
  });
  if (Vgic* vgic = vm_.vgic()) vgic->SetWaker(this);
}

VcpuRunner::~VcpuRunner() {
  vm_.SetStage2Flush(nullptr);
  if (Vgic* vgic = vm_.vgic()) vgic->SetWaker(nullptr);
}

void VcpuRunner::Bind(Vcpu& vcpu, models::ProcessingElement& pe) {
  Core* core = CoreOf(pe);
  if (core == nullptr) {
    cores_.push_back(std::make_unique<Core>());
    core = cores_.back().get();
    core->pe = &pe;
  }
  auto b = std::make_unique<Binding>();
  b->vcpu = &vcpu;
  b->pe = &pe;
  b->core = core;
  core->vcpus.push_back(b.get());
  bindings_.push_back(std::move(b));
  runnable_.reserve(core->vcpus.size());
  pe.AttachEl2Model(this);
  // A vGIC created after the runner (the VMM's order: vCPUs, then the device) learns of
  // the scheduler here.
  if (Vgic* vgic = vm_.vgic()) vgic->SetWaker(this);
}

void VcpuRunner::Start(Vcpu& vcpu) {
  Binding* b = BindingOf(vcpu);
  if (b == nullptr || b->on) return;
  // The first KVM_RUN maps the vGIC's frames (kvm_vgic_map_resources); a VM whose
  // vGIC is not ready does not run.
  if (Vgic* vgic = vm_.vgic()) {
    if (const int err = vgic->MapResources()) {
      vmm_.InternalError(vcpu, 0, err);
      return;
    }
    vgic->SetWaker(this);
  }
  vcpu.MarkRun();
  b->on = true;
  b->waiting = false;
  Core& core = *b->core;
  if (core.current == nullptr) {
    Load(core, *b);
  } else if (HostGic* gic = vm_.hypervisor().host_gic()) {
    // The PE runs another vCPU: it reschedules at its next exit, which the kick makes
    // immediate (so the new vCPU gets its slice).
    ++stats_[VcpuRunStats::kKicks];
    gic->Kick(core.pe->index());
  }
}

void VcpuRunner::Kick(Vcpu& vcpu) {
  Binding* b = BindingOf(vcpu);
  if (b == nullptr || !b->on) return;
  if (b->core->current == b) SaveRunningVcpu(*b->pe, vcpu);
  Stop(*b);
}

bool VcpuRunner::running(const Vcpu& vcpu) const {
  for (const auto& b : bindings_)
    if (b->vcpu == &vcpu) return b->on;
  return false;
}

VcpuRunner::Core* VcpuRunner::CoreOf(models::ProcessingElement& pe) {
  for (auto& core : cores_)
    if (core->pe == &pe) return core.get();
  return nullptr;
}

VcpuRunner::Binding* VcpuRunner::BindingOf(models::ProcessingElement& pe) {
  Core* core = CoreOf(pe);
  return core ? core->current : nullptr;
}

VcpuRunner::Binding* VcpuRunner::BindingOf(const Vcpu& vcpu) {
  for (auto& b : bindings_)
    if (b->vcpu == &vcpu) return b.get();
  return nullptr;
}

VcpuRunner::Binding* VcpuRunner::BindingByMpidr(uint64_t mpidr) {
  // The vCPU's MPIDR as the world switch programs VMPIDR_EL2: Aff0 = id[3:0], Aff1 = id[11:4].
  for (auto& b : bindings_) {
    const unsigned id = b->vcpu->id();
    if ((mpidr & 0xFFFFFFFFFFull) == ((id & 0xFu) | uint64_t{(id >> 4) & 0xFF} << 8)) return b.get();
  }
  return nullptr;
}

bool VcpuRunner::ExceptionToEl2(models::ProcessingElement& pe) {
  reexecute_ = false;
  HandleExit(pe);
  return !reexecute_;
}

void VcpuRunner::HandleExit(models::ProcessingElement& pe) {
  Binding* b = BindingOf(pe);
  if (!b || !b->on) {  // nothing of this runner's runs there: EL2 has nothing to return to
    pe.PowerOff();
    return;
  }
  ++stats_[VcpuRunStats::kExits];
  SaveVcpu(pe, *b->vcpu);  // the VMM sees the guest's registers as KVM_GET_ONE_REG would
  // The exception type is the vector the PE entered: VBAR_EL2 + 0x400 (lower EL) + 0x000
  // synchronous, 0x080 IRQ, 0x100 FIQ, 0x180 SError. Asynchronous ones leave ESR alone.
  const uint64_t type = (pe.s.PC - (pe.s.sys.VBAR_EL2 & ~uint64_t{0x7FF})) & 0x180;
  SyncTimers(*b);
  if (type == 0x080) {
    HandleHostInterrupt(*b);
    return;
  }
  if (type != 0) {
    // FIQ and SError routed to EL2 (FMO/AMO): nothing on the host raises them.
    ++stats_[VcpuRunStats::kInterrupts];
    ResumeGuest(pe);
    return;
  }
  const uint64_t esr = pe.s.sys.ESR_EL2;
  switch (static_cast<ExceptionClass>(Field(esr, 26, 6))) {
    case ExceptionClass::DataAbortLowerEL:
      HandleAbort(*b, esr, false);
      return;
    case ExceptionClass::InstructionAbortLowerEL:
      HandleAbort(*b, esr, true);
      return;
    case ExceptionClass::HVC64:
      ++stats_[VcpuRunStats::kHypercalls];
      // SMCCC through HVC #0 only (KVM: another immediate gets NOT_SUPPORTED).
      if (Field(esr, 0, 16) != 0) {
        pe.s.R[0] = static_cast<uint64_t>(psci::kNotSupported);
        ResumeGuest(pe);
        return;
      }
      HandlePsci(*b);
      return;
    case ExceptionClass::SMC64:
      // The VM's machine has no EL3 and its firmware conduit is HVC (platform.md): an SMC
      // is UNDEFINED for the guest, as on QEMU virt without EL3. (KVM answers SMC #0 as
      // an SMCCC call instead; the model follows the machine its guests are written for.)
      InjectUndefined(pe);
      return;
    case ExceptionClass::SystemRegisterTrap:
      HandleSysregTrap(*b, esr);
      return;
    case ExceptionClass::WFxTrap:
      HandleWfi(*b);
      return;
    default:
      // Anything else (BRK and friends go to EL1): KVM injects UNDEF
      // for unknown exit classes (kvm_handle_unknown_ec).
      InjectUndefined(pe);
      return;
  }
}

void VcpuRunner::HandleHostInterrupt(Binding& b) {
  models::ProcessingElement& pe = *b.pe;
  ++stats_[VcpuRunStats::kInterrupts];
  HostGic* gic = vm_.hypervisor().host_gic();
  if (gic == nullptr) {  // no host GIC: nothing raised it that the hypervisor could handle
    ResumeGuest(pe);
    return;
  }
  const unsigned intid = gic->Acknowledge(pe);
  if (intid >= models::kFirstSpecialIntid) {  // spurious: it went away before the ack
    ResumeGuest(pe);
    return;
  }
  // EOImode 1: drop the priority now; a timer's PPI stays active, so its level output
  // does not fire again while the guest has not dealt with it (SyncTimers deactivates).
  gic->PriorityDrop(pe, intid);
  if (intid == models::kHypPhysicalTimerPpi || intid == HostGic::kKickSgi) {
    // The scheduler's tick (the slice or a waiting vCPU's timer is due) or a kick (a
    // vCPU of this PE was woken or started): a scheduling point.
    gic->Deactivate(pe, intid);
    Core& core = *b.core;
    const bool slice_ended = intid == models::kHypPhysicalTimerPpi && PhysicalCountOf(pe) >= core.slice_end;
    if (slice_ended) ++stats_[VcpuRunStats::kSlicesEnded];
    Schedule(core, slice_ended);
    return;
  }
  bool timer = false;
  for (unsigned t = 0; t < 2; ++t) {
    if (kGuestTimers[t].ppi != intid) continue;
    timer = true;
    b.timer_ppi_active[t] = true;
    ++stats_[VcpuRunStats::kTimerInterrupts];
    if (Vgic* vgic = vm_.vgic()) vgic->SetPpi(b.vcpu->id(), intid, pe.TimerOutputNow(kGuestTimers[t].timer));
  }
  if (!timer) gic->Deactivate(pe, intid);  // nothing else is enabled; complete it anyway
  ResumeGuest(pe);
}

void VcpuRunner::SyncTimers(Binding& b) {
  Vgic* vgic = vm_.vgic();
  HostGic* gic = vm_.hypervisor().host_gic();
  for (unsigned t = 0; t < 2; ++t) {
    const bool level = b.pe->TimerOutputNow(kGuestTimers[t].timer);
    if (vgic) vgic->SetPpi(b.vcpu->id(), kGuestTimers[t].ppi, level);
    if (b.timer_ppi_active[t] && !level && gic) {
      gic->Deactivate(*b.pe, kGuestTimers[t].ppi);
      b.timer_ppi_active[t] = false;
    }
  }
}

void VcpuRunner::HandleAbort(Binding& b, uint64_t esr, bool instruction) {
  models::ProcessingElement& pe = *b.pe;
  const unsigned fsc = static_cast<unsigned>(Field(esr, 0, 6));
  // Translation, Access flag and Permission faults at any level are stage-2 faults the
  // fault handler resolves (stage-1 ones go to EL1); anything else cannot be handled.
  if (fsc < 0x04 || fsc > 0x0F) {
    vmm_.InternalError(*b.vcpu, 0, kEFAULT);
    Stop(b);
    return;
  }
  ++stats_[VcpuRunStats::kStage2Faults];
  const uint64_t ipa = (pe.s.sys.HPFAR_EL2 >> 4 << 12) | (pe.s.sys.FAR_EL2 & 0xFFF);
  const bool s1ptw = Field(esr, iss::S1PTW, 1);
  const bool write = !instruction && !s1ptw && Field(esr, iss::WnR, 1);
  const bool tag_access = Field(esr, kIss2 + iss::ISS2_TagAccess, 1);
  const Stage2FaultResult r = vm_.HandleStage2Fault(ipa, write, tag_access);
  switch (r.outcome) {
    case Stage2FaultOutcome::Mapped:
    case Stage2FaultOutcome::DirtyLogged:
    case Stage2FaultOutcome::Spurious:
      // The PE may hold the old (absent or read-only) entry: drop it, or the guest
      // would fault again for ever.
      FlushStage2(pe, vm_, ipa & ~(kPageBytes - 1), kPageBytes);
      reexecute_ = true;
      ResumeGuest(pe);
      return;
    case Stage2FaultOutcome::Mmio:
      if (instruction || s1ptw) {
        // Code or translation tables outside memory: no device can be fetched from or
        // walked, so the guest gets an external abort for it (KVM's kvm_handle_guest_abort:
        // kvm_inject_pabt for a fetch, kvm_inject_dabt for a stage-1 walk), as a bus error
        // on the bare machine.
        InjectExternalAbort(pe, esr, instruction);
        return;
      }
      HandleMmio(b, esr, ipa);
      return;
    case Stage2FaultOutcome::NoTagAccess: {
      KvmMemoryFault f;
      f.flags = KVM_MEMORY_EXIT_FLAG_TAG_ACCESS | (r.write ? KVM_MEMORY_EXIT_FLAG_WRITE : 0);
      f.gpa = r.ipa & ~(kPageBytes - 1);
      f.size = kPageBytes;
      if (vmm_.MemoryFault(*b.vcpu, f)) {
        ReenterAfterExit(b, esr);
        return;
      }
      Stop(b);
      return;
    }
    case Stage2FaultOutcome::Error:
      vmm_.InternalError(*b.vcpu, 0, r.error);
      Stop(b);
      return;
  }
}

void VcpuRunner::HandleMmio(Binding& b, uint64_t esr, uint64_t ipa) {
  models::ProcessingElement& pe = *b.pe;
  // Without the instruction syndrome KVM cannot emulate the access (io_mem_abort: ENOSYS).
  if (!Field(esr, iss::ISV, 1)) {
    vmm_.InternalError(*b.vcpu, KVM_INTERNAL_ERROR_EMULATION, kENOSYS);
    Stop(b);
    return;
  }
  const unsigned sas = static_cast<unsigned>(Field(esr, iss::SAS, 2)), rt = static_cast<unsigned>(Field(esr, iss::SRT, 5));
  KvmRunMmio mmio;
  mmio.phys_addr = ipa;
  mmio.len = 1u << sas;
  mmio.is_write = Field(esr, iss::WnR, 1);
  if (mmio.is_write) {
    const uint64_t value = rt == 31 ? 0 : pe.s.R[rt];
    for (unsigned i = 0; i < mmio.len; ++i) mmio.data[i] = static_cast<uint8_t>(value >> (8 * i));
  }
  // The VM's in-kernel devices first (KVM's kvm_io_bus_write/read): the vGIC's frames
  // never leave the kernel. What the register model refuses is what the bare board's
  // PE turns into a synchronous external abort.
  Vgic* vgic = vm_.vgic();
  const Vgic::MmioResult in_kernel =
      vgic ? vgic->Mmio(b.vcpu->id(), ipa, mmio.is_write, mmio.data, mmio.len) : Vgic::MmioResult::NotMine;
  if (in_kernel == Vgic::MmioResult::ExternalAbort) {
    InjectExternalAbort(pe, esr, false);
    return;
  }
  if (in_kernel == Vgic::MmioResult::Done) {
    ++stats_[VcpuRunStats::kMmioInKernel];
  } else {
    ++stats_[VcpuRunStats::kMmioExits];
    vmm_.Mmio(*b.vcpu, mmio);
    if (AbortedByVmm(b, esr)) return;
  }
  if (!mmio.is_write) {
    // kvm_handle_mmio_return: the data, sign-extended per SSE, truncated to 32 bits
    // without SF, into Rt (XZR discards it).
    uint64_t value = 0;
    for (unsigned i = 0; i < mmio.len; ++i) value |= uint64_t{mmio.data[i]} << (8 * i);
    const unsigned bits = 8u * mmio.len;
    if (bits < 64 && Field(esr, iss::SSE, 1) && Field(value, bits - 1, 1)) value |= ~uint64_t{0} << bits;
    if (!Field(esr, iss::SF, 1)) value &= 0xFFFFFFFFu;
    if (rt != 31) pe.s.R[rt] = value;
  }
  AdvancePc(pe);
  ResumeGuest(pe);
}

bool VcpuRunner::AbortedByVmm(Binding& b, uint64_t esr) {
  // The VMM's device refused the access and set an external abort pending
  // (KVM_SET_VCPU_EVENTS): the MMIO instruction is not retired, its destination keeps its
  // value and the abort is taken for it (KVM's kvm_handle_mmio_return skips the
  // emulation when an external abort is pending).
  if (!b.vcpu->TakeExtDabtPending()) return false;
  InjectExternalAbort(*b.pe, esr, false);
  return true;
}

void VcpuRunner::HandlePsci(Binding& b) {
  models::ProcessingElement& pe = *b.pe;
  const uint32_t fid = static_cast<uint32_t>(pe.s.R[0]);
  const uint64_t a1 = pe.s.R[1], a2 = pe.s.R[2], a3 = pe.s.R[3];
  int64_t result = psci::kNotSupported;
  switch (fid) {
    case psci::kVersion:
      result = psci::kVersion1_1;
      break;
    case psci::kMigrateInfoType:
      result = kTosNotPresentMp;
      break;
    case psci::kFeatures:
      result = psci::Features(static_cast<uint32_t>(a1));
      break;
    case psci::kCpuOff:
      Stop(b);  // the PE runs another of its vCPUs, or powers off
      return;
    case psci::kCpuOn32:
    case psci::kCpuOn64: {
      Binding* target = BindingByMpidr(fid == psci::kCpuOn32 ? a1 & 0xFFFFFFFF : a1);
      if (!target) {
        result = psci::kInvalidParameters;
      } else if (target->on) {
        result = psci::kAlreadyOn;
      } else {
        // kvm_psci_vcpu_on: the target resets, entering at the entry point with the
        // context id in x0, EL1h with DAIF masked and its MMU off.
        VcpuState& v = target->vcpu->state();
        v = VcpuState{};
        v.pc = fid == psci::kCpuOn32 ? a2 & 0xFFFFFFFF : a2;
        v.x[0] = a3;
        v.sys(SavedSysreg::SCTLR_EL1) = isa::SystemRegisters{}.SCTLR_EL1;
        Start(*target->vcpu);
        result = psci::kSuccess;
      }
      break;
    }
    case psci::kAffinityInfo32:
    case psci::kAffinityInfo64: {
      Binding* target = BindingByMpidr(fid == psci::kAffinityInfo32 ? a1 & 0xFFFFFFFF : a1);
      if (!target || a2 != 0) result = psci::kInvalidParameters;
      else result = target->on ? kAffinityOn : kAffinityOff;
      break;
    }
    case psci::kSystemOff:
    case psci::kSystemReset:
      vmm_.SystemEvent(*b.vcpu, fid == psci::kSystemOff ? KVM_SYSTEM_EVENT_SHUTDOWN : KVM_SYSTEM_EVENT_RESET);
      // Every vCPU stops: the VMM has the VM's exit in hand.
      for (auto& other : bindings_)
        if (other->on && other.get() != &b) Stop(*other);
      Stop(b);
      return;
    default:
      break;
  }
  pe.s.R[0] = static_cast<uint64_t>(result);
  ResumeGuest(pe);
}

void VcpuRunner::HandleSysregTrap(Binding& b, uint64_t esr) {
  models::ProcessingElement& pe = *b.pe;
  const unsigned op0 = static_cast<unsigned>(Field(esr, 20, 2)), op2 = static_cast<unsigned>(Field(esr, 17, 3)),
                 op1 = static_cast<unsigned>(Field(esr, 14, 3)), crn = static_cast<unsigned>(Field(esr, 10, 4)),
                 rt = static_cast<unsigned>(Field(esr, 5, 5)), crm = static_cast<unsigned>(Field(esr, 1, 4));
  const bool read = Field(esr, 0, 1);
  // HCR_EL2.TID3: the ID register group (op0 3, op1 0, CRn 0, CRm 1..7) reads as the
  // host's, except the processor feature registers, which describe the VM (KVM's
  // read_id_reg): no EL2 or EL3, the VM's MTE, and the GIC field saying whether the VM
  // has a vGICv3.
  if (read && op0 == 3 && op1 == 0 && crn == 0 && crm >= 1 && crm <= 7) {
    ++stats_[VcpuRunStats::kSysregEmulated];
    uint64_t value;
    if (!b.vcpu->VmIdRegister(crm, op2, &value) &&
        !ReadAtEl2(pe, 0xD5200000u | op0 << 19 | op1 << 16 | crn << 12 | crm << 8 | op2 << 5 | rt, value)) {
      InjectUndefined(pe);
      return;
    }
    if (crm == 4 && op2 == 0) {
      // ID_AA64PFR0_EL1.GIC (bits 27:24): the system-register interface exists for the
      // guest only with a vGICv3 (KVM: vgic_is_v3), so a vGICv2 guest drives the
      // memory-mapped CPU interface, as on a bare GICv2 machine.
      value &= ~(uint64_t{0xF} << 24);
      if (vm_.vgic() && vm_.vgic()->version() == 3) value |= uint64_t{1} << 24;
    }
    WriteRtAndResume(pe, rt, value);
    return;
  }
  // A vGICv3 guest's ICC_* accesses (trapped by ICH_HCR_EL2.TALL0/TALL1/TC/TDIR and, for
  // the SGI registers, HCR_EL2.IMO/FMO) are replayed on the vGIC model's CPU interface.
  const isa::SystemRegisterInfo* reg = isa::FindSystemRegister(op0, op1, crn, crm, op2);
  Vgic* vgic = vm_.vgic();
  if (reg && vgic && vgic->version() == 3 && std::strncmp(reg->name, "ICC_", 4) == 0) {
    ++stats_[VcpuRunStats::kGicSysregEmulated];
    uint64_t value = read || rt == 31 ? 0 : pe.s.R[rt];
    if (!vgic->EmulateSysreg(b.vcpu->id(), *reg, read, value)) {
      InjectUndefined(pe);
      return;
    }
    if (read) {
      WriteRtAndResume(pe, rt, value);
    } else {
      AdvancePc(pe);
      ResumeGuest(pe);
    }
    return;
  }
  // HCR_EL2.TSW: data cache maintenance by set/way (DC ISW, CSW, CISW) cannot be
  // meaningful for a guest that shares caches with others; KVM emulates it by cleaning
  // the VM's memory (kvm_set_way_flush). The functional model keeps no cache contents, so
  // the operation completes with nothing to do.
  if (!read && op0 == 1 && op1 == 0 && crn == 7 && (crm == 6 || crm == 10 || crm == 14) && op2 == 2) {
    ++stats_[VcpuRunStats::kSysregEmulated];
    AdvancePc(pe);
    ResumeGuest(pe);
    return;
  }
  // Everything else trapped here (the MTE registers while HCR_EL2.ATA = 0, the IMPDEF
  // and auxiliary registers, LORegions, set/way maintenance) is UNDEFINED for the guest.
  InjectUndefined(pe);
}

bool VcpuRunner::ReadAtEl2(models::ProcessingElement& pe, uint32_t mrs, uint64_t& value) {
  // The MRS executed at EL2 (no trap there): the host's value. Should the PE refuse it,
  // the exception it takes would overwrite the guest's return state: keep that.
  isa::SystemRegisters& sys = pe.s.sys;
  const uint64_t elr = sys.ELR_EL2, spsr = sys.SPSR_EL2, esr_el2 = sys.ESR_EL2;
  try {
    value = pe.ReadSystemRegister(isa::Insn{mrs});
    return true;
  } catch (const isa::ExceptionTaken&) {
    sys.ELR_EL2 = elr;
    sys.SPSR_EL2 = spsr;
    sys.ESR_EL2 = esr_el2;
    return false;
  }
}

void VcpuRunner::WriteRtAndResume(models::ProcessingElement& pe, unsigned rt, uint64_t value) {
  if (rt != 31) pe.s.R[rt] = value;
  AdvancePc(pe);
  ResumeGuest(pe);
}

void VcpuRunner::InjectUndefined(models::ProcessingElement& pe) {
  ++stats_[VcpuRunStats::kUndefInjected];
  // KVM's inject_undef64: ESR_EL1 EC 0 with IL.
  EnterGuestEl1Sync(pe, isa::EsrValue(ExceptionClass::Uncategorized, 0));
}

void VcpuRunner::ReenterAfterExit(Binding& b, uint64_t esr) {
  // The VMM may have changed the memslots (and so the stage-2 entries) while the guest
  // was out; Vm's flush callback already dropped what the PEs cached.
  if (b.vcpu->TakeExtDabtPending()) {
    InjectExternalAbort(*b.pe, esr, false);
    return;
  }
  reexecute_ = true;
  ResumeGuest(*b.pe);  // ELR_EL2 is the faulting instruction: it runs again
}

void VcpuRunner::InjectExternalAbort(models::ProcessingElement& pe, uint64_t esr, bool instruction) {
  ++stats_[VcpuRunStats::kExtAbortInjected];
  isa::SystemRegisters& sys = pe.s.sys;
  // KVM's inject_abort (kvm_inject_dabt / kvm_inject_pabt with the fault's FAR): EC Data
  // or Instruction Abort from a lower EL when the guest was at EL0, from the current EL
  // at EL1; FSC 0x10 (synchronous external abort); IL as the trapped instruction. FAR_EL1
  // is the faulting VA when FAR_EL2 holds one (ESR_EL2.FnV clear), else FnV tells the
  // guest it is not.
  isa::Fault external;
  external.kind = isa::FaultKind::ExternalAbort;
  const bool from_el0 = (sys.SPSR_EL2 & 0xF) == 0;
  const bool far_not_valid = !instruction && Field(esr, iss::FnV, 1);
  const ExceptionClass ec = instruction ? (from_el0 ? ExceptionClass::InstructionAbortLowerEL
                                                    : ExceptionClass::InstructionAbortSameEL)
                                        : (from_el0 ? ExceptionClass::DataAbortLowerEL : ExceptionClass::DataAbortSameEL);
  uint64_t esr_el1 = isa::EsrValue(ec, isa::FaultStatusCode(external) | uint32_t{far_not_valid} << iss::FnV);
  esr_el1 &= ~(uint64_t{1} << 25) | (esr & uint64_t{1} << 25);  // IL as the trapped instruction's
  sys.FAR_EL1 = far_not_valid ? 0 : sys.FAR_EL2;
  EnterGuestEl1Sync(pe, esr_el1);  // ELR_EL1 = ELR_EL2: the faulting instruction
}

void VcpuRunner::EnterGuestEl1Sync(models::ProcessingElement& pe, uint64_t esr_el1) {
  isa::SystemRegisters& sys = pe.s.sys;
  // KVM's enter_exception64 for a synchronous exception taken from the guest to its EL1:
  // ESR_EL1, ELR/SPSR_EL1 the guest's PC and PSTATE, then EL1h at its vector.
  const uint64_t spsr = sys.SPSR_EL2;
  const unsigned mode = static_cast<unsigned>(spsr & 0xF);
  const uint64_t offset = mode == 0x5 ? 0x200 : mode == 0x4 ? 0x000 : 0x400;  // EL1h, EL1t, EL0
  sys.ESR_EL1 = esr_el1;
  sys.ELR_EL1 = sys.ELR_EL2;
  sys.SPSR_EL1 = spsr;
  uint64_t pstate = 0x3C5;  // EL1h, DAIF masked
  if (!Field(sys.SCTLR_EL1, isa::sctlr::SPAN, 1)) pstate |= uint64_t{1} << 22;  // PAN
  if (Field(sys.SCTLR_EL1, isa::sctlr::DSSBS, 1)) pstate |= uint64_t{1} << 12;  // SSBS
  if (pe.mte_level() >= 1) pstate |= uint64_t{1} << 25;                          // TCO
  sys.ELR_EL2 = (sys.VBAR_EL1 & ~uint64_t{0x7FF}) + offset;
  sys.SPSR_EL2 = pstate;
  ResumeGuest(pe);
}

void VcpuRunner::Stop(Binding& b) {
  b.on = false;
  b.waiting = false;
  Core& core = *b.core;
  if (core.current != &b) return;  // not loaded: its state is saved already
  // Its PE is at EL2 in b's exit (CPU_OFF, SYSTEM_OFF, a failed exit) or between two
  // batches (Kick, SYSTEM_OFF from another PE): the PE goes on with another vCPU only in
  // the first case; otherwise it powers off (the others placed there wait for the next
  // scheduling point, which a Start provides).
  if (core.pe->s.PSTATE.EL == 2) {
    Schedule(core, false);
    return;
  }
  Unload(core);
  core.pe->PowerOff();
}

}  // namespace mtesim::hyp
