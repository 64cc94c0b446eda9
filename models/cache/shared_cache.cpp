#include "models/cache/shared_cache.h"

#include <algorithm>

namespace mtesim::cache {

using tlmx::LineTransfer;

SharedCache::Downstream::Downstream() : ext(new LineTransfer) { trans.set_extension(ext); }

SharedCache::SharedCache(sc_core::sc_module_name name, const CacheConfig& config, sc_core::sc_time cycle,
                         stats::Group& stats)
    : sc_module(name),
      target_socket("target_socket"),
      initiator_socket("initiator_socket"),
      cache_(config, stats),
      hit_time_(cycle * static_cast<double>(config.hit_cycles)),
      prefetch_queue_(config.prefetch_queue, 0),
      writeback_buffer_(config.writeback_buffer, 0),
      counters_(stats.AddCounters({{"prefetches_dropped", "prefetches not issued: the prefetch queue was full"},
                                   {"writeback_buffer_waits", "evictions that waited for a writeback-buffer entry"}})) {
  target_socket.register_b_transport(this, &SharedCache::b_transport);
  downstream_.push_back(std::make_unique<Downstream>());
}

void SharedCache::b_transport(int, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  LineTransfer* ext = trans.get_extension<LineTransfer>();
  if (trans.get_command() != tlm::TLM_IGNORE_COMMAND || !ext) {
    trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
    return;
  }
  // A line of the cache above must lie within one of ours (same or smaller line size).
  const uint64_t address = trans.get_address();
  if (cache_.LineAddress(address) != cache_.LineAddress(address + std::max(trans.get_data_length(), 1u) - 1)) {
    trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    return;
  }
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
  if (ext->op == LineTransfer::Op::Fill) Fill(trans, *ext, delay);
  else WritebackFromAbove(trans, *ext, delay);
}

void SharedCache::Fill(tlm::tlm_generic_payload& trans, LineTransfer& ext, sc_core::sc_time& delay) {
  // A fill without data is the tag-only fill of a line the cache above holds untagged.
  const CacheOp op = !ext.data ? CacheOp::TagRead : ext.instruction ? CacheOp::Fetch : CacheOp::Read;
  const Outcome o = cache_.Access(trans.get_address(), op, ext.tags);
  const sc_core::sc_time looked_up = delay + hit_time_;
  delay = looked_up;
  ext.tags_ready = looked_up;
  if (o.fill.needed) {
    if (o.writeback.needed) {
      sc_core::sc_time waited;
      const tlm::tlm_response_status status = SendWriteback(o.writeback, looked_up, &waited);
      if (status != tlm::TLM_OK_RESPONSE) {
        trans.set_response_status(status);
        return;
      }
      delay += waited;  // the fill needs the victim's way
      ext.tags_ready = delay;
    }
    sc_core::sc_time tags_ready;
    const tlm::tlm_response_status status = Send(LineTransfer::Op::Fill, cache_.LineAddress(trans.get_address()),
                                                 o.fill.data, o.fill.tags, ext.instruction, false, delay, &tags_ready);
    if (status != tlm::TLM_OK_RESPONSE) {
      trans.set_response_status(status);
      return;
    }
    // Tags that came from the next level are ready when it says; present ones with the data.
    ext.tags_ready = o.fill.tags ? std::max(tags_ready, delay) : delay;
  }
  Prefetch(o, ext.tags, looked_up);
}

void SharedCache::Prefetch(const Outcome& demand, bool tags, sc_core::sc_time when) {
  // Prefetches start when the lookup has decided them and run beside the demand. The
  // neighbours are assumed to share the demand's Tagged attribute: prefetchers stay in
  // its 4 KiB page, and the attribute is a page's. Their failures are not the demand's.
  const uint64_t now = sc_core::sc_time_stamp().value() + when.value();
  for (unsigned i = 0; i < demand.prefetch_count; ++i) {
    uint64_t& slot = prefetch_queue_[next_prefetch_];
    if (slot > now) {  // the oldest prefetch in flight has not returned: no room
      ++counters_[0];
      continue;
    }
    const Outcome p = cache_.Prefetch(demand.prefetch[i], tags);
    if (!p.fill.needed) continue;
    if (p.writeback.needed) SendWriteback(p.writeback, when);
    sc_core::sc_time done = when;
    Send(LineTransfer::Op::Fill, demand.prefetch[i], p.fill.data, p.fill.tags, false, true, done);
    slot = sc_core::sc_time_stamp().value() + done.value();
    next_prefetch_ = (next_prefetch_ + 1) % prefetch_queue_.size();
  }
}

void SharedCache::WritebackFromAbove(tlm::tlm_generic_payload& trans, LineTransfer& ext, sc_core::sc_time& delay) {
  const Outcome o = cache_.WritebackFromAbove(trans.get_address(), ext.data, ext.tags);
  delay += hit_time_;
  ext.stalled = sc_core::SC_ZERO_TIME;
  if (o.writeback.needed) {
    sc_core::sc_time waited;
    const tlm::tlm_response_status status = SendWriteback(o.writeback, delay, &waited);
    if (status != tlm::TLM_OK_RESPONSE) trans.set_response_status(status);
    // The line from above takes the victim's way: it is accepted once the victim leaves.
    ext.stalled = waited;
    delay += waited;
  }
}

tlm::tlm_response_status SharedCache::SendWriteback(const Outcome::Writeback& wb, sc_core::sc_time when,
                                                    sc_core::sc_time* waited) {
  uint64_t& entry = writeback_buffer_[next_writeback_];
  next_writeback_ = (next_writeback_ + 1) % writeback_buffer_.size();
  const uint64_t now = sc_core::sc_time_stamp().value() + when.value();
  const sc_core::sc_time wait = sc_core::sc_time::from_value(entry > now ? entry - now : 0);
  if (entry > now) ++counters_[1];
  if (waited) *waited = wait;
  sc_core::sc_time drained = when + wait;
  const tlm::tlm_response_status status =
      Send(LineTransfer::Op::Writeback, wb.address, wb.data, wb.tags, false, false, drained);
  entry = sc_core::sc_time_stamp().value() + drained.value();
  return status;
}

tlm::tlm_response_status SharedCache::Send(LineTransfer::Op op, uint64_t line_pa, bool data, bool tags,
                                           bool instruction, bool prefetch, sc_core::sc_time& delay,
                                           sc_core::sc_time* tags_ready) {
  auto slot = std::find_if(downstream_.begin(), downstream_.end(), [](const auto& d) { return !d->busy; });
  if (slot == downstream_.end()) slot = downstream_.insert(slot, std::make_unique<Downstream>());
  Downstream& d = **slot;
  d.busy = true;
  LineTransfer::Prepare(d.trans, line_pa, cache_.line_bytes());
  d.ext->op = op;
  d.ext->data = data;
  d.ext->tags = tags;
  d.ext->instruction = instruction;
  d.ext->prefetch = prefetch;
  d.ext->ResetResults(sc_core::SC_ZERO_TIME);  // a target that models no timing leaves them
  initiator_socket->b_transport(d.trans, delay);
  if (tags_ready) *tags_ready = d.ext->tags_ready;
  d.busy = false;
  return d.trans.get_response_status();
}

}  // namespace mtesim::cache
