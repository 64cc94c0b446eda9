// The peak memory a test process has used, for tests that bound it (hostile inputs must not
// make the simulator allocate without limit).
//
// Normally that is the peak resident set. Under AddressSanitizer the resident set mostly
// measures ASan itself (its quarantine keeps up to 256 MiB of freed blocks, plus shadow),
// so there the peak is of the live heap, counted by ASan's allocation hooks from start-up:
// the quantity the bound is about, without the sanitizer's own overhead.
#pragma once

#include <sys/resource.h>

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "models/kernel/under_asan.h"

#ifdef MTESIM_UNDER_ASAN
#include <sanitizer/allocator_interface.h>
#endif

namespace mtesim::test {

#ifdef MTESIM_UNDER_ASAN
namespace peak_memory_detail {

inline std::atomic<int64_t> live_bytes{0};
inline std::atomic<int64_t> peak_bytes{0};

inline void OnMalloc(const volatile void*, size_t size) {
  const int64_t now = live_bytes.fetch_add(static_cast<int64_t>(size)) + static_cast<int64_t>(size);
  int64_t peak = peak_bytes.load();
  while (now > peak && !peak_bytes.compare_exchange_weak(peak, now)) {
  }
}

inline void OnFree(const volatile void* p) {
  // ASan calls the hook before it releases the block, so its size is still known.
  live_bytes.fetch_sub(static_cast<int64_t>(__sanitizer_get_allocated_size(const_cast<const void*>(p))));
}

// Installed during static initialisation, before the test allocates anything it measures.
inline const int hooks_installed = __sanitizer_install_malloc_and_free_hooks(OnMalloc, OnFree);

}  // namespace peak_memory_detail
#endif

// Peak memory of this process so far, in KiB (see the file comment for what is counted).
inline int64_t PeakMemoryKiB() {
#ifdef MTESIM_UNDER_ASAN
  return peak_memory_detail::peak_bytes.load() / 1024;
#else
  struct rusage usage {};
  ::getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;  // KiB on Linux
#endif
}

}  // namespace mtesim::test
