#include "models/memory/sparse_backing.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

#include "models/error.h"

namespace mtesim::models {

SparseBacking::SparseBacking(uint64_t size_bytes, const std::string& what) : size_(size_bytes) {
  void* p = mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED)
    throw Error(what + " size " + std::to_string(size_ >> 20) + " MiB: cannot reserve host address space");
  base_ = static_cast<uint8_t*>(p);
}

SparseBacking::~SparseBacking() { munmap(base_, size_); }

uint64_t SparseBacking::ResidentBytes() const {
  const uint64_t page = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  const uint64_t pages = (size_ + page - 1) / page;
  // mincore in bounded steps, so that asking about a 64 GiB guest does not itself cost
  // megabytes of host memory.
  constexpr uint64_t kStep = 1 << 16;
  std::vector<unsigned char> vec(std::min(pages, kStep));
  uint64_t resident = 0;
  for (uint64_t first = 0; first < pages; first += kStep) {
    const uint64_t n = std::min(kStep, pages - first);
    const uint64_t bytes = std::min(n * page, size_ - first * page);
    if (mincore(base_ + first * page, bytes, vec.data()) != 0) return 0;
    for (uint64_t i = 0; i < n; ++i) resident += (vec[i] & 1) ? page : 0;
  }
  return resident;
}

}  // namespace mtesim::models
