// The sparse memory target: read-write RAM and the read-only boot flash.
#include <gtest/gtest.h>

#include <tlm_utils/simple_initiator_socket.h>

#include "models/memory/sparse_ram.h"

using mtesim::models::SparseRam;

namespace {

struct Initiator : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<Initiator> socket{"socket"};
  explicit Initiator(sc_core::sc_module_name name) : sc_module(name) {}

  tlm::tlm_response_status Access(tlm::tlm_command cmd, uint64_t addr, uint32_t* word) {
    tlm::tlm_generic_payload t;
    t.set_command(cmd);
    t.set_address(addr);
    t.set_data_ptr(reinterpret_cast<unsigned char*>(word));
    t.set_data_length(4);
    t.set_streaming_width(4);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    socket->b_transport(t, delay);
    return t.get_response_status();
  }
  unsigned Debug(tlm::tlm_command cmd, uint64_t addr, uint32_t* word) {
    tlm::tlm_generic_payload t;
    t.set_command(cmd);
    t.set_address(addr);
    t.set_data_ptr(reinterpret_cast<unsigned char*>(word));
    t.set_data_length(4);
    return socket->transport_dbg(t);
  }
  tlm::tlm_dmi Dmi() {
    tlm::tlm_generic_payload t;
    t.set_address(0);
    t.set_command(tlm::TLM_READ_COMMAND);
    tlm::tlm_dmi dmi;
    EXPECT_TRUE(socket->get_direct_mem_ptr(t, dmi));
    return dmi;
  }
};

struct Bench {
  Initiator initiator;
  SparseRam memory;
  Bench(const char* name, SparseRam::Access access)
      : initiator((std::string(name) + "_initiator").c_str()), memory(name, 1 << 20, access) {
    initiator.socket.bind(memory.socket);
  }
};

}  // namespace

TEST(SparseRam, ReadWriteMemoryKeepsBusWritesAndGrantsWritableDmi) {
  Bench b("rw_memory", SparseRam::Access::ReadWrite);
  uint32_t value = 0x12345678, back = 0;
  EXPECT_EQ(b.initiator.Access(tlm::TLM_WRITE_COMMAND, 0x100, &value), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(b.initiator.Access(tlm::TLM_READ_COMMAND, 0x100, &back), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(back, 0x12345678u);
  EXPECT_TRUE(b.initiator.Dmi().is_write_allowed());
}

// A ROM: the loader fills it through the debug interface; guest writes complete but change
// nothing, and DMI is read-only so that writes reach the target instead of the host page.
TEST(SparseRam, ReadOnlyMemoryDropsBusWritesButTakesDebugWrites) {
  Bench b("ro_memory", SparseRam::Access::ReadOnly);
  uint32_t image = 0xD503201F, attempt = 0xFFFFFFFF, back = 0;
  EXPECT_EQ(b.initiator.Debug(tlm::TLM_WRITE_COMMAND, 0x40, &image), 4u);
  EXPECT_EQ(b.initiator.Access(tlm::TLM_WRITE_COMMAND, 0x40, &attempt), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(b.initiator.Access(tlm::TLM_READ_COMMAND, 0x40, &back), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(back, 0xD503201Fu);
  const tlm::tlm_dmi dmi = b.initiator.Dmi();
  EXPECT_TRUE(dmi.is_read_allowed());
  EXPECT_FALSE(dmi.is_write_allowed());
}

TEST(SparseRam, AccessBeyondTheEndIsAnAddressError) {
  Bench b("small_memory", SparseRam::Access::ReadWrite);
  uint32_t value = 0;
  EXPECT_EQ(b.initiator.Access(tlm::TLM_READ_COMMAND, (1 << 20) - 2, &value), tlm::TLM_ADDRESS_ERROR_RESPONSE);
}

// libsystemc wants sc_main; gtest's main runs instead, and these tests need no sc_start.
int sc_main(int, char**) { return 0; }
