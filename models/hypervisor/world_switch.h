// The world switch (KVM's __kvm_vcpu_run / __sysreg_restore_state_nvhe): loads a vCPU's
// saved state into a PE that is at EL2, programs the EL2 controls that run it as a guest
// (HCR_EL2, VTTBR_EL2/VTCR_EL2, VPIDR/VMPIDR_EL2, ICH_HCR_EL2, the virtual interrupt lines) and enters it with an exception return;
// on an exit to EL2 it saves the state back. Only the PE's architectural registers are
// touched, as real EL2 code would.
#pragma once
#include <cstdint>

#include "isa/tlb_invalidation.h"
#include "models/hypervisor/vcpu.h"
#include "models/hypervisor/vm.h"
#include "models/pe/processing_element.h"

namespace mtesim::hyp {

// HCR_EL2 while the vCPU runs: the vCPU's KVM flags, WFE never trapped (a WFE waits for
// an event from a vCPU that runs elsewhere, or briefly), WFI as `trap_wfi` says.
// `trap_wfi`: HCR_EL2.TWI, set while other vCPUs share the PE, so a vCPU that waits gives
// the PE away (KVM clears TWI when the vCPU is alone on its CPU: kvm_vcpu_should_clear_twi).
uint64_t GuestHcr(const Vcpu& vcpu, bool trap_wfi = false);

// Loads `vcpu` of `vm` into `pe` (at EL2) and programs EL2 for it; the PE then continues
// in the guest at the vCPU's PC and PSTATE.
void EnterVcpu(models::ProcessingElement& pe, Vm& vm, Vcpu& vcpu, bool trap_wfi = false);
// Saves the guest's state from `pe` (just entered EL2 from it) into `vcpu`: PC and PSTATE
// from ELR_EL2/SPSR_EL2.
void SaveVcpu(models::ProcessingElement& pe, Vcpu& vcpu);
// The vCPU leaves `pe` for good (it stopped, and the PE is powered off): its interrupt
// request no longer reaches the PE.
void PutVcpu(models::ProcessingElement& pe, Vm& vm, Vcpu& vcpu);
// Saves the state of the guest `pe` is running (not in an exit: it waits between two
// batches of guest instructions) into `vcpu`: PC and PSTATE are the live ones. The state
// a kick leaves, as KVM's vCPU returning from KVM_RUN on a signal.
void SaveRunningVcpu(models::ProcessingElement& pe, Vcpu& vcpu);
// Returns to the guest state held in the PE's EL2 registers (ELR_EL2/SPSR_EL2) without a
// full switch: the exit was handled in place.
void ResumeGuest(models::ProcessingElement& pe);

// Drops what `pe` may cache of `vm`'s stage 2 for [ipa, ipa + size), as KVM's
// kvm_tlb_flush_vmid_ipa (one page: IPAS2E1 then VMALLE1, since combined stage-1+2
// entries are not tagged by IPA) or kvm_tlb_flush_vmid (VMALLS12E1).
void FlushStage2(models::ProcessingElement& pe, const Vm& vm, uint64_t ipa, uint64_t size);

}  // namespace mtesim::hyp
