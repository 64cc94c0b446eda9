// Table-driven A64 decoder derived from the encoding table (isa/encodings/*.def).
#pragma once
#include <cstdint>
#include <vector>

#include "isa/encoding.h"

namespace mtesim::isa {

class Decoder {
 public:
  Decoder();
  // The most specific encoding matching `insn`, or nullptr (UNDEFINED).
  const Encoding* Find(uint32_t insn) const;
  // Semantics for `insn`; UNDEFINED encodings get the handler that raises EC 0x00.
  ExecFn Decode(uint32_t insn) const;

  static const Decoder& Instance();

 private:
  // Candidates bucketed by instruction bits [31:21], most specific mask first.
  static constexpr unsigned kBucketShift = 21;
  std::vector<const Encoding*> buckets_[1u << (32 - kBucketShift)];
};

// Raises UNDEFINED; the semantics of every encoding the table does not allocate.
void UnallocatedEncoding(ExecContext& c, Insn i);

}  // namespace mtesim::isa
