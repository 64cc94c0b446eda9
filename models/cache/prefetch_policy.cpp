#include "models/cache/prefetch_policy.h"

#include <array>

#include "models/error.h"

namespace mtesim::cache {
namespace {

constexpr unsigned kRegionShift = 12;  // 4 KiB: the smallest page

bool SameRegion(uint64_t a, uint64_t b) { return (a >> kRegionShift) == (b >> kRegionShift); }

// Appends line_pa + k * step for k = 1..degree while the candidates stay in line_pa's region.
unsigned Ahead(uint64_t line_pa, int64_t step, unsigned degree, uint64_t (&candidates)[PrefetchPolicy::kMaxDegree]) {
  unsigned n = 0;
  uint64_t next = line_pa;
  for (unsigned k = 0; k < degree; ++k) {
    next += static_cast<uint64_t>(step);
    if (!SameRegion(next, line_pa)) break;
    candidates[n++] = next;
  }
  return n;
}

class NoPrefetch : public PrefetchPolicy {
 public:
  unsigned Candidates(uint64_t, uint64_t (&)[kMaxDegree]) override { return 0; }
};

class NextLinePrefetch : public PrefetchPolicy {
 public:
  NextLinePrefetch(unsigned line_bytes, unsigned degree) : line_bytes_(line_bytes), degree_(degree) {}
  unsigned Candidates(uint64_t line_pa, uint64_t (&candidates)[kMaxDegree]) override {
    return Ahead(line_pa, line_bytes_, degree_, candidates);
  }

 private:
  unsigned line_bytes_, degree_;
};

// A stride is trusted once it repeats: three accesses A, A+s, A+2s in one 4 KiB region
// prefetch A+3s onwards. Regions are tracked in a small direct-mapped table, so
// interleaved streams in different pages do not break each other's strides.
class StridePrefetch : public PrefetchPolicy {
 public:
  explicit StridePrefetch(unsigned degree) : degree_(degree) {}
  unsigned Candidates(uint64_t line_pa, uint64_t (&candidates)[kMaxDegree]) override {
    const uint64_t region = line_pa >> kRegionShift;
    Stream& s = table_[region % table_.size()];
    if (!s.valid || s.region != region) {
      s = Stream{true, region, line_pa, 0, false};
      return 0;
    }
    const int64_t stride = static_cast<int64_t>(line_pa - s.last);
    if (stride == 0) return 0;  // the same line again tells nothing
    s.confirmed = stride == s.stride;
    s.stride = stride;
    s.last = line_pa;
    return s.confirmed ? Ahead(line_pa, stride, degree_, candidates) : 0;
  }

 private:
  struct Stream {
    bool valid = false;
    uint64_t region = 0;
    uint64_t last = 0;
    int64_t stride = 0;
    bool confirmed = false;
  };
  unsigned degree_;
  std::array<Stream, 16> table_{};
};

}  // namespace

const std::vector<std::string>& PrefetchPolicyNames() {
  static const std::vector<std::string> names{"none", "next_line", "stride"};
  return names;
}

std::unique_ptr<PrefetchPolicy> MakePrefetchPolicy(const std::string& name, unsigned line_bytes, unsigned degree) {
  if (degree < 1 || degree > PrefetchPolicy::kMaxDegree)
    throw Error("prefetch '" + name + "': degree " + std::to_string(degree) + " is not between 1 and " +
                std::to_string(PrefetchPolicy::kMaxDegree));
  if (name == "none") return std::make_unique<NoPrefetch>();
  if (name == "next_line") return std::make_unique<NextLinePrefetch>(line_bytes, degree);
  if (name == "stride") return std::make_unique<StridePrefetch>(degree);
  throw Error("prefetch '" + name + "': unknown policy");
}

}  // namespace mtesim::cache
