// Which way of a full set a cache evicts, behind one small interface so a configuration
// can choose the policy by name (Ramulator 2 style). The cache fills invalid ways itself
// and asks the policy only when every way of the set is valid; the policy sees every
// fill and hit so it can keep its own per-set state. Calls are on the hot path: no
// allocation, only a few array accesses each.
#pragma once
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

// "lru", "fifo", "plru" (tree pseudo-LRU; needs a power-of-two number of ways),
// "random" (a fixed-seed xorshift: the same victims on every run).
const std::vector<std::string>& ReplacementPolicyNames();

// The policy `name` for `sets` x `ways`; an unknown name or an impossible geometry is an
// mtesim::Error naming the policy.
std::unique_ptr<ReplacementPolicy> MakeReplacementPolicy(const std::string& name, unsigned sets, unsigned ways);

}  // namespace mtesim::cache
