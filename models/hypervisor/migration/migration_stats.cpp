#include "models/hypervisor/migration/migration_stats.h"

namespace mtesim::hyp {

// In the order of MigrationStats::Counter; the names are --stats' "migration" keys.
MigrationStats::MigrationStats(stats::Group* group)
    : c_(group, {{"pages_sent", "page records sent (zero pages included)"},
                 {"zero_pages", "of which zero pages (header only)"},
                 {"data_bytes", "page records' bytes, headers and data"},
                 {"tag_bytes", "packed tag bytes sent"},
                 {"state_bytes", "vCPU and vGIC register bytes sent"},
                 {"vgic_registers", "vGIC registers sent"},
                 {"rounds", "pre-copy rounds, round 0 and the final one included"},
                 {"postcopy_demand_pages", "post-copy pages fetched on a destination fault"},
                 {"postcopy_background_pages", "post-copy pages pushed in the background"},
                 {"tag_passes", "passes sending tags apart from their pages (the transport's choice)"}}) {
  if (!group) return;
  group->AddGauge({"wire_bytes", "data, tag and state bytes on the wire"}, [this] { return wire_bytes(); });
  group->AddFormula({"host_seconds", "host CPU time spent in the migration's steps"}, [this] { return host_seconds_; });
  group->AddFormula({"pages_per_host_second", "pages sent per host second"}, [this] {
    return host_seconds_ > 0 ? static_cast<double>(pages_sent()) / host_seconds_ : 0.0;
  });
}

}  // namespace mtesim::hyp
