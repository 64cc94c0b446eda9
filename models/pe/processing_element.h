// A processing element: an A64 core as a SystemC module and loosely-timed TLM-2.0
// initiator. It runs batches of instructions from the decoded-code cache, keeps
// simulated time with a quantum keeper (temporal decoupling), reaches RAM and the boot
// flash through DMI and everything else through b_transport, and translates with the
// two-stage MMU (EL1&0 with stage 2 under EL2, and EL2's own regime).
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>

#include "isa/exec_context.h"
#include "isa/insn_class.h"
#include "models/devices/gic/interrupt_controller.h"
#include "models/mmu/mmu.h"
#include "models/pe/code_cache.h"
#include "models/pe/el2_model.h"
#include "models/pe/host_memory.h"
#include "models/pe/memory_access.h"
#include "models/pe/pe_observer.h"
#include "models/pe/pe_host.h"
#include "models/stats/statistics.h"
#include "tlm/memory_attributes.h"

namespace mtesim::models {

struct PeConfig {
  unsigned index = 0;
  uint32_t affinity = 0;  // MPIDR_EL1.{Aff2,Aff1,Aff0}, as the platform numbers its PEs
  sc_core::sc_time cycle = sc_core::sc_time(1, sc_core::SC_NS);  // functional mode: 1 instruction per cycle
  uint64_t counter_frequency = 1000000000;                        // CNTFRQ_EL0 (QEMU 10's -cpu max)
};

// What an instruction costs in timing mode (models/pe/core_timing.h fills it from the
// configuration): the issue latency of each instruction class (isa/insn_class.h), the
// cost of taking an exception, of a translation the inline TLB misses (a second-level
// TLB lookup), and the size of the fetch unit (the L1I's line).
struct PeTimingParams {
  std::array<uint32_t, isa::kInsnClassCount> latency{};
  uint32_t exception_cycles = 0;
  uint32_t translation_cycles = 0;
  unsigned fetch_line_bytes = 64;
};

class ProcessingElement : public sc_core::sc_module,
                          public isa::ExecContext,
                          public InterruptTarget,
                          private mmu::DescriptorReader {
 public:
  tlm_utils::simple_initiator_socket<ProcessingElement> socket;

  // The PE registers its statistics in `stats` (instructions, cycles, stalls, MTE checks).
  ProcessingElement(sc_core::sc_module_name name, const PeConfig& config, PeHost& host, stats::Group& stats);

  // Asks for DMI to each [base, base + size) range (RAM, flash) and uses the decoded-code
  // cache for fetches. Call after the platform is bound and before sc_start. A range the
  // target grants no DMI for is reached through b_transport (and cannot hold code).
  void AttachMemory(const std::vector<std::pair<uint64_t, uint64_t>>& ranges, CodeCache& code);
  // The physical range a tag-storage memory controller serves: tag DMI is asked for there
  // (tlm/mte_extension.h); everywhere else is Untagged.
  void AttachTagStorage(uint64_t base, uint64_t size);
  // The memory-access seam (models/pe/memory_access.h): from now on every physical
  // access to RAM or flash is reported to `port` (nullptr: none).
  void AttachMemoryAccessPort(MemoryAccessPort* port);
  // Timing mode: instructions cost their class's latency plus the stalls the port
  // reports, instead of one cycle each. Needs a port.
  void EnableTiming(const PeTimingParams& params);

  // Power and reset (PSCI): a PE starts at `el` (EL2h when it has EL2 and boots, else
  // the EL of the PSCI caller; EL1h without EL2), MMU off, DAIF masked.
  // On includes asleep in WFI/WFE (asleep() says which); Halted is stuck for good.
  enum class Power { Off, On, Halted };
  void PowerOn(uint64_t entry, uint64_t x0, unsigned el);
  // The EL a PE boots at: its highest.
  unsigned BootEl() const { return HaveEl2() ? 2 : 1; }
  void PowerOff();
  Power power() const { return power_; }
  // Waiting in WFI or WFE for an interrupt, an event or a timer deadline.
  bool asleep() const { return sleep_ != Sleep::Awake; }
  bool asleep_in_wfi() const { return sleep_ == Sleep::Wfi; }

  unsigned index() const { return config_.index; }
  uint64_t instructions() const { return (*counters_)[kInstructions]; }
  const mmu::Mmu& mmu() const { return mmu_; }
  // Simulated time spent asleep in WFI/WFE.
  double seconds_asleep() const { return asleep_time_.to_seconds(); }

  // TLB maintenance, also when it arrives from another PE's broadcast (TLBI ...IS).
  void ApplyTlbMaintenance(const isa::TlbInvalidation& op);
  // Another PE executed SEV.
  void SignalEvent();
  // The current batch of instructions ends after the instruction being executed (the
  // host pausing the run, an interrupt becoming deliverable).
  void EndBatch() { batch_budget_ = batch_retired_ + 1; }
  // InterruptTarget: the interrupt controller drives the IRQ/FIQ/vIRQ/vFIQ inputs.
  void SetInterruptLine(isa::ExecContext::InterruptLine line, bool level) override {
    isa::ExecContext::SetInterruptLine(line, level);
  }

  // The CodeCache's initial semantics for every word: decode, remember, execute.
  static void DecodeOnFirstUse(isa::ExecContext& c, isa::Insn i);

  // EL2 software as a model (models/pe/el2_model.h): every exception taken to EL2 goes to
  // `model` instead of VBAR_EL2 (nullptr: the PE runs EL2 code as usual).
  void AttachEl2Model(El2Model* model) { el2_model_ = model; }
  // Where the next instruction comes from after an EL2 model changed the PC (an ERET it
  // performed writes npc): the model calls this before it returns.
  void ContinueAtNpc() { s.PC = npc; }

  // Retired instructions, exceptions and slow translations go to `observer` (nullptr:
  // none, and the execute loop makes no such calls).
  void AttachObserver(PeObserver* observer) { observer_ = observer; }
  MemoryAccessPort* memory_access_port() const { return port_; }
  // The PE's own time: SystemC's plus how far it ran ahead (temporal decoupling).
  sc_core::sc_time LocalTime() const { return sc_core::sc_time_stamp() + LocalOffset(); }

 private:
  void Run();                          // the SC_THREAD
  void SleepUntilWoken();              // WFI / WFE
  uint64_t ExecuteBatch(uint64_t budget);
  template <bool kObserved, bool kSeam> uint64_t ExecuteLoop();
  // Tells the observer about the exception just taken (state already at the target EL).
  void ReportException(TakenException::Kind kind);
  void RefillFetch();
  // Cycles the current batch has used so far: one per instruction in functional mode.
  uint64_t BatchCycles() const { return timing_ ? batch_cycles_ : batch_retired_; }
  // How far the PE is ahead of SystemC's time (the quantum keeper's offset and the batch).
  sc_core::sc_time LocalOffset() const { return qk_.get_local_time() + config_.cycle * static_cast<double>(BatchCycles()); }

  // ---- the memory-access seam ----
  // Reports one access to the port; in timing mode its stall is charged to the batch.
  void ReportAccess(uint64_t va, uint64_t pa, uint32_t size, MemoryAccessKind kind, bool tagged, TagCheckTiming check) {
    if (!port_) return;
    const uint64_t stall = port_->Access(MemoryAccess{va, pa, size, kind, tagged, check}, LocalOffset());
    if (timing_) batch_cycles_ += stall;
  }
  // Timing mode: the fetch unit reads the line holding the PC.
  void FetchLine();
  // How a data access of `kind` that is Tag Checked on `tagged` memory waits for its tags.
  TagCheckTiming CheckTimingOf(uint64_t va, bool write, isa::AccessKind kind, bool tag_checked, bool tagged) const;
  void FastAccessObserved(uint64_t va, uint64_t pa, unsigned size, bool write, isa::AccessKind kind, bool tag_checked,
                          bool tagged) override {
    ReportAccess(va, pa, size, write ? MemoryAccessKind::Write : MemoryAccessKind::Read, tagged,
                 CheckTimingOf(va, write, kind, tag_checked, tagged));
  }
  // Reports a slow-path data access part (RAM or flash only) to the seam.
  void ReportDataAccess(const isa::AccessRequest& part, const mmu::Translation& t);

  // The translation controls of the current regime, cached per regime (controls_) and
  // rebuilt from the system registers whenever one of them changes.
  const mmu::TranslationControls& Controls() const { return controls_[static_cast<unsigned>(CurrentRegime())]; }
  void RebuildControls();
  mmu::AccessContext Who(isa::AccessKind kind) const;

  // ExecContext hooks
  void AccessSlow(const isa::AccessRequest& access, void* data) override;
  void ReadAllocationTags(uint64_t va, unsigned count, uint8_t* tags, isa::AccessKind kind, bool tag_access) override;
  void WriteAllocationTags(uint64_t va, unsigned count, const uint8_t* tags, isa::AccessKind kind,
                           bool tag_access) override;
  bool Hypercall(uint16_t imm) override;
  bool SecureMonitorCall(uint16_t imm) override;
  void WaitForInterrupt() override;
  bool ClearEventRegister() override;
  void WaitForEvent() override;
  void InterruptMaskingChanged() override;
  void SendEvent() override;
  void SendEventLocal() override { event_register_ = true; }
  uint64_t PhysicalCount() override;
  uint64_t CounterFrequency() override { return config_.counter_frequency; }
  void TimersChanged() override;
  void TranslationChanged() override;
  void TlbMaintenance(const isa::TlbInvalidation& op) override;
  uint64_t AddressTranslate(uint64_t va, bool write, AtStage stage, bool pan) override;
  void InstructionCacheInvalidate() override;
  void DataCacheMaintenance(uint64_t va) override;
  void PstateChanged() override;

  // DescriptorReader (every descriptor read of a walk is reported to the seam)
  bool ReadDescriptor(uint64_t pa, uint64_t* descriptor) override {
    return ReadWalkDescriptor(pa, descriptor, mmu::WalkStage::Stage1);
  }
  bool ReadWalkDescriptor(uint64_t pa, uint64_t* descriptor, mmu::WalkStage stage) override;

  // One access that stays inside a 4 KiB page, already translated; `element` is the size
  // of its elements (a pair's register size), which a device sees one by one.
  void PhysicalAccess(uint64_t va, const mmu::Translation& t, void* data, unsigned size, bool write,
                      unsigned element);
  // One TLM-2.0 transaction to a device (MMIO); an error response is an external abort.
  void DeviceAccess(uint64_t va, uint64_t pa, uint8_t mair_attr, uint8_t* data, unsigned size, bool write);
  mmu::Translation TranslateData(uint64_t va, bool write, isa::AccessKind kind);
  // Takes the Data Abort for a failed data translation: a stage-2 one gets the
  // instruction syndrome of the executing instruction (for MMIO emulation at EL2).
  [[noreturn]] void TranslationDataAbort(uint64_t va, isa::Fault fault);

  // ---- Memory Tagging (processing_element_tags.cpp) ----
  // What the memory of a translation holds for tags: Tagged (stage-1 attribute 0xF0),
  // Canonically Tagged (FEAT_MTE_CANONICAL_TAGS with TCR_ELx.MTX for the VA), or Untagged.
  enum class TagMemory : uint8_t { Untagged, Tagged, Canonical };
  TagMemory TagMemoryOf(uint64_t va, const mmu::Translation& t) const;
  // The tag-storage byte of the granule at `pa` (its tag is nibble (pa >> 4) & 1), or
  // nullptr where there is no tag storage. Tag DMI grants are cached.
  uint8_t* TagStorageFor(uint64_t pa);
  // The page's 128 tag bytes when the whole page has tag storage, else nullptr.
  uint8_t* PageTagStorage(uint64_t pa_page);
  // The allocation tag the access sees for the granule at `pa` in memory of `kind`.
  unsigned AllocationTagAt(uint64_t va, uint64_t pa, TagMemory kind);
  // The granules [va, va + 16 * count), translated page by page (at most two pages)
  // before anything is accessed.
  struct GranuleRange {
    uint64_t va = 0, bytes = 0, first_bytes = 0;  // first_bytes: the part in the first page
    mmu::Translation part[2];
    const mmu::Translation& For(uint64_t offset) const { return part[offset < first_bytes ? 0 : 1]; }
    uint64_t Pa(uint64_t offset) const {
      return offset < first_bytes ? part[0].pa + offset : part[1].pa + (offset - first_bytes);
    }
  };
  GranuleRange TranslateGranules(uint64_t va, unsigned count, bool write, isa::AccessKind kind);
  // The tag check of one page's part of an access, before any memory is written: first
  // whether stage 2 lets it have tags at all (NoTagAccess), then the comparison.
  void CheckTagAccessPermitted(const isa::AccessRequest& part, const mmu::Translation& t);
  void CheckAccessTags(const isa::AccessRequest& part, const mmu::Translation& t);
  // FEAT_MTE_PERM (isa::mte::NoTagAccessFaults): takes the stage-2 Permission fault with
  // ISS2.TagAccess for an access to `t`'s memory when the rule says it faults.
  void CheckNoTagAccess(uint64_t va, const mmu::Translation& t, TagMemory kind, bool write, bool tag_access,
                        bool tag_checked, isa::mte::TagCheckFault on_mismatch);
  void ExceptionTakenInBatch();
  // The seam's tag accesses: through the fast TLB's page, or the translated granules.
  void ReportFastTagAccess(uint64_t va, unsigned count, bool write, isa::AccessKind kind);
  void ReportTagAccess(const GranuleRange& r, bool write);

  PeConfig config_;
  PeHost& host_;
  mmu::Mmu mmu_;
  mmu::TranslationControls controls_[isa::kRegimeCount];
  tlm_utils::tlm_quantumkeeper qk_;
  tlm::tlm_generic_payload payload_;
  tlmx::MemoryAttributes* attributes_;  // owned by payload_ (freed with it)

  // RAM and flash through DMI
  HostMemoryMap memory_;
  // Tag storage: the controller's range and the cached tag DMI grants (ptr = nullptr for
  // a range the controller said has no tag storage).
  struct TagDmiRange {
    uint64_t start = 0, end = 0;  // data addresses, inclusive end
    uint8_t* ptr = nullptr;       // tag byte of `start`
  };
  uint64_t tag_storage_base_ = 0, tag_storage_size_ = 0;
  std::array<TagDmiRange, 8> tag_dmi_{};
  unsigned tag_dmi_count_ = 0, tag_dmi_next_ = 0;
  CodeCache* code_ = nullptr;

  // Fetch: the decoded page the PC is in. fetch_page_ = VA page, or ~0 when invalid.
  uint64_t fetch_page_ = ~uint64_t{0};
  uint64_t fetch_pa_page_ = 0;
  DecodedInsn* fetch_block_ = nullptr;
  // Timing mode: the VA line the fetch unit last read (~0: none since the page changed).
  uint64_t fetch_line_ = ~uint64_t{0};

  // The seam and timing mode.
  MemoryAccessPort* port_ = nullptr;
  bool timing_ = false;
  PeTimingParams timing_params_;
  unsigned fetch_line_shift_ = 6;
  uint64_t batch_cycles_ = 0, batch_cycle_limit_ = ~uint64_t{0};

  // Batch bookkeeping (members so hooks can end a batch and the counter can be read mid-batch).
  uint64_t batch_retired_ = 0, batch_budget_ = 0;
  uint64_t last_exception_step_ = ~uint64_t{0}, last_exception_vector_ = ~uint64_t{0};

  Power power_ = Power::Off;
  sc_core::sc_event power_on_event_;
  bool event_register_ = false;

  // WFI/WFE: the thread waits on wake_event_ (an interrupt line, SEV, another PE waking)
  // or until the next timer deadline.
  enum class Sleep : uint8_t { Awake, Wfi, Wfe };
  Sleep sleep_ = Sleep::Awake;
  sc_core::sc_event wake_event_;
  bool WakeConditionMet() const;

  // Generic timers: the output levels last reported, and the physical count at which the
  // next one rises (~0: none). A batch never runs past it.
  std::array<bool, isa::kGenericTimerCount> timer_level_{};
  uint64_t next_timer_deadline_ = ~uint64_t{0};
  // The simulated time at which the physical count reaches `count` (SC_ZERO_TIME for the
  // past; false when beyond SystemC's time range).
  bool TimeOfCount(uint64_t count, sc_core::sc_time* when) const;
  // Cycles from now until the physical count reaches `count` (at least 1; ~0 for never).
  uint64_t CyclesUntilCount(uint64_t count);
  // The first event-stream edge (CNTKCTL_EL1 / CNTHCTL_EL2.EVNTEN) after the physical
  // count `physical`, as a physical count (~0: disabled).
  uint64_t NextEventStreamCount(uint64_t physical) const;
  // The physical count up to which event-stream edges have been folded into the event
  // register (they set it while the PE runs; a WFE consumes them).
  uint64_t stream_seen_until_ = 0;

  El2Model* el2_model_ = nullptr;
  PeObserver* observer_ = nullptr;

  // Statistics (models/stats): the PE's counters, exceptions by class, tag checks.
  enum Counter : unsigned {
    kInstructions, kCycles, kSlowAccesses, kMmioAccesses, kInterruptsTaken, kSleeps, kTagReads, kTagWrites,
    kExceptionCycles, kCounterCount
  };
  void RegisterStatistics(stats::Group& group);
  stats::Counters* counters_ = nullptr;
  stats::Counters* exceptions_by_class_ = nullptr;
  stats::Counters* tag_checks_ = nullptr;
  sc_core::sc_time asleep_time_;
};

}  // namespace mtesim::models
