// Physical address -> DRAM coordinates. A mapping is named by its fields from the most
// to the least significant bits above the line offset, Ramulator style: "RoBaRaCoCh" is
// row | bank | rank | column | channel, so consecutive lines alternate channels first.
// Ro = row, Ba = bank, Ra = rank, Co = column (line within the row), Ch = channel.
// Bits above the capacity are ignored: addresses wrap.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <string>

#include "models/memory/dram/dram_config.h"

namespace mtesim::dram {

struct DramCoordinates {
  unsigned channel, rank, bank;
  uint64_t row;
  uint64_t column;  // line index within the row
};

// Every mapping name AddressMapping accepts.
extern const std::initializer_list<const char*> kAddressMappingNames;

class AddressMapping {
 public:
  // Throws mtesim::Error for a name not in kAddressMappingNames.
  AddressMapping(const std::string& name, const DramConfig& config);

  DramCoordinates Decode(uint64_t address) const;

 private:
  struct Field {
    unsigned shift = 0;  // position of the field in the line index
    uint64_t mask = 0;   // (1 << width) - 1
    uint64_t Of(uint64_t line) const { return (line >> shift) & mask; }
  };
  unsigned line_shift_;
  Field channel_, rank_, bank_, row_, column_;
};

}  // namespace mtesim::dram
