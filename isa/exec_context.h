// The abstract execution context that instruction semantics run against.
//
// It owns the architectural state and gives the semantics the pseudocode's primitives
// (X[], SP, Mem[], exceptions). Memory accesses first try a small software TLB of host
// pointers (filled by the PE model from its MMU and DMI) inline, and only on a miss call
// the virtual slow path. This keeps isa/ free of SystemC and unit-testable with a flat
// memory, while the per-access fast path stays a compare and a load.
#pragma once
#include <optional>
#include <cstdint>
#include <cstring>

#include "isa/arch_state.h"
#include "isa/bits.h"
#include "isa/exception.h"
#include "isa/generic_timer.h"
#include "isa/gic_cpu_interface.h"
#include "isa/insn.h"
#include "isa/mte.h"
#include "isa/register_fields.h"
#include "isa/tag_layout.h"
#include "isa/tlb_invalidation.h"

namespace mtesim::isa {

// Which translation regime / permission view an access uses (like QEMU's mmu_idx).
enum MmuIndex : uint8_t { kMmuEL0 = 0, kMmuEL1 = 1, kMmuEL1Pan = 2, kMmuEL2 = 3, kMmuIndexCount = 4 };

// Why a memory access is made; decides alignment rules and, with the instruction's own
// "tagchecked" flag, tag checking.
enum class AccessKind : uint8_t { Normal, Unprivileged, Ordered, Exclusive, Atomic, DcZva };

// One memory access as the slow path sees it.
struct AccessRequest {
  uint64_t va = 0;
  unsigned size = 0;        // bytes, up to 16 for registers; a whole block for DC ZVA
  unsigned align_size = 0;  // the element size SCTLR_ELx.A alignment is checked against
  bool write = false;
  AccessKind kind = AccessKind::Normal;
  bool tag_checked = true;  // the instruction's tagchecked (a candidate for tag checking)
};

struct SystemRegisterKey;

class ExecContext {
 public:
  ArchState s;
  uint64_t npc = 0;  // address of the next instruction; branches write it

  ExecContext() { FlushFastTlb(); }
  virtual ~ExecContext() = default;
  ExecContext(const ExecContext&) = delete;
  ExecContext& operator=(const ExecContext&) = delete;

  // ---- registers: X[n] reads 0 for n = 31, SP[] reads the current stack pointer ----
  uint64_t X(unsigned n) const { return n == 31 ? 0 : s.R[n]; }
  uint64_t W(unsigned n) const { return n == 31 ? 0 : static_cast<uint32_t>(s.R[n]); }
  uint64_t Xsz(unsigned n, unsigned datasize) const { return datasize == 64 ? X(n) : W(n); }
  void SetX(unsigned n, uint64_t v) { if (n != 31) s.R[n] = v; }
  void SetW(unsigned n, uint64_t v) { if (n != 31) s.R[n] = static_cast<uint32_t>(v); }
  // Write a datasize-bit result; W writes zero-extend into X.
  void SetXsz(unsigned n, uint64_t v, unsigned datasize) { SetX(n, Trunc(v, datasize)); }
  uint64_t XorSP(unsigned n) const { return s.R[n]; }
  void SetXorSP(unsigned n, uint64_t v) { s.R[n] = v; }
  uint64_t SP() const { return s.R[31]; }

  void SetNZCV(bool n, bool z, bool c, bool v) { s.PSTATE.N = n; s.PSTATE.Z = z; s.PSTATE.C = c; s.PSTATE.V = v; }

  // Bank the current SP out and the one selected by PSTATE.{EL,SP} in.
  void SelectStackPointer(const ProcState& old_pstate) {
    const unsigned old_bank = old_pstate.SP ? old_pstate.EL : 0;
    s.SP_el[old_bank] = s.R[31];
    s.R[31] = s.SP_el[s.stack_bank()];
  }

  // ---- memory (Mem[] in the pseudocode) ----
  // `tag_checked` is the instruction's tagchecked flag (false for literal loads and for
  // SP-based immediate forms without writeback); whether the access is then Tag Checked
  // depends on the controls and the memory (isa/mte.h). The fast path compares the
  // pointer's tag with the allocation tags of pages that need checking and leaves any
  // mismatch to the slow path, which applies the full rules. Pages that need no check
  // match on the first compare, so code without MTE pays nothing for it.
  template <typename T> T Read(uint64_t va, AccessKind kind = AccessKind::Normal, bool tag_checked = true) {
    T v;
    if (const uintptr_t host = FastHostAddress<false>(va, sizeof(T), sizeof(T), kind, tag_checked)) {
      std::memcpy(&v, reinterpret_cast<const void*>(host), sizeof(T));
      return v;
    }
    AccessSlow(AccessRequest{va, sizeof(T), sizeof(T), false, kind, tag_checked}, &v);
    return v;
  }

  template <typename T> void Write(uint64_t va, T v, AccessKind kind = AccessKind::Normal, bool tag_checked = true) {
    if (const uintptr_t host = FastHostAddress<true>(va, sizeof(T), sizeof(T), kind, tag_checked)) {
      std::memcpy(reinterpret_cast<void*>(host), &v, sizeof(T));
      return;
    }
    AccessSlow(AccessRequest{va, sizeof(T), sizeof(T), true, kind, tag_checked}, &v);
  }

  // Both registers of a store pair as one access: every granule is checked (and every
  // page translated) before either is written, so a fault leaves memory untouched.
  // Alignment is that of one element.
  template <typename T> void WritePair(uint64_t va, T first, T second, AccessKind kind = AccessKind::Normal,
                                       bool tag_checked = true) {
    T both[2] = {first, second};
    if (const uintptr_t host = FastHostAddress<true>(va, sizeof both, sizeof(T), kind, tag_checked)) {
      std::memcpy(reinterpret_cast<void*>(host), both, sizeof both);
      return;
    }
    AccessSlow(AccessRequest{va, sizeof both, sizeof(T), true, kind, tag_checked}, both);
  }

  // Zeroes `size` bytes (a DC ZVA-style block, naturally aligned, within one page) as one
  // write access of `kind`.
  void ZeroBlock(uint64_t va, unsigned size, AccessKind kind, bool tag_checked);

  // ---- allocation tags (tag loads and stores, LDGM/STGM, DC G*VA) ----
  // AArch64.MemTag[]: translate [va, va + 16 * count) as a read (ReadAllocationTags) or a
  // write (WriteAllocationTags), every page before any tag changes, and access the
  // allocation tags of those `count` granules (va is granule aligned; the range spans at
  // most two pages). Faults are taken as for data accesses. Without `tag_access`
  // (allocation tag access disabled) and on Untagged memory, tags read as 0000 and writes
  // are dropped. These accesses are never Tag Checked.
  static constexpr unsigned kMaxTagGranules = 128;  // a 2 KiB DCZID_EL0 block
  virtual void ReadAllocationTags(uint64_t va, unsigned count, uint8_t* tags, AccessKind kind, bool tag_access) = 0;
  virtual void WriteAllocationTags(uint64_t va, unsigned count, const uint8_t* tags, AccessKind kind,
                                   bool tag_access) = 0;

  // Alignment rules of exclusive, ordered and atomic accesses (FEAT_LSE2 relaxes the
  // latter two to "must not cross a 16-byte boundary").
  void CheckAlignment(uint64_t va, unsigned size, AccessKind kind, bool write);

  // ---- exceptions (AArch64.TakeException and friends) ----
  [[noreturn]] void TakeException(const ExceptionRecord& rec);
  [[noreturn]] void Undefined();
  [[noreturn]] void AlignmentFault(uint64_t va, bool write);
  // Stage-1 faults go to the usual target EL; stage-2 faults (f.stage2) to EL2.
  [[noreturn]] void DataAbort(uint64_t va, const Fault& f);
  // While alive, every Data Abort reports `register_va` in FAR instead of the address that
  // faulted: a fault taken by DC ZVA, DC GVA or DC GZVA, which act on the aligned block,
  // reports the address in the register argument (FAR_EL1 description, Arm ARM D24).
  class RegisterFar {
   public:
    RegisterFar(ExecContext& c, uint64_t register_va) : c_(c) { c_.register_far_ = register_va; }
    ~RegisterFar() { c_.register_far_.reset(); }
    RegisterFar(const RegisterFar&) = delete;
    RegisterFar& operator=(const RegisterFar&) = delete;

   private:
    ExecContext& c_;
  };
  [[noreturn]] void InstructionAbort(uint64_t va, const Fault& f);
  // EC 0x18: a trapped MSR, MRS or system instruction, taken to `target_el` (ISS names
  // op0, op1, CRn, CRm, op2, Rt and the direction).
  [[noreturn]] void SystemAccessTrap(Insn i, bool read, unsigned target_el);
  void ExceptionReturn();  // ERET

  // ---- asynchronous exceptions ----
  // The PE's interrupt request inputs (QEMU's ARM_CPU_IRQ/FIQ/VIRQ/VFIQ), driven by the
  // interrupt controller: physical IRQ and FIQ, and the GIC's virtual IRQ and FIQ
  // (GICv3 list registers). HCR_EL2.VI/VF are ORed into the virtual ones.
  enum InterruptLine : uint8_t { kIrqLine = 1, kFiqLine = 2, kVirqLine = 4, kVfiqLine = 8 };
  void SetInterruptLine(InterruptLine line, bool level) {
    const uint8_t lines = level ? interrupt_lines_ | line : interrupt_lines_ & ~line;
    if (lines == interrupt_lines_) return;
    interrupt_lines_ = lines;
    InterruptMaskingChanged();
  }

  enum class Interrupt : uint8_t { None, Irq, Fiq, SError };
  struct PendingInterrupt {
    Interrupt kind = Interrupt::None;
    uint8_t target_el = 0;
    bool is_virtual = false;
  };
  // The interrupt the PE takes before its next instruction, if any: physical IRQ/FIQ
  // routed to EL1 or (HCR_EL2.IMO/FMO) to EL2, never to a lower EL than the current one,
  // masked by PSTATE.I/F only when taken to the current EL; then the virtual IRQ, FIQ
  // and SError of EL0/EL1 (HCR_EL2.VI/VF/VSE or the GIC's lines, with IMO/FMO/AMO),
  // masked by PSTATE. The order among them is QEMU's (IMPLEMENTATION DEFINED).
  PendingInterrupt PendingInterruptToTake() const;
  // Whether WFI completes: any interrupt the PE could take, masked by PSTATE or not.
  bool InterruptWakesWfi() const;
  // Between instructions (s.PC is the next one): takes the pending interrupt, if any,
  // to its EL's IRQ/FIQ/SError vector. Returns whether one was taken.
  bool TakePendingInterrupt();
  // The interrupt lines, HCR_EL2's virtual interrupt bits or the PSTATE masks changed:
  // an interrupt may have become deliverable, and the PE must look before its next
  // instruction.
  virtual void InterruptMaskingChanged() {}
  // ISR_EL1's I, F and A bits as EL1 reads them (virtual ones under IMO/FMO/AMO).
  uint64_t InterruptStatus() const;

  // ---- generic timers (isa/generic_timer.h) ----
  // CNTVCT_EL0: the physical count less CNTVOFF_EL2 (which applies at every EL, E2H = 0).
  uint64_t VirtualCountNow() { return PhysicalCount() - (have_el2_ ? s.sys.CNTVOFF_EL2 : 0); }
  uint64_t TimerCountNow(GenericTimer t) { return t == GenericTimer::Virtual ? VirtualCountNow() : PhysicalCount(); }
  uint64_t& TimerControl(GenericTimer t) {
    return t == GenericTimer::Physical  ? s.sys.CNTP_CTL_EL0
           : t == GenericTimer::Virtual ? s.sys.CNTV_CTL_EL0
                                        : s.sys.CNTHP_CTL_EL2;
  }
  uint64_t& TimerCompareValue(GenericTimer t) {
    return t == GenericTimer::Physical  ? s.sys.CNTP_CVAL_EL0
           : t == GenericTimer::Virtual ? s.sys.CNTV_CVAL_EL0
                                        : s.sys.CNTHP_CVAL_EL2;
  }
  // The level of the timer's interrupt output now.
  bool TimerOutputNow(GenericTimer t) { return TimerOutput(TimerControl(t), TimerCountNow(t), TimerCompareValue(t)); }
  // The physical count at which the timer's output will rise, or ~0 when it cannot
  // without a register write (disabled, masked, or already asserted).
  uint64_t TimerDeadline(GenericTimer t) {
    const uint64_t ctl = TimerControl(t);
    if (!Bit(ctl, cntctl::ENABLE) || Bit(ctl, cntctl::IMASK)) return ~uint64_t{0};
    const uint64_t count = TimerCountNow(t), cval = TimerCompareValue(t);
    if (TimerConditionMet(count, cval)) return ~uint64_t{0};
    // Beyond the end of the 64-bit physical count (a virtual timer with CNTVOFF_EL2): never.
    const uint64_t physical = PhysicalCount();
    return cval - count > ~uint64_t{0} - physical ? ~uint64_t{0} : physical + (cval - count);
  }

  // ---- the GICv3 CPU interface (isa/gic_cpu_interface.h); nullptr without one ----
  void AttachGicCpuInterface(GicCpuInterface* gic);
  GicCpuInterface* gic_cpu_interface() const { return gic_cpu_; }

  // The EL a synchronous exception goes to when nothing routes it elsewhere: the current
  // EL, at least EL1; EL2 for EL0 while HCR_EL2.TGE is set.
  unsigned DefaultTargetEl() const {
    if (s.PSTATE.EL == 0) return Bit(hcr_, hcr::TGE) ? 2 : 1;
    return s.PSTATE.EL;
  }

  // ---- EL2 ----
  // Whether the PE implements EL2 (ID_AA64PFR0_EL1.EL2); set by the platform before running.
  void ConfigureEl2(bool implemented);
  bool HaveEl2() const { return have_el2_; }
  // HCR_EL2 as it applies to EL0 and EL1 ("the effective value"): 0 without EL2, with
  // the bits HCR_EL2.TGE overrides (E2H = 0) already applied. EL2 itself ignores it.
  uint64_t EffectiveHcr() const { return hcr_; }
  // Whether an access from the current EL is trapped to EL2 by HCR_EL2 bit `bit`.
  bool TrappedByHcr(unsigned bit) const { return s.PSTATE.EL < 2 && Bit(hcr_, bit); }
  // HCR_EL2 was written: recompute the effective value and everything derived from it.
  void HcrChanged();
  // VTTBR_EL2.VMID (16 bits with VTCR_EL2.VS, else 8); 0 without EL2.
  uint16_t CurrentVmid() const {
    if (!have_el2_) return 0;
    const uint64_t vmid = s.sys.VTTBR_EL2 >> 48;
    return static_cast<uint16_t>(Bit(s.sys.VTCR_EL2, vtcr::VS) ? vmid : vmid & 0xFF);
  }

  // ---- translation regimes ----
  Regime CurrentRegime() const { return s.PSTATE.EL == 2 ? Regime::EL2 : Regime::EL10; }
  // SCTLR of the current regime (SCTLR_EL1 at EL0 and EL1, SCTLR_EL2 at EL2).
  uint64_t Sctlr() const { return s.sys.SCTLR(RegimeEl(CurrentRegime())); }

  // ---- system registers (implemented in system_registers.cpp) ----
  uint64_t ReadSystemRegister(Insn i);   // MRS; UNDEF or a trap when not accessible
  void WriteSystemRegister(Insn i, uint64_t v);  // MSR (register)

  // ---- hooks the PE model provides ----
  // HVC #imm where the PE has no EL2 (QEMU's "HVC conduit"): true when the platform
  // firmware handled it (PSCI); otherwise UNDEF. With EL2, HVC is taken to EL2.
  virtual bool Hypercall(uint16_t imm) { return false; }
  // SMC #imm not trapped to EL2 (there is no EL3): true when the firmware (PSCI over the
  // SMC conduit) handled it; otherwise UNDEF.
  virtual bool SecureMonitorCall(uint16_t imm) { return false; }
  virtual void WaitForInterrupt() {}
  // The event register: clears it and says whether it was set (WFE then completes at once).
  virtual bool ClearEventRegister() { return false; }
  virtual void WaitForEvent() {}
  virtual void SendEvent() {}
  virtual void SendEventLocal() {}  // SEVL, and an exception return: sets this PE's event register
  virtual uint64_t PhysicalCount() { return 0; }  // CNTPCT_EL0: the system counter now
  virtual uint64_t CounterFrequency() { return 1000000000; }
  // A generic timer's control, compare value or offset was written (or CNTHCTL_EL2):
  // its output and its next deadline may have changed.
  virtual void TimersChanged() {}
  // Translation state changed (TLBI, TTBR/TCR/SCTLR/MAIR writes): drop cached translations.
  virtual void TranslationChanged() { FlushFastTlb(); }
  // TLB maintenance for the MMU model, decoded by the semantics (which have checked the
  // EL and the traps). The default flushes everything.
  virtual void TlbMaintenance(const TlbInvalidation& op) { TranslationChanged(); }
  // AT: perform a translation and return PAR_EL1's new value. `stage` says which regime
  // and stages the AT asks for.
  enum class AtStage : uint8_t { S1E1, S1E0, S1E2, S12E1, S12E0 };
  virtual uint64_t AddressTranslate(uint64_t va, bool write, AtStage stage, bool pan) { return 1; /* F = 1 */ }
  // Instruction cache invalidation (IC IALLU / IVAU...): drop decoded code.
  virtual void InstructionCacheInvalidate() {}
  // Data cache maintenance by VA: the MMU checks the address translates (faults otherwise).
  virtual void DataCacheMaintenance(uint64_t va) {}
  // PSTATE.EL / PAN / UAO / TCO changed: select the regime's derived views.
  virtual void PstateChanged() {
    ActivateRegime();
    InterruptMaskingChanged();
  }

  // The VA with the top byte stripped when TBI applies to its half (D8.8 of the Arm ARM):
  // what translation, the fast TLB and the exclusive monitor see.
  uint64_t TranslationKey(uint64_t va) const {
    if (Bit(va, 55)) {
      if (tbi_[1]) return va | 0xFF00000000000000ull;
      return mtx_[1] ? va | 0x0F00000000000000ull : va;
    }
    if (tbi_[0]) return va & 0x00FFFFFFFFFFFFFFull;
    return mtx_[0] ? va & 0xF0FFFFFFFFFFFFFFull : va;
  }

  // Recompute the derived views of every regime (TBI, MTX, alignment masks, which
  // fast-TLB views need tag checks) from the system registers, then select the current
  // one. Called when a control register changes; exception entry and return only select.
  void UpdateDerivedState();
  void FlushFastTlb();

  // The MTE features the PE implements; sets the ID registers that report them. Called
  // by the platform before running (and by tests).
  void ConfigureMte(const MteFeatures& features);
  const MteFeatures& mte() const { return mte_; }
  unsigned mte_level() const { return mte_.level; }

  // The tag-check controls that apply to an access of `kind` at the current EL: those of
  // the current regime (SCTLR_EL2/TCR_EL2 at EL2), EL0's (ATA0, TCF0, TCSO0) for EL0 and
  // for unprivileged accesses at EL1, and HCR_EL2.ATA for EL0 and EL1.
  mte::TagCheckControls TagCheckControlsFor(AccessKind kind) const;
  // The controls of `regime` (EL0's for the EL1&0 regime when `el0`), whatever the current EL.
  mte::TagCheckControls TagCheckControlsOf(Regime regime, bool el0) const;
  // Whether an access of `kind` uses the EL0 controls and reports to TFSRE0_EL1.
  bool UsesEl0TagControls(AccessKind kind) const {
    return s.PSTATE.EL == 0 || (kind == AccessKind::Unprivileged && unpriv_mmu_index_ == kMmuEL0);
  }
  // A mismatch found by a Tag Checked access: takes the synchronous fault, records the
  // asynchronous one in TFSR_ELx / TFSRE0_EL1, or does nothing, per TCF (isa/mte.h).
  void TagCheckFailed(uint64_t va, bool write, AccessKind kind);

  // Tag checks counted by how a mismatch would be reported and the access's direction,
  // and the mismatches found: the layout of the counter array the PE attaches (its
  // statistics), indexed by TagCheckCounter. Counted on the inline fast path too.
  enum TagCheckCounter : unsigned {
    kSyncReadChecks, kSyncWriteChecks, kAsyncReadChecks, kAsyncWriteChecks, kSyncFaults, kAsyncFaults,
    kTagCheckCounterCount
  };
  void AttachTagCheckCounters(uint64_t* counters) {
    tag_check_counters_ = counters;
    FlushFastTlb();  // entries point into the counters
  }

  // For the slow paths: whether `access` is Tag Checked on memory that is (or is not)
  // Tagged, and the check itself given the allocation tags of the granules it touches,
  // in address order (acts on a mismatch through TagCheckFailed).
  bool IsTagChecked(const AccessRequest& access, bool memory_tagged) const {
    return access.tag_checked && mte_.level >= 2 &&
           mte::AccessIsTagChecked(access.va, access.write, memory_tagged, TagCheckControlsFor(access.kind));
  }
  // The fault address is that of the first mismatching granule (the access's own
  // address when it is the first granule), as QEMU reports it.
  void CheckTags(const AccessRequest& access, const uint8_t* allocation_tags, unsigned count) {
    const mte::TagCheckFault fault = mte::TagCheckFaultFor(TagCheckControlsFor(access.kind).tcf, access.write, mte_.level);
    if (fault != mte::TagCheckFault::None) ++tag_check_counters_[CheckCounterIndex(fault, access.write)];
    const unsigned logical = mte::AllocationTagFromAddress(access.va);
    for (unsigned g = 0; g < count; ++g) {
      if (allocation_tags[g] != logical) {
        const uint64_t fault_va = g == 0 ? access.va : mte::AlignToGranule(access.va) + mte::kTagGranule * g;
        TagCheckFailed(fault_va, access.write, access.kind);
        return;  // one report per access
      }
    }
  }

 protected:
  // Miss path: translate, check, access (may throw ExceptionTaken), and possibly fill
  // the fast TLB for the access's page.
  virtual void AccessSlow(const AccessRequest& access, void* data) = 0;

  // The memory-access seam's inline half (models/pe/memory_access.h). While set, the
  // fast TLB keeps its pages in a third array that only a miss of the other two reaches,
  // and every access served from it is reported here (the slow path reports its own):
  // functional runs, with no observer, pay nothing on a hit.
  bool observe_fast_accesses_ = false;
  // `pa` is the access's physical address; `tagged` says its page is Tagged memory with
  // tag storage.
  virtual void FastAccessObserved(uint64_t va, uint64_t pa, unsigned size, bool write, AccessKind kind,
                                  bool tag_checked, bool tagged) {}
  // Selects observed filling; the fast TLB starts empty again.
  void ObserveFastAccesses(bool observe) {
    observe_fast_accesses_ = observe;
    FlushFastTlb();
  }
  // The physical page the fast TLB maps `va`'s page to for accesses through `mmu_index`
  // (valid only right after a fast-path hit on that page).
  uint64_t FastTlbPhysicalPage(uint64_t va, uint8_t mmu_index) const {
    return fast_tlb_checked_[mmu_index][(TranslationKey(va) >> 12) & (kFastTlbSize - 1)].pa_page;
  }

  // The inline fast path (every Read and Write): the host address of an access of `size`
  // bytes at `va` when the fast TLB holds its page for the direction, the access stays in
  // the page, the low address bits pass SCTLR.A's check for `align` bytes, and (for pages
  // whose accesses need it) the pointer's tag matches every granule touched; else 0, and
  // the caller takes the slow path.
  template <bool kWrite>
  __attribute__((always_inline)) uintptr_t FastHostAddress(uint64_t va, unsigned size, unsigned align,
                                                           AccessKind kind, bool tag_checked) {
    const uint8_t idx = kind == AccessKind::Unprivileged ? unpriv_mmu_index_ : mmu_index_;
    const uint64_t key = TranslationKey(va);
    const unsigned slot = (key >> 12) & (kFastTlbSize - 1);
    const FastTlbEntry& e = fast_tlb_[idx][slot];
    const uint64_t masked = key & align_check_mask_[align];
    const bool in_page = (key & 0xFFF) <= 0x1000 - size;
    if (__builtin_expect(masked == (kWrite ? e.write_page : e.read_page) && in_page, 1)) return e.addend + key;
    // Only pages whose accesses need a tag check reach the second array.
    const FastTlbCheckedEntry& checked = fast_tlb_checked_[idx][slot];
    if (masked == (kWrite ? checked.write_page : checked.read_page) && in_page &&
        (!tag_checked || TagsMatch(e.tags, key, va, size))) {
      if (tag_checked) ++*checked.checks[kWrite];
      return e.addend + key;
    }
    if (__builtin_expect(observe_fast_accesses_, 0))
      return ObservedHostAddress<kWrite>(va, key, masked, size, idx, kind, tag_checked);
    return 0;
  }

  // FastHostAddress's third array, out of line so the inline part stays small: the page
  // is reported to FastAccessObserved when the access is served.
  template <bool kWrite>
  __attribute__((noinline)) uintptr_t ObservedHostAddress(uint64_t va, uint64_t key, uint64_t masked, unsigned size,
                                                          uint8_t idx, AccessKind kind, bool tag_checked) {
    const unsigned slot = (key >> 12) & (kFastTlbSize - 1);
    const FastTlbEntry& e = fast_tlb_[idx][slot];
    const FastTlbObservedEntry& o = fast_tlb_observed_[idx][slot];
    const bool check = tag_checked && o.check[kWrite];
    if (masked != o.page[kWrite] || (key & 0xFFF) > 0x1000 - size || (check && !TagsMatch(e.tags, key, va, size)))
      return 0;
    if (check) ++*fast_tlb_checked_[idx][slot].checks[kWrite];
    FastAccessObserved(va, fast_tlb_checked_[idx][slot].pa_page | (key & 0xFFF), size, kWrite, kind, tag_checked,
                       e.tags != nullptr);
    return e.addend + key;
  }

  // The tag storage of the page holding `va` when the inline fast TLB already allows a
  // data access of that direction there (so the translation and permissions are settled,
  // and the memory is Tagged with tag storage and not NoTagAccess); nullptr otherwise.
  // Tag instructions use it to skip the MMU for pages their data accesses have touched.
  uint8_t* FastTlbPageTags(uint64_t va, bool write, AccessKind kind) const {
    const uint8_t idx = kind == AccessKind::Unprivileged ? unpriv_mmu_index_ : mmu_index_;
    const uint64_t page = TranslationKey(va) & ~uint64_t{0xFFF};
    const unsigned slot = (page >> 12) & (kFastTlbSize - 1);
    const FastTlbEntry& e = fast_tlb_[idx][slot];
    const FastTlbCheckedEntry& checked = fast_tlb_checked_[idx][slot];
    const bool hit = write ? (page == e.write_page || page == checked.write_page)
                           : (page == e.read_page || page == checked.read_page);
    if (!hit && observe_fast_accesses_) return page == fast_tlb_observed_[idx][slot].page[write] ? e.tags : nullptr;
    return hit ? e.tags : nullptr;
  }

  // Allocation tag of granule g of a page's tag storage (isa/tag_layout.h).
  static unsigned PageTag(const uint8_t* page_tags, unsigned granule) {
    return mte::ReadAllocationTag(page_tags, uint64_t{granule} * mte::kTagGranuleBytes);
  }
  // Whether every granule of [key, key + size) (inside one page) has va's logical tag.
  static bool TagsMatch(const uint8_t* page_tags, uint64_t key, uint64_t va, unsigned size) {
    const unsigned logical = mte::AllocationTagFromAddress(va);
    const unsigned offset = static_cast<unsigned>(key & 0xFFF);
    for (unsigned g = offset >> 4, last = (offset + size - 1) >> 4; g <= last; ++g)
      if (PageTag(page_tags, g) != logical) return false;
    return true;
  }

  static constexpr unsigned kFastTlbSize = 256;
  // Split in two arrays so the hot one stays 32 bytes an entry (two per cache line):
  // accesses that need no tag check only ever read the first.
  struct FastTlbEntry {
    uint64_t read_page;   // page VA (translation key) readable through addend, or ~0
    uint64_t write_page;  // page VA writable through addend, or ~0
    uintptr_t addend;     // host address = addend + VA
    uint8_t* tags;  // the page's allocation tags (128 bytes) when the memory is Tagged
  };
  struct FastTlbCheckedEntry {
    // The page VA for accesses that need the inline tag check against `tags`;
    // read_page / write_page are ~0 then.
    uint64_t read_page;
    uint64_t write_page;
    uint64_t pa_page;     // physical page, for invalidation when code is decoded
    // The tag-check counters reads [0] and writes [1] of the page count in, resolved when
    // the entry is filled (the check mode is the page's regime's and half's).
    uint64_t* checks[2];
  };
  // While accesses are observed, the fast TLB's pages for reads [0] and writes [1], and
  // whether an access there needs the inline tag check.
  struct FastTlbObservedEntry {
    uint64_t page[2];
    bool check[2];
  };
  // `page_tags` is the page's tag storage when the memory is Tagged, else nullptr.
  void FillFastTlb(uint64_t va, uint8_t mmu_index, bool readable, bool writable, uint8_t* host_page, uint64_t pa_page,
                   uint8_t* page_tags = nullptr);
  void DropFastTlbWrites(uint64_t pa_page);

  FastTlbEntry fast_tlb_[kMmuIndexCount][kFastTlbSize];
  FastTlbCheckedEntry fast_tlb_checked_[kMmuIndexCount][kFastTlbSize];
  FastTlbObservedEntry fast_tlb_observed_[kMmuIndexCount][kFastTlbSize];
  MteFeatures mte_;
  bool have_el2_ = false;
  uint64_t hcr_ = 0;  // EffectiveHcr()
  uint8_t interrupt_lines_ = 0;  // InterruptLine bits
  GicCpuInterface* gic_cpu_ = nullptr;
  // Whether an access through the fast TLB of [mmu index][VA[55]][write] can need a tag
  // check: the controls allow checking and TCF makes a mismatch matter.
  bool fast_tag_check_[kMmuIndexCount][2][2] = {};
  // For those views, the TagCheckCounter a check there counts in (resolved into each
  // checked entry when it is filled).
  uint8_t fast_check_counter_[kMmuIndexCount][2][2] = {};
  static unsigned CheckCounterIndex(mte::TagCheckFault fault, bool write) {
    return (fault == mte::TagCheckFault::Synchronous ? kSyncReadChecks : kAsyncReadChecks) + (write ? 1 : 0);
  }
  // The PE's counters (statistics); until it attaches them, a private array.
  uint64_t unattached_check_counters_[kTagCheckCounterCount] = {};
  uint64_t* tag_check_counters_ = unattached_check_counters_;
  uint8_t mmu_index_ = kMmuEL1;
  uint8_t unpriv_mmu_index_ = kMmuEL0;

  // What the inline fast path needs from a regime's controls, recomputed only when they
  // change (UpdateDerivedState) and copied into the active fields below when the regime
  // changes (exception entry and return between EL2 and EL1/EL0).
  struct RegimeView {
    bool tbi[2] = {false, false};
    bool mtx[2] = {false, false};  // FEAT_MTE_NO_ADDRESS_TAGS: VA[59:56] ignored by translation
    // Mask that keeps the page bits, plus the low address bits that must be zero under
    // SCTLR_ELx.A (or stage 1 off: Device memory): a misaligned key never matches a page,
    // so the slow path faults.
    uint64_t align_check_mask[17] = {};
  };
  RegimeView regime_view_[kRegimeCount];
  bool tbi_[2] = {false, false};
  bool mtx_[2] = {false, false};
  uint64_t align_check_mask_[17] = {};

 private:
  std::optional<uint64_t> register_far_;  // see RegisterFar
  RegimeView ComputeRegimeView(Regime r) const;
  // AArch64.TakeException's common part: SPSR and ELR of `target`, PSTATE, the stack
  // pointer, and the vector (`vector_type_offset` is 0x000 synchronous, 0x080 IRQ, 0x100
  // FIQ, 0x180 SError; the group offset is added here).
  void EnterException(unsigned target, uint64_t vector_type_offset, uint64_t preferred_return);
  void ActivateRegime();
  void UpdateTagCheckViews();
};

// ConditionHolds in the pseudocode, as a lookup: bit NZCV of kConditionTable[cond] says
// whether `cond` holds for those flags (built in exec_context.cpp from the definition).
extern const uint16_t kConditionTable[16];
inline bool ConditionHolds(const ProcState& p, unsigned cond) {
  const unsigned nzcv = unsigned{p.N} << 3 | unsigned{p.Z} << 2 | unsigned{p.C} << 1 | unsigned{p.V};
  return (kConditionTable[cond & 15] >> nzcv) & 1;
}

}  // namespace mtesim::isa
