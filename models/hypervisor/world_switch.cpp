#include "models/hypervisor/world_switch.h"

#include "isa/arch_state.h"
#include "isa/register_fields.h"
#include "models/devices/gic/gicv3_registers.h"
#include "models/hypervisor/el2_sysreg.h"
#include "models/hypervisor/host_memory.h"
#include "models/hypervisor/vgic/vgic.h"

namespace mtesim::hyp {
namespace {

using R = SavedSysreg;

// The PE's register a saved system register lives in.
uint64_t& PeSysreg(isa::SystemRegisters& sys, R r) {
  switch (r) {
    case R::SCTLR_EL1: return sys.SCTLR_EL1;
    case R::CPACR_EL1: return sys.CPACR_EL1;
    case R::TTBR0_EL1: return sys.TTBR0_EL1;
    case R::TTBR1_EL1: return sys.TTBR1_EL1;
    case R::TCR_EL1: return sys.TCR_EL1;
    case R::ESR_EL1: return sys.ESR_EL1;
    case R::AFSR0_EL1: return sys.AFSR0_EL1;
    case R::AFSR1_EL1: return sys.AFSR1_EL1;
    case R::FAR_EL1: return sys.FAR_EL1;
    case R::PAR_EL1: return sys.PAR_EL1;
    case R::MAIR_EL1: return sys.MAIR_EL1;
    case R::AMAIR_EL1: return sys.AMAIR_EL1;
    case R::VBAR_EL1: return sys.VBAR_EL1;
    case R::CONTEXTIDR_EL1: return sys.CONTEXTIDR_EL1;
    case R::TPIDR_EL1: return sys.TPIDR_EL1;
    case R::TPIDR_EL0: return sys.TPIDR_EL0;
    case R::TPIDRRO_EL0: return sys.TPIDRRO_EL0;
    case R::CNTKCTL_EL1: return sys.CNTKCTL_EL1;
    case R::CSSELR_EL1: return sys.CSSELR_EL1;
    case R::CNTV_CTL_EL0: return sys.CNTV_CTL_EL0;
    case R::CNTV_CVAL_EL0: return sys.CNTV_CVAL_EL0;
    case R::CNTP_CTL_EL0: return sys.CNTP_CTL_EL0;
    case R::CNTP_CVAL_EL0: return sys.CNTP_CVAL_EL0;
    case R::GCR_EL1: return sys.GCR_EL1;
    case R::RGSR_EL1: return sys.RGSR_EL1;
    case R::TFSR_EL1: return sys.TFSR_EL1;
    case R::TFSRE0_EL1: return sys.TFSRE0_EL1;
    case R::kCount: break;
  }
  return sys.SCTLR_EL1;  // unreachable
}

// The registers a switch moves: the MTE ones only when the VM has MTE (without it the
// guest cannot reach them, HCR_EL2.ATA = 0 traps every access).
bool Switched(const Vcpu& vcpu, unsigned r) {
  const bool mte_register = r >= static_cast<unsigned>(R::GCR_EL1) && r <= static_cast<unsigned>(R::TFSRE0_EL1);
  return !mte_register || vcpu.mte();
}


// ICH_HCR_EL2 while a vCPU of `vm` runs. With a vGICv3 every ICC_* access of the guest
// traps to EL2 (TALL0, TALL1 the group registers, TC the common ones, TDIR ICC_DIR_EL1;
// the SGI registers trap under HCR_EL2.IMO/FMO) and is emulated on the vGIC model: a
// trap-and-emulate CPU interface. KVM instead runs the guest on the list registers
// (En = 1, ICV_* without traps); that fast path is a later step. Without a vGICv3 the
// virtual interface stays off and untrapped.
uint64_t GuestIchHcr(Vm& vm) {
  namespace ich = models::gicv3::ich;
  Vgic* vgic = vm.vgic();
  return vgic && vgic->version() == 3 ? ich::kHcrTall0 | ich::kHcrTall1 | ich::kHcrTc | ich::kHcrTdir : 0;
}

}  // namespace

uint64_t GuestHcr(const Vcpu& vcpu, bool trap_wfi) {
  const uint64_t hcr = vcpu.hcr_el2() & ~(uint64_t{1} << isa::hcr::TWI | uint64_t{1} << isa::hcr::TWE);
  return trap_wfi ? hcr | uint64_t{1} << isa::hcr::TWI : hcr;
}

void EnterVcpu(models::ProcessingElement& pe, Vm& vm, Vcpu& vcpu, bool trap_wfi) {
  isa::ArchState& s = pe.s;
  const VcpuState& v = vcpu.state();
  for (unsigned n = 0; n < 31; ++n) s.R[n] = v.x[n];
  // At EL2h the guest's stack pointers are banked; the ERET selects the one SPSR names.
  s.SP_el[0] = v.sp_el0;
  s.SP_el[1] = v.sp_el1;
  s.sys.ELR_EL1 = v.elr_el1;
  s.sys.SPSR_EL1 = v.spsr_el1;
  for (unsigned r = 0; r < static_cast<unsigned>(R::kCount); ++r)
    if (Switched(vcpu, r)) PeSysreg(s.sys, static_cast<R>(r)) = v.sysregs[r];
  // The guest's MIDR/MPIDR: the host's MIDR, Aff0 = the vCPU id (KVM's reset_mpidr).
  s.sys.VPIDR_EL2 = s.id.MIDR_EL1;
  s.sys.VMPIDR_EL2 = uint64_t{1} << 31 | (vcpu.id() & 0xF) | uint64_t{(vcpu.id() >> 4) & 0xFF} << 8;
  s.sys.VTTBR_EL2 = vm.vttbr();
  s.sys.VTCR_EL2 = vm.vtcr();
  // The guest reaches the EL1 physical counter and timer without traps (EL1PCTEN,
  // EL1PCEN) and sees the VM's virtual offset; the PE re-evaluates its timers' outputs
  // and deadlines for the vCPU's timer registers.
  s.sys.CNTHCTL_EL2 = uint64_t{1} << isa::cnthctl::EL1PCTEN | uint64_t{1} << isa::cnthctl::EL1PCEN;
  s.sys.CNTVOFF_EL2 = vm.cntvoff();
  static_cast<isa::ExecContext&>(pe).TimersChanged();  // as an MSR to a timer register would
  s.sys.HCR_EL2 = GuestHcr(vcpu, trap_wfi);
  pe.HcrChanged();  // rebuilds the translation controls for the new EL1&0 registers
  // A PE with a GICv3 CPU interface (the host's GIC) gets the vCPU's ICH_HCR_EL2; the
  // vGIC's request for this vCPU drives the PE's virtual IRQ/FIQ while it is loaded.
  if (pe.gic_cpu_interface() != nullptr) {
    static const uint32_t msr_ich_hcr = SysregAccessInsn("ICH_HCR_EL2", false);
    WriteAtEl2(pe, msr_ich_hcr, GuestIchHcr(vm));
  }
  if (Vgic* vgic = vm.vgic()) vgic->LoadVcpu(vcpu.id(), pe);
  s.sys.ELR_EL2 = v.pc;
  s.sys.SPSR_EL2 = v.pstate;
  ResumeGuest(pe);
}

void SaveVcpu(models::ProcessingElement& pe, Vcpu& vcpu) {
  isa::ArchState& s = pe.s;
  VcpuState& v = vcpu.state();
  for (unsigned n = 0; n < 31; ++n) v.x[n] = s.R[n];
  v.sp_el0 = s.SP_el[0];
  v.sp_el1 = s.SP_el[1];
  v.elr_el1 = s.sys.ELR_EL1;
  v.spsr_el1 = s.sys.SPSR_EL1;
  for (unsigned r = 0; r < static_cast<unsigned>(R::kCount); ++r)
    if (Switched(vcpu, r)) v.sysregs[r] = PeSysreg(s.sys, static_cast<R>(r));
  v.pc = s.sys.ELR_EL2;
  v.pstate = s.sys.SPSR_EL2;
}

void PutVcpu(models::ProcessingElement& pe, Vm& vm, Vcpu& vcpu) {
  // ICH_HCR_EL2 stays: the PE is powered off after this (possibly from another PE's
  // thread, while it is still at EL1), and powering on resets its CPU interface.
  (void)pe;
  if (Vgic* vgic = vm.vgic()) vgic->PutVcpu(vcpu.id());
}

void SaveRunningVcpu(models::ProcessingElement& pe, Vcpu& vcpu) {
  SaveVcpu(pe, vcpu);
  VcpuState& v = vcpu.state();
  v.pc = pe.s.PC;
  v.pstate = isa::PstateToSpsr(pe.s.PSTATE);
  // The selected stack pointer lives in R[31] (its bank is stale until an exception
  // entry banks it): take the live one.
  const unsigned bank = pe.s.stack_bank();
  if (bank == 0) v.sp_el0 = pe.s.R[31];
  if (bank == 1) v.sp_el1 = pe.s.R[31];
}

void ResumeGuest(models::ProcessingElement& pe) {
  pe.ExceptionReturn();
  pe.ContinueAtNpc();
}

void FlushStage2(models::ProcessingElement& pe, const Vm& vm, uint64_t ipa, uint64_t size) {
  using Scope = isa::TlbInvalidation::Scope;
  isa::TlbInvalidation op;
  op.vmid = vm.vmid();
  if (size == kPageBytes) {
    op.scope = Scope::Ipa;
    op.address = ipa;
    pe.ApplyTlbMaintenance(op);
    op.scope = Scope::Vmalle1;
  } else {
    op.scope = Scope::Vmalls12e1;
  }
  pe.ApplyTlbMaintenance(op);
}

}  // namespace mtesim::hyp
