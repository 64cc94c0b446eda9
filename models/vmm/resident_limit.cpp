#include "models/vmm/resident_limit.h"

namespace mtesim::vmm {

namespace {
// A pass every 50 us of simulated time (five of the default 10 us quanta): the guest runs
// in between, so the limit is exceeded only by what it touches in one interval.
const sc_core::sc_time kInterval(50, sc_core::SC_US);
// Longer than any quantum, so a PE between two batches never looks idle.
const sc_core::sc_time kIdleWindow(1, sc_core::SC_MS);
}  // namespace

// A pass may swap out up to the daemon's batch (1024 pages: far more than a guest maps in
// one interval), so one pass brings the VM back under the limit.
ResidentLimit::ResidentLimit(VmInstance& guest, uint64_t limit_pages, stats::Group& stats)
    : guest_(guest), policy_(limit_pages), daemon_(guest.vm(), policy_, kInterval, 1024, &stats) {
  const hyp::VmStats& v = guest_.vm().stats();
  stats.AddGauge({"resident_limit_pages", "--swap-limit"}, [this] { return policy_.resident_limit(); });
  stats.AddGauge({"pages_out", "the guest's pages swapped out"}, [&v] { return v.pages_swapped_out(); });
  stats.AddGauge({"pages_in", "the guest's pages swapped back in"}, [&v] { return v.pages_swapped_in(); });
  stats.AddGauge({"tag_bytes_saved", "packed tag bytes saved with them"}, [&v] { return v.swap_tag_bytes_saved(); });
  stats.AddGauge({"tag_bytes_restored", "packed tag bytes restored"}, [&v] { return v.swap_tag_bytes_restored(); });
  stats.AddGauge({"resident_pages", "the guest's pages not swapped out"},
                 [this] { return guest_.vm().resident_pages(); });
}

void ResidentLimit::Start() {
  daemon_.Start([this] { return GuestProgressing(); });
}

bool ResidentLimit::GuestProgressing() {
  const sc_core::sc_time now = sc_core::sc_time_stamp();
  if (last_instructions_ != ~uint64_t{0} && now - last_check_ < kIdleWindow) return true;
  const uint64_t n = guest_.instructions();
  const bool progressing = n != last_instructions_;
  last_instructions_ = n;
  last_check_ = now;
  return progressing;
}

}  // namespace mtesim::vmm
