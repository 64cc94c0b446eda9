#include <gtest/gtest.h>

#include <fstream>

#include "models/error.h"
#include "models/platform/platform_config.h"

using mtesim::Error;
using mtesim::models::ApplyConfigFile;
using mtesim::models::MteLevel;
using mtesim::models::ParseMteLevel;
using mtesim::models::ParseSize;
using mtesim::models::PlatformConfig;

TEST(ParseSize, Units) {
  EXPECT_EQ(ParseSize("256M", "--memory"), 256ull << 20);
  EXPECT_EQ(ParseSize("1G", "--memory"), 1ull << 30);
  EXPECT_EQ(ParseSize("64GiB", "--memory"), 64ull << 30);
  EXPECT_EQ(ParseSize("4096", "--memory"), 4096u);
}

TEST(ParseSize, RejectsGarbageNamingTheSetting) {
  try {
    ParseSize("12Q", "--memory");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("--memory '12Q'"), std::string::npos);
  }
  EXPECT_THROW(ParseSize("", "--memory"), Error);
  EXPECT_THROW(ParseSize("-5M", "--memory"), Error);
  EXPECT_THROW(ParseSize("99999999999999999999", "--memory"), Error);
  EXPECT_THROW(ParseSize("100000000000T", "--memory"), Error);
}

TEST(Validate, DefaultsAreValid) { EXPECT_NO_THROW(PlatformConfig{}.Validate()); }

TEST(Validate, RejectsTinyMemory) {
  PlatformConfig c;
  c.memory_bytes = 4096;
  EXPECT_THROW(c.Validate(), Error);
}

TEST(Validate, RejectsUnalignedMemory) {
  PlatformConfig c;
  c.memory_bytes = (1u << 20) + 1;
  EXPECT_THROW(c.Validate(), Error);
}

TEST(Validate, RejectsMemoryBeyondPhysicalAddressSpace) {
  PlatformConfig c;
  c.memory_bytes = 1ull << 48;
  EXPECT_THROW(c.Validate(), Error);
}

TEST(Validate, RejectsSmpOutOfRange) {
  PlatformConfig c;
  c.smp = 0;
  EXPECT_THROW(c.Validate(), Error);
  c.smp = 65;
  EXPECT_THROW(c.Validate(), Error);
}

TEST(Validate, MteLevelAPeDoesNotImplementIsAnErrorNamingThePe) {
  PlatformConfig c;
  c.smp = 2;
  c.pes.resize(2);
  c.pes[1].mte = MteLevel{2, false};
  c.mte = MteLevel{3, false};
  try {
    c.Validate();
    ADD_FAILURE() << "--mte 3 with a PE that implements MTE2 was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("PE 1 implements only MTE2"), std::string::npos) << e.what();
  }
  c.mte = MteLevel{2, false};
  EXPECT_NO_THROW(c.Validate());
}

TEST(MteFeatures, MaxGivesEachPeItsOwnLevelAndMte4OnlyWhereImplemented) {
  PlatformConfig c;
  c.smp = 2;
  c.pes.resize(2);
  c.pes[1].mte = MteLevel{2, false};
  c.pes[1].gmid_bs = 4;
  c.mte = MteLevel{3, true};
  const auto f0 = c.MteFeaturesOf(0), f1 = c.MteFeaturesOf(1);
  EXPECT_EQ(f0.level, 3u);
  EXPECT_TRUE(f0.canonical_tags && f0.tagged_far && f0.store_only);
  EXPECT_EQ(f1.level, 2u);
  EXPECT_FALSE(f1.canonical_tags || f1.tagged_far || f1.store_only);
  EXPECT_EQ(f1.gmid_bs, 4u);
}

TEST(MteFeatures, ANumberedLevelIsExactlyThatLevelWithoutMte4) {
  PlatformConfig c;
  c.mte = MteLevel{3, false};
  const auto f = c.MteFeaturesOf(0);
  EXPECT_EQ(f.level, 3u);
  EXPECT_FALSE(f.canonical_tags || f.tagged_far || f.store_only);
  c.mte = MteLevel{1, false};
  EXPECT_EQ(c.MteFeaturesOf(0).level, 1u);
}

TEST(MteFeatures, MaxGivesFeatMtePermAndANumberedLevelDoesNot) {
  PlatformConfig c;
  c.mte = MteLevel{3, true};
  EXPECT_TRUE(c.MteFeaturesOf(0).perm);
  c.mte = MteLevel{3, false};
  EXPECT_FALSE(c.MteFeaturesOf(0).perm);
}

TEST(Validate, GmidAndDczidBlockSizesOutOfRangeAreErrors) {
  PlatformConfig c;
  c.pes.resize(1);
  c.pes[0].gmid_bs = 7;
  EXPECT_THROW(c.Validate(), Error);
  c.pes[0].gmid_bs = 1;
  EXPECT_THROW(c.Validate(), Error);
  c.pes[0].gmid_bs = 2;
  c.pes[0].dczid_bs = 10;
  EXPECT_THROW(c.Validate(), Error);
  c.pes[0].dczid_bs = 1;
  EXPECT_THROW(c.Validate(), Error);
  c.pes[0].dczid_bs = 9;
  EXPECT_NO_THROW(c.Validate());
}

TEST(Validate, UntaggedMemoryMustBeGranuleAlignedInsideRam) {
  PlatformConfig c;
  c.untagged_memory = {{0x40000000 + 8, 16}};
  EXPECT_THROW(c.Validate(), Error);
  c.untagged_memory = {{0x30000000, 0x1000}};
  EXPECT_THROW(c.Validate(), Error);
  c.untagged_memory = {{0x40000000 + (255ull << 20), 2ull << 20}};
  EXPECT_THROW(c.Validate(), Error);
  c.untagged_memory = {{0x48000000, 1 << 20}};
  EXPECT_NO_THROW(c.Validate());
}

TEST(ParseMteLevel, AcceptsTheCliSpellingsAndNamesTheSettingOnError) {
  EXPECT_EQ(ParseMteLevel("off", "--mte").level, 0u);
  EXPECT_EQ(ParseMteLevel("2", "--mte").level, 2u);
  EXPECT_TRUE(ParseMteLevel("max", "--mte").max);
  try {
    ParseMteLevel("4", "--mte");
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("--mte '4'"), std::string::npos);
  }
}

namespace {
std::string WriteTemp(const std::string& name, const std::string& text) {
  const std::string path = std::string(MTESIM_TEST_TMPDIR) + "/" + name;
  std::ofstream(path) << text;
  return path;
}
}  // namespace

TEST(ConfigFile, GicVersionIsTwoOrThree) {
  PlatformConfig c;
  EXPECT_EQ(c.EffectiveGicVersion(), 2u);  // QEMU virt's default up to 8 PEs
  ApplyConfigFile(WriteTemp("gic3.json", R"({"gic_version": 3})"), c);
  EXPECT_EQ(c.EffectiveGicVersion(), 3u);
  for (const char* bad : {R"({"gic_version": 4})", R"({"gic_version": -3})", R"({"gic_version": 2.5})",
                          R"({"gic_version": "3"})"}) {
    try {
      ApplyConfigFile(WriteTemp("gic_bad.json", bad), c);
      FAIL() << bad;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("'gic_version': must be 2 or 3"), std::string::npos) << e.what();
    }
  }
}

TEST(PlatformConfig, DefaultGicIsVersion3BeyondEightPes) {
  PlatformConfig c;
  c.smp = 9;
  EXPECT_EQ(c.EffectiveGicVersion(), 3u);
  c.gic_version = 2;
  EXPECT_THROW(c.Validate(), Error);
}

TEST(PlatformConfig, PesAreNumberedInClustersOfTheGicTargetList) {
  PlatformConfig c;
  c.smp = 20;
  EXPECT_EQ(c.PeAffinity(15), 0x00Fu);
  EXPECT_EQ(c.PeAffinity(16), 0x100u);  // GICv3: 16 PEs per cluster
  c.smp = 8;
  c.gic_version = 2;
  EXPECT_EQ(c.PeAffinity(7), 7u);
}

TEST(ConfigFile, VirtualizationIsABoolean) {
  PlatformConfig c;
  EXPECT_FALSE(c.virtualization);
  ApplyConfigFile(WriteTemp("virt.json", R"({"virtualization": true})"), c);
  EXPECT_TRUE(c.virtualization);
  try {
    ApplyConfigFile(WriteTemp("virt_bad.json", R"({"virtualization": "yes"})"), c);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'virtualization'"), std::string::npos);
  }
}

TEST(ConfigFile, AppliesKnownSettings) {
  PlatformConfig c;
  ApplyConfigFile(WriteTemp("ok.json", R"({"memory": "512M", "smp": 2, "append": "x=1", "quantum_ns": 500})"), c);
  EXPECT_EQ(c.memory_bytes, 512ull << 20);
  EXPECT_EQ(c.smp, 2u);
  EXPECT_EQ(c.bootargs, "x=1");
  EXPECT_EQ(c.quantum_ns, 500u);
}

TEST(ConfigFile, UnknownKeyIsNamed) {
  PlatformConfig c;
  try {
    ApplyConfigFile(WriteTemp("unknown.json", R"({"memroy": "512M"})"), c);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'memroy'"), std::string::npos);
  }
}

TEST(ConfigFile, WrongTypeIsNamed) {
  PlatformConfig c;
  try {
    ApplyConfigFile(WriteTemp("type.json", R"({"smp": "two"})"), c);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'smp'"), std::string::npos);
  }
}

// Found by fuzz_json_config: nlohmann's parser reports a number beyond a double's range
// as out_of_range, not parse_error, and that escaped as a foreign exception.
TEST(ConfigFile, ANumberBeyondADoubleIsAnErrorNamingTheFile) {
  PlatformConfig c;
  try {
    ApplyConfigFile(WriteTemp("huge.json", R"({"memory": 1e400})"), c);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("huge.json: not valid JSON"), std::string::npos) << e.what();
  }
}

TEST(ConfigFile, MalformedJson) {
  PlatformConfig c;
  EXPECT_THROW(ApplyConfigFile(WriteTemp("bad.json", "{\"smp\": "), c), Error);
  EXPECT_THROW(ApplyConfigFile(WriteTemp("array.json", "[1, 2]"), c), Error);
  EXPECT_THROW(ApplyConfigFile(std::string(MTESIM_TEST_TMPDIR) + "/does-not-exist.json", c), Error);
}
