#include "traces/recorder.h"

#include <algorithm>

#include "isa/mte.h"
#include "models/board/memory_map.h"
#include "models/error.h"
#include "models/hypervisor/hypervisor.h"
#include "models/platform/platform.h"

namespace mtesim::traces {

namespace {

Header HeaderFor(models::Platform& platform, const RecorderOptions& options) {
  Header h;
  h.detail = options.detail;
  h.compression = options.compression;
  h.pe_count = static_cast<uint16_t>(platform.board().pe_count());
  h.cycle_ps = platform.board().config().cycle_ps;
  return h;
}

// Instructions between two looks at the clock for a counter sample.
constexpr unsigned kTimeCheckEvery = 1024;

// The statistics sampled for the timeline, per PE and for the machine; those the
// configuration does not have (functional mode has no caches) are left out.
std::vector<std::string> SampledNames(unsigned pes) {
  std::vector<std::string> names;
  for (unsigned i = 0; i < pes; ++i) {
    const std::string pe = "pe" + std::to_string(i) + ".";
    for (const char* n : {"instructions", "cycles", "l1d.hits", "l1d.misses", "l1i.hits", "l1i.misses"})
      names.push_back(pe + n);
  }
  for (const char* n : {"l2.hits", "l2.misses", "memory.tag_cache.hits", "memory.tag_cache.misses",
                        "hypervisor.exits"})
    names.push_back(n);
  return names;
}

}  // namespace

Recorder::Recorder(models::Platform& platform, const std::string& path, const RecorderOptions& options)
    : platform_(platform),
      options_(options),
      writer_(path, HeaderFor(platform, options)),
      ram_(platform.board().ram()),
      self_(std::make_shared<Recorder*>(this)) {
  models::Board& board = platform.board();
  interval_ps_ = options.counter_interval.value() ? options.counter_interval.value() : 1;
  for (const std::string& name : SampledNames(board.pe_count())) {
    uint64_t value = 0;
    if (board.statistics().Lookup(name, &value)) sampled_.push_back({name, Intern(name)});
  }
  for (unsigned i = 0; i < board.pe_count(); ++i) {
    models::ProcessingElement& pe = board.pe(i);
    pes_.push_back(&pe);
    taps_.push_back(std::make_unique<Tap>(*this, i, pe.memory_access_port()));
    pe.AttachMemoryAccessPort(taps_.back().get());
  }
  board.AttachPeObserver(this);
  if (hyp::Hypervisor* hypervisor = platform.hypervisor()) hypervisor->SetHostEventObserver(this);
  attached_ = true;
  std::weak_ptr<Recorder*> cell = self_;
  platform.ObserveVmExits([cell](const hyp::KvmExit& exit) {
    const auto self = cell.lock();
    if (!self || *self == nullptr) return;
    Recorder& r = **self;
    uint64_t address = 0, detail = 0;
    switch (exit.exit_reason) {
      case hyp::KVM_EXIT_MMIO:
        address = exit.mmio.phys_addr;
        detail = exit.mmio.len | uint64_t{exit.mmio.is_write} << 8;
        break;
      case hyp::KVM_EXIT_MEMORY_FAULT:
        address = exit.memory_fault.gpa;
        detail = exit.memory_fault.flags;
        break;
      case hyp::KVM_EXIT_SYSTEM_EVENT: detail = exit.system_event_type; break;
      case hyp::KVM_EXIT_INTERNAL_ERROR: detail = exit.suberror; break;
      default: break;
    }
    r.writer_.Time(sc_core::sc_time_stamp().value());
    r.writer_.VmExit(exit.vcpu, exit.exit_reason, address, detail);
  });
  SampleCounters(0);
}

Recorder::~Recorder() {
  Detach();
  // An unclosed recording still ends with its end record; its errors were the owner's to ask for.
  try {
    writer_.Close();
  } catch (const Error&) {
  }
}

void Recorder::Detach() {
  if (!attached_) return;
  attached_ = false;
  *self_ = nullptr;
  platform_.board().AttachPeObserver(nullptr);
  if (hyp::Hypervisor* hypervisor = platform_.hypervisor()) hypervisor->SetHostEventObserver(nullptr);
  for (unsigned i = 0; i < pes_.size(); ++i) pes_[i]->AttachMemoryAccessPort(taps_[i]->next());
}

void Recorder::Close() {
  if (attached_) {
    // The last sample at the furthest PE's time: SystemC's lags the PEs by up to a
    // quantum, and samples must not step back in time.
    uint64_t now = sc_core::sc_time_stamp().value();
    for (const models::ProcessingElement* pe : pes_) now = std::max<uint64_t>(now, pe->LocalTime().value());
    SampleCounters(now);
  }
  Detach();
  writer_.Close();
}

void Recorder::VcpuOnPe(unsigned pe, unsigned vmid, unsigned vcpu, bool entered) {
  writer_.Pe(pe);
  writer_.Time(pes_[pe]->LocalTime().value());
  writer_.Vcpu(vmid, vcpu, entered);
}

void Recorder::MigrationPhase(const std::string& phase) {
  if (migration_track_ == ~uint64_t{0}) migration_track_ = Intern("migration");
  writer_.Time(sc_core::sc_time_stamp().value());
  if (in_phase_) writer_.SpanEnd(migration_track_);
  in_phase_ = !phase.empty();
  if (!in_phase_) return;
  auto [at, added] = phase_names_.try_emplace(phase, 0);
  if (added) at->second = Intern(phase);
  writer_.SpanBegin(migration_track_, at->second);
}

uint64_t Recorder::Intern(const std::string& name) {
  const uint64_t id = strings_++;
  writer_.String(id, name);
  return id;
}

void Recorder::SampleCounters(uint64_t ps) {
  writer_.Time(ps);
  const stats::Tree& tree = platform_.board().statistics();
  for (const Sampled& s : sampled_) {
    uint64_t value = 0;
    if (tree.Lookup(s.name, &value)) writer_.Counter(s.id, static_cast<double>(value));
  }
  next_sample_ps_ = (ps / interval_ps_ + 1) * interval_ps_;
}

void Recorder::Retired(unsigned pe, const models::RetiredInsn& insn) {
  writer_.Pe(pe);
  if (options_.detail == Detail::Instructions) writer_.Insn(insn);
  else if (options_.detail == Detail::Memory) writer_.CompactInsn(insn.insn_class);
  if (++until_time_check_ < kTimeCheckEvery) return;
  until_time_check_ = 0;
  const uint64_t now = pes_[pe]->LocalTime().value();
  if (now >= next_sample_ps_) SampleCounters(now);
}

void Recorder::ExceptionTaken(unsigned pe, const models::TakenException& exception) {
  writer_.Pe(pe);
  writer_.Time(pes_[pe]->LocalTime().value());
  writer_.Exception(exception);
}

void Recorder::SlowTranslation(unsigned pe) {
  if (options_.detail == Detail::Events) return;
  writer_.Pe(pe);
  writer_.Translation();
}

int Recorder::AllocationTag(uint64_t pa) const {
  if (pa < models::kRamBase || pa - models::kRamBase >= ram_.size()) return -1;
  const uint64_t offset = pa - models::kRamBase;
  if (!ram_.tag_capability().TagCapable(offset)) return -1;
  return isa::mte::ReadAllocationTag(ram_.tag_host_base(), offset);
}

void Recorder::RecordAccess(unsigned pe, const models::MemoryAccess& a) {
  uint8_t flags = a.tagged ? kTagged : 0;
  uint8_t tags = 0;
  const bool tag_access = a.kind == models::MemoryAccessKind::TagRead || a.kind == models::MemoryAccessKind::TagWrite;
  if (a.check != models::TagCheckTiming::None) {
    flags |= (a.check == models::TagCheckTiming::Sync ? kCheckSync : kCheckAsync) | kHasTags;
    const unsigned logical = isa::mte::AllocationTagFromAddress(a.va);
    // Every granule the access touches; the first mismatching one is reported.
    const uint64_t first = a.pa & ~uint64_t{15}, last = (a.pa + (a.size ? a.size : 1) - 1) & ~uint64_t{15};
    // Granules without tag storage are not checked (tag_storage_memory.h).
    int allocation = AllocationTag(first);
    for (uint64_t g = first; g <= last; g += 16) {
      const int t = AllocationTag(g);
      if (t >= 0 && static_cast<unsigned>(t) != logical) {
        flags |= kMismatch;
        allocation = t;
        break;
      }
    }
    if (allocation < 0) allocation = static_cast<int>(logical);
    tags = static_cast<uint8_t>(logical << 4 | allocation);
    if (flags & kMismatch) {
      writer_.Pe(pe);
      writer_.Time(pes_[pe]->LocalTime().value());
      writer_.TagFault(a.check == models::TagCheckTiming::Sync, a.va, tags);
    }
  } else if (tag_access && a.tagged) {
    flags |= kHasTags;
    const int t = AllocationTag(a.pa);
    tags = static_cast<uint8_t>(t < 0 ? 0 : t);
  }
  if (options_.detail == Detail::Events) return;
  writer_.Pe(pe);
  writer_.Access(a, flags, tags);
}

uint64_t Recorder::Tap::Access(const models::MemoryAccess& access, const sc_core::sc_time& local_offset) {
  recorder_.RecordAccess(pe_, access);
  return next_ ? next_->Access(access, local_offset) : 0;
}

}  // namespace mtesim::traces
