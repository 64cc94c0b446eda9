// Which way of a full set a cache evicts, behind one small interface so a configuration
// can choose the policy by name (Ramulator 2 style). The cache fills invalid ways itself
// and asks the policy only when every way of the set is valid; the policy sees every
// fill and hit so it can keep its own per-set state. Calls are on the hot path: no
// allocation, only a few array accesses each.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mtesim::cache {

class ReplacementPolicy {
 public:
  virtual ~ReplacementPolicy() = default;
  // A line was installed in (set, way).
  virtual void OnFill(unsigned set, unsigned way) = 0;
  // A demand access found its line in (set, way).
  virtual void OnHit(unsigned set, unsigned way) = 0;
  // The way to evict from the full set `set`.
  virtual unsigned Victim(unsigned set) = 0;
};

// LRU and FIFO differ only in whether a hit refreshes a way's age: both evict the way
// with the oldest stamp. A 64-bit stamp never wraps in a simulation's lifetime. Declared
// here, final and inline, so a cache can call it on every hit without a virtual call.
class StampPolicy final : public ReplacementPolicy {
 public:
  StampPolicy(unsigned sets, unsigned ways, bool hits_refresh)
      : ways_(ways), hits_refresh_(hits_refresh), stamps_(static_cast<size_t>(sets) * ways, 0) {}
  void OnFill(unsigned set, unsigned way) override { stamps_[Index(set, way)] = ++clock_; }
  void OnHit(unsigned set, unsigned way) override {
    if (hits_refresh_) stamps_[Index(set, way)] = ++clock_;
  }
  unsigned Victim(unsigned set) override;

 private:
  size_t Index(unsigned set, unsigned way) const { return static_cast<size_t>(set) * ways_ + way; }
  unsigned ways_;
  bool hits_refresh_;
  uint64_t clock_ = 0;
  std::vector<uint64_t> stamps_;
};

// "lru", "fifo", "plru" (tree pseudo-LRU; needs a power-of-two number of ways),
// "random" (a fixed-seed xorshift: the same victims on every run).
const std::vector<std::string>& ReplacementPolicyNames();

// The policy `name` for `sets` x `ways`; an unknown name or an impossible geometry is an
// mtesim::Error naming the policy.
std::unique_ptr<ReplacementPolicy> MakeReplacementPolicy(const std::string& name, unsigned sets, unsigned ways);

}  // namespace mtesim::cache
