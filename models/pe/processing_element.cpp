#include "models/pe/processing_element.h"

#include <cstring>

#include "isa/decoder.h"

namespace mtesim::models {

namespace {
// The architectural reset value of SCTLR_EL1 as this PE implements it (RES1 bits set,
// MMU and caches off, EL0 cache maintenance and WFI/WFE trapping as after a cold reset).
constexpr uint64_t kSctlrReset = 0x30D00800;
}  // namespace

ProcessingElement::ProcessingElement(sc_core::sc_module_name name, const PeConfig& config, PeHost& host)
    : sc_module(name), socket("socket"), config_(config), host_(host), mmu_(*this) {
  s.id.MPIDR_EL1 = 0x80000000u | config.index;
  attributes_ = new tlmx::MemoryAttributes;
  attributes_->initiator_id = config.index;
  payload_.set_extension(attributes_);
  SC_HAS_PROCESS(ProcessingElement);
  SC_THREAD(Run);
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

void ProcessingElement::PowerOn(uint64_t entry, uint64_t x0) {
  // Architectural reset into EL1h with the MMU off (platform.md, boot protocol).
  const isa::IdRegisters id = s.id;  // configured by the platform, survive reset
  s = isa::ArchState{};
  s.id = id;
  s.sys.SCTLR_EL1 = kSctlrReset;
  s.PC = entry;
  s.R[0] = x0;
  mmu_.InvalidateAll();
  TranslationChanged();
  UpdateDerivedState();
  power_ = Power::On;
  power_on_event_.notify(sc_core::SC_ZERO_TIME);
}

void ProcessingElement::PowerOff() {
  power_ = Power::Off;
  EndBatch();
}

// ---------------------------------------------------------------------------------------
// Run loop

void ProcessingElement::Run() {
  qk_.reset();
  for (;;) {
    if (power_ != Power::On) {
      host_.PeStopped(*this);
      wait(power_on_event_);
      continue;
    }
    const uint64_t wanted = qk_.get_global_quantum().value() / config_.cycle.value();
    const uint64_t budget = host_.TakeInstructionBudget(wanted ? wanted : 1);
    if (budget == 0) {  // the VM is stopping
      wait(power_on_event_);
      continue;
    }
    const uint64_t executed = ExecuteBatch(budget);
    if (executed < budget) host_.ReturnInstructionBudget(budget - executed);
    instructions_ += executed;
    qk_.inc(config_.cycle * static_cast<double>(executed));
    if (qk_.need_sync() || executed < budget) qk_.sync();
  }
}

uint64_t ProcessingElement::ExecuteBatch(uint64_t budget) {
  batch_retired_ = 0;
  batch_budget_ = budget;
  while (batch_retired_ < batch_budget_ && power_ == Power::On) {
    try {
      if (trace_fn_) ExecuteLoop<true>();
      else ExecuteLoop<false>();
    } catch (const isa::ExceptionTaken&) {
      ExceptionTakenInBatch();
    }
  }
  return batch_retired_;
}

template <bool kTrace>
uint64_t ProcessingElement::ExecuteLoop() {
  while (batch_retired_ < batch_budget_) {
    // Masking out bits [11:2] keeps the page and the two alignment bits, so a misaligned
    // PC or a new page both take the refill path (which raises the PC alignment fault).
    if (__builtin_expect((s.PC & ~uint64_t{0xFFC}) != fetch_page_, 0)) RefillFetch();
    const DecodedInsn& d = fetch_block_[(s.PC >> 2) & 1023];
    if (kTrace) trace_fn_(trace_cookie_, config_.index, s.PC, d.raw, s.PSTATE.EL);
    npc = s.PC + 4;
    d.fn(*this, isa::Insn{d.raw});
    s.PC = npc;
    ++batch_retired_;
  }
  return batch_retired_;
}

void ProcessingElement::ExceptionTakenInBatch() {
  // The faulting instruction did not retire, but it counts against the budget so that a
  // guest that faults forever still stops at --max-insns.
  ++batch_retired_;
  const unsigned ec = static_cast<unsigned>(s.sys.ESR_EL1 >> 26) & 63;
  ++exceptions_by_class_[ec];
  // Two exceptions in a row to the same vector with nothing retired between them repeat
  // forever (e.g. the vector itself is unmapped or undefined): the VM cannot progress.
  const uint64_t step = instructions_ + batch_retired_;
  if (step == last_exception_step_ + 1 && s.PC == last_exception_vector_) {
    char reason[160];
    std::snprintf(reason, sizeof reason, "PE %u is stuck taking exceptions at vector 0x%llx (ESR_EL1 0x%llx)",
                  config_.index, static_cast<unsigned long long>(s.PC),
                  static_cast<unsigned long long>(s.sys.ESR_EL1));
    power_ = Power::Halted;
    host_.StopVm(2, reason);
  }
  last_exception_step_ = step;
  last_exception_vector_ = s.PC;
}

void ProcessingElement::DecodeOnFirstUse(isa::ExecContext& c, isa::Insn i) {
  auto& pe = static_cast<ProcessingElement&>(c);
  DecodedInsn& d = pe.fetch_block_[(pe.s.PC >> 2) & 1023];
  d.fn = isa::Decoder::Instance().Decode(i.raw);
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
}

// ---------------------------------------------------------------------------------------
// Memory

mmu::TranslationControls ProcessingElement::Controls() const {
  mmu::TranslationControls tc;
  tc.sctlr = s.sys.SCTLR_EL1;
  tc.tcr = s.sys.TCR_EL1;
  tc.ttbr0 = s.sys.TTBR0_EL1;
  tc.ttbr1 = s.sys.TTBR1_EL1;
  tc.mair = s.sys.MAIR_EL1;
  // Fetching from Device memory is CONSTRAINED UNPREDICTABLE; QEMU (the oracle) executes it.
  tc.device_fetch_faults = false;
  return tc;
}

mmu::AccessContext ProcessingElement::Who(isa::AccessKind kind) const {
  const uint8_t idx = kind == isa::AccessKind::Unprivileged ? unpriv_mmu_index_ : mmu_index_;
  mmu::AccessContext who;
  who.el0 = idx == isa::kMmuEL0;
  who.pan = idx == isa::kMmuEL1Pan;
  return who;
}

mmu::Translation ProcessingElement::TranslateData(uint64_t va, unsigned size, bool write, isa::AccessKind kind) {
  mmu::Translation t = mmu_.Translate(Controls(), va, write ? mmu::AccessType::Write : mmu::AccessType::Read, Who(kind));
  if (!t.ok) {
    t.fault.write = write;
    DataAbort(va, t.fault);
  }
  // Device memory (and DC ZVA to it) needs natural alignment whatever SCTLR.A says.
  const bool device = (t.entry.attr & 0xF0) == 0;
  if (device && ((size > 1 && (va & (size - 1))) || kind == isa::AccessKind::DcZva)) AlignmentFault(va, write);
  return t;
}

void ProcessingElement::AccessSlow(const isa::AccessRequest& a, void* data) {
  ++slow_accesses_;
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
  const mmu::Translation t1 = TranslateData(a.va, a.size == first ? a.size : first, a.write, a.kind);
  mmu::Translation t2;
  if (part2.size) t2 = TranslateData(part2.va, part2.size, a.write, a.kind);
  if (a.tag_checked && mte_level() >= 2) {
    CheckAccessPart(part1, t1);
    if (part2.size) CheckAccessPart(part2, t2);
  }
  PhysicalAccess(a.va, t1, data, first, a.write);
  if (part2.size) {
    PhysicalAccess(part2.va, t2, static_cast<uint8_t*>(data) + first, part2.size, a.write);
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
  const uint8_t* page_tags = tag_memory == TagMemory::Tagged ? PageTagStorage(pa_page) : nullptr;
  const uint8_t idx = a.kind == isa::AccessKind::Unprivileged ? unpriv_mmu_index_ : mmu_index_;
  const auto& may_check = fast_tag_check_[idx][isa::Bit(a.va, 55)];
  if (tag_memory != TagMemory::Untagged && !page_tags && (may_check[0] || may_check[1])) return;
  const mmu::AccessContext who = Who(a.kind);
  isa::Fault ignored;
  const bool readable = mmu::CheckPermission(Controls(), t1.entry, mmu::AccessType::Read, who, &ignored);
  const bool writable = region->writable &&
                        mmu::CheckPermission(Controls(), t1.entry, mmu::AccessType::Write, who, &ignored) &&
                        !code_->IsCode(pa_page);
  FillFastTlb(a.va, idx, readable, writable, region->host + (pa_page - region->base), pa_page, page_tags);
}

void ProcessingElement::PhysicalAccess(uint64_t va, const mmu::Translation& t, void* data, unsigned size, bool write) {
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
  ++mmio_accesses_;
  payload_.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
  payload_.set_address(t.pa);
  payload_.set_data_ptr(static_cast<unsigned char*>(data));
  payload_.set_data_length(size);
  payload_.set_streaming_width(size);
  payload_.set_byte_enable_ptr(nullptr);
  payload_.set_dmi_allowed(false);
  payload_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  attributes_->privileged = s.PSTATE.EL != 0;
  attributes_->instruction = false;
  attributes_->mair_attr = t.entry.attr;
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

bool ProcessingElement::ReadDescriptor(uint64_t pa, uint64_t* descriptor) {
  const HostRegion* region = memory_.Find(pa, 8);
  if (!region || (pa & 7)) return false;
  std::memcpy(descriptor, region->host + (pa - region->base), 8);
  return true;
}

// ---------------------------------------------------------------------------------------
// Hooks

bool ProcessingElement::Hypercall(uint16_t imm) { return host_.Hypercall(*this, imm); }

void ProcessingElement::WaitForInterrupt() {
  // No interrupt controller is modelled yet, so nothing can wake the PE: it halts and the
  // host stops the VM once no PE can make progress.
  power_ = Power::Halted;
  EndBatch();
}

void ProcessingElement::WaitForEvent() {
  if (event_register_) {
    event_register_ = false;
    return;
  }
  // Give the other PEs the rest of the quantum; whatever they do may be the event.
  EndBatch();
}

void ProcessingElement::SendEvent() { host_.BroadcastEvent(*this); }

uint64_t ProcessingElement::VirtualCount() {
  const sc_core::sc_time now =
      sc_core::sc_time_stamp() + qk_.get_local_time() + config_.cycle * static_cast<double>(batch_retired_);
  // The platform keeps SystemC's default 1 ps resolution, so value() is in picoseconds.
  const unsigned __int128 ps = now.value();
  return static_cast<uint64_t>(ps * config_.counter_frequency / 1000000000000ull);
}

void ProcessingElement::TranslationChanged() {
  isa::ExecContext::TranslationChanged();
  mmu_.InvalidateAll();
  fetch_page_ = ~uint64_t{0};
}

void ProcessingElement::PstateChanged() {
  isa::ExecContext::PstateChanged();
  fetch_page_ = ~uint64_t{0};  // permissions for fetch depend on the EL
}

void ProcessingElement::ApplyTlbMaintenance(unsigned op2, uint64_t operand) {
  const uint64_t va = (operand & ((uint64_t{1} << 44) - 1)) << 12;
  const uint16_t asid = static_cast<uint16_t>(operand >> 48);
  switch (op2) {
    case 0: mmu_.InvalidateAll(); break;                              // VMALLE1
    case 1: mmu_.InvalidateByVa(va, asid, false, false); break;        // VAE1
    case 2: mmu_.InvalidateByAsid(asid); break;                       // ASIDE1
    case 3: mmu_.InvalidateByVa(va, asid, true, false); break;         // VAAE1
    case 5: mmu_.InvalidateByVa(va, asid, false, true); break;         // VALE1
    case 7: mmu_.InvalidateByVa(va, asid, true, true); break;          // VAALE1
    default: mmu_.InvalidateAll(); break;
  }
  // The inline fast TLB and the fetch page are not ASID-tagged: drop them all.
  isa::ExecContext::TranslationChanged();
  fetch_page_ = ~uint64_t{0};
}

void ProcessingElement::TlbMaintenance(unsigned op1, unsigned crm, unsigned op2, uint64_t operand) {
  if (crm == 3) host_.BroadcastTlbMaintenance(*this, op2, operand);  // Inner Shareable
  else ApplyTlbMaintenance(op2, operand);
}

uint64_t ProcessingElement::AddressTranslate(uint64_t va, bool write, bool el0, bool pan) {
  const mmu::AccessType type = write ? mmu::AccessType::Write : mmu::AccessType::Read;
  mmu::Translation t = mmu_.Walk(Controls(), va, type);
  if (t.ok) {
    mmu::AccessContext who;
    who.el0 = el0;
    who.pan = pan;
    if (!mmu::CheckPermission(Controls(), t.entry, type, who, &t.fault)) t.ok = false;
  }
  return mmu::AddressTranslateParResult(t);
}

void ProcessingElement::InstructionCacheInvalidate() {
  if (code_) code_->InvalidateAll();
  fetch_page_ = ~uint64_t{0};
}

void ProcessingElement::DataCacheMaintenance(uint64_t va) {
  // Maintenance by VA needs a translation (no permission check); faults report CM = 1.
  mmu::Translation t = mmu_.Walk(Controls(), va, mmu::AccessType::Read);
  if (!t.ok) {
    t.fault.cache_maintenance = true;
    t.fault.write = true;
    DataAbort(va, t.fault);
  }
}

}  // namespace mtesim::models
