// Address mappings: which channel, rank, bank, row and column consecutive lines go to.
#include "models/memory/dram/address_mapping.h"

#include <set>
#include <tuple>

#include <gtest/gtest.h>

#include "models/error.h"

namespace mtesim::dram {
namespace {

// Two of everything, so each field's place in the address shows.
DramConfig SmallConfig(const std::string& mapping) {
  DramConfig c = DramPreset("ddr4_3200");
  c.channels = 2;
  c.ranks = 2;
  c.banks = 4;
  c.rows = 8;
  c.row_bytes = 4 * 64;  // 4 lines
  c.line_bytes = 64;
  c.address_mapping = mapping;
  return c;
}

TEST(AddressMapping, RoBaRaCoChAlternatesChannelsThenWalksTheRow) {
  const DramConfig c = SmallConfig("RoBaRaCoCh");
  const AddressMapping m(c.address_mapping, c);
  const uint64_t line = c.line_bytes, columns = c.row_bytes / c.line_bytes;
  EXPECT_EQ(m.Decode(0 * line).channel, 0u);
  EXPECT_EQ(m.Decode(1 * line).channel, 1u);
  EXPECT_EQ(m.Decode(2 * line).channel, 0u);
  EXPECT_EQ(m.Decode(2 * line).column, 1u);
  EXPECT_EQ(m.Decode(c.channels * columns * line).rank, 1u);
  const DramCoordinates next_bank = m.Decode(c.channels * columns * c.ranks * line);
  EXPECT_EQ(next_bank.bank, 1u);
  EXPECT_EQ(next_bank.rank, 0u);
  EXPECT_EQ(next_bank.row, 0u);
  EXPECT_EQ(m.Decode(c.channels * columns * c.ranks * c.banks * line).row, 1u);
}

TEST(AddressMapping, RoRaBaChCoWalksTheRowThenChannelsThenBanks) {
  const DramConfig c = SmallConfig("RoRaBaChCo");
  const AddressMapping m(c.address_mapping, c);
  const uint64_t line = c.line_bytes, columns = c.row_bytes / c.line_bytes;
  EXPECT_EQ(m.Decode(1 * line).channel, 0u);
  EXPECT_EQ(m.Decode(1 * line).column, 1u);
  EXPECT_EQ(m.Decode(columns * line).channel, 1u);
  EXPECT_EQ(m.Decode(columns * line).column, 0u);
  EXPECT_EQ(m.Decode(columns * c.channels * line).bank, 1u);
  EXPECT_EQ(m.Decode(columns * c.channels * c.banks * line).rank, 1u);
  EXPECT_EQ(m.Decode(columns * c.channels * c.banks * c.ranks * line).row, 1u);
}

TEST(AddressMapping, BytesWithinALineShareItsCoordinates) {
  const DramConfig c = SmallConfig("RoBaRaCoCh");
  const AddressMapping m(c.address_mapping, c);
  EXPECT_EQ(m.Decode(c.line_bytes - 1).channel, 0u);
  EXPECT_EQ(m.Decode(c.line_bytes - 1).column, 0u);
}

// Every named mapping uses every coordinate exactly once over the capacity, then wraps.
TEST(AddressMapping, EveryMappingCoversTheCapacityOnceAndWraps) {
  for (const char* name : kAddressMappingNames) {
    const DramConfig c = SmallConfig(name);
    const AddressMapping m(name, c);
    std::set<std::tuple<unsigned, unsigned, unsigned, uint64_t, uint64_t>> seen;
    const uint64_t capacity = CapacityBytes(c);
    for (uint64_t a = 0; a < capacity; a += c.line_bytes) {
      const DramCoordinates d = m.Decode(a);
      EXPECT_LT(d.channel, c.channels);
      EXPECT_LT(d.rank, c.ranks);
      EXPECT_LT(d.bank, c.banks);
      EXPECT_LT(d.row, c.rows);
      EXPECT_LT(d.column, c.row_bytes / c.line_bytes);
      seen.insert({d.channel, d.rank, d.bank, d.row, d.column});
      const DramCoordinates wrapped = m.Decode(a + capacity);
      EXPECT_EQ(std::make_tuple(wrapped.channel, wrapped.rank, wrapped.bank, wrapped.row, wrapped.column),
                std::make_tuple(d.channel, d.rank, d.bank, d.row, d.column));
    }
    EXPECT_EQ(seen.size(), capacity / c.line_bytes) << name;
  }
}

TEST(AddressMapping, UnknownNameIsAnError) {
  const DramConfig c = SmallConfig("RoBaRaCoCh");
  EXPECT_THROW(AddressMapping("BaRo", c), Error);
}

}  // namespace
}  // namespace mtesim::dram
