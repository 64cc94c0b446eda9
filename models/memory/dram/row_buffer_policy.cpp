#include "models/memory/dram/row_buffer_policy.h"

#include "models/error.h"

namespace mtesim::dram {

namespace {

// Open page: rows stay open until a conflict or a refresh closes them; wins when accesses
// to a bank keep hitting the same row.
class OpenPagePolicy final : public RowBufferPolicy {
 public:
  bool KeepRowOpen(unsigned, RowOutcome) override { return true; }
};

// Closed page: every access auto-precharges; no hits, but no conflicts either, which wins
// when accesses to a bank are scattered over rows.
class ClosedPagePolicy final : public RowBufferPolicy {
 public:
  bool KeepRowOpen(unsigned, RowOutcome) override { return false; }
};

}  // namespace

const std::initializer_list<const char*> kRowBufferPolicyNames = {"open", "closed"};

std::unique_ptr<RowBufferPolicy> MakeRowBufferPolicy(const std::string& name) {
  if (name == "open") return std::make_unique<OpenPagePolicy>();
  if (name == "closed") return std::make_unique<ClosedPagePolicy>();
  throw Error("row-buffer policy '" + name + "': unknown (expected open or closed)");
}

}  // namespace mtesim::dram
