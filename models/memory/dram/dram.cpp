#include "models/memory/dram/dram.h"

#include <algorithm>
#include <string>

namespace mtesim::dram {

namespace {

// Latency histogram bins: 0, 1, 2, 4 ... 16384 ns and above.
constexpr unsigned kLatencyBins = 16;

const DramConfig& Validated(const DramConfig& config) {
  Validate(config, "dram");
  return config;
}

std::vector<std::string> BankNames(const DramConfig& c) {
  std::vector<std::string> names;
  for (unsigned channel = 0; channel < c.channels; ++channel)
    for (unsigned rank = 0; rank < c.ranks; ++rank)
      for (unsigned bank = 0; bank < c.banks; ++bank)
        names.push_back("c" + std::to_string(channel) + "r" + std::to_string(rank) + "b" + std::to_string(bank));
  return names;
}

double Ratio(uint64_t part, uint64_t whole) { return static_cast<double>(part) / static_cast<double>(whole); }

}  // namespace

Dram::TimingsPs Dram::ToPicoseconds(const DramTimings& t) {
  const uint64_t tck = t.tck_ps;
  return {t.tRCD * tck, t.tCL * tck, t.tCWL * tck, t.tRP * tck, t.tRAS * tck, t.tBURST * tck, t.tREFI * tck,
          t.tRFC * tck};
}

Dram::Dram(const DramConfig& config, stats::Group& stats)
    : config_(Validated(config)),
      t_(ToPicoseconds(config.t)),
      mapping_(config.address_mapping, config),
      policy_(MakeRowBufferPolicy(config.row_buffer_policy)),
      banks_(size_t{config.channels} * config.ranks * config.banks),
      refreshes_counted_(size_t{config.channels} * config.ranks, 0),
      bus_free_ps_(config.channels, 0),
      counters_(stats.AddCounters({
          {"data_reads", "reads of data lines"},
          {"data_writes", "writes of data lines"},
          {"tag_reads", "reads of lines of the MTE tag-storage carve-out"},
          {"tag_writes", "writes of lines of the MTE tag-storage carve-out"},
          {"bytes_read", "bytes read (lines x line_bytes)"},
          {"bytes_written", "bytes written (lines x line_bytes)"},
          {"row_hits", "accesses that found their row open"},
          {"row_misses", "accesses that found their bank closed (ACTIVATE only)"},
          {"row_conflicts", "accesses that found another row open (PRECHARGE and ACTIVATE)"},
          {"refresh_waits", "accesses that waited for a refresh of their rank to finish"},
          {"refreshes", "refreshes elapsed over all ranks, up to the latest access"},
          {"activates", "ACTIVATE commands"},
          {"precharges", "PRECHARGE commands, explicit or automatic, and rows closed by refresh"},
      })),
      latency_ns_(stats.AddHistogram({"latency_ns", "access latency from request to end of data burst (ns)"},
                                     stats::Log2Bins(kLatencyBins))),
      accesses_by_bank_(stats.AddMatrix({"accesses_by_bank", "accesses per bank (cCrRbB) by kind"},
                                        BankNames(config), {"read", "write"})) {
  stats::Counters* c = &counters_;
  stats.AddFormula({"row_hit_rate", "row_hits / (row_hits + row_misses + row_conflicts)"}, [c] {
    return Ratio((*c)[kRowHits], (*c)[kRowHits] + (*c)[kRowMisses] + (*c)[kRowConflicts]);
  });
  stats.AddFormula({"tag_share", "tag-storage accesses / all accesses"}, [c] {
    const uint64_t tag = (*c)[kTagReads] + (*c)[kTagWrites];
    return Ratio(tag, tag + (*c)[kDataReads] + (*c)[kDataWrites]);
  });
}

uint64_t Dram::ApplyRefresh(uint64_t start_ps, unsigned rank_index, Bank& bank) {
  // Refresh k (k >= 1) occupies the rank over [k tREFI, k tREFI + tRFC). Computed from
  // the time, not simulated: every rank refreshes on the same schedule.
  const uint64_t refreshes_started = start_ps / t_.refi;
  if (refreshes_started >= 1 && start_ps - refreshes_started * t_.refi < t_.rfc) {
    start_ps = refreshes_started * t_.refi + t_.rfc;
    ++counters_[kRefreshWaits];
  }
  uint64_t& counted = refreshes_counted_[rank_index];
  if (refreshes_started > counted) {
    counters_[kRefreshes] += refreshes_started - counted;
    counted = refreshes_started;
  }
  // Refresh precharges every bank of the rank first, so it closes the row.
  if (refreshes_started > bank.refreshes_applied) {
    if (bank.row_open) ++counters_[kPrecharges];
    bank.row_open = false;
    bank.refreshes_applied = refreshes_started;
  }
  return start_ps;
}

uint64_t Dram::OpenRow(uint64_t start_ps, uint64_t row, Bank& bank, RowOutcome* outcome) {
  if (bank.row_open && bank.open_row == row) {
    *outcome = RowOutcome::kHit;
    return start_ps;
  }
  uint64_t activate_ps = start_ps;
  if (bank.row_open) {
    *outcome = RowOutcome::kConflict;
    const uint64_t precharge_ps = std::max({start_ps, bank.last_activate_ps + t_.ras, bank.last_burst_end_ps});
    ++counters_[kPrecharges];
    activate_ps = precharge_ps + t_.rp;
  } else {
    *outcome = RowOutcome::kMiss;
  }
  ++counters_[kActivates];
  bank.row_open = true;
  bank.open_row = row;
  bank.last_activate_ps = activate_ps;
  return activate_ps + t_.rcd;
}

uint64_t Dram::Access(uint64_t now_ps, uint64_t address, bool write, bool tag) {
  const DramCoordinates at = mapping_.Decode(address);
  const unsigned rank_index = at.channel * config_.ranks + at.rank;
  const unsigned bank_index = rank_index * config_.banks + at.bank;
  Bank& bank = banks_[bank_index];

  const uint64_t start_ps = ApplyRefresh(std::max(now_ps, bank.free_ps), rank_index, bank);
  RowOutcome outcome;
  const uint64_t column_ps = OpenRow(start_ps, at.row, bank, &outcome);

  // The burst needs the channel's data bus, which serves one burst at a time: the column
  // command goes late enough for its burst to find the bus free. Column commands to an
  // open row pipeline (tCCD = tBURST), so a stream of row hits keeps the bus busy
  // instead of waiting a whole CAS latency per access.
  uint64_t& bus_free_ps = bus_free_ps_[at.channel];
  const uint64_t cas_ps = write ? t_.cwl : t_.cl;
  const uint64_t command_ps = std::max(column_ps, bus_free_ps > cas_ps ? bus_free_ps - cas_ps : 0);
  const uint64_t done_ps = command_ps + cas_ps + t_.burst;
  bus_free_ps = done_ps;
  bank.free_ps = command_ps + t_.burst;
  bank.last_burst_end_ps = done_ps;

  if (!policy_->KeepRowOpen(bank_index, outcome)) {
    // Auto-precharge once the burst is over and tRAS is met; the bank can activate
    // again tRP later.
    const uint64_t precharge_ps = std::max(done_ps, bank.last_activate_ps + t_.ras);
    ++counters_[kPrecharges];
    bank.row_open = false;
    bank.free_ps = precharge_ps + t_.rp;
  }

  CountAccess(bank_index, write, tag, outcome, done_ps - now_ps);
  return done_ps;
}

void Dram::CountAccess(unsigned bank_index, bool write, bool tag, RowOutcome outcome, uint64_t latency_ps) {
  ++counters_[tag ? (write ? kTagWrites : kTagReads) : (write ? kDataWrites : kDataReads)];
  counters_[write ? kBytesWritten : kBytesRead] += config_.line_bytes;
  switch (outcome) {
    case RowOutcome::kHit: ++counters_[kRowHits]; break;
    case RowOutcome::kMiss: ++counters_[kRowMisses]; break;
    case RowOutcome::kConflict: ++counters_[kRowConflicts]; break;
  }
  ++accesses_by_bank_(bank_index, write ? 1 : 0);
  latency_ns_.Sample(latency_ps / 1000);
}

}  // namespace mtesim::dram
