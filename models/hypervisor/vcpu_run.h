// Running vCPUs on PEs (KVM's kvm_arch_vcpu_ioctl_run and handle_exit): the EL2 model a
// PE hands its exceptions to. Stage-2 faults go to Vm::HandleStage2Fault (resolved ones
// resume the guest; MMIO becomes an exit to the VMM, emulated from the ISV syndrome);
// HVC #0 and SMC (trapped by HCR_EL2.TSC) carry PSCI, answered here; trapped ID register
// reads are emulated; a vGICv3 guest's trapped ICC_* accesses are replayed on the vGIC;
// physical IRQs (the guests' timer PPIs on the host GIC) are acknowledged and forwarded
// to the vGIC; other trapped system register accesses (the MTE registers of a VM
// without MTE among them) get an UNDEF injected, as KVM does. The VMM side is called
// synchronously from the PE's thread, as a KVM_RUN return and re-entry would be.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "models/hypervisor/kvm_run.h"
#include "models/hypervisor/policies/vcpu_scheduling_policy.h"
#include "models/hypervisor/vgic/vcpu_irq_lines.h"
#include "models/hypervisor/vcpu.h"
#include "models/hypervisor/vcpu_run_stats.h"
#include "models/hypervisor/vm.h"
#include "models/pe/el2_model.h"
#include "models/pe/processing_element.h"

namespace mtesim::hyp {

// The VMM's exit handling. A vCPU that exits with SystemEvent or InternalError does not
// run on (KVM_RUN returned it to a VMM that stops there); after MemoryFault it runs on
// only if the VMM says so (it resolved the fault, or set an event to inject, and calls
// KVM_RUN again).
class VmmExitHandler {
 public:
  virtual ~VmmExitHandler() = default;
  // KVM_EXIT_MMIO: for a load, fill mmio.data.
  virtual void Mmio(Vcpu& vcpu, KvmRunMmio& mmio) = 0;
  virtual void SystemEvent(Vcpu& vcpu, uint32_t type) = 0;
  // KVM_EXIT_MEMORY_FAULT: true to re-enter the vCPU (the faulting instruction runs
  // again, or the events set with KVM_SET_VCPU_EVENTS are delivered), false to stop it.
  virtual bool MemoryFault(Vcpu& vcpu, const KvmMemoryFault& fault) = 0;
  // KVM_EXIT_INTERNAL_ERROR (e.g. MMIO without an instruction syndrome), or KVM_RUN
  // failing with `error` (a negative errno) when `suberror` is 0.
  virtual void InternalError(Vcpu& vcpu, uint32_t suberror, int error) = 0;
};

// More vCPUs than PEs: vCPUs are placed on PEs (Bind) and a PE shared by several
// time-slices them (vcpu_schedule.cpp): the running vCPU keeps the PE until its slice
// ends (the EL2 physical timer, CNTHP, programmed by the hypervisor), it waits in WFI
// while another is runnable (HCR_EL2.TWI, set only while the PE is shared), or it turns
// off; every switch saves the outgoing vCPU's state and restores the incoming one's
// (world_switch.h: registers, MTE registers, timers, vGIC lines). A vCPU that waits is
// woken by an interrupt request from the vGIC (the host kicks its PE with an SGI) or by
// its timers (the hypervisor's CNTHP deadline covers them). A PE left with nothing to run
// powers off until a vCPU placed on it is started again.
class VcpuRunner : public models::El2Model, private VcpuWaker {
 public:
  // `stats`: where the run loop's counters go in the statistics tree (nullptr: counters
  // of its own, for a runner outside a board's tree).
  VcpuRunner(Vm& vm, VmmExitHandler& vmm, std::unique_ptr<VcpuSchedulingPolicy> scheduling = nullptr,
             stats::Group* stats = nullptr);
  ~VcpuRunner() override;
  VcpuRunner(const VcpuRunner&) = delete;
  VcpuRunner& operator=(const VcpuRunner&) = delete;

  // Places vCPU `vcpu` on `pe` (several vCPUs may share a PE). Attaches this runner to
  // the PE.
  void Bind(Vcpu& vcpu, models::ProcessingElement& pe);
  // KVM_RUN's first entry: the vCPU becomes runnable; its PE, if off, powers on at EL2
  // and enters it (PSCI CPU_ON starts the others).
  void Start(Vcpu& vcpu);

  // KVM's kvm_vcpu_kick and the VMM's pause: the vCPU leaves its PE with its state saved
  // (KVM_GET_ONE_REG then reads where it stopped) and does not run until Start. Called
  // from another SystemC thread (a VMM's migration thread), which only runs while the PE
  // waits between two batches of instructions, so the state is at an instruction
  // boundary. Nothing happens when the vCPU is not running.
  void Kick(Vcpu& vcpu);

  bool ExceptionToEl2(models::ProcessingElement& pe) override;

  // Replaces the scheduling policy (between runs: it is asked at the next scheduling
  // point; nullptr restores the default).
  void SetSchedulingPolicy(std::unique_ptr<VcpuSchedulingPolicy> policy) {
    scheduling_ = policy ? std::move(policy) : DefaultVcpuSchedulingPolicy();
  }

  const VcpuRunStats& stats() const { return stats_; }
  // Whether the vCPU is on (started and not turned off), loaded on its PE or not.
  bool running(const Vcpu& vcpu) const;

 private:
  struct Core;
  struct Binding {
    Vcpu* vcpu = nullptr;
    models::ProcessingElement* pe = nullptr;
    Core* core = nullptr;
    bool on = false;       // started and not turned off
    bool waiting = false;  // gave its PE away in WFI: runnable again once woken
    // Per guest timer (virtual, physical): its host PPI was acknowledged and is held
    // active until the timer's output drops (KVM's mapped timer interrupt).
    bool timer_ppi_active[2] = {};
  };
  // A PE and the vCPUs placed on it.
  struct Core {
    models::ProcessingElement* pe = nullptr;
    std::vector<Binding*> vcpus;
    Binding* current = nullptr;  // loaded now (nullptr: the PE is off)
    Binding* last = nullptr;     // the vCPU whose stage-1 entries the PE's TLBs may hold
    uint64_t slice_end = 0;      // physical count at which the current slice ends
  };
  Binding* BindingOf(models::ProcessingElement& pe);
  Binding* BindingOf(const Vcpu& vcpu);
  Core* CoreOf(models::ProcessingElement& pe);
  // ExceptionToEl2's work; a handler that lets the trapping instruction run again
  // unchanged sets reexecute_.
  void HandleExit(models::ProcessingElement& pe);
  Binding* BindingByMpidr(uint64_t mpidr);

  // ---- scheduling (vcpu_schedule.cpp) ----
  // VcpuWaker: vCPU `vcpu`, not loaded, got an interrupt request.
  void WakeVcpu(unsigned vcpu) override;
  // A scheduling point of `core`, whose current vCPU (if any) has its state saved and
  // its PE at EL2: picks what runs next and enters it, or powers the PE off.
  void Schedule(Core& core, bool slice_ended);
  // Loads `b` on its core's PE (powering it on if off) and enters it.
  void Load(Core& core, Binding& b);
  // The current vCPU leaves the PE (its state already saved).
  void Unload(Core& core);
  // Before entering: the slice and the waiting vCPUs' timers on the EL2 physical timer.
  void ProgramTick(Core& core);
  // Whether a vCPU that is not loaded has something to wake it: its timers' outputs go to
  // its vGIC PPIs, then its vGIC request is the answer.
  bool WakeConditionMet(Core& core, Binding& b);
  bool Runnable(const Binding& b) const { return b.on && !b.waiting; }
  bool OthersRunnable(const Core& core, const Binding* except) const;
  // A trapped WFI (HCR_EL2.TWI): wait while another vCPU runs, or wait natively.
  void HandleWfi(Binding& b);

  // Each handler leaves the PE as it continues: back in the guest, or powered off.
  // A physical IRQ taken to EL2 while the guest ran (HCR_EL2.IMO): acknowledged on the
  // host GIC; a guest timer's PPI becomes the vCPU's PPI in the vGIC; the scheduler's
  // tick and kick reschedule.
  void HandleHostInterrupt(Binding& b);
  // On every exit: the loaded vCPU's timer outputs into its vGIC PPIs, and a held timer
  // PPI whose output has dropped deactivated on the host GIC.
  void SyncTimers(Binding& b);
  void HandleAbort(Binding& b, uint64_t esr, bool instruction);
  void HandleMmio(Binding& b, uint64_t esr, uint64_t ipa);
  // After an MMIO exit: whether the VMM ended it with an external abort, now injected.
  bool AbortedByVmm(Binding& b, uint64_t esr);
  void HandlePsci(Binding& b);
  void HandleSysregTrap(Binding& b, uint64_t esr);
  void InjectUndefined(models::ProcessingElement& pe);
  // Executes the MRS `mrs` on the PE at EL2; false (the guest's return state kept) when
  // the PE refuses it.
  bool ReadAtEl2(models::ProcessingElement& pe, uint32_t mrs, uint64_t& value);
  // Completes a trapped read: Rt (XZR discards), then the next instruction.
  void WriteRtAndResume(models::ProcessingElement& pe, unsigned rt, uint64_t value);
  // Re-entry after an exit the VMM handled: delivers a pending external abort first.
  void ReenterAfterExit(Binding& b, uint64_t esr);
  // A synchronous external abort for the instruction that trapped with `esr`: a Data
  // Abort, or an Instruction Abort for a fetch.
  void InjectExternalAbort(models::ProcessingElement& pe, uint64_t esr, bool instruction);
  // Takes a synchronous exception with `esr_el1` to the guest's EL1 (enter_exception64).
  void EnterGuestEl1Sync(models::ProcessingElement& pe, uint64_t esr_el1);
  void AdvancePc(models::ProcessingElement& pe) { pe.s.sys.ELR_EL2 += 4; }
  // The vCPU turns off (CPU_OFF, SYSTEM_OFF, a VMM stop): its PE runs another or powers off.
  void Stop(Binding& b);

  Vm& vm_;
  VmmExitHandler& vmm_;
  std::unique_ptr<VcpuSchedulingPolicy> scheduling_;
  std::vector<std::unique_ptr<Binding>> bindings_;
  std::vector<std::unique_ptr<Core>> cores_;
  std::vector<Vcpu*> runnable_;  // scratch for Schedule (no allocation once grown)
  Core* scheduling_now_ = nullptr;  // the core Schedule is deciding for (WakeVcpu need not kick it)
  VcpuRunStats stats_;
  bool reexecute_ = false;
};

}  // namespace mtesim::hyp
