// The tag-storage memory controller: tag layout, sparse stores, tag-capable ranges,
// Untagged memory, the MteAccess transactions, DMI to tags, debug access, and the router
// carrying all of it at a nonzero base.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <typeinfo>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>

#include "models/bus/router.h"
#include "models/error.h"
#include "models/memory/tag_storage_memory.h"
#include "tlm/memory_attributes.h"
#include "tlm/mte_extension.h"

using mtesim::models::Router;
using mtesim::models::TagStorageMemory;
using mtesim::tlmx::MemoryAttributes;
using mtesim::tlmx::MteAccess;
using Op = MteAccess::Op;

namespace {

constexpr uint64_t kMiB = 1 << 20;

// One transaction with the extensions it carries, owned here rather than by the payload.
struct Transaction {
  tlm::tlm_generic_payload payload;
  MteAccess mte;
  MemoryAttributes attributes;
  std::vector<uint8_t> data;

  Transaction(Op op, uint64_t address, uint64_t length, tlm::tlm_command command = tlm::TLM_READ_COMMAND)
      : data(length, 0xEE) {
    payload.set_command(command);
    payload.set_address(address);
    payload.set_data_ptr(data.data());
    payload.set_data_length(static_cast<unsigned>(length));
    payload.set_streaming_width(static_cast<unsigned>(length));
    payload.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    mte.op = op;
    payload.set_extension(&mte);
  }
  // A PE's access with this stage-1 memory type.
  Transaction& WithMair(uint8_t mair_attr) {
    attributes.mair_attr = mair_attr;
    payload.set_extension(&attributes);
    return *this;
  }
  ~Transaction() {
    payload.clear_extension(&mte);
    payload.clear_extension(&attributes);
  }
};

struct Initiator : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<Initiator> socket{"socket"};
  explicit Initiator(sc_core::sc_module_name name) : sc_module(name) {}

  tlm::tlm_response_status Transport(Transaction& t) {
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    socket->b_transport(t.payload, delay);
    return t.payload.get_response_status();
  }
  // Writes `tags` to consecutive granules from `address` (tags.size() <= kMaxGranules).
  void WriteTags(uint64_t address, const std::vector<uint8_t>& tags) {
    Transaction t(Op::TagWrite, address, tags.size() * 16);
    std::memcpy(t.mte.tags, tags.data(), tags.size());
    ASSERT_EQ(Transport(t), tlm::TLM_OK_RESPONSE);
  }
  std::vector<uint8_t> ReadTags(uint64_t address, unsigned granules) {
    Transaction t(Op::TagRead, address, granules * 16);
    EXPECT_EQ(Transport(t), tlm::TLM_OK_RESPONSE);
    return std::vector<uint8_t>(t.mte.tags, t.mte.tags + granules);
  }
  bool Dmi(Op op, uint64_t address, tlm::tlm_dmi& dmi) {
    Transaction t(op, address, 0);
    return socket->get_direct_mem_ptr(t.payload, dmi);
  }
};

// An initiator wired straight to a memory.
struct Bench {
  Initiator initiator;
  TagStorageMemory memory;
  Bench(const std::string& name, uint64_t size, const std::vector<TagStorageMemory::Range>& no_tag_storage = {})
      : initiator((name + "_initiator").c_str()), memory(name.c_str(), size, no_tag_storage) {
    initiator.socket.bind(memory.socket);
  }
};

// The message of the mtesim::Error a configuration raises ("" if none).
std::string ConfigurationError(const std::string& name, uint64_t size,
                               const std::vector<TagStorageMemory::Range>& no_tag_storage) {
  try {
    TagStorageMemory memory(name.c_str(), size, no_tag_storage);
  } catch (const mtesim::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

// S / 32 bytes of tags; granule O's tag in nibble (O >> 4) & 1 of byte O / 32, lower first;
// the timing models' carve-out address follows the same division.
TEST(TagStorageMemory, TagStoreIsAThirtySecondWithTheLowerGranuleInBits3To0) {
  Bench b("layout_memory", kMiB);
  EXPECT_EQ(b.memory.tag_store_size(), kMiB / 32);
  b.initiator.WriteTags(0x1020, {0x3, 0xA});
  EXPECT_EQ(b.memory.tag_host_base()[0x81], 0xA3);
  EXPECT_EQ(b.memory.tag_host_base()[0x80], 0x00);
  EXPECT_EQ(b.memory.tag_host_base()[0x82], 0x00);
  EXPECT_EQ(b.memory.TagCarveoutAddress(0x1030), kMiB + 0x81);
  b.memory.set_tag_carveout_base(0x80000000);
  EXPECT_EQ(b.memory.TagCarveoutAddress(0x1030), 0x80000081u);
}

// Each store costs host memory only where touched, and data and tags are touched apart.
TEST(TagStorageMemory, HostMemoryGrowsOnlyWhereTouched) {
  Bench b("sparse_memory", 1024 * kMiB);
  EXPECT_EQ(b.memory.ResidentBytes(), 0u);
  EXPECT_EQ(b.memory.TagResidentBytes(), 0u);
  Transaction write(Op::Data, 512 * kMiB, 8, tlm::TLM_WRITE_COMMAND);
  ASSERT_EQ(b.initiator.Transport(write), tlm::TLM_OK_RESPONSE);
  const uint64_t data = b.memory.ResidentBytes();
  EXPECT_GT(data, 0u);
  EXPECT_LE(data, 2 * kMiB);  // a page, or a huge page where the host uses them
  EXPECT_EQ(b.memory.TagResidentBytes(), 0u);
  b.initiator.WriteTags(768 * kMiB, {0x9});
  EXPECT_GT(b.memory.TagResidentBytes(), 0u);
  EXPECT_LE(b.memory.TagResidentBytes(), 2 * kMiB);
  EXPECT_EQ(b.memory.ResidentBytes(), data);
}

// Memory in a configured range has no tag storage: tag reads give 0000, tag writes are
// dropped, tag_storage says so, and the tag store is never touched for it.
TEST(TagStorageMemory, RangesWithoutTagStorageReadZeroAndDropWrites) {
  Bench b("capability_memory", kMiB, {{0x2000, 0x1000}});
  EXPECT_TRUE(b.memory.tag_capability().TagCapable(0x1FF0));
  EXPECT_FALSE(b.memory.tag_capability().TagCapable(0x2000));
  EXPECT_FALSE(b.memory.tag_capability().TagCapable(0x2FF0));
  EXPECT_TRUE(b.memory.tag_capability().TagCapable(0x3000));

  Transaction untagged_write(Op::TagWrite, 0x2400, 16);
  untagged_write.mte.tags[0] = 0x5;
  ASSERT_EQ(b.initiator.Transport(untagged_write), tlm::TLM_OK_RESPONSE);
  EXPECT_FALSE(untagged_write.mte.tag_storage);
  EXPECT_EQ(b.memory.tag_host_base()[0x2400 / 32], 0);
  Transaction untagged_read(Op::TagRead, 0x2400, 16);
  untagged_read.mte.tags[0] = 0xF;
  ASSERT_EQ(b.initiator.Transport(untagged_read), tlm::TLM_OK_RESPONSE);
  EXPECT_FALSE(untagged_read.mte.tag_storage);
  EXPECT_EQ(untagged_read.mte.tags[0], 0);

  Transaction tagged_write(Op::TagWrite, 0x3400, 16);
  tagged_write.mte.tags[0] = 0x5;
  ASSERT_EQ(b.initiator.Transport(tagged_write), tlm::TLM_OK_RESPONSE);
  EXPECT_TRUE(tagged_write.mte.tag_storage);
  EXPECT_EQ(b.initiator.ReadTags(0x3400, 1), std::vector<uint8_t>{0x5});
}

// A tag transfer across the edge of a range without storage goes granule by granule.
TEST(TagStorageMemory, TagTransferStraddlingTheEdgeGoesGranuleByGranule) {
  Bench b("straddle_memory", kMiB, {{0x2000, 0x1000}});
  Transaction write(Op::TagWrite, 0x1FE0, 64);
  const uint8_t tags[] = {0x1, 0x2, 0x3, 0x4};
  std::memcpy(write.mte.tags, tags, 4);
  ASSERT_EQ(b.initiator.Transport(write), tlm::TLM_OK_RESPONSE);
  EXPECT_TRUE(write.mte.tag_storage);
  Transaction read(Op::TagRead, 0x1FE0, 64);
  ASSERT_EQ(b.initiator.Transport(read), tlm::TLM_OK_RESPONSE);
  EXPECT_TRUE(read.mte.tag_storage);
  EXPECT_EQ(std::vector<uint8_t>(read.mte.tags, read.mte.tags + 4), (std::vector<uint8_t>{0x1, 0x2, 0, 0}));
}

// A checked access straddling the edge: granules without storage report the access's
// logical tag (no check there), the others their allocation tag.
TEST(TagStorageMemory, CheckedAccessStraddlingTheEdgeMatchesWhereThereIsNoStorage) {
  Bench b("checked_straddle_memory", kMiB, {{0x2000, 0x1000}});
  b.initiator.WriteTags(0x1FF0, {0x6});
  Transaction load(Op::CheckedData, 0x1FF8, 16);
  load.mte.logical_tag = 0x9;
  ASSERT_EQ(b.initiator.Transport(load), tlm::TLM_OK_RESPONSE);
  EXPECT_TRUE(load.mte.tag_storage);
  EXPECT_EQ(load.mte.tags[0], 0x6);
  EXPECT_EQ(load.mte.tags[1], 0x9);

  Transaction inside(Op::CheckedData, 0x2100, 8);
  inside.mte.logical_tag = 0x9;
  ASSERT_EQ(b.initiator.Transport(inside), tlm::TLM_OK_RESPONSE);
  EXPECT_FALSE(inside.mte.tag_storage);
  EXPECT_EQ(inside.mte.tags[0], 0);
}

// Only Tagged Normal memory (MAIR 0xF0) reaches the tags; a transaction without
// MemoryAttributes is host-side and treated as Tagged.
TEST(TagStorageMemory, NonTaggedMemoryTypeIsUntagged) {
  Bench b("mair_memory", kMiB);
  b.initiator.WriteTags(0x500, {0x7});  // no attributes: host-side, Tagged

  for (uint8_t mair : {0x00, 0x04, 0x44, 0xFF}) {
    SCOPED_TRACE(static_cast<int>(mair));
    Transaction read(Op::TagRead, 0x500, 16);
    read.WithMair(mair);
    ASSERT_EQ(b.initiator.Transport(read), tlm::TLM_OK_RESPONSE);
    EXPECT_FALSE(read.mte.tag_storage);
    EXPECT_EQ(read.mte.tags[0], 0);

    Transaction write(Op::TagWrite, 0x500, 16);
    write.WithMair(mair).mte.tags[0] = 0x2;
    ASSERT_EQ(b.initiator.Transport(write), tlm::TLM_OK_RESPONSE);
    EXPECT_FALSE(write.mte.tag_storage);
    EXPECT_EQ(b.initiator.ReadTags(0x500, 1), std::vector<uint8_t>{0x7});

    Transaction load(Op::CheckedData, 0x500, 8);
    load.WithMair(mair);
    ASSERT_EQ(b.initiator.Transport(load), tlm::TLM_OK_RESPONSE);
    EXPECT_FALSE(load.mte.tag_storage);
    EXPECT_EQ(load.mte.tags[0], 0);
  }

  Transaction tagged(Op::TagRead, 0x500, 16);
  tagged.WithMair(0xF0);
  ASSERT_EQ(b.initiator.Transport(tagged), tlm::TLM_OK_RESPONSE);
  EXPECT_TRUE(tagged.mte.tag_storage);
  EXPECT_EQ(tagged.mte.tags[0], 0x7);
}

// A checked access moves its data and returns the tag of every granule it touches: an
// unaligned 8-byte load at p + 12 gets two.
TEST(TagStorageMemory, CheckedAccessReturnsTheTagOfEveryGranuleTouched) {
  Bench b("checked_memory", kMiB);
  b.initiator.WriteTags(0x100, {0x3, 0x7});
  Transaction store(Op::CheckedData, 0x10C, 8, tlm::TLM_WRITE_COMMAND);
  store.WithMair(0xF0);
  const uint8_t bytes[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  std::memcpy(store.data.data(), bytes, 8);
  ASSERT_EQ(b.initiator.Transport(store), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(std::memcmp(b.memory.host_base() + 0x10C, bytes, 8), 0);
  EXPECT_TRUE(store.mte.tag_storage);
  EXPECT_EQ(store.mte.tags[0], 0x3);
  EXPECT_EQ(store.mte.tags[1], 0x7);

  Transaction load(Op::CheckedData, 0x110, 8);
  load.WithMair(0xF0);
  load.mte.tags[1] = 0xE;
  ASSERT_EQ(b.initiator.Transport(load), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(std::memcmp(load.data.data(), bytes + 4, 4), 0);
  EXPECT_EQ(load.mte.tags[0], 0x7);
  EXPECT_EQ(load.mte.tags[1], 0xE);  // one granule touched: the next is left alone
}

// One transaction carries every granule of the largest DC GZVA block (DCZID_EL0.BS = 9:
// 2 KiB, 128 granules), so a block's tags move as one access, not sixteen-granule pieces.
TEST(TagStorageMemory, OneTransactionCarriesAWholeDcGzvaBlock) {
  Bench b("gzva_block_memory", kMiB);
  constexpr uint64_t kBlock = 2048;
  ASSERT_EQ(MteAccess::kMaxGranules, kBlock / 16);
  Transaction write(Op::TagWrite, 0x800, kBlock, tlm::TLM_WRITE_COMMAND);
  for (unsigned g = 0; g < kBlock / 16; ++g) write.mte.tags[g] = static_cast<uint8_t>((g * 7) & 15);
  ASSERT_EQ(b.initiator.Transport(write), tlm::TLM_OK_RESPONSE);
  Transaction read(Op::TagRead, 0x800, kBlock);
  ASSERT_EQ(b.initiator.Transport(read), tlm::TLM_OK_RESPONSE);
  for (unsigned g = 0; g < kBlock / 16; ++g) EXPECT_EQ(read.mte.tags[g], (g * 7) & 15) << "granule " << g;
}

// Malformed tag transfers are the initiator's fault (generic error); outside the memory
// is an address error; a well-formed one never touches data.
TEST(TagStorageMemory, TagTransfersNameWholeGranulesUpToTheLimit) {
  Bench b("limits_memory", kMiB);
  auto status = [&](Op op, uint64_t address, uint64_t length) {
    Transaction t(op, address, length);
    return b.initiator.Transport(t);
  };
  for (Op op : {Op::TagRead, Op::TagWrite}) {
    EXPECT_EQ(status(op, 0x108, 16), tlm::TLM_GENERIC_ERROR_RESPONSE);  // unaligned
    EXPECT_EQ(status(op, 0x100, 0), tlm::TLM_GENERIC_ERROR_RESPONSE);   // empty
    EXPECT_EQ(status(op, 0x100, 24), tlm::TLM_GENERIC_ERROR_RESPONSE);  // partial granule
    EXPECT_EQ(status(op, 0x100, 16 * (MteAccess::kMaxGranules + 1)), tlm::TLM_GENERIC_ERROR_RESPONSE);
    EXPECT_EQ(status(op, 0x100, 16 * MteAccess::kMaxGranules), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(status(op, kMiB - 16, 32), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(status(op, kMiB, 16), tlm::TLM_ADDRESS_ERROR_RESPONSE);
  }
  EXPECT_EQ(status(Op::CheckedData, 0x108, 16 * MteAccess::kMaxGranules), tlm::TLM_GENERIC_ERROR_RESPONSE);

  std::memset(b.memory.host_base() + 0x200, 0x5A, 32);
  Transaction write(Op::TagWrite, 0x200, 32, tlm::TLM_WRITE_COMMAND);
  std::memset(write.mte.tags, 0xF, 2);
  ASSERT_EQ(b.initiator.Transport(write), tlm::TLM_OK_RESPONSE);
  Transaction read(Op::TagRead, 0x200, 32, tlm::TLM_READ_COMMAND);
  ASSERT_EQ(b.initiator.Transport(read), tlm::TLM_OK_RESPONSE);
  EXPECT_EQ(std::vector<uint8_t>(b.memory.host_base() + 0x200, b.memory.host_base() + 0x220),
            std::vector<uint8_t>(32, 0x5A));
  EXPECT_EQ(read.data, std::vector<uint8_t>(32, 0xEE));
}

// Tag DMI covers the widest run of whole tag bytes with storage around the address;
// dmi_ptr is the tag byte of start, so a tag written through it reads back by TagRead.
TEST(TagStorageMemory, TagDmiCoversWholeTagBytesWithStorageAroundTheAddress) {
  // 0x4010: one granule without storage sharing a tag byte with 0x4000, which has it.
  Bench b("tag_dmi_memory", kMiB, {{0x4010, 0x10}, {0x8000, 0x1000}});
  tlm::tlm_dmi dmi;
  ASSERT_TRUE(b.initiator.Dmi(Op::TagWrite, 0x6000, dmi));
  EXPECT_EQ(dmi.get_start_address(), 0x4020u);
  EXPECT_EQ(dmi.get_end_address(), 0x7FFFu);
  EXPECT_TRUE(dmi.is_read_allowed());
  EXPECT_TRUE(dmi.is_write_allowed());
  EXPECT_EQ(dmi.get_dmi_ptr(), b.memory.tag_host_base() + 0x4020 / 32);

  // Granules 0x6000 (lower nibble) and 0x6010 (upper nibble) through the pointer.
  dmi.get_dmi_ptr()[(0x6000 - dmi.get_start_address()) / 32] = 0xC5;
  EXPECT_EQ(b.initiator.ReadTags(0x6000, 2), (std::vector<uint8_t>{0x5, 0xC}));

  ASSERT_TRUE(b.initiator.Dmi(Op::TagRead, 0x100, dmi));
  EXPECT_EQ(dmi.get_start_address(), 0u);
  EXPECT_EQ(dmi.get_end_address(), 0x3FFFu);
  ASSERT_TRUE(b.initiator.Dmi(Op::TagRead, 0x9000, dmi));
  EXPECT_EQ(dmi.get_start_address(), 0x9000u);
  EXPECT_EQ(dmi.get_end_address(), kMiB - 1);
}

// No tag DMI where a tag byte would serve a granule without storage; the refusal says
// how far that goes.
TEST(TagStorageMemory, TagDmiIsRefusedWhereThereIsNoStorage) {
  Bench b("tag_dmi_refusal_memory", kMiB, {{0x4010, 0x10}, {0x8000, 0x1000}});
  tlm::tlm_dmi dmi;
  EXPECT_FALSE(b.initiator.Dmi(Op::TagRead, 0x8800, dmi));
  EXPECT_EQ(dmi.get_start_address(), 0x8000u);
  EXPECT_EQ(dmi.get_end_address(), 0x8FFFu);
  EXPECT_FALSE(dmi.is_read_allowed());
  // 0x4000 has storage, but its tag byte also serves 0x4010, which has none.
  EXPECT_FALSE(b.initiator.Dmi(Op::TagWrite, 0x4000, dmi));
  EXPECT_EQ(dmi.get_start_address(), 0x4000u);
  EXPECT_EQ(dmi.get_end_address(), 0x401Fu);
}

// Without a tag op, DMI is the data store over the whole memory, read-write.
TEST(TagStorageMemory, DataDmiCoversTheWholeMemory) {
  Bench b("data_dmi_memory", kMiB, {{0x8000, 0x1000}});
  for (Op op : {Op::Data, Op::CheckedData}) {
    tlm::tlm_dmi dmi;
    ASSERT_TRUE(b.initiator.Dmi(op, 0x8000, dmi));
    EXPECT_EQ(dmi.get_dmi_ptr(), b.memory.host_base());
    EXPECT_EQ(dmi.get_start_address(), 0u);
    EXPECT_EQ(dmi.get_end_address(), kMiB - 1);
    EXPECT_TRUE(dmi.is_write_allowed());
  }
}

// Debug access: data as SparseRam; tags one per byte over any extent, past kMaxGranules.
TEST(TagStorageMemory, DebugTransportMovesDataAndTags) {
  Bench b("debug_memory", kMiB, {{0x2200, 0x100}});
  Transaction data(Op::Data, 0x2000, 4, tlm::TLM_WRITE_COMMAND);
  const uint8_t word[4] = {0xDE, 0xAD, 0xBE, 0xEF};
  std::memcpy(data.data.data(), word, 4);
  EXPECT_EQ(b.initiator.socket->transport_dbg(data.payload), 4u);
  EXPECT_EQ(std::memcmp(b.memory.host_base() + 0x2000, word, 4), 0);

  // 64 granules (1 KiB of memory), the upper nibble of each byte ignored.
  Transaction write(Op::TagWrite, 0x2000, 1024, tlm::TLM_WRITE_COMMAND);
  for (unsigned i = 0; i < 64; ++i) write.data[i] = static_cast<uint8_t>(0xA0 | (i & 0xF));
  EXPECT_EQ(b.initiator.socket->transport_dbg(write.payload), 1024u);
  EXPECT_TRUE(write.mte.tag_storage);

  Transaction read(Op::TagRead, 0x2000, 1024);
  EXPECT_EQ(b.initiator.socket->transport_dbg(read.payload), 1024u);
  for (unsigned i = 0; i < 64; ++i) {
    const bool stored = i < 0x20 || i >= 0x30;  // 0x2200..0x22FF has no storage
    EXPECT_EQ(read.data[i], stored ? (i & 0xF) : 0) << "granule " << i;
  }
  for (uint8_t byte : std::vector<uint8_t>(read.data.begin() + 64, read.data.end())) EXPECT_EQ(byte, 0xEE);
  EXPECT_EQ(b.initiator.ReadTags(0x2010, 1), std::vector<uint8_t>{0x1});

  Transaction unaligned(Op::TagRead, 0x2008, 32);
  EXPECT_EQ(b.initiator.socket->transport_dbg(unaligned.payload), 0u);
  EXPECT_EQ(unaligned.payload.get_response_status(), tlm::TLM_GENERIC_ERROR_RESPONSE);
}

// Host-side misuse: each bad range is named in the error.
TEST(TagStorageMemory, BadRangesWithoutTagStorageRaiseErrorsNamingThem) {
  EXPECT_NE(ConfigurationError("bad_overlap", kMiB, {{0x1000, 0x1000}, {0x1800, 0x100}}).find("[0x1800, 0x1900)"),
            std::string::npos);
  EXPECT_NE(ConfigurationError("bad_overlap2", kMiB, {{0x1000, 0x1000}, {0x1800, 0x100}}).find("overlaps"),
            std::string::npos);
  EXPECT_NE(ConfigurationError("bad_offset", kMiB, {{0x1008, 0x10}}).find("[0x1008, 0x1018)"), std::string::npos);
  EXPECT_NE(ConfigurationError("bad_size", kMiB, {{0x1000, 0x18}}).find("[0x1000, 0x1018)"), std::string::npos);
  EXPECT_NE(ConfigurationError("bad_end", kMiB, {{kMiB - 0x10, 0x20}}).find("[0xffff0, 0x100010)"),
            std::string::npos);
  EXPECT_NE(ConfigurationError("bad_start", kMiB, {{kMiB, 0x10}}).find("outside the memory"), std::string::npos);
  EXPECT_NE(ConfigurationError("bad_empty", kMiB, {{0x1000, 0}}).find("empty"), std::string::npos);
  EXPECT_NE(ConfigurationError("bad_memory_size", kMiB + 16, {}).find("0x100010"), std::string::npos);
  EXPECT_EQ(ConfigurationError("touching_ranges", kMiB, {{0x1000, 0x1000}, {0x2000, 0x100}}), "");
}

// Statistics count completed b_transport tag traffic, and which of it found no storage.
TEST(TagStorageMemory, CountersCountTagTraffic) {
  Bench b("counted_memory", kMiB, {{0x2000, 0x1000}});
  b.initiator.WriteTags(0x100, {1, 2});
  b.initiator.ReadTags(0x100, 2);
  b.initiator.ReadTags(0x2000, 1);
  Transaction load(Op::CheckedData, 0x100, 8);
  ASSERT_EQ(b.initiator.Transport(load), tlm::TLM_OK_RESPONSE);
  Transaction bad(Op::TagRead, 0x108, 16);
  b.initiator.Transport(bad);
  EXPECT_EQ(b.memory.counters().tag_writes, 1u);
  EXPECT_EQ(b.memory.counters().tag_reads, 2u);
  EXPECT_EQ(b.memory.counters().checked_accesses, 1u);
  EXPECT_EQ(b.memory.counters().untagged, 1u);
}

namespace {

// An initiator reaching a memory through the router at `base`.
struct RoutedBench {
  Initiator initiator;
  Router router;
  TagStorageMemory memory;
  RoutedBench(const std::string& name, uint64_t base, const std::vector<TagStorageMemory::Range>& no_tag_storage)
      : initiator((name + "_initiator").c_str()),
        router((name + "_router").c_str()),
        memory(name.c_str(), kMiB, no_tag_storage) {
    initiator.socket.bind(router.target_socket);
    router.initiator_socket.bind(memory.socket);
    router.Map("ram", base, kMiB, 0);
    // These tests never call sc_start, so do what elaboration would for this wiring:
    // complete the initiator port's binding (register_port tells the router's target
    // socket who is bound to it), then run the multi-passthrough sockets' elaboration
    // callbacks, in which they finish binding.
    auto& port = initiator.socket.get_base_port();
    port->register_port(port, typeid(tlm::tlm_fw_transport_if<>).name());
    router.initiator_socket.before_end_of_elaboration();
    router.target_socket.end_of_elaboration();
  }
};

}  // namespace

// Through the router at 0x40000000: the extension reaches the memory, and tag DMI ranges
// (granted or refused) come back in global addresses with the pointer rule intact.
TEST(TagStorageMemory, RouterForwardsTagDmiAtANonzeroBase) {
  constexpr uint64_t kBase = 0x40000000;
  RoutedBench b("routed_memory", kBase, {{0x8000, 0x1000}});
  tlm::tlm_dmi dmi;
  ASSERT_TRUE(b.initiator.Dmi(Op::TagWrite, kBase + 0x6000, dmi));
  EXPECT_EQ(dmi.get_start_address(), kBase);
  EXPECT_EQ(dmi.get_end_address(), kBase + 0x7FFF);
  const uint64_t granule = kBase + 0x6010;  // upper nibble
  uint8_t& byte = dmi.get_dmi_ptr()[(granule - dmi.get_start_address()) / 32];
  byte = static_cast<uint8_t>((byte & 0x0F) | (0xB << (((granule >> 4) & 1) * 4)));
  EXPECT_EQ(b.initiator.ReadTags(granule, 1), std::vector<uint8_t>{0xB});
  EXPECT_EQ(b.initiator.ReadTags(granule - 16, 1), std::vector<uint8_t>{0x0});

  EXPECT_FALSE(b.initiator.Dmi(Op::TagRead, kBase + 0x8800, dmi));
  EXPECT_EQ(dmi.get_start_address(), kBase + 0x8000);
  EXPECT_EQ(dmi.get_end_address(), kBase + 0x8FFF);
}

// A region not starting on a tag byte would put granules in the wrong nibble: no tag DMI.
TEST(TagStorageMemory, RouterRefusesTagDmiForARegionOffATagByteBoundary) {
  constexpr uint64_t kBase = 0x40000010;
  RoutedBench b("misaligned_routed_memory", kBase, {});
  tlm::tlm_dmi dmi;
  EXPECT_FALSE(b.initiator.Dmi(Op::TagRead, kBase + 0x100, dmi));
  EXPECT_TRUE(b.initiator.Dmi(Op::Data, kBase + 0x100, dmi));
}
