// Records a run into a trace file (traces/format.h): attaches to every PE as its
// observer and in front of its memory-access seam (the timing model, if any, still
// answers every access), and to the VMM's exits. What it writes depends on the detail
// level; at every level it samples the statistics the timeline plots (instructions,
// cycles, cache and tag-cache hits and misses) every `counter_interval` of simulated time.
//
// A recorded access carries the allocation tag of its first granule, read from tag
// storage (after the access for tag writes, so the tag written): a Tag Checked access
// also carries its logical tag and whether any granule mismatched, and a mismatch is
// also a kTagFault record (so the Events level shows asynchronous faults too).
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <systemc>

#include "models/hypervisor/host_events.h"
#include "models/pe/memory_access.h"
#include "models/pe/pe_observer.h"
#include "traces/format.h"
#include "traces/trace_writer.h"

namespace mtesim::models {
class Platform;
class ProcessingElement;
class TagStorageMemory;
}  // namespace mtesim::models

namespace mtesim::traces {

struct RecorderOptions {
  Detail detail = Detail::Memory;
  Compression compression = Compression::Zstd;
  sc_core::sc_time counter_interval = sc_core::sc_time(10, sc_core::SC_US);
};

class Recorder : public models::PeObserver, public hyp::HostEventObserver {
 public:
  // Throws mtesim::Error naming `path` if it cannot be created.
  Recorder(models::Platform& platform, const std::string& path, const RecorderOptions& options);
  ~Recorder() override;

  // Ends the recording (a last counter sample, the end record); throws mtesim::Error
  // naming the file for any write error. Detaches from the platform.
  void Close();

  uint64_t records() const { return writer_.records(); }

  // PeObserver
  void Retired(unsigned pe, const models::RetiredInsn& insn) override;
  void ExceptionTaken(unsigned pe, const models::TakenException& exception) override;
  void SlowTranslation(unsigned pe) override;
  // HostEventObserver (the hypervisor model's world switches and migration phases)
  void VcpuOnPe(unsigned pe, unsigned vmid, unsigned vcpu, bool entered) override;
  void MigrationPhase(const std::string& phase) override;

 private:
  // In front of one PE's memory-access seam.
  class Tap : public models::MemoryAccessPort {
   public:
    Tap(Recorder& recorder, unsigned pe, models::MemoryAccessPort* next) : recorder_(recorder), pe_(pe), next_(next) {}
    uint64_t Access(const models::MemoryAccess& access, const sc_core::sc_time& local_offset) override;
    models::MemoryAccessPort* next() const { return next_; }

   private:
    Recorder& recorder_;
    unsigned pe_;
    models::MemoryAccessPort* next_;
  };
  struct Sampled {
    std::string name;
    uint64_t id;
  };

  void RecordAccess(unsigned pe, const models::MemoryAccess& access);
  int AllocationTag(uint64_t pa) const;  // -1 where there is no tag storage
  void SampleCounters(uint64_t ps);
  uint64_t Intern(const std::string& name);  // a string record the first time
  void Detach();

  models::Platform& platform_;
  RecorderOptions options_;
  TraceWriter writer_;
  std::vector<models::ProcessingElement*> pes_;
  std::vector<std::unique_ptr<Tap>> taps_;
  models::TagStorageMemory& ram_;  // read for allocation tags
  std::vector<Sampled> sampled_;
  std::map<std::string, uint64_t> phase_names_;
  uint64_t migration_track_ = ~uint64_t{0};
  bool in_phase_ = false;
  uint64_t strings_ = 0;
  uint64_t next_sample_ps_ = 0;
  uint64_t interval_ps_ = 0;
  unsigned until_time_check_ = 0;
  bool attached_ = false;
  // The VMM keeps its exit observer for the platform's life; it reaches the recorder
  // through this cell, emptied when the recorder detaches.
  std::shared_ptr<Recorder*> self_;
};

}  // namespace mtesim::traces
