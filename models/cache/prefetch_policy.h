// Which lines a cache prefetches, behind one small interface chosen by name (Ramulator 2
// style). The cache consults its policy on each demand miss and on the first demand hit
// to a line a prefetch brought (so a stream that the prefetcher is covering keeps
// running); the policy answers with candidate line addresses, which the cache's owner
// then fills through Cache::Prefetch. Candidates never leave the 4 KiB region of the
// access: beyond it the physical page is unrelated (and may not even be Tagged).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mtesim::cache {

class PrefetchPolicy {
 public:
  static constexpr unsigned kMaxDegree = 8;
  virtual ~PrefetchPolicy() = default;
  // `line_pa` (line aligned) was demanded; writes up to the policy's degree candidate
  // line addresses to `candidates` and returns how many.
  virtual unsigned Candidates(uint64_t line_pa, uint64_t (&candidates)[kMaxDegree]) = 0;
};

// "none", "next_line", "stride".
const std::vector<std::string>& PrefetchPolicyNames();

// The policy `name` for lines of `line_bytes`, prefetching up to `degree` (1..kMaxDegree)
// lines ahead; an unknown name or degree is an mtesim::Error.
std::unique_ptr<PrefetchPolicy> MakePrefetchPolicy(const std::string& name, unsigned line_bytes, unsigned degree);

}  // namespace mtesim::cache
