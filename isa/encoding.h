// The A64 encoding table: every instruction mtesim implements is declared once, as a bit
// pattern written like the Arm ARM's encoding diagrams ('0'/'1' fixed, anything else a
// field bit; spaces separate fields for the reader). The decoder is derived from it.
#pragma once
#include <cstdint>

#include "isa/insn.h"
#include "isa/insn_class.h"

namespace mtesim::isa {

class ExecContext;
using ExecFn = void (*)(ExecContext&, Insn);

struct Encoding {
  const char* name;
  uint32_t mask;
  uint32_t value;
  ExecFn exec;
  InsnClass insn_class;
};

namespace detail {
constexpr uint32_t PatternBits(const char* p, char want) {
  uint32_t bits = 0;
  int n = 0;
  for (; *p; ++p) {
    if (*p == ' ') continue;
    bits = bits << 1 | (*p == want || (want == 'm' && (*p == '0' || *p == '1')) ? 1u : 0u);
    ++n;
  }
  return n == 32 ? bits : throw "an encoding pattern must have exactly 32 bits";
}
}  // namespace detail

constexpr uint32_t PatternMask(const char* p) { return detail::PatternBits(p, 'm'); }
constexpr uint32_t PatternValue(const char* p) { return detail::PatternBits(p, '1'); }

// Declarations of every semantics function named in the table.
#define A64_INSN(name, pattern, fn, insn_class) void fn(ExecContext&, Insn);
#include "isa/encodings/all.def"
#undef A64_INSN

// The whole table, in declaration order.
const Encoding* EncodingTable(unsigned* count);

}  // namespace mtesim::isa
