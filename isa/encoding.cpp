#include "isa/encoding.h"

namespace mtesim::isa {

namespace {
#define A64_INSN(name, pattern, fn, insn_class) \
  Encoding{#name, PatternMask(pattern), PatternValue(pattern), &fn, InsnClass::insn_class},
constexpr Encoding kTable[] = {
#include "isa/encodings/all.def"
};
#undef A64_INSN
}  // namespace

const Encoding* EncodingTable(unsigned* count) {
  *count = sizeof(kTable) / sizeof(kTable[0]);
  return kTable;
}

}  // namespace mtesim::isa
