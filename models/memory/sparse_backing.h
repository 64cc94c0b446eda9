// A host buffer that costs only what is touched: one anonymous mapping reserved without
// commitment (MAP_NORESERVE), so the host kernel supplies a page when it is first touched
// and untouched pages read as zeros. Guest RAM and the tag store of a multi-GiB guest are
// both held this way, so the simulator pays for what the guest uses, not what it has.
#pragma once
#include <cstdint>
#include <string>

namespace mtesim::models {

class SparseBacking {
 public:
  // `what` names the store in the mtesim::Error raised when the host cannot reserve the
  // address space (e.g. "memory" gives "memory size 64 MiB: ...").
  SparseBacking(uint64_t size_bytes, const std::string& what);
  ~SparseBacking();
  SparseBacking(const SparseBacking&) = delete;
  SparseBacking& operator=(const SparseBacking&) = delete;

  uint8_t* base() const { return base_; }
  uint64_t size() const { return size_; }
  // Bytes of host memory behind the buffer: resident pages, i.e. the pages touched so far.
  uint64_t ResidentBytes() const;

 private:
  uint64_t size_;
  uint8_t* base_;
};

}  // namespace mtesim::models
