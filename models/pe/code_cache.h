// Decoded instructions per physical 4 KiB page of directly-backed memory (RAM, boot
// flash), shared by all PEs. An entry holds
// the semantics function and the instruction word; it starts as a "decode on first use"
// stub. Writes to a page that holds decoded code re-arm the stubs of the words written, so
// self-modifying code and code loading behave as on hardware after the required IC IVAU.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

#include "isa/encoding.h"
#include "models/pe/host_memory.h"

namespace mtesim::models {

struct DecodedInsn {
  isa::ExecFn fn;
  uint32_t raw;
  isa::InsnClass insn_class;  // the timing model's latency column (set when decoded)
};

struct DecodedPage {
  DecodedInsn insn[1024];
};

class CodeCache {
 public:
  // `memory` is the host view of the guest memory code may be fetched from.
  CodeCache(const HostMemoryMap& memory, isa::ExecFn decode_stub);

  // Decoded view of the page at `pa_page` (4 KiB aligned, inside one region of the map). A page seen for
  // the first time is snapshotted and the listeners are told it now holds code.
  DecodedPage* Lookup(uint64_t pa_page);

  bool IsCode(uint64_t pa_page) const { return pages_.count(pa_page) != 0; }

  // After any write to memory at [pa, pa + size): refresh the words of decoded pages it hit.
  void NotifyWrite(uint64_t pa, uint64_t size);

  // Forget all decoded code (IC IALLU and friends).
  void InvalidateAll();

  // Called with the PA page whenever a page starts holding decoded code.
  void AddListener(std::function<void(uint64_t)> on_new_code_page) { listeners_.push_back(std::move(on_new_code_page)); }

  uint64_t pages_decoded() const { return pages_decoded_; }

 private:
  void Rearm(DecodedPage& page, uint64_t pa_page, unsigned first_word, unsigned last_word);

  HostMemoryMap memory_;
  isa::ExecFn stub_;
  std::unordered_map<uint64_t, std::unique_ptr<DecodedPage>> pages_;
  std::vector<std::function<void(uint64_t)>> listeners_;
  uint64_t pages_decoded_ = 0;
};

}  // namespace mtesim::models
