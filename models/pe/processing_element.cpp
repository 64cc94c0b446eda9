#include "models/pe/processing_element.h"

#include <algorithm>
#include <cstring>

#include "isa/decoder.h"
#include "isa/syndrome.h"

namespace mtesim::models {

namespace hcr = isa::hcr;

ProcessingElement::ProcessingElement(sc_core::sc_module_name name, const PeConfig& config, PeHost& host,
                                     stats::Group& stats)
    : sc_module(name), socket("socket"), config_(config), host_(host), mmu_(*this) {
  RegisterStatistics(stats);
  s.id.MPIDR_EL1 = 0x80000000u | config.affinity;
  attributes_ = new tlmx::MemoryAttributes;
  attributes_->initiator_id = config.index;
  payload_.set_extension(attributes_);
  SC_HAS_PROCESS(ProcessingElement);
  SC_THREAD(Run);
}

void ProcessingElement::RegisterStatistics(stats::Group& group) {
  counters_ = &group.AddCounters({
      {"instructions", "instructions retired (a faulting instruction counts: --max-insns counts the same way)"},
      {"cycles", "cycles the PE spent running (functional mode: one per instruction)"},
      {"slow_accesses", "data accesses the inline TLB did not serve (translation, tag check or device)"},
      {"mmio_accesses", "device (MMIO) transactions"},
      {"interrupts_taken", "IRQ, FIQ and SError exceptions taken"},
      {"sleeps", "times the PE went to sleep in WFI or WFE"},
      {"tag_reads", "allocation tags read by tag instructions (LDG, LDGM), in granules"},
      {"tag_writes", "allocation tags written by tag instructions (STG..., STGM, DC G*VA), in granules"},
      {"exception_cycles", "timing mode: cycles spent taking synchronous exceptions"},
  });
  group.AddFormula({"cpi", "cycles per instruction"},
                   [this] { return double((*counters_)[kCycles]) / double((*counters_)[kInstructions]); });
  group.AddFormula({"seconds_asleep", "simulated seconds spent asleep in WFI or WFE"},
                   [this] { return asleep_time_.to_seconds(); });
  std::vector<stats::StatName> classes;
  for (unsigned ec = 0; ec < 64; ++ec) {
    char name[8];
    std::snprintf(name, sizeof name, "ec_%02x", ec);
    classes.push_back({name, "synchronous exceptions taken with this exception class (ESR_ELx.EC)"});
  }
  exceptions_by_class_ = &group.Child("exceptions").AddCounters(std::move(classes));
  tag_checks_ = &group.Child("mte").AddCounters({
      {"sync_read_checks", "Tag Checked reads whose mismatch is a synchronous fault"},
      {"sync_write_checks", "Tag Checked writes whose mismatch is a synchronous fault"},
      {"async_read_checks", "Tag Checked reads whose mismatch is recorded asynchronously (TFSR)"},
      {"async_write_checks", "Tag Checked writes whose mismatch is recorded asynchronously (TFSR)"},
      {"sync_faults", "tag check faults taken synchronously"},
      {"async_faults", "tag check faults recorded in TFSR_ELx / TFSRE0_EL1"},
  });
  AttachTagCheckCounters(&(*tag_checks_)[0]);
}

void ProcessingElement::AttachMemoryAccessPort(MemoryAccessPort* port) {
  port_ = port;
  ObserveFastAccesses(port != nullptr);
}

void ProcessingElement::EnableTiming(const PeTimingParams& params) {
  timing_ = port_ != nullptr;
  timing_params_ = params;
  fetch_line_shift_ = static_cast<unsigned>(__builtin_ctz(params.fetch_line_bytes));
}

void ProcessingElement::AttachMemory(const std::vector<std::pair<uint64_t, uint64_t>>& ranges, CodeCache& code) {
  for (const auto& [base, size] : ranges) {
    tlm::tlm_generic_payload probe;
    probe.set_address(base);
    probe.set_command(tlm::TLM_READ_COMMAND);
    tlm::tlm_dmi dmi;
    if (socket->get_direct_mem_ptr(probe, dmi) && dmi.is_read_allowed() && dmi.get_start_address() <= base &&
        dmi.get_end_address() >= base + size - 1) {
      HostRegion region;
      region.base = base;
      region.size = size;
      region.host = dmi.get_dmi_ptr() + (base - dmi.get_start_address());
      region.writable = dmi.is_write_allowed();
      memory_.Add(region);
    }
  }
  code_ = &code;
  code.AddListener([this](uint64_t pa_page) { DropFastTlbWrites(pa_page); });
}

void ProcessingElement::PowerOn(uint64_t entry, uint64_t x0, unsigned el) {
  // Architectural reset (platform.md, boot protocol): the ELs' registers take their reset
  // values (isa/arch_state.h: RES1 bits, MMUs and caches off), the PE enters `el` with
  // SP_ELx selected and DAIF masked.
  const isa::IdRegisters id = s.id;  // configured by the platform, survive reset
  s = isa::ArchState{};
  s.id = id;
  // Reads of MIDR_EL1/MPIDR_EL1 from EL1 return these until EL2 programs them (as QEMU).
  s.sys.VPIDR_EL2 = id.MIDR_EL1;
  s.sys.VMPIDR_EL2 = id.MPIDR_EL1;
  s.PSTATE.EL = static_cast<uint8_t>(el);
  s.PC = entry;
  s.R[0] = x0;
  mmu_.InvalidateAll();
  HcrChanged();  // recomputes the derived views and the translation controls
  power_ = Power::On;
  sleep_ = Sleep::Awake;
  event_register_ = false;
  TimersChanged();  // the timers reset disabled: their outputs drop
  host_.PeReset(*this);
  power_on_event_.notify(sc_core::SC_ZERO_TIME);
}

void ProcessingElement::PowerOff() {
  power_ = Power::Off;
  if (sleep_ != Sleep::Awake) {
    sleep_ = Sleep::Awake;
    wake_event_.notify(sc_core::SC_ZERO_TIME);
  }
  EndBatch();
}

// ---------------------------------------------------------------------------------------
// Run loop

void ProcessingElement::Run() {
  qk_.reset();
  const uint64_t quantum_cycles = std::max<uint64_t>(1, qk_.get_global_quantum().value() / config_.cycle.value());
  for (;;) {
    if (power_ != Power::On) {
      host_.PeStopped(*this);
      wait(power_on_event_);
      continue;
    }
    if (sleep_ != Sleep::Awake) {
      SleepUntilWoken();
      continue;
    }
    // A batch ends no later than the next timer deadline, so timer interrupts arrive at
    // the instruction they are due (the check costs nothing per instruction). Every
    // instruction takes at least a cycle, so the cycles are also an instruction budget.
    const uint64_t cycles = std::min(quantum_cycles, CyclesUntilCount(next_timer_deadline_));
    batch_cycle_limit_ = timing_ ? cycles : ~uint64_t{0};
    const uint64_t budget = host_.TakeInstructionBudget(cycles);
    if (budget == 0) {  // the VM is stopping or the run pausing
      host_.WaitForBudget();
      continue;
    }
    const uint64_t executed = ExecuteBatch(budget);
    if (executed < budget) host_.ReturnInstructionBudget(budget - executed);
    (*counters_)[kInstructions] += executed;
    const uint64_t used = BatchCycles();
    (*counters_)[kCycles] += used;
    qk_.inc(config_.cycle * static_cast<double>(used));
    batch_retired_ = batch_cycles_ = 0;  // PhysicalCount() now reads the quantum keeper alone
    if (next_timer_deadline_ != ~uint64_t{0} && PhysicalCount() >= next_timer_deadline_) TimersChanged();
    if (qk_.need_sync() || executed < budget) qk_.sync();
  }
}

void ProcessingElement::SleepUntilWoken() {
  // Asleep, simulated time passes without instructions: bring the local time into
  // SystemC's, then wait for a wake-up event or the next deadline. When every PE sleeps,
  // SystemC jumps straight to the earliest deadline; when none is left, sc_start returns
  // and the platform reports that nothing can wake the VM.
  qk_.sync();
  host_.PeSleeping(*this, true);
  ++(*counters_)[kSleeps];
  const sc_core::sc_time fell_asleep = sc_core::sc_time_stamp();
  while (sleep_ != Sleep::Awake && power_ == Power::On) {
    if (next_timer_deadline_ != ~uint64_t{0} && PhysicalCount() >= next_timer_deadline_) TimersChanged();
    if (WakeConditionMet()) break;
    const uint64_t event_stream = sleep_ == Sleep::Wfe ? NextEventStreamCount(PhysicalCount()) : ~uint64_t{0};
    sc_core::sc_time until;
    const bool timed = TimeOfCount(std::min(next_timer_deadline_, event_stream), &until);
    const sc_core::sc_time now = sc_core::sc_time_stamp();
    sc_core::sc_time timeout = timed && until > now ? until - now : sc_core::SC_ZERO_TIME;
    // A WFE is also woken when a store by another PE clears this PE's exclusive monitor
    // (how LDAXR + WFE lock loops wait), which mtesim does not observe (stores go through
    // DMI). So while the monitor is armed and another PE could store, look again every
    // quantum (WFE may complete early for IMPLEMENTATION DEFINED reasons, so this is
    // allowed); with the monitor clear, only SEV, an interrupt or the event stream can
    // end the wait, and the PE sleeps until then.
    const sc_core::sc_time quantum = qk_.get_global_quantum();
    const bool look_after_quantum =
        sleep_ == Sleep::Wfe && s.excl_valid && host_.OtherPeMayStore(*this) && (!timed || quantum < timeout);
    if (look_after_quantum) timeout = quantum;
    if (timed || look_after_quantum) wait(timeout, wake_event_);
    else wait(wake_event_);
    if (event_stream != ~uint64_t{0} && PhysicalCount() >= event_stream) event_register_ = true;
    if (look_after_quantum) break;
  }
  if (sleep_ == Sleep::Wfe) {
    event_register_ = false;  // WFE consumes the event that woke it
    stream_seen_until_ = PhysicalCount();
  }
  sleep_ = Sleep::Awake;
  asleep_time_ += sc_core::sc_time_stamp() - fell_asleep;
  host_.PeSleeping(*this, false);
}

bool ProcessingElement::WakeConditionMet() const {
  if (sleep_ == Sleep::Wfi) return InterruptWakesWfi();
  // WFE: the event register, or an interrupt the PE would take now.
  return event_register_ || PendingInterruptToTake().kind != Interrupt::None;
}

uint64_t ProcessingElement::ExecuteBatch(uint64_t budget) {
  batch_retired_ = batch_cycles_ = 0;
  batch_budget_ = budget;
  while (batch_retired_ < batch_budget_ && power_ == Power::On) {
    // Asynchronous exceptions are taken between instructions; whatever can make one
    // deliverable ends the batch (InterruptMaskingChanged), so this is where they land.
    if (TakePendingInterrupt()) {
      ++(*counters_)[kInterruptsTaken];
      if (observer_) ReportException(TakenException::Kind::Irq);  // refined from the vector offset
      if (el2_model_ && s.PSTATE.EL == 2) el2_model_->ExceptionToEl2(*this);
    }
    if (batch_cycles_ >= batch_cycle_limit_) break;
    try {
      if (port_) {
        if (observer_) ExecuteLoop<true, true>();
        else ExecuteLoop<false, true>();
      } else {
        if (observer_) ExecuteLoop<true, false>();
        else ExecuteLoop<false, false>();
      }
    } catch (const isa::ExceptionTaken&) {
      ExceptionTakenInBatch();
    }
  }
  return batch_retired_;
}

// kSeam: a memory-access port is attached, so instruction fetches are reported line by
// line and instructions are costed by class (used in timing mode; with an observer alone
// the cycle limit stays open and time is one cycle per instruction).
template <bool kObserved, bool kSeam>
uint64_t ProcessingElement::ExecuteLoop() {
  while (batch_retired_ < batch_budget_ && (!kSeam || batch_cycles_ < batch_cycle_limit_)) {
    // Masking out bits [11:2] keeps the page and the two alignment bits, so a misaligned
    // PC or a new page both take the refill path (which raises the PC alignment fault).
    if (__builtin_expect((s.PC & ~uint64_t{0xFFC}) != fetch_page_, 0)) RefillFetch();
    if (kSeam && (s.PC >> fetch_line_shift_) != fetch_line_) FetchLine();
    const DecodedInsn& d = fetch_block_[(s.PC >> 2) & 1023];
    const uint64_t pc = s.PC;
    const uint8_t el = kObserved ? s.PSTATE.EL : 0;
    npc = s.PC + 4;
    d.fn(*this, isa::Insn{d.raw});
    // After the semantics ran: a first execution has just decoded the entry.
    if (kSeam) batch_cycles_ += timing_params_.latency[static_cast<unsigned>(d.insn_class)];
    if (kObserved) observer_->Retired(config_.index, RetiredInsn{pc, d.raw, el, d.insn_class});
    s.PC = npc;
    ++batch_retired_;
  }
  return batch_retired_;
}

void ProcessingElement::FetchLine() {
  fetch_line_ = s.PC >> fetch_line_shift_;
  const uint64_t line_mask = (uint64_t{1} << fetch_line_shift_) - 1;
  ReportAccess(s.PC & ~line_mask, fetch_pa_page_ | (s.PC & 0xFFF & ~line_mask), 1u << fetch_line_shift_,
               MemoryAccessKind::Fetch, false, TagCheckTiming::None);
}

void ProcessingElement::ExceptionTakenInBatch() {
  // The faulting instruction did not retire, but it counts against the budget so that a
  // guest that faults forever still stops at --max-insns.
  ++batch_retired_;
  if (timing_) {
    batch_cycles_ += timing_params_.exception_cycles;
    (*counters_)[kExceptionCycles] += timing_params_.exception_cycles;
  }
  if (observer_) ReportException(TakenException::Kind::Synchronous);
  // The exception was taken to the current EL.
  const uint64_t esr = s.sys.ESR(s.PSTATE.EL);
  const unsigned ec = static_cast<unsigned>(esr >> 26) & 63;
  ++(*exceptions_by_class_)[ec];
  // EL2 as a model: it decides how the PE continues (and whether a guest is stuck; a
  // guest re-faulting on one instruction while its stage 2 fills in is normal there).
  if (el2_model_ && s.PSTATE.EL == 2) {
    if (!el2_model_->ExceptionToEl2(*this)) --batch_retired_;
    return;
  }
  // Two exceptions in a row to the same vector with nothing retired between them repeat
  // forever (e.g. the vector itself is unmapped or undefined): the VM cannot progress.
  const uint64_t step = instructions() + batch_retired_;
  if (step == last_exception_step_ + 1 && s.PC == last_exception_vector_) {
    char reason[160];
    std::snprintf(reason, sizeof reason, "PE %u is stuck taking exceptions at vector 0x%llx (ESR_EL%u 0x%llx)",
                  config_.index, static_cast<unsigned long long>(s.PC), s.PSTATE.EL,
                  static_cast<unsigned long long>(esr));
    power_ = Power::Halted;
    host_.StopVm(2, reason);
  }
  last_exception_step_ = step;
  last_exception_vector_ = s.PC;
}

void ProcessingElement::ReportException(TakenException::Kind kind) {
  TakenException e;
  const unsigned el = s.PSTATE.EL;
  e.to_el = static_cast<uint8_t>(el);
  e.from_el = static_cast<uint8_t>((s.sys.SPSR(el) >> 2) & 3);
  e.esr = s.sys.ESR(el);
  e.far = s.sys.FAR(el);
  e.elr = s.sys.ELR(el);
  e.vector = s.PC;
  // An asynchronous exception's kind is its vector's (VBAR + 0x80 IRQ, 0x100 FIQ, 0x180 SError).
  if (kind != TakenException::Kind::Synchronous) kind = static_cast<TakenException::Kind>((s.PC >> 7) & 3);
  e.kind = kind;
  observer_->ExceptionTaken(config_.index, e);
}

void ProcessingElement::DecodeOnFirstUse(isa::ExecContext& c, isa::Insn i) {
  auto& pe = static_cast<ProcessingElement&>(c);
  DecodedInsn& d = pe.fetch_block_[(pe.s.PC >> 2) & 1023];
  const isa::Encoding* e = isa::Decoder::Instance().Find(i.raw);
  d.fn = e ? e->exec : &isa::UnallocatedEncoding;
  d.insn_class = e ? e->insn_class : isa::InsnClass::System;
  d.fn(c, i);
}

void ProcessingElement::RefillFetch() {
  fetch_page_ = ~uint64_t{0};
  if (s.PSTATE.IL) TakeException(isa::ExceptionRecord{isa::ExceptionClass::IllegalState, 0, false, 0, false});
  if (s.PC & 3) TakeException(isa::ExceptionRecord{isa::ExceptionClass::PCAlignment, 0, true, s.PC, false});
  mmu::AccessContext who;
  who.el0 = s.PSTATE.EL == 0;
  const mmu::Translation t = mmu_.Translate(Controls(), s.PC, mmu::AccessType::Fetch, who);
  if (!t.ok) InstructionAbort(s.PC, t.fault);
  const uint64_t pa_page = t.pa & ~uint64_t{0xFFF};
  if (!memory_.Find(pa_page, 0x1000)) {
    isa::Fault f;
    f.kind = isa::FaultKind::ExternalAbort;
    InstructionAbort(s.PC, f);
  }
  fetch_block_ = code_->Lookup(pa_page)->insn;
  fetch_page_ = s.PC & ~uint64_t{0xFFF};
  fetch_pa_page_ = pa_page;
  fetch_line_ = ~uint64_t{0};
}

// ---------------------------------------------------------------------------------------
// Memory

void ProcessingElement::RebuildControls() {
  const uint64_t hcr = EffectiveHcr();
  mmu::TranslationControls& el10 = controls_[static_cast<unsigned>(isa::Regime::EL10)];
  el10 = mmu::TranslationControls{};
  el10.regime = isa::Regime::EL10;
  // HCR_EL2.TGE and HCR_EL2.DC turn stage 1 off ("SCTLR_EL1.M behaves as 0"); DC gives
  // Normal write-back memory instead of Device (Tagged with DCT) and turns stage 2 on.
  el10.sctlr = s.sys.SCTLR_EL1;
  if (isa::Bit(hcr, hcr::TGE) || isa::Bit(hcr, hcr::DC)) el10.sctlr &= ~uint64_t{1};
  el10.tcr = s.sys.TCR_EL1;
  el10.ttbr0 = s.sys.TTBR0_EL1;
  el10.ttbr1 = s.sys.TTBR1_EL1;
  el10.mair = s.sys.MAIR_EL1;
  el10.vmid = CurrentVmid();
  el10.default_cacheable = isa::Bit(hcr, hcr::DC);
  el10.default_tagged = el10.default_cacheable && isa::Bit(hcr, hcr::DCT);
  mmu::Stage2Controls& s2 = el10.stage2;
  s2.enabled = isa::Bit(hcr, hcr::VM) || isa::Bit(hcr, hcr::DC);
  s2.vtcr = s.sys.VTCR_EL2;
  s2.vttbr = s.sys.VTTBR_EL2;
  s2.fwb = isa::Bit(hcr, hcr::FWB);
  s2.ptw = isa::Bit(hcr, hcr::PTW);
  s2.cd = isa::Bit(hcr, hcr::CD);
  s2.mte_perm = mte().perm;

  mmu::TranslationControls& el2 = controls_[static_cast<unsigned>(isa::Regime::EL2)];
  el2 = mmu::TranslationControls{};
  el2.regime = isa::Regime::EL2;
  el2.sctlr = s.sys.SCTLR_EL2;
  el2.tcr = s.sys.TCR_EL2;
  el2.ttbr0 = s.sys.TTBR0_EL2;
  el2.mair = s.sys.MAIR_EL2;
  // Fetching from Device memory is CONSTRAINED UNPREDICTABLE; QEMU (the oracle) executes it.
  el10.device_fetch_faults = el2.device_fetch_faults = false;
}

mmu::AccessContext ProcessingElement::Who(isa::AccessKind kind) const {
  const uint8_t idx = kind == isa::AccessKind::Unprivileged ? unpriv_mmu_index_ : mmu_index_;
  mmu::AccessContext who;
  who.el0 = idx == isa::kMmuEL0;
  who.pan = idx == isa::kMmuEL1Pan;
  return who;
}

mmu::Translation ProcessingElement::TranslateData(uint64_t va, bool write, isa::AccessKind kind) {
  mmu::Translation t = mmu_.Translate(Controls(), va, write ? mmu::AccessType::Write : mmu::AccessType::Read, Who(kind));
  if (!t.ok) {
    t.fault.write = write;
    TranslationDataAbort(va, t.fault);
  }
  // DC ZVA to Device memory is an Alignment fault (AArch64.S1HasAlignmentFaultDueToMemType).
  // Other unaligned accesses to Device memory with the MMU on complete: whether a Device
  // location supports them is IMPLEMENTATION DEFINED and QEMU's do (the oracle's choice);
  // with stage 1 off, the derived alignment mask makes every unaligned access fault, as in
  // QEMU.
  const bool device = (t.entry.attr & 0xF0) == 0;
  if (device && kind == isa::AccessKind::DcZva) AlignmentFault(va, write);
  return t;
}

void ProcessingElement::TranslationDataAbort(uint64_t va, isa::Fault fault) {
  // ISV and its fields only for stage-2 aborts on the access itself (not on a stage-1
  // walk), which go to EL2. The executing instruction is the one at PC in the fetch block.
  if (fault.stage2 && !fault.s1ptw)
    fault.instruction_syndrome = isa::DataAbortInstructionSyndrome(fetch_block_[(s.PC >> 2) & 1023].raw);
  DataAbort(va, fault);
}

void ProcessingElement::AccessSlow(const isa::AccessRequest& a, void* data) {
  ++(*counters_)[kSlowAccesses];
  if (timing_) batch_cycles_ += timing_params_.translation_cycles;
  if (observer_) observer_->SlowTranslation(config_.index);
  // SCTLR_EL1.A (or the MMU being off): the derived mask has the bits that must be zero.
  if (a.align_size <= 16 && (TranslationKey(a.va) & align_check_mask_[a.align_size] & 0xFFF) != 0)
    AlignmentFault(a.va, a.write);

  // Translate every page and check every granule before touching memory, so a fault on
  // the second page or a synchronous tag check fault leaves memory unchanged.
  const unsigned first = static_cast<unsigned>(std::min<uint64_t>(a.size, 0x1000 - (a.va & 0xFFF)));
  isa::AccessRequest part1 = a, part2 = a;
  part1.size = first;
  part2.va = a.va + first;
  part2.size = a.size - first;
  const mmu::Translation t1 = TranslateData(a.va, a.write, a.kind);
  mmu::Translation t2;
  if (part2.size) t2 = TranslateData(part2.va, a.write, a.kind);
  const bool checked = a.tag_checked && mte_level() >= 2;
  if (checked) {
    CheckTagAccessPermitted(part1, t1);
    if (part2.size) CheckTagAccessPermitted(part2, t2);
  }
  // The access reaches memory, and is timed, before its tags are compared: a
  // synchronous tag check fault is taken with the tags (and the data) in hand.
  if (port_) {
    ReportDataAccess(part1, t1);
    if (part2.size) ReportDataAccess(part2, t2);
  }
  if (checked) {
    CheckAccessTags(part1, t1);
    if (part2.size) CheckAccessTags(part2, t2);
  }
  PhysicalAccess(a.va, t1, data, first, a.write, a.align_size);
  if (part2.size) {
    PhysicalAccess(part2.va, t2, static_cast<uint8_t*>(data) + first, part2.size, a.write, a.align_size);
    return;
  }

  // Cache the page for the inline path when it is plain RAM.
  const bool normal = (t1.entry.attr & 0xF0) != 0 || t1.entry.mmu_off;
  const bool cacheable_kind = a.kind == isa::AccessKind::Normal || a.kind == isa::AccessKind::Unprivileged ||
                              a.kind == isa::AccessKind::Ordered || a.kind == isa::AccessKind::Exclusive ||
                              a.kind == isa::AccessKind::Atomic;
  const uint64_t pa_page = t1.pa & ~uint64_t{0xFFF};
  const HostRegion* region = normal && cacheable_kind ? memory_.Find(pa_page, 0x1000) : nullptr;
  if (!region) return;
  // A page whose accesses may need tag checks is cached only with its tag storage; the
  // fast path then checks inline (Canonically Tagged pages always take this path).
  const TagMemory tag_memory = TagMemoryOf(a.va, t1);
  // NoTagAccess pages are never given their tags: a Tag Checked access there must fault.
  const bool no_tag_access = t1.stage2 && t1.stage2_perms.notagaccess;
  uint8_t* page_tags = tag_memory == TagMemory::Tagged && !no_tag_access ? PageTagStorage(pa_page) : nullptr;
  const uint8_t idx = a.kind == isa::AccessKind::Unprivileged ? unpriv_mmu_index_ : mmu_index_;
  const auto& may_check = fast_tag_check_[idx][isa::Bit(a.va, 55)];
  if (tag_memory != TagMemory::Untagged && !page_tags && (may_check[0] || may_check[1])) return;
  const mmu::AccessContext who = Who(a.kind);
  const bool readable = mmu::Mmu::Permits(Controls(), t1, mmu::AccessType::Read, who);
  const bool writable = region->writable && mmu::Mmu::Permits(Controls(), t1, mmu::AccessType::Write, who) &&
                        !code_->IsCode(pa_page);
  FillFastTlb(a.va, idx, readable, writable, region->host + (pa_page - region->base), pa_page, page_tags);
}

void ProcessingElement::PhysicalAccess(uint64_t va, const mmu::Translation& t, void* data, unsigned size, bool write,
                                       unsigned element) {
  const HostRegion* region = memory_.Find(t.pa, size);
  if (region && (region->writable || !write)) {
    uint8_t* host = region->host + (t.pa - region->base);
    if (write) {
      std::memcpy(host, data, size);
      code_->NotifyWrite(t.pa, size);
    } else {
      std::memcpy(data, host, size);
    }
    return;
  }
  // A device sees one transaction per element, as the pseudocode's Mem[] accesses of a
  // load/store pair or a vector register are (and as QEMU splits them): a GIC register
  // read by LDP is two register reads.
  const unsigned step = element && element < size && size % element == 0 ? element : size;
  for (unsigned done = 0; done < size; done += step)
    DeviceAccess(va + done, t.pa + done, t.entry.attr, static_cast<uint8_t*>(data) + done, step, write);
}

void ProcessingElement::DeviceAccess(uint64_t va, uint64_t pa, uint8_t mair_attr, uint8_t* data, unsigned size,
                                     bool write) {
  ++(*counters_)[kMmioAccesses];
  payload_.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
  payload_.set_address(pa);
  payload_.set_data_ptr(data);
  payload_.set_data_length(size);
  payload_.set_streaming_width(size);
  payload_.set_byte_enable_ptr(nullptr);
  payload_.set_dmi_allowed(false);
  payload_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  attributes_->privileged = s.PSTATE.EL != 0;
  attributes_->instruction = false;
  attributes_->mair_attr = mair_attr;
  sc_core::sc_time delay = qk_.get_local_time();
  socket->b_transport(payload_, delay);
  qk_.set(delay);
  if (payload_.get_response_status() != tlm::TLM_OK_RESPONSE) {
    isa::Fault f;
    f.kind = isa::FaultKind::ExternalAbort;
    f.write = write;
    DataAbort(va, f);
  }
}

bool ProcessingElement::ReadWalkDescriptor(uint64_t pa, uint64_t* descriptor, mmu::WalkStage stage) {
  const HostRegion* region = memory_.Find(pa, 8);
  if (!region || (pa & 7)) return false;
  std::memcpy(descriptor, region->host + (pa - region->base), 8);
  ReportAccess(0, pa, 8, stage == mmu::WalkStage::Stage2 ? MemoryAccessKind::WalkStage2 : MemoryAccessKind::WalkStage1,
               false, TagCheckTiming::None);
  return true;
}

void ProcessingElement::ReportDataAccess(const isa::AccessRequest& part, const mmu::Translation& t) {
  if (!memory_.Find(t.pa, part.size)) return;  // a device: its TLM target annotates the delay
  const bool tagged = TagMemoryOf(part.va, t) == TagMemory::Tagged && !(t.stage2 && t.stage2_perms.notagaccess) &&
                      TagStorageFor(t.pa) != nullptr;
  ReportAccess(part.va, t.pa, part.size, part.write ? MemoryAccessKind::Write : MemoryAccessKind::Read, tagged,
               CheckTimingOf(part.va, part.write, part.kind, part.tag_checked, tagged));
}

TagCheckTiming ProcessingElement::CheckTimingOf(uint64_t va, bool write, isa::AccessKind kind, bool tag_checked,
                                                bool tagged) const {
  if (!tagged || !IsTagChecked(isa::AccessRequest{va, 0, 0, write, kind, tag_checked}, true))
    return TagCheckTiming::None;
  switch (isa::mte::TagCheckFaultFor(TagCheckControlsFor(kind).tcf, write, mte_level())) {
    case isa::mte::TagCheckFault::Synchronous: return TagCheckTiming::Sync;
    case isa::mte::TagCheckFault::Asynchronous: return TagCheckTiming::Async;
    case isa::mte::TagCheckFault::None: break;
  }
  return TagCheckTiming::None;
}

// ---------------------------------------------------------------------------------------
// Hooks

bool ProcessingElement::Hypercall(uint16_t imm) { return host_.FirmwareCall(*this, PeHost::Conduit::Hvc, imm); }

bool ProcessingElement::SecureMonitorCall(uint16_t imm) {
  return host_.FirmwareCall(*this, PeHost::Conduit::Smc, imm);
}

void ProcessingElement::InterruptMaskingChanged() {
  if (sleep_ != Sleep::Awake) {
    if (WakeConditionMet()) wake_event_.notify(sc_core::SC_ZERO_TIME);
    return;
  }
  if (PendingInterruptToTake().kind != Interrupt::None) EndBatch();
}

void ProcessingElement::WaitForInterrupt() {
  // WFI completes at once when an interrupt is pending, masked or not; otherwise the PE
  // sleeps after this instruction until one is (or a timer makes one).
  if (InterruptWakesWfi()) return;
  sleep_ = Sleep::Wfi;
  EndBatch();
}

void ProcessingElement::WaitForEvent() {
  // The event register was clear (the semantics consumed a set one): sleep until an
  // event, an interrupt the PE would take, or the event stream.
  if (PendingInterruptToTake().kind != Interrupt::None) return;
  sleep_ = Sleep::Wfe;
  EndBatch();
}

bool ProcessingElement::ClearEventRegister() {
  // An event-stream edge since the event register was last consumed has set it, even
  // though nothing was watching while the PE ran.
  const uint64_t now = PhysicalCount();
  const bool stream_edge = NextEventStreamCount(stream_seen_until_) <= now;
  stream_seen_until_ = now;
  const bool was_set = event_register_ || stream_edge;
  event_register_ = false;
  return was_set;
}

void ProcessingElement::SignalEvent() {
  event_register_ = true;
  if (sleep_ == Sleep::Wfe) wake_event_.notify(sc_core::SC_ZERO_TIME);
}

void ProcessingElement::SendEvent() { host_.BroadcastEvent(*this); }

uint64_t ProcessingElement::PhysicalCount() {
  const sc_core::sc_time now = sc_core::sc_time_stamp() + LocalOffset();
  // The platform keeps SystemC's default 1 ps resolution, so value() is in picoseconds.
  const unsigned __int128 ps = now.value();
  return static_cast<uint64_t>(ps * config_.counter_frequency / 1000000000000ull);
}

bool ProcessingElement::TimeOfCount(uint64_t count, sc_core::sc_time* when) const {
  // The first picosecond at which floor(ps * f / 1e12) >= count.
  const unsigned __int128 ps =
      (static_cast<unsigned __int128>(count) * 1000000000000ull + config_.counter_frequency - 1) /
      config_.counter_frequency;
  if (ps > static_cast<unsigned __int128>(~uint64_t{0} >> 1)) return false;
  *when = sc_core::sc_time::from_value(static_cast<uint64_t>(ps));
  return true;
}

void ProcessingElement::TimersChanged() {
  uint64_t next = ~uint64_t{0};
  for (unsigned k = 0; k < isa::kGenericTimerCount; ++k) {
    const auto timer = static_cast<isa::GenericTimer>(k);
    const bool level = power_ == Power::On && TimerOutputNow(timer);
    if (level != timer_level_[k]) {
      timer_level_[k] = level;
      host_.TimerOutputChanged(*this, timer, level);
    }
    next = std::min(next, TimerDeadline(timer));
  }
  next_timer_deadline_ = next;
  // Mid-batch (a timer register write): end the batch by the new deadline.
  if (batch_budget_ > batch_retired_) {
    const uint64_t cycles = CyclesUntilCount(next);
    if (batch_budget_ - batch_retired_ > cycles) batch_budget_ = batch_retired_ + cycles;
    if (timing_ && batch_cycle_limit_ - batch_cycles_ > cycles) batch_cycle_limit_ = batch_cycles_ + cycles;
  }
}

uint64_t ProcessingElement::CyclesUntilCount(uint64_t count) {
  if (count == ~uint64_t{0}) return ~uint64_t{0};
  sc_core::sc_time due;
  if (!TimeOfCount(count, &due)) return ~uint64_t{0};
  const sc_core::sc_time now = sc_core::sc_time_stamp() + LocalOffset();
  // The instruction that retires at or after `due` is the last of the batch.
  return due > now ? (due - now).value() / config_.cycle.value() + 1 : 1;
}

uint64_t ProcessingElement::NextEventStreamCount(uint64_t physical) const {
  // CNTKCTL_EL1.EVNTEN watches bit EVNTI of CNTVCT_EL0, CNTHCTL_EL2.EVNTEN bit EVNTI of
  // CNTPCT_EL0; an event is generated when the bit changes to 1 (EVNTDIR = 0) or to 0.
  uint64_t next = ~uint64_t{0};
  const auto stream = [&](uint64_t ctl, uint64_t count, uint64_t offset) {
    if (!isa::Bit(ctl, isa::cntkctl::EVNTEN)) return;
    const unsigned bit = static_cast<unsigned>(isa::Bits(ctl, 7, 4));
    const uint64_t period = uint64_t{2} << bit, half = uint64_t{1} << bit;
    uint64_t edge = (count & ~(period - 1)) + (isa::Bit(ctl, isa::cntkctl::EVNTDIR) ? 0 : half);
    if (edge <= count) edge += period;
    next = std::min(next, edge + offset);
  };
  const uint64_t offset = HaveEl2() ? s.sys.CNTVOFF_EL2 : 0;
  stream(s.sys.CNTKCTL_EL1, physical - offset, offset);
  if (HaveEl2()) stream(s.sys.CNTHCTL_EL2, physical, 0);
  return next;
}

void ProcessingElement::TranslationChanged() {
  isa::ExecContext::TranslationChanged();
  RebuildControls();
  mmu_.InvalidateAll();
  fetch_page_ = ~uint64_t{0};
}

void ProcessingElement::PstateChanged() {
  isa::ExecContext::PstateChanged();
  fetch_page_ = ~uint64_t{0};  // permissions for fetch depend on the EL
}

void ProcessingElement::ApplyTlbMaintenance(const isa::TlbInvalidation& op) {
  mmu_.Invalidate(op);
  // The inline fast TLB and the fetch page are not ASID- or VMID-tagged: drop them all.
  isa::ExecContext::TranslationChanged();
  fetch_page_ = ~uint64_t{0};
}

void ProcessingElement::TlbMaintenance(const isa::TlbInvalidation& op) {
  if (op.broadcast) host_.BroadcastTlbMaintenance(*this, op);  // Inner Shareable
  else ApplyTlbMaintenance(op);
}

uint64_t ProcessingElement::AddressTranslate(uint64_t va, bool write, AtStage stage, bool pan) {
  const mmu::AccessType type = write ? mmu::AccessType::Write : mmu::AccessType::Read;
  const bool el2_regime = stage == AtStage::S1E2;
  const mmu::TranslationControls& tc = controls_[static_cast<unsigned>(el2_regime ? isa::Regime::EL2 : isa::Regime::EL10)];
  mmu::AccessContext who;
  who.el0 = stage == AtStage::S1E0 || stage == AtStage::S12E0;
  who.pan = pan;
  const bool with_stage2 = stage == AtStage::S12E1 || stage == AtStage::S12E0;
  mmu::Translation t = mmu_.Walk(tc, va, type, who, with_stage2);
  if (!t.ok && (t.fault.external_on_walk || (t.fault.s1ptw && s.PSTATE.EL == 1))) {
    // Not reported in PAR: a synchronous external abort on the walk, and (from EL1) a
    // stage-2 fault on the walk, are Data Aborts as for a cache maintenance instruction
    // (CM = 1, WnR = 1).
    t.fault.cache_maintenance = true;
    t.fault.write = true;
    DataAbort(va, t.fault);
  }
  return mmu::AddressTranslateParResult(t);
}

void ProcessingElement::InstructionCacheInvalidate() {
  if (code_) code_->InvalidateAll();
  fetch_page_ = ~uint64_t{0};
}

void ProcessingElement::DataCacheMaintenance(uint64_t va) {
  // Maintenance by VA needs a translation through both stages (no permission check);
  // faults report CM = 1.
  mmu::Translation t = mmu_.Walk(Controls(), va, mmu::AccessType::Read, mmu::AccessContext{}, true);
  if (!t.ok && t.fault.kind != isa::FaultKind::Permission) {
    t.fault.cache_maintenance = true;
    t.fault.write = true;
    DataAbort(va, t.fault);
  }
}

}  // namespace mtesim::models
