#include "models/pe/core_timing.h"

#include <algorithm>

#include "models/error.h"

namespace mtesim::models {

CoreTiming::CoreTiming(sc_core::sc_module_name name, const cache::CacheConfig& l1i, const cache::CacheConfig& l1d,
                       unsigned store_buffer_entries, sc_core::sc_time cycle, stats::Group& stats)
    : sc_module(name),
      socket("socket"),
      l1i_(l1i, stats.Child("l1i")),
      l1d_(l1d, stats.Child("l1d")),
      cycle_ps_(cycle.value()),
      line_(*new tlmx::LineTransfer),
      stalls_(stats.Child("stalls").AddCounters({
          {"fetch", "cycles waiting for instruction fetch (L1I misses)"},
          {"load", "cycles waiting for load data (L1D hit latency and misses)"},
          {"tag_wait", "cycles a synchronous tag check waited for tags beyond the data"},
          {"tag_load", "cycles waiting for allocation tags of LDG / LDGM / tag reads"},
          {"walk", "cycles waiting for translation table descriptors (stage 1 and stage 2)"},
          {"store_buffer", "cycles a store waited for a free store-buffer entry (every entry waiting for a line)"},
      })),
      store_buffer_(std::max(1u, store_buffer_entries), 0) {
  payload_.set_extension(&line_);  // the payload owns it
}

void CoreTiming::Transfer(tlmx::LineTransfer::Op op, uint64_t line_pa, unsigned bytes, bool data, bool tags,
                          bool instruction, bool prefetch, sc_core::sc_time& delay, sc_core::sc_time* tags_ready) {
  tlmx::LineTransfer::Prepare(payload_, line_pa, bytes);
  line_.op = op;
  line_.data = data;
  line_.tags = tags;
  line_.instruction = instruction;
  line_.prefetch = prefetch;
  line_.ResetResults(delay);
  socket->b_transport(payload_, delay);
  // A line the memory system cannot serve (outside every target) costs nothing more: the
  // functional access has already been answered, architecturally, by the PE.
  if (tags_ready) *tags_ready = std::max(line_.tags_ready, delay);
  last_stalled_ = line_.stalled;
}

CoreTiming::Ready CoreTiming::LineAccess(cache::Cache& cache, uint64_t pa, cache::CacheOp op, bool tagged,
                                         bool instruction, const sc_core::sc_time& local_offset, uint64_t after) {
  const cache::Outcome o = cache.Access(pa, op, tagged);
  Ready r;
  r.data = r.tags = cache.hit_cycles();
  if (o.hit) return r;
  const sc_core::sc_time start = after ? local_offset + sc_core::sc_time::from_value(cycle_ps_ * after) : local_offset;
  const unsigned line = cache.line_bytes();
  // The victim leaves through a write buffer; only a full buffer below holds the fill back.
  sc_core::sc_time fill_start = start;
  if (o.writeback.needed) {
    sc_core::sc_time background = start;
    Transfer(tlmx::LineTransfer::Op::Writeback, o.writeback.address, line, o.writeback.data, o.writeback.tags,
             false, false, background, nullptr);
    fill_start += last_stalled_;
  }
  if (o.fill.needed) {
    sc_core::sc_time delay = fill_start, tags_ready;
    Transfer(tlmx::LineTransfer::Op::Fill, cache.LineAddress(pa), line, o.fill.data, o.fill.tags, instruction, false,
             delay, &tags_ready);
    r.data = cache.hit_cycles() + CyclesOf(delay - start);
    r.tags = cache.hit_cycles() + CyclesOf(tags_ready - start);
  }
  for (unsigned k = 0; k < o.prefetch_count; ++k) {
    const cache::Outcome p = cache.Prefetch(o.prefetch[k], tagged);
    sc_core::sc_time background = start;
    if (p.writeback.needed)
      Transfer(tlmx::LineTransfer::Op::Writeback, p.writeback.address, line, p.writeback.data, p.writeback.tags, false,
               false, background, nullptr);
    if (p.fill.needed)
      Transfer(tlmx::LineTransfer::Op::Fill, o.prefetch[k], line, p.fill.data, p.fill.tags, instruction, true,
               background, nullptr);
  }
  return r;
}

uint64_t CoreTiming::AccessLines(const MemoryAccess& a, const sc_core::sc_time& local_offset) {
  cache::Cache& cache = a.kind == MemoryAccessKind::Fetch ? l1i_ : l1d_;
  const cache::CacheOp op = OpOf(a.kind);
  // Every line the access touches, one after the other (an in-order core's split access).
  const uint64_t line = cache.line_bytes();
  const uint64_t last = (a.pa + std::max<uint32_t>(a.size, 1) - 1) & ~(line - 1);
  Ready total;
  for (uint64_t pa = a.pa & ~(line - 1);; pa += line) {
    const Ready r = LineAccess(cache, pa == (a.pa & ~(line - 1)) ? a.pa : pa, op, a.tagged,
                               a.kind == MemoryAccessKind::Fetch, local_offset, total.data);
    total.tags = std::max(total.tags, total.data + r.tags);
    total.data += r.data;
    if (pa == last) break;
  }
  switch (a.kind) {
    case MemoryAccessKind::Fetch: {
      // An L1I hit streams with the pipeline; only misses stall.
      const uint64_t stall = total.data > l1i_.hit_cycles() ? total.data - l1i_.hit_cycles() : 0;
      stalls_[kFetch] += stall;
      return stall;
    }
    case MemoryAccessKind::WalkStage1:
    case MemoryAccessKind::WalkStage2:
      stalls_[kWalk] += total.data;
      return total.data;
    case MemoryAccessKind::TagRead:
      stalls_[kTagLoad] += total.tags;
      return total.tags;
    case MemoryAccessKind::TagWrite:
      return StoreBufferStall(total.data, local_offset);
    case MemoryAccessKind::Read: {
      stalls_[kLoad] += total.data;
      if (a.check != TagCheckTiming::Sync || total.tags <= total.data) return total.data;
      stalls_[kTagWait] += total.tags - total.data;
      return total.tags;
    }
    case MemoryAccessKind::Write: {
      const uint64_t stall = StoreBufferStall(total.data, local_offset);
      if (a.check != TagCheckTiming::Sync) return stall;
      // The check needs the tags; on an L1 hit they are in the line and checked in the
      // pipeline.
      const uint64_t tag_wait = total.tags > l1d_.hit_cycles() ? total.tags - l1d_.hit_cycles() : 0;
      if (tag_wait <= stall) return stall;
      stalls_[kTagWait] += tag_wait - stall;
      return tag_wait;
    }
  }
  return 0;
}

uint64_t CoreTiming::StoreBufferStall(uint64_t latency, const sc_core::sc_time& local_offset) {
  if (latency <= l1d_.hit_cycles()) return 0;
  const uint64_t now = sc_core::sc_time_stamp().value() + local_offset.value();
  uint64_t& entry = store_buffer_[next_entry_];
  next_entry_ = (next_entry_ + 1) % store_buffer_.size();
  const uint64_t stall = entry > now ? (entry - now + cycle_ps_ - 1) / cycle_ps_ : 0;
  entry = now + (stall + latency) * cycle_ps_;
  stalls_[kStoreBuffer] += stall;
  return stall;
}

}  // namespace mtesim::models
