// TLM-2.0 extension for the timing model's cache-line traffic (--mode timing).
//
// Caches, the tag cache and DRAM are timing models over the memory controller's state,
// which is the only copy of the truth (design.md): a line a cache fills or writes back
// carries no data. Such a transaction is therefore a TLM_IGNORE_COMMAND generic payload
// (the standard's command for "the target shall not read or write, but may act on the
// extensions") carrying this extension:
//   address        the line's physical address (line aligned);
//   data_length    the line size in bytes (the extent whose data and tags move);
//   data_ptr       nullptr (nothing is transferred);
//   op             Fill (the requester reads the line) or Writeback (it evicts a dirty one);
//   data           the line's data moves (false: only its allocation tags do);
//   tags           the line's allocation tags move: a fill of Tagged memory brings them
//                  with the data, a writeback takes them when they are dirty.
// b_transport follows the loosely-timed protocol: `delay` enters as the initiator's
// local time offset and leaves as the offset at which the line's data is available
// (a writeback: accepted); `tags_ready` is set by the target to the offset at which the
// tags are available (equal to the returned delay when they come with the data, later
// when they come from a separate tag fetch). A requester that checks tags synchronously
// waits for the later of the two; one that checks asynchronously only for the data.
// A writeback's `delay` leaves as the offset at which it has drained (written to DRAM),
// which nobody waits for unless a buffer is full: `stalled` is set by a target whose
// writeback buffer was full, to how long the transfer waited for an entry, and the
// initiator holds back whatever must follow it (the fill that evicted the line) as long.
// Targets that model no timing answer TLM_OK_RESPONSE and add nothing.
#pragma once
#include <cstdint>

#include <systemc>
#include <tlm>

namespace mtesim::tlmx {

struct LineTransfer : tlm::tlm_extension<LineTransfer> {
  enum class Op : uint8_t { Fill, Writeback };
  Op op = Op::Fill;
  bool data = true;
  bool tags = false;
  bool instruction = false;  // an instruction fetch's fill (for statistics)
  bool prefetch = false;     // issued by a prefetcher, not by a demand access
  sc_core::sc_time tags_ready;  // set by the target
  sc_core::sc_time stalled;     // set by the target: the wait for a full writeback buffer

  tlm::tlm_extension_base* clone() const override { return new LineTransfer(*this); }
  void copy_from(const tlm::tlm_extension_base& other) override { *this = static_cast<const LineTransfer&>(other); }

  // Prepares `trans` as a line transfer of `bytes` at `address` carrying `ext`.
  static void Prepare(tlm::tlm_generic_payload& trans, uint64_t address, unsigned bytes) {
    trans.set_command(tlm::TLM_IGNORE_COMMAND);
    trans.set_address(address);
    trans.set_data_ptr(nullptr);
    trans.set_data_length(bytes);
    trans.set_streaming_width(bytes);
    trans.set_byte_enable_ptr(nullptr);
    trans.set_dmi_allowed(false);
    trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  }
  // Clears what targets set, before a new transfer.
  void ResetResults(const sc_core::sc_time& delay) {
    tags_ready = delay;
    stalled = sc_core::SC_ZERO_TIME;
  }
};

}  // namespace mtesim::tlmx
