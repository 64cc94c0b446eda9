// DRAM configuration: presets, JSON overrides, and errors that name the dotted key.
#include "models/memory/dram/dram_config.h"

#include <string>

#include <gtest/gtest.h>

#include "models/error.h"
#include "models/memory/dram/row_buffer_policy.h"

namespace mtesim::dram {
namespace {

DramConfig Read(const char* json_text) {
  const nlohmann::json j = nlohmann::json::parse(json_text);
  return ReadDramConfig(config::JsonObject(j, "timing.dram"));
}

// Reading `json_text` fails with a message containing `expected`.
void ExpectError(const char* json_text, const std::string& expected) {
  try {
    Read(json_text);
    ADD_FAILURE() << "accepted " << json_text;
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
  }
}

TEST(DramConfig, PresetsLoadValidAndDiffer) {
  const DramConfig ddr4 = DramPreset("ddr4_3200");
  const DramConfig lpddr5 = DramPreset("lpddr5_6400");
  EXPECT_NO_THROW(Validate(ddr4, "ddr4"));
  EXPECT_NO_THROW(Validate(lpddr5, "lpddr5"));
  EXPECT_EQ(ddr4.preset, "ddr4_3200");
  EXPECT_EQ(lpddr5.preset, "lpddr5_6400");
  EXPECT_NE(ddr4.t.tck_ps, lpddr5.t.tck_ps);
  EXPECT_NE(ddr4.row_bytes, lpddr5.row_bytes);
  EXPECT_NE(ddr4.t.tBURST, lpddr5.t.tBURST);
  EXPECT_THROW(DramPreset("ddr9"), Error);
}

TEST(DramConfig, PresetNamesAllLoad) {
  for (const char* name : kDramPresetNames) EXPECT_EQ(DramPreset(name).preset, name);
}

TEST(DramConfig, EmptyObjectIsTheDefaultPreset) {
  const DramConfig c = Read("{}");
  const DramConfig ddr4 = DramPreset("ddr4_3200");
  EXPECT_EQ(c.preset, "ddr4_3200");
  EXPECT_EQ(c.t.tRCD, ddr4.t.tRCD);
  EXPECT_EQ(c.row_buffer_policy, "open");
  EXPECT_EQ(c.address_mapping, "RoBaRaCoCh");
  EXPECT_EQ(c.line_bytes, 64u);
}

TEST(DramConfig, KeysOverrideThePreset) {
  const DramConfig c = Read(R"({"preset": "lpddr5_6400", "channels": 2, "ranks": 2, "banks": 8,
      "row_bytes": "4K", "line_bytes": 128, "row_buffer_policy": "closed", "address_mapping": "RoRaBaChCo",
      "timings": {"tCK_ps": 1000, "tRCD": 20, "tCL": 21, "tCWL": 11, "tRP": 19, "tRAS": 40, "tBURST": 4,
                  "tREFI": 4000, "tRFC": 300}})");
  EXPECT_EQ(c.preset, "lpddr5_6400");
  EXPECT_EQ(c.channels, 2u);
  EXPECT_EQ(c.ranks, 2u);
  EXPECT_EQ(c.banks, 8u);
  EXPECT_EQ(c.row_bytes, 4096u);
  EXPECT_EQ(c.line_bytes, 128u);
  EXPECT_EQ(c.row_buffer_policy, "closed");
  EXPECT_EQ(c.address_mapping, "RoRaBaChCo");
  EXPECT_EQ(c.t.tck_ps, 1000u);
  EXPECT_EQ(c.t.tRCD, 20u);
  EXPECT_EQ(c.t.tCL, 21u);
  EXPECT_EQ(c.t.tCWL, 11u);
  EXPECT_EQ(c.t.tRP, 19u);
  EXPECT_EQ(c.t.tRAS, 40u);
  EXPECT_EQ(c.t.tBURST, 4u);
  EXPECT_EQ(c.t.tREFI, 4000u);
  EXPECT_EQ(c.t.tRFC, 300u);
  EXPECT_EQ(c.rows, DramPreset("lpddr5_6400").rows);  // not overridden
}

TEST(DramConfig, UnknownPresetNamesItsKey) { ExpectError(R"({"preset": "ddr9"})", "timing.dram.preset"); }

TEST(DramConfig, UnknownRowBufferPolicyNamesItsKey) {
  ExpectError(R"({"row_buffer_policy": "adaptive"})", "timing.dram.row_buffer_policy");
}

TEST(DramConfig, UnknownAddressMappingNamesItsKey) {
  ExpectError(R"({"address_mapping": "RoRo"})", "timing.dram.address_mapping");
}

TEST(DramConfig, BankCountMustBeAPowerOfTwo) {
  ExpectError(R"({"banks": 3})", "timing.dram.banks: 3 is not a power of two");
}

TEST(DramConfig, ZeroTimingIsOutOfRange) {
  ExpectError(R"({"timings": {"tRCD": 0}})", "timing.dram.timings.tRCD: 0 is not between 1 and 1000");
}

TEST(DramConfig, NegativeValueIsAnError) { ExpectError(R"({"channels": -1})", "timing.dram.channels"); }

TEST(DramConfig, FractionalValueIsAnError) { ExpectError(R"({"timings": {"tCL": 22.5}})", "timing.dram.timings.tCL"); }

TEST(DramConfig, UnknownKeyIsAnError) { ExpectError(R"({"bank": 8})", "timing.dram.bank: unknown setting"); }

TEST(DramConfig, UnknownTimingKeyIsAnError) {
  ExpectError(R"({"timings": {"tWR": 24}})", "timing.dram.timings.tWR: unknown setting");
}

TEST(DramConfig, RowSmallerThanALineIsAnError) {
  ExpectError(R"({"row_bytes": 64, "line_bytes": 128})", "timing.dram.row_bytes");
}

TEST(DramConfig, LineBytesOutOfRangeIsAnError) { ExpectError(R"({"line_bytes": 8})", "timing.dram.line_bytes"); }

TEST(DramConfig, RefreshIntervalMustExceedRefreshCycle) {
  ExpectError(R"({"timings": {"tREFI": 500, "tRFC": 500}})", "timing.dram.timings.tREFI");
}

TEST(DramConfig, TrasMustCoverTrcd) {
  ExpectError(R"({"timings": {"tRAS": 10, "tRCD": 20}})", "timing.dram.timings.tRAS");
}

TEST(DramConfig, ClockPeriodIsRangeChecked) {
  ExpectError(R"({"timings": {"tCK_ps": 50}})", "timing.dram.timings.tCK_ps: 50 is not between 100 and 10000");
}

TEST(DramConfig, ValidateNamesKeysUnderTheGivenPath) {
  DramConfig c = DramPreset("ddr4_3200");
  c.banks = 3;
  try {
    Validate(c, "mc.dram");
    ADD_FAILURE() << "accepted 3 banks";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("mc.dram.banks"), std::string::npos) << e.what();
  }
  c = DramPreset("ddr4_3200");
  c.t.tRP = 0;
  EXPECT_THROW(Validate(c, "mc.dram"), Error);
  c = DramPreset("ddr4_3200");
  c.row_buffer_policy = "sometimes";
  EXPECT_THROW(Validate(c, "mc.dram"), Error);
}

TEST(RowBufferPolicy, EveryNamedPolicyIsBuiltAndUnknownIsAnError) {
  for (const char* name : kRowBufferPolicyNames) EXPECT_NE(MakeRowBufferPolicy(name), nullptr) << name;
  EXPECT_TRUE(MakeRowBufferPolicy("open")->KeepRowOpen(0, RowOutcome::kMiss));
  EXPECT_FALSE(MakeRowBufferPolicy("closed")->KeepRowOpen(0, RowOutcome::kMiss));
  EXPECT_THROW(MakeRowBufferPolicy("adaptive"), Error);
}

}  // namespace
}  // namespace mtesim::dram
