#include "models/cache/replacement_policy.h"

#include <cstdint>

#include "models/error.h"

namespace mtesim::cache {
namespace {

// Tree pseudo-LRU: ways-1 bits per set form a binary tree over the ways; each bit points
// to the half that was used less recently. An access turns the bits on its path away
// from itself; the victim is found by following them from the root.
class TreePlruPolicy : public ReplacementPolicy {
 public:
  TreePlruPolicy(unsigned sets, unsigned ways)
      : ways_(ways), nodes_(ways - 1), bits_(static_cast<size_t>(sets) * (ways - 1), 0) {}
  void OnFill(unsigned set, unsigned way) override { Touch(set, way); }
  void OnHit(unsigned set, unsigned way) override { Touch(set, way); }
  unsigned Victim(unsigned set) override {
    const uint8_t* bits = Bits(set);
    unsigned node = 0, first = 0, span = ways_;
    while (span > 1) {
      span /= 2;
      const bool right = bits[node];
      if (right) first += span;
      node = 2 * node + (right ? 2 : 1);
    }
    return first;
  }

 private:
  uint8_t* Bits(unsigned set) { return &bits_[static_cast<size_t>(set) * nodes_]; }
  void Touch(unsigned set, unsigned way) {
    uint8_t* bits = Bits(set);
    unsigned node = 0, first = 0, span = ways_;
    while (span > 1) {
      span /= 2;
      const bool in_right = way >= first + span;
      bits[node] = in_right ? 0 : 1;  // point at the other half
      if (in_right) first += span;
      node = 2 * node + (in_right ? 2 : 1);
    }
  }
  unsigned ways_, nodes_;
  std::vector<uint8_t> bits_;
};

// Random with a fixed seed, so two runs of one configuration evict the same lines and
// results are reproducible.
class RandomPolicy : public ReplacementPolicy {
 public:
  explicit RandomPolicy(unsigned ways) : ways_(ways) {}
  void OnFill(unsigned, unsigned) override {}
  void OnHit(unsigned, unsigned) override {}
  unsigned Victim(unsigned) override {
    state_ ^= state_ << 13;  // xorshift64 (Marsaglia)
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return static_cast<unsigned>(state_ % ways_);
  }

 private:
  unsigned ways_;
  uint64_t state_ = 0x9E3779B97F4A7C15ull;
};

}  // namespace

unsigned StampPolicy::Victim(unsigned set) {
  const uint64_t* stamps = &stamps_[Index(set, 0)];
  unsigned oldest = 0;
  for (unsigned way = 1; way < ways_; ++way)
    if (stamps[way] < stamps[oldest]) oldest = way;
  return oldest;
}

const std::vector<std::string>& ReplacementPolicyNames() {
  static const std::vector<std::string> names{"lru", "fifo", "plru", "random"};
  return names;
}

std::unique_ptr<ReplacementPolicy> MakeReplacementPolicy(const std::string& name, unsigned sets, unsigned ways) {
  if (sets == 0 || ways == 0) throw Error("replacement '" + name + "': needs at least one set and one way");
  if (name == "lru") return std::make_unique<StampPolicy>(sets, ways, true);
  if (name == "fifo") return std::make_unique<StampPolicy>(sets, ways, false);
  if (name == "plru") {
    if ((ways & (ways - 1)) != 0)
      throw Error("replacement 'plru': needs a power-of-two number of ways, not " + std::to_string(ways));
    return std::make_unique<TreePlruPolicy>(sets, ways);
  }
  if (name == "random") return std::make_unique<RandomPolicy>(ways);
  throw Error("replacement '" + name + "': unknown policy");
}

}  // namespace mtesim::cache
