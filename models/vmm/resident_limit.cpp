#include "models/vmm/resident_limit.h"

#include <nlohmann/json.hpp>

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
ResidentLimit::ResidentLimit(VmInstance& guest, uint64_t limit_pages)
    : guest_(guest), policy_(limit_pages), daemon_(guest.vm(), policy_, kInterval) {}

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

nlohmann::json ResidentLimit::Statistics() const {
  const hyp::VmStats& v = guest_.vm().stats();
  return {{"resident_limit_pages", policy_.resident_limit()},
          {"passes", daemon_.passes()},
          {"pages_out", v.pages_swapped_out()},
          {"pages_in", v.pages_swapped_in()},
          {"tag_bytes_saved", v.swap_tag_bytes_saved()},
          {"tag_bytes_restored", v.swap_tag_bytes_restored()},
          {"resident_pages", guest_.vm().resident_pages()}};
}

}  // namespace mtesim::vmm
