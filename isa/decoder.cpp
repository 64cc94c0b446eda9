#include "isa/decoder.h"

#include <algorithm>

#include "isa/exec_context.h"

namespace mtesim::isa {

Decoder::Decoder() {
  unsigned count = 0;
  const Encoding* table = EncodingTable(&count);
  constexpr uint32_t kBucketMask = ~uint32_t{0} << kBucketShift;
  for (uint32_t b = 0; b < (1u << (32 - kBucketShift)); ++b) {
    const uint32_t bucket_bits = b << kBucketShift;
    for (unsigned k = 0; k < count; ++k) {
      const Encoding& e = table[k];
      if (((bucket_bits ^ e.value) & e.mask & kBucketMask) == 0) buckets_[b].push_back(&e);
    }
    // The most specific pattern wins, so an alias or a special case declared anywhere in
    // the table takes precedence over the general form it overlaps.
    std::stable_sort(buckets_[b].begin(), buckets_[b].end(), [](const Encoding* x, const Encoding* y) {
      return __builtin_popcount(x->mask) > __builtin_popcount(y->mask);
    });
  }
}

const Encoding* Decoder::Find(uint32_t insn) const {
  for (const Encoding* e : buckets_[insn >> kBucketShift])
    if ((insn & e->mask) == e->value) return e;
  return nullptr;
}

ExecFn Decoder::Decode(uint32_t insn) const {
  const Encoding* e = Find(insn);
  return e ? e->exec : &UnallocatedEncoding;
}

const Decoder& Decoder::Instance() {
  static const Decoder decoder;
  return decoder;
}

void UnallocatedEncoding(ExecContext& c, Insn) { c.Undefined(); }

}  // namespace mtesim::isa
