#include "models/memory/dram/address_mapping.h"

#include <algorithm>

#include "models/error.h"

namespace mtesim::dram {

namespace {

unsigned Log2(uint64_t power_of_two) { return static_cast<unsigned>(__builtin_ctzll(power_of_two)); }

}  // namespace

// The decoder reads any order of the five fields; this list is what configs may name.
const std::initializer_list<const char*> kAddressMappingNames = {"RoBaRaCoCh", "RoRaBaChCo", "RoRaBaCoCh", "RoCoBaRaCh",
                                                                 "ChRaBaRoCo"};

AddressMapping::AddressMapping(const std::string& name, const DramConfig& config)
    : line_shift_(Log2(config.line_bytes)) {
  if (std::none_of(kAddressMappingNames.begin(), kAddressMappingNames.end(),
                   [&](const char* known) { return name == known; }))
    throw Error("address mapping '" + name + "': unknown");
  // Walk the name from its end (least significant field) upwards, stacking the fields.
  unsigned shift = 0;
  for (size_t pos = name.size(); pos >= 2; pos -= 2) {
    const std::string token = name.substr(pos - 2, 2);
    Field* field = nullptr;
    uint64_t count = 0;
    if (token == "Ch") field = &channel_, count = config.channels;
    else if (token == "Ra") field = &rank_, count = config.ranks;
    else if (token == "Ba") field = &bank_, count = config.banks;
    else if (token == "Ro") field = &row_, count = config.rows;
    else if (token == "Co") field = &column_, count = config.row_bytes / config.line_bytes;
    const unsigned width = Log2(count);
    field->shift = shift;
    field->mask = (uint64_t{1} << width) - 1;
    shift += width;
  }
}

DramCoordinates AddressMapping::Decode(uint64_t address) const {
  const uint64_t line = address >> line_shift_;
  return {static_cast<unsigned>(channel_.Of(line)), static_cast<unsigned>(rank_.Of(line)),
          static_cast<unsigned>(bank_.Of(line)), row_.Of(line), column_.Of(line)};
}

}  // namespace mtesim::dram
