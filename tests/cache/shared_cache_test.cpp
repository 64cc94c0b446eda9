// The shared L2 module (models/cache/shared_cache.h) between a requester standing for
// the private caches and a memory that counts what reaches it. No sc_start: b_transport
// is called through bound sockets.
#include "models/cache/shared_cache.h"

#include <string>

#include <gtest/gtest.h>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "cache_test_support.h"

namespace cache_test {
namespace {

using mtesim::cache::SharedCache;
using mtesim::tlmx::LineTransfer;
using sc_core::SC_NS;
using sc_core::sc_time;

const sc_time kCycle(1, SC_NS);         // hit_cycles 10: a lookup costs 10 ns
const sc_time kMemoryLatency(100, SC_NS);
const sc_time kTagLatency(30, SC_NS);  // tags arrive this much after the data

std::string Unique(const char* base) {
  static unsigned n = 0;
  return base + std::to_string(n++);
}

// The next level: counts transfers, adds a fixed latency, answers `status`.
struct Memory : sc_core::sc_module {
  tlm_utils::simple_target_socket<Memory> socket{"socket"};
  unsigned fills = 0, prefetch_fills = 0, writebacks = 0;
  LineTransfer last, last_writeback;
  uint64_t last_address = 0, last_writeback_address = 0;
  unsigned last_length = 0;
  tlm::tlm_response_status status = tlm::TLM_OK_RESPONSE;

  explicit Memory(sc_core::sc_module_name name) : sc_module(name) {
    socket.register_b_transport(this, &Memory::b_transport);
  }
  void b_transport(tlm::tlm_generic_payload& trans, sc_time& delay) {
    LineTransfer* ext = trans.get_extension<LineTransfer>();
    ASSERT_NE(ext, nullptr);
    if (ext->op == LineTransfer::Op::Fill) ++(ext->prefetch ? prefetch_fills : fills);
    else {
      ++writebacks;
      last_writeback = *ext;
      last_writeback_address = trans.get_address();
    }
    last = *ext;
    last_address = trans.get_address();
    last_length = trans.get_data_length();
    delay += kMemoryLatency;
    ext->tags_ready = delay + kTagLatency;
    trans.set_response_status(status);
  }
};

struct Requester : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<Requester> socket{"socket"};
  explicit Requester(sc_core::sc_module_name name) : sc_module(name) {}
};

// One line transfer from above, with its own payload and extension.
struct Request {
  tlm::tlm_generic_payload trans;
  LineTransfer ext;
  sc_time delay;
  Request(LineTransfer::Op op, uint64_t address, bool data, bool tags) {
    LineTransfer::Prepare(trans, address, kLine);
    ext.op = op;
    ext.data = data;
    ext.tags = tags;
    trans.set_extension(&ext);
  }
  ~Request() { trans.clear_extension(&ext); }
};

struct Bench {
  mtesim::stats::Tree tree;
  Requester above;
  SharedCache l2;
  Memory memory;
  explicit Bench(const mtesim::cache::CacheConfig& config)
      : above(Unique("above").c_str()),
        l2(Unique("l2").c_str(), config, kCycle, tree.root().Child("l2")),
        memory(Unique("memory").c_str()) {
    above.socket.bind(l2.target_socket);
    l2.initiator_socket.bind(memory.socket);
    // No sc_start: do what elaboration would (as the TagStorageMemory router tests do):
    // complete the requester port's binding, then let the multi-passthrough target
    // socket finish its own.
    auto& port = above.socket.get_base_port();
    port->register_port(port, typeid(tlm::tlm_fw_transport_if<>).name());
    l2.target_socket.end_of_elaboration();
  }
  void Send(Request& r) { above.socket->b_transport(r.trans, r.delay); }
  // A fill of `address` from above; its delay.
  sc_time Fill(uint64_t address, bool tags = false) {
    Request r(LineTransfer::Op::Fill, address, true, tags);
    Send(r);
    EXPECT_EQ(r.trans.get_response_status(), tlm::TLM_OK_RESPONSE);
    return r.delay;
  }
};

TEST(SharedCache, FillMissForwardsOneFillOfItsLine) {
  Bench b(Config(4096, 4));
  EXPECT_EQ(b.Fill(0x1000), 10 * kCycle + kMemoryLatency);
  EXPECT_EQ(b.memory.fills, 1u);
  EXPECT_EQ(b.memory.last_address, 0x1000u);
  EXPECT_EQ(b.memory.last_length, kLine);
  EXPECT_TRUE(b.memory.last.data);
  EXPECT_FALSE(b.memory.last.tags);
}

TEST(SharedCache, SecondFillOfALineHitsForHitCycles) {
  Bench b(Config(4096, 4));
  b.Fill(0x1000);
  EXPECT_EQ(b.Fill(0x1000), 10 * kCycle);
  EXPECT_EQ(b.memory.fills, 1u);
  uint64_t hits = 0;
  ASSERT_TRUE(b.tree.Lookup("l2.hits", &hits));
  EXPECT_EQ(hits, 1u);
}

TEST(SharedCache, DirtyVictimIsWrittenBackDownstream) {
  Bench b(Config(kLine, 1));
  Request wb(LineTransfer::Op::Writeback, 0x1000, true, false);
  b.Send(wb);
  EXPECT_EQ(wb.trans.get_response_status(), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(wb.delay, 10 * kCycle);
  EXPECT_EQ(b.memory.writebacks, 0u);  // absorbed: the L2 holds the dirty line
  b.Fill(0x2000);
  EXPECT_EQ(b.memory.writebacks, 1u);
  EXPECT_EQ(b.memory.fills, 1u);
}

TEST(SharedCache, VictimWritebackCarriesItsDirtyParts) {
  Bench b(Config(kLine, 1));
  Request wb(LineTransfer::Op::Writeback, 0x1000, false, true);  // only the tags were dirty
  b.Send(wb);
  b.Fill(0x2000);
  ASSERT_EQ(b.memory.writebacks, 1u);
  EXPECT_EQ(b.memory.last_writeback_address, 0x1000u);
  EXPECT_FALSE(b.memory.last_writeback.data);
  EXPECT_TRUE(b.memory.last_writeback.tags);
}

TEST(SharedCache, WritebackLatencyIsNotTheDemands) {
  Bench b(Config(kLine, 1));
  Request wb(LineTransfer::Op::Writeback, 0x1000, true, false);
  b.Send(wb);
  EXPECT_EQ(b.Fill(0x2000), 10 * kCycle + kMemoryLatency);
}

// With every writeback-buffer entry still draining, an eviction waits for the oldest:
// the fill behind it is held back as long, and so is a line written back from above.
TEST(SharedCache, FullWritebackBufferHoldsTheEvictionBack) {
  mtesim::cache::CacheConfig c = Config(kLine, 1);
  c.writeback_buffer = 1;
  Bench b(c);
  Request first(LineTransfer::Op::Writeback, 0x1000, true, false);
  b.Send(first);
  EXPECT_EQ(b.Fill(0x2000), 10 * kCycle + kMemoryLatency);  // the victim drains until then
  Request second(LineTransfer::Op::Writeback, 0x3000, true, false);
  b.Send(second);  // evicts 0x2000, clean: no writeback, no wait
  EXPECT_EQ(second.delay, 10 * kCycle);
  EXPECT_EQ(second.ext.stalled, sc_core::SC_ZERO_TIME);
  // Evicting the dirty 0x3000 at time 0 finds the one entry draining until
  // 10 cycles + the memory latency (the first writeback): the fill waits for it.
  EXPECT_EQ(b.Fill(0x4000), 10 * kCycle + kMemoryLatency + kMemoryLatency);
  EXPECT_EQ(b.tree.ToJson()["l2"]["writeback_buffer_waits"], 1u);
}

TEST(SharedCache, TagsFetchedFromMemoryAreReadyWhenItSays) {
  Bench b(Config(4096, 4));
  Request r(LineTransfer::Op::Fill, 0x1000, true, true);
  b.Send(r);
  EXPECT_TRUE(b.memory.last.tags);
  EXPECT_EQ(r.delay, 10 * kCycle + kMemoryLatency);
  EXPECT_EQ(r.ext.tags_ready, 10 * kCycle + kMemoryLatency + kTagLatency);
}

TEST(SharedCache, TagsPresentAreReadyWithTheHit) {
  Bench b(Config(4096, 4));
  b.Fill(0x1000, true);
  Request r(LineTransfer::Op::Fill, 0x1000, true, true);
  b.Send(r);
  EXPECT_EQ(r.ext.tags_ready, 10 * kCycle);
}

TEST(SharedCache, TagOnlyFillFetchesOnlyTheTags) {
  Bench b(Config(4096, 4));
  b.Fill(0x1000, false);
  Request r(LineTransfer::Op::Fill, 0x1000, false, true);
  b.Send(r);
  EXPECT_EQ(b.memory.fills, 2u);
  EXPECT_FALSE(b.memory.last.data);
  EXPECT_TRUE(b.memory.last.tags);
}

TEST(SharedCache, PrefetchesGoDownstreamWithoutDelayingTheDemand) {
  Bench b(Config(4096, 4, "lru", "next_line", 2));
  EXPECT_EQ(b.Fill(0x1000), 10 * kCycle + kMemoryLatency);
  EXPECT_EQ(b.memory.fills, 1u);
  EXPECT_EQ(b.memory.prefetch_fills, 2u);
  EXPECT_EQ(b.memory.last_address, 0x1080u);
  EXPECT_EQ(b.Fill(0x1040), 10 * kCycle);  // the prefetch made it a hit
}

// A full prefetch queue drops prefetches: with room for one, a second demand miss made
// before the first prefetch returned prefetches nothing; once it has returned, it can.
TEST(SharedCache, PrefetchesBeyondTheQueueAreDropped) {
  mtesim::cache::CacheConfig c = Config(4096, 4, "lru", "next_line", 1);
  c.prefetch_queue = 1;
  Bench b(c);
  b.Fill(0x1000);
  EXPECT_EQ(b.memory.prefetch_fills, 1u);
  b.Fill(0x2000);  // at the same time: the first prefetch is still on its way
  EXPECT_EQ(b.memory.prefetch_fills, 1u);
  EXPECT_EQ(b.tree.ToJson()["l2"]["prefetches_dropped"], 1u);
  Request later(LineTransfer::Op::Fill, 0x3000, true, false);
  later.delay = 10 * kCycle + 2 * kMemoryLatency;  // after it returned
  b.Send(later);
  EXPECT_EQ(b.memory.prefetch_fills, 2u);
}

TEST(SharedCache, PayloadWithoutALineTransferIsACommandError) {
  Bench b(Config(4096, 4));
  uint8_t data[8] = {};
  tlm::tlm_generic_payload trans;
  trans.set_command(tlm::TLM_READ_COMMAND);
  trans.set_address(0x1000);
  trans.set_data_ptr(data);
  trans.set_data_length(sizeof data);
  trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  sc_time delay;
  b.above.socket->b_transport(trans, delay);
  EXPECT_EQ(trans.get_response_status(), tlm::TLM_COMMAND_ERROR_RESPONSE);
  EXPECT_EQ(b.memory.fills, 0u);
}

TEST(SharedCache, LineTransferWithAnotherCommandIsACommandError) {
  Bench b(Config(4096, 4));
  Request r(LineTransfer::Op::Fill, 0x1000, true, false);
  r.trans.set_command(tlm::TLM_READ_COMMAND);
  b.Send(r);
  EXPECT_EQ(r.trans.get_response_status(), tlm::TLM_COMMAND_ERROR_RESPONSE);
}

TEST(SharedCache, DownstreamErrorBecomesTheResponse) {
  Bench b(Config(4096, 4));
  b.memory.status = tlm::TLM_ADDRESS_ERROR_RESPONSE;
  Request r(LineTransfer::Op::Fill, 0x1000, true, false);
  b.Send(r);
  EXPECT_EQ(r.trans.get_response_status(), tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

}  // namespace
}  // namespace cache_test
