// VcpuRunner's scheduler: several vCPUs time-sliced on one PE (vcpu_run.h).
#include <algorithm>

#include "isa/register_fields.h"
#include "models/hypervisor/el2_sysreg.h"
#include "models/hypervisor/guest_timers.h"
#include "models/hypervisor/host_gic.h"
#include "models/hypervisor/hypervisor.h"
#include "models/hypervisor/vcpu_run.h"
#include "models/hypervisor/vgic/vgic.h"
#include "models/hypervisor/world_switch.h"

namespace mtesim::hyp {

namespace {

constexpr uint64_t kNever = ~uint64_t{0};

// HCR_EL2.TWI on a PE already in the guest's context (the vCPU stays loaded).
void SetWfiTrap(models::ProcessingElement& pe, bool trap) {
  uint64_t& hcr = pe.s.sys.HCR_EL2;
  const uint64_t want = trap ? hcr | uint64_t{1} << isa::hcr::TWI : hcr & ~(uint64_t{1} << isa::hcr::TWI);
  if (want == hcr) return;
  hcr = want;
  pe.HcrChanged();
}

}  // namespace

bool VcpuRunner::OthersRunnable(const Core& core, const Binding* except) const {
  for (const Binding* b : core.vcpus)
    if (b != except && Runnable(*b)) return true;
  return false;
}

bool VcpuRunner::WakeConditionMet(Core& core, Binding& b) {
  Vgic* vgic = vm_.vgic();
  if (vgic == nullptr) return false;
  const uint64_t now = PhysicalCountOf(*core.pe);
  for (const GuestTimer& t : kGuestTimers)
    vgic->SetPpi(b.vcpu->id(), t.ppi, SavedTimerOutput(b.vcpu->state(), t, now, vm_.cntvoff()));
  const VcpuIrqLines& lines = vgic->lines(b.vcpu->id());
  return lines.virq() || lines.vfiq();
}

void VcpuRunner::WakeVcpu(unsigned vcpu) {
  Vcpu* v = vm_.GetVcpu(vcpu);
  Binding* b = v ? BindingOf(*v) : nullptr;
  if (b == nullptr || !b->on || b->core->current == b) return;
  b->waiting = false;
  // A PE scheduling right now sees it; another one is kicked out of its guest to look.
  Core& core = *b->core;
  if (core.current == nullptr || scheduling_now_ == &core) return;
  if (HostGic* gic = vm_.hypervisor().host_gic()) {
    ++stats_[VcpuRunStats::kKicks];
    gic->Kick(core.pe->index());
  }
}

void VcpuRunner::Schedule(Core& core, bool slice_ended) {
  models::ProcessingElement& pe = *core.pe;
  Binding* prev = core.current;
  if (prev != nullptr && prev->on) SaveVcpu(pe, *prev->vcpu);  // the exit's final state (a WFI completed)
  scheduling_now_ = &core;
  runnable_.clear();
  for (Binding* b : core.vcpus) {
    if (!b->on) continue;
    if (b != prev && WakeConditionMet(core, *b)) b->waiting = false;
    if (Runnable(*b)) runnable_.push_back(b->vcpu);
  }
  scheduling_now_ = nullptr;
  Binding* next = nullptr;
  if (!runnable_.empty()) {
    next = BindingOf(*scheduling_->PickNext(runnable_, prev ? prev->vcpu : nullptr, slice_ended));
  } else {
    // Only waiting vCPUs: one of them runs again (a WFI may complete at any time) and
    // waits in its own WFI, natively, until something wakes the PE.
    for (Binding* b : core.vcpus)
      if (b->on && (next == nullptr || b == prev)) next = b;
  }
  if (next == nullptr) {  // nothing on: the PE is off until a Start
    Unload(core);
    pe.PowerOff();
    return;
  }
  const uint64_t now = PhysicalCountOf(pe);
  const uint64_t slice = static_cast<uint64_t>(scheduling_->TimeSlice().to_seconds() * CounterFrequencyOf(pe));
  if (next == prev) {
    if (slice_ended) core.slice_end = now + slice;
    next->waiting = false;
    SetWfiTrap(pe, OthersRunnable(core, next));
    ProgramTick(core);
    ResumeGuest(pe);
    return;
  }
  Unload(core);
  core.slice_end = now + slice;
  Load(core, *next);
}

void VcpuRunner::Load(Core& core, Binding& b) {
  models::ProcessingElement& pe = *core.pe;
  if (pe.power() != models::ProcessingElement::Power::On) {
    pe.PowerOn(0, 0, 2);  // reset at EL2 (which also empties its TLBs), then the switch
    // The PE's GIC CPU interface was reset with it: the host driver readies it.
    if (HostGic* gic = vm_.hypervisor().host_gic()) gic->InitPe(pe);
    core.slice_end = PhysicalCountOf(pe) +
                     static_cast<uint64_t>(scheduling_->TimeSlice().to_seconds() * CounterFrequencyOf(pe));
  } else if (core.last != nullptr && core.last != &b) {
    // Another vCPU of this VM ran here last: its stage-1 entries share the VMID (KVM's
    // last_vcpu_ran check and __kvm_flush_cpu_context).
    FlushStage2(pe, vm_, 0, ~uint64_t{0});
  }
  if (core.last != nullptr && core.last != &b) ++stats_[VcpuRunStats::kVcpuSwitches];
  core.current = &b;
  core.last = &b;
  b.waiting = false;
  b.timer_ppi_active[0] = b.timer_ppi_active[1] = false;
  ProgramTick(core);
  EnterVcpu(pe, vm_, *b.vcpu, OthersRunnable(core, &b));
  if (HostEventObserver* events = vm_.hypervisor().host_events())
    events->VcpuOnPe(pe.index(), vm_.vmid(), b.vcpu->id(), true);
}

void VcpuRunner::Unload(Core& core) {
  Binding* b = core.current;
  if (b == nullptr) return;
  // Its timers' host PPIs held active would stay so for the next vCPU's timers.
  if (HostGic* gic = vm_.hypervisor().host_gic()) {
    for (unsigned t = 0; t < 2; ++t)
      if (b->timer_ppi_active[t]) gic->ClearActive(core.pe->index(), kGuestTimers[t].ppi);
  }
  b->timer_ppi_active[0] = b->timer_ppi_active[1] = false;
  PutVcpu(*core.pe, vm_, *b->vcpu);
  core.current = nullptr;
  if (HostEventObserver* events = vm_.hypervisor().host_events())
    events->VcpuOnPe(core.pe->index(), vm_.vmid(), b->vcpu->id(), false);
}

void VcpuRunner::ProgramTick(Core& core) {
  models::ProcessingElement& pe = *core.pe;
  if (core.vcpus.size() < 2) return;  // a PE of its own: no tick (as KVM's vCPU alone on a CPU)
  uint64_t deadline = OthersRunnable(core, core.current) ? core.slice_end : kNever;
  const uint64_t now = PhysicalCountOf(pe);
  for (const Binding* b : core.vcpus) {
    if (b == core.current || !b->on) continue;
    for (const GuestTimer& t : kGuestTimers)
      deadline = std::min(deadline, SavedTimerDeadline(b->vcpu->state(), t, now, vm_.cntvoff()));
  }
  static const uint32_t msr_cval = SysregAccessInsn("CNTHP_CVAL_EL2", false);
  static const uint32_t msr_ctl = SysregAccessInsn("CNTHP_CTL_EL2", false);
  if (deadline == kNever) {
    WriteAtEl2(pe, msr_ctl, 0);
    return;
  }
  WriteAtEl2(pe, msr_cval, deadline);
  WriteAtEl2(pe, msr_ctl, uint64_t{1} << isa::cntctl::ENABLE);
}

void VcpuRunner::HandleWfi(Binding& b) {
  models::ProcessingElement& pe = *b.pe;
  const bool wfe = pe.s.sys.ESR_EL2 & 1;  // ISS.TI: 1 for WFE (never trapped)
  Core& core = *b.core;
  const VcpuIrqLines* lines = vm_.vgic() ? &vm_.vgic()->lines(b.vcpu->id()) : nullptr;
  const bool pending = lines != nullptr && (lines->virq() || lines->vfiq());
  if (!wfe && !pending && OthersRunnable(core, &b)) {
    // kvm_vcpu_block: the WFI completes when the vCPU runs again; the PE goes to another.
    ++stats_[VcpuRunStats::kWfiYields];
    AdvancePc(pe);
    b.waiting = true;
    Schedule(core, false);
    return;
  }
  // Alone on the PE (or already woken): the WFI runs natively and the PE sleeps in it
  // until an interrupt, the trap staying off until the next scheduling point.
  SetWfiTrap(pe, false);
  reexecute_ = true;
  ResumeGuest(pe);
}

}  // namespace mtesim::hyp
