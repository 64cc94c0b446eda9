// The shared L2 as a SystemC module: every PE's private caches bind to its target socket
// and send it tlmx::LineTransfer transactions (fills of missing lines, writebacks of
// dirty ones); it answers from its timing Cache and sends its own misses, dirty victims
// and prefetches towards memory through its initiator socket, as LineTransfers of its
// own line size. Loosely timed: each b_transport adds the lookup's hit cycles and, on a
// miss, the next level's latency to the caller's delay; writebacks and prefetches occupy
// the next level but add nothing to the demand that caused them.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_target_socket.h>
#include <tlm_utils/simple_initiator_socket.h>

#include "models/cache/cache.h"
#include "models/stats/statistics.h"
#include "tlm/line_transfer.h"

namespace mtesim::cache {

class SharedCache : public sc_core::sc_module {
 public:
  tlm_utils::multi_passthrough_target_socket<SharedCache> target_socket;
  tlm_utils::simple_initiator_socket<SharedCache> initiator_socket;

  // `cycle`: the period of the clock hit_cycles count. Statistics go to `stats`.
  SharedCache(sc_core::sc_module_name name, const CacheConfig& config, sc_core::sc_time cycle, stats::Group& stats);

  const Cache& cache() const { return cache_; }

 private:
  // A payload with its extension, reused for every downstream transfer. Normally one is
  // enough; another is made only if a downstream b_transport wait()s and a second PE's
  // request enters meanwhile, so no transaction allocates in steady state.
  struct Downstream {
    tlm::tlm_generic_payload trans;
    tlmx::LineTransfer* ext;  // owned by trans
    bool busy = false;
    Downstream();
  };

  void b_transport(int id, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  void Fill(tlm::tlm_generic_payload& trans, tlmx::LineTransfer& ext, sc_core::sc_time& delay);
  void WritebackFromAbove(tlm::tlm_generic_payload& trans, tlmx::LineTransfer& ext, sc_core::sc_time& delay);
  // Issues the prefetches a demand lookup at offset `when` decided, while the prefetch
  // queue has room.
  void Prefetch(const Outcome& demand, bool tags, sc_core::sc_time when);
  // Sends a victim's writeback downstream at `when` once the writeback buffer has an
  // entry; `*waited` (if given) gets how long that took. Its draining is nobody's wait.
  tlm::tlm_response_status SendWriteback(const Outcome::Writeback& wb, sc_core::sc_time when,
                                         sc_core::sc_time* waited = nullptr);
  // Sends a line transfer downstream; `delay` in and out as b_transport's.
  tlm::tlm_response_status Send(tlmx::LineTransfer::Op op, uint64_t line_pa, bool data, bool tags, bool instruction,
                                bool prefetch, sc_core::sc_time& delay, sc_core::sc_time* tags_ready = nullptr);

  Cache cache_;
  sc_core::sc_time hit_time_;
  std::vector<std::unique_ptr<Downstream>> downstream_;
  // When each in-flight prefetch fill completes (absolute ps), oldest at next_prefetch_.
  std::vector<uint64_t> prefetch_queue_;
  unsigned next_prefetch_ = 0;
  // When each writeback-buffer entry has drained (absolute ps), oldest at next_writeback_.
  std::vector<uint64_t> writeback_buffer_;
  unsigned next_writeback_ = 0;
  stats::Counters& counters_;
};

}  // namespace mtesim::cache
