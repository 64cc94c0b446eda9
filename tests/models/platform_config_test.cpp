#include <gtest/gtest.h>

#include <fstream>

#include "models/error.h"
#include "models/platform/platform_config.h"

using mtesim::Error;
using mtesim::models::ApplyConfigFile;
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

TEST(Validate, MteLevelsThePlatformCannotGiveAreErrors) {
  PlatformConfig c;
  c.mte_level = 2;
  EXPECT_THROW(c.Validate(), Error);
}

namespace {
std::string WriteTemp(const std::string& name, const std::string& text) {
  const std::string path = std::string(MTESIM_TEST_TMPDIR) + "/" + name;
  std::ofstream(path) << text;
  return path;
}
}  // namespace

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

TEST(ConfigFile, MalformedJson) {
  PlatformConfig c;
  EXPECT_THROW(ApplyConfigFile(WriteTemp("bad.json", "{\"smp\": "), c), Error);
  EXPECT_THROW(ApplyConfigFile(WriteTemp("array.json", "[1, 2]"), c), Error);
  EXPECT_THROW(ApplyConfigFile(std::string(MTESIM_TEST_TMPDIR) + "/does-not-exist.json", c), Error);
}
