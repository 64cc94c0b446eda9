// A PE's timing model in --mode timing (design.md, "Two speeds"): the memory-access
// seam's port (models/pe/memory_access.h) in front of the PE's private L1 instruction
// and data caches. An L1 miss becomes a tlmx::LineTransfer fill (and a dirty victim a
// writeback) on `socket`, a loosely-timed TLM-2.0 initiator bound to the shared L2;
// the annotated delay that comes back is the stall. Lines of Tagged memory carry their
// allocation tags, so a Tag Checked access that hits needs no separate tag fetch.
//
// The core is in order and blocking: a load, a tag load (LDG) and each descriptor read
// of a table walk stall for their whole latency. Stores and tag stores retire into a
// store buffer: one that misses holds its entry until its line arrives, and a store
// finding every entry held waits for the oldest (so a store stream cannot run ahead of
// memory without bound). A synchronous check makes a load wait for the later of its data
// and its tags, and a store for its tags when they are not in the L1D with its line (an
// L1 hit checks in the pipeline); an asynchronous one (TCF async, and stores under
// asymmetric checking) adds nothing. Instruction fetch stalls on L1I misses.
#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "models/cache/cache.h"
#include "models/pe/memory_access.h"
#include "models/stats/statistics.h"
#include "tlm/line_transfer.h"

namespace mtesim::models {

class CoreTiming : public sc_core::sc_module, public MemoryAccessPort {
 public:
  tlm_utils::simple_initiator_socket<CoreTiming> socket;

  // The caches register under `stats` ("l1i", "l1d"), the stalls under "stalls".
  CoreTiming(sc_core::sc_module_name name, const cache::CacheConfig& l1i, const cache::CacheConfig& l1d,
             unsigned store_buffer_entries, sc_core::sc_time cycle, stats::Group& stats);

  uint64_t Access(const MemoryAccess& access, const sc_core::sc_time& local_offset) override {
    uint64_t stall;
    return TryHit(access, stall) ? stall : AccessLines(access, local_offset);
  }
  // The common case of Access, inline and without a time (the trace replay calls it with
  // the time as plain picoseconds, building an sc_time only when this fails): an access
  // within one line that hits in its L1. Then `stall` is what Access returns, everything
  // is counted as Access counts it, and the result is true; otherwise nothing changed.
  __attribute__((always_inline)) bool TryHit(const MemoryAccess& a, uint64_t& stall) {
    cache::Cache& cache = a.kind == MemoryAccessKind::Fetch ? l1i_ : l1d_;
    const uint64_t line = cache.line_bytes();
    if ((a.pa & (line - 1)) + std::max<uint32_t>(a.size, 1) > line) return false;
    if (!cache.TryHit(a.pa, OpOf(a.kind), a.tagged)) return false;
    // Data and tags are both ready after the hit latency: AccessLines' cases reduce to
    // the hit latency for the loads (a synchronous check waits for nothing more) and to
    // no stall for fetches and stores (a hit drains from the store buffer at once).
    const unsigned counter = kHitStall[static_cast<unsigned>(a.kind)];
    if (counter == kStallCount) {
      stall = 0;
    } else {
      stall = cache.hit_cycles();
      stalls_[counter] += stall;
    }
    return true;
  }
  // Access's general path: any access, line by line, misses filled from below.
  uint64_t AccessLines(const MemoryAccess& access, const sc_core::sc_time& local_offset);

  unsigned fetch_line_bytes() const { return l1i_.line_bytes(); }

 private:
  static cache::CacheOp OpOf(MemoryAccessKind kind) {
    switch (kind) {
      case MemoryAccessKind::Fetch: return cache::CacheOp::Fetch;
      case MemoryAccessKind::Write: return cache::CacheOp::Write;
      case MemoryAccessKind::TagRead: return cache::CacheOp::TagRead;
      case MemoryAccessKind::TagWrite: return cache::CacheOp::TagWrite;
      case MemoryAccessKind::Read:
      case MemoryAccessKind::WalkStage1:
      case MemoryAccessKind::WalkStage2: break;
    }
    return cache::CacheOp::Read;
  }
  struct Ready {
    uint64_t data = 0, tags = 0;  // cycles after the access starts
  };
  // One line's access in `cache`, filling from below on a miss. It starts `after` cycles
  // past `local_offset`; the time is only built on a miss (a hit, the common case, needs
  // none, and sc_time arithmetic is a library call).
  Ready LineAccess(cache::Cache& cache, uint64_t pa, cache::CacheOp op, bool tagged, bool instruction,
                   const sc_core::sc_time& local_offset, uint64_t after);
  // A line transfer below; returns the data and tag offsets it came back with.
  void Transfer(tlmx::LineTransfer::Op op, uint64_t line_pa, unsigned bytes, bool data, bool tags, bool instruction,
                bool prefetch, sc_core::sc_time& delay, sc_core::sc_time* tags_ready);
  uint64_t CyclesOf(const sc_core::sc_time& t) const { return (t.value() + cycle_ps_ - 1) / cycle_ps_; }
  // A store (or tag store) whose line took `latency` cycles: the cycles it waits for a
  // free store-buffer entry (0 on a hit: the entry drains at once).
  uint64_t StoreBufferStall(uint64_t latency, const sc_core::sc_time& local_offset);

  cache::Cache l1i_, l1d_;
  uint64_t cycle_ps_;
  tlm::tlm_generic_payload payload_;
  tlmx::LineTransfer& line_;  // owned by payload_ (freed with it)
  sc_core::sc_time last_stalled_;  // the last transfer's wait for a full writeback buffer below
  enum Stall : unsigned { kFetch, kLoad, kTagWait, kTagLoad, kWalk, kStoreBuffer, kStallCount };
  // TryHit: the stall an L1 hit counts, by MemoryAccessKind; kStallCount: none.
  static constexpr Stall kHitStall[] = {kStallCount, kLoad, kStallCount, kTagLoad, kStallCount, kWalk, kWalk};
  stats::Counters& stalls_;
  std::vector<uint64_t> store_buffer_;  // when each entry frees (absolute ps)
  unsigned next_entry_ = 0;
};

}  // namespace mtesim::models
