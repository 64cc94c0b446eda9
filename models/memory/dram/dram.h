// A DRAM timing model: banks with row buffers, per-channel data buses and per-rank
// refresh, driven by the memory controller one line at a time. It stores no data (the
// memory controller's backing stores hold the truth); it only answers when an access's
// data burst completes, and counts what happened in the statistics tree.
//
// Scheduling is first-come first-served and blocking: a bank serves one access at a
// time, in call order. Callers from several initiators may pass times out of order; an
// access then starts at the later of its own time and the time its bank is free.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "models/memory/dram/address_mapping.h"
#include "models/memory/dram/dram_config.h"
#include "models/memory/dram/row_buffer_policy.h"
#include "models/stats/statistics.h"

namespace mtesim::dram {

class Dram {
 public:
  // Registers the statistics in `stats`. A config that fails Validate is an mtesim::Error
  // naming its keys under "dram".
  Dram(const DramConfig& config, stats::Group& stats);

  // One line read or written at `address` (any physical byte address; bits above the
  // capacity wrap), requested at `now_ps`. `tag` marks a line of the MTE tag-storage
  // carve-out (statistics only). Returns when the data burst completes (ps).
  uint64_t Access(uint64_t now_ps, uint64_t address, bool write, bool tag);

  const DramConfig& config() const { return config_; }
  const AddressMapping& mapping() const { return mapping_; }

 private:
  // The timings converted once to picoseconds.
  struct TimingsPs {
    uint64_t rcd, cl, cwl, rp, ras, burst, refi, rfc;
  };
  struct Bank {
    bool row_open = false;
    uint64_t open_row = 0;
    uint64_t free_ps = 0;             // when the bank may take its next command
    uint64_t last_activate_ps = 0;    // tRAS runs from here
    uint64_t last_burst_end_ps = 0;   // a precharge waits for the open row's last burst
    uint64_t refreshes_applied = 0;   // refreshes whose row-closing this bank has seen
  };
  enum Stat : unsigned {
    kDataReads, kDataWrites, kTagReads, kTagWrites, kBytesRead, kBytesWritten, kRowHits, kRowMisses,
    kRowConflicts, kRefreshWaits, kRefreshes, kActivates, kPrecharges, kStatCount
  };

  static TimingsPs ToPicoseconds(const DramTimings& t);
  // The access's start moved past a refresh window it falls in; closes the bank's row if
  // a refresh happened since its last access.
  uint64_t ApplyRefresh(uint64_t start_ps, unsigned rank_index, Bank& bank);
  // Opens `row` in `bank` as needed from `start_ps`; returns when the column command issues.
  uint64_t OpenRow(uint64_t start_ps, uint64_t row, Bank& bank, RowOutcome* outcome);
  void CountAccess(unsigned bank_index, bool write, bool tag, RowOutcome outcome, uint64_t latency_ps);

  DramConfig config_;
  TimingsPs t_;
  AddressMapping mapping_;
  std::unique_ptr<RowBufferPolicy> policy_;
  std::vector<Bank> banks_;                   // [channel][rank][bank], flattened
  std::vector<uint64_t> refreshes_counted_;   // per rank: refreshes already in kRefreshes
  std::vector<uint64_t> bus_free_ps_;         // per channel: when its data bus is free

  stats::Counters& counters_;
  stats::Histogram& latency_ns_;
  stats::Matrix& accesses_by_bank_;
};

}  // namespace mtesim::dram
