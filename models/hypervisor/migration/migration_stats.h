// What a Migration sent: counters in the statistics tree ("migration" in --stats, with
// the wire total and host time as values read on demand), read through accessors; only
// the Migration counts.
#pragma once
#include <cstdint>

#include "models/stats/counter_set.h"

namespace mtesim::hyp {

class MigrationStats {
 public:
  enum Counter : unsigned {
    kPagesSent,
    kZeroPages,
    kDataBytesSent,
    kTagBytesSent,
    kStateBytesSent,
    kVgicRegistersSent,
    kRounds,
    kPostcopyDemandPages,
    kPostcopyBackgroundPages,
    kTagPasses,
  };
  // `group` nullptr: counters of its own (a migration outside a board's tree).
  explicit MigrationStats(stats::Group* group);
  MigrationStats(const MigrationStats&) = delete;
  MigrationStats& operator=(const MigrationStats&) = delete;

  uint64_t pages_sent() const { return c_[kPagesSent]; }            // page records (zero pages included)
  uint64_t zero_pages() const { return c_[kZeroPages]; }            // of which sent as zero pages
  uint64_t data_bytes_sent() const { return c_[kDataBytesSent]; }   // page records' bytes (headers and data)
  uint64_t tag_bytes_sent() const { return c_[kTagBytesSent]; }     // packed tag bytes
  uint64_t state_bytes_sent() const { return c_[kStateBytesSent]; }  // vCPU and vGIC registers (id and value each)
  uint64_t vgic_registers_sent() const { return c_[kVgicRegistersSent]; }  // of which the vGIC's
  uint64_t rounds() const { return c_[kRounds]; }  // pre-copy rounds, round 0 and the final one included
  uint64_t postcopy_demand_pages() const { return c_[kPostcopyDemandPages]; }
  uint64_t postcopy_background_pages() const { return c_[kPostcopyBackgroundPages]; }
  uint64_t tag_passes() const { return c_[kTagPasses]; }  // tag records sent apart from their pages
  uint64_t wire_bytes() const { return data_bytes_sent() + tag_bytes_sent() + state_bytes_sent(); }
  // Not counts: the pages of the most recent round (what convergence is judged by), and
  // the host CPU time spent in the migration's steps.
  uint64_t last_round_pages() const { return last_round_pages_; }
  double host_seconds() const { return host_seconds_; }

 private:
  friend class Migration;
  uint64_t& operator[](Counter c) { return c_[c]; }
  stats::CounterSet c_;
  uint64_t last_round_pages_ = 0;
  double host_seconds_ = 0;
};

}  // namespace mtesim::hyp
