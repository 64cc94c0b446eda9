#include "models/pe/code_cache.h"

#include <cstring>

namespace mtesim::models {

CodeCache::CodeCache(const HostMemoryMap& memory, isa::ExecFn decode_stub) : memory_(memory), stub_(decode_stub) {}

void CodeCache::Rearm(DecodedPage& page, uint64_t pa_page, unsigned first_word, unsigned last_word) {
  const HostRegion* region = memory_.Find(pa_page, 0x1000);  // Lookup's callers guarantee one
  const uint8_t* src = region->host + (pa_page - region->base);
  for (unsigned w = first_word; w <= last_word; ++w) {
    std::memcpy(&page.insn[w].raw, src + w * 4, 4);
    page.insn[w].fn = stub_;
  }
}

DecodedPage* CodeCache::Lookup(uint64_t pa_page) {
  auto it = pages_.find(pa_page);
  if (it != pages_.end()) return it->second.get();
  auto page = std::make_unique<DecodedPage>();
  Rearm(*page, pa_page, 0, 1023);
  DecodedPage* raw = page.get();
  pages_.emplace(pa_page, std::move(page));
  ++pages_decoded_;
  for (auto& listener : listeners_) listener(pa_page);
  return raw;
}

void CodeCache::NotifyWrite(uint64_t pa, uint64_t size) {
  if (pages_.empty() || size == 0) return;
  const uint64_t end = pa + size;  // exclusive
  for (uint64_t page = pa & ~uint64_t{0xFFF}; page < end; page += 0x1000) {
    auto it = pages_.find(page);
    if (it == pages_.end()) continue;
    const uint64_t lo = pa > page ? pa : page;
    const uint64_t hi = end < page + 0x1000 ? end : page + 0x1000;
    Rearm(*it->second, page, static_cast<unsigned>((lo - page) / 4), static_cast<unsigned>((hi - 1 - page) / 4));
  }
}

void CodeCache::InvalidateAll() {
  // Pages stay allocated (a PE may be executing from one); their words are re-read.
  for (auto& [pa_page, page] : pages_) Rearm(*page, pa_page, 0, 1023);
}

}  // namespace mtesim::models
