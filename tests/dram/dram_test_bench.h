// A Dram under test with its statistics tree, and addresses built from coordinates, so
// that tests state their expectations in the config's own timing parameters.
#pragma once
#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "models/memory/dram/dram.h"

namespace mtesim::dram {

class DramTestBench : public ::testing::Test {
 protected:
  DramConfig config_ = DramPreset("ddr4_3200");
  stats::Tree tree_;
  std::unique_ptr<Dram> dram_;

  // Call after adjusting config_.
  void Build() { dram_ = std::make_unique<Dram>(config_, tree_.root().Child("dram")); }

  uint64_t Cycles(uint64_t n) const { return n * config_.t.tck_ps; }

  uint64_t Read(uint64_t now_ps, uint64_t address) { return dram_->Access(now_ps, address, false, false); }
  uint64_t Write(uint64_t now_ps, uint64_t address) { return dram_->Access(now_ps, address, true, false); }

  // The address of line `column` of `row` in `bank` of channel 0, rank 0, under the
  // default RoBaRaCoCh mapping.
  uint64_t Address(unsigned bank, uint64_t row, uint64_t column = 0) const {
    EXPECT_EQ(config_.address_mapping, "RoBaRaCoCh");
    const uint64_t columns = config_.row_bytes / config_.line_bytes;
    const uint64_t line = ((row * config_.banks + bank) * config_.ranks * columns + column) * config_.channels;
    return line * config_.line_bytes;
  }

  uint64_t Stat(const std::string& name) const {
    uint64_t value = 0;
    EXPECT_TRUE(tree_.Lookup("dram." + name, &value)) << name;
    return value;
  }
};

}  // namespace mtesim::dram
