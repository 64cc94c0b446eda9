// The names a trace defines (kString records) for the records that refer to them by id.
// A file chooses the ids and may define many: the table keeps at most kMaxStringTableBytes
// of text, and a name defined beyond that reads as "#id", so memory stays bounded on any
// input.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>

namespace mtesim::traces {

constexpr size_t kMaxStringTableBytes = 16u << 20;

class StringTable {
 public:
  // Defines (or redefines) `id`; false when it was dropped for the bound.
  bool Define(uint64_t id, const std::string& text) {
    auto it = names_.find(id);
    if (it != names_.end()) {
      bytes_ -= it->second.size();
      it->second = text;
      bytes_ += text.size();
      return true;
    }
    if (bytes_ + text.size() + 32 > kMaxStringTableBytes) return false;
    names_.emplace(id, text);
    bytes_ += text.size() + 32;  // counts the entry's own cost too
    return true;
  }
  // The name of `id`, or "#id" when it was never defined (or dropped).
  std::string Name(uint64_t id) const {
    auto it = names_.find(id);
    return it != names_.end() ? it->second : "#" + std::to_string(id);
  }
  const std::string* Find(uint64_t id) const {
    auto it = names_.find(id);
    return it != names_.end() ? &it->second : nullptr;
  }

 private:
  std::unordered_map<uint64_t, std::string> names_;
  size_t bytes_ = 0;
};

}  // namespace mtesim::traces
