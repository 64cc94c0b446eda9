// Row-buffer policies (Ramulator 2 style: a small interface chosen by name). After every
// access the policy decides whether the bank's row stays open, betting on a later hit to
// the same row, or is precharged at once, so that an access to another row skips tRP.
#pragma once
#include <initializer_list>
#include <memory>
#include <string>

namespace mtesim::dram {

// What the access found in its bank's row buffer.
enum class RowOutcome { kHit, kMiss, kConflict };

class RowBufferPolicy {
 public:
  virtual ~RowBufferPolicy() = default;
  // After an access to bank `bank_index` (flat index over channels, ranks, banks):
  // true leaves the row open, false precharges it (auto-precharge).
  virtual bool KeepRowOpen(unsigned bank_index, RowOutcome outcome) = 0;
};

// Every name MakeRowBufferPolicy knows: "open" (open page), "closed" (closed page).
extern const std::initializer_list<const char*> kRowBufferPolicyNames;

// The policy `name`; an unknown name is an mtesim::Error.
std::unique_ptr<RowBufferPolicy> MakeRowBufferPolicy(const std::string& name);

}  // namespace mtesim::dram
