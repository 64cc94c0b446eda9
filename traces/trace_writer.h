// Writes a trace file (traces/format.h): the header, then records encoded into a buffer
// that is compressed (zstd) and written in blocks as it fills, so a recording of any
// length uses constant memory. Write errors are kept and reported by Close() naming the
// file, never lost.
#pragma once
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "models/pe/memory_access.h"
#include "models/pe/pe_observer.h"
#include "traces/format.h"

typedef struct ZSTD_CCtx_s ZSTD_CCtx;

namespace mtesim::traces {

class TraceWriter {
 public:
  // Throws mtesim::Error naming `path` when it cannot be created.
  TraceWriter(const std::string& path, const Header& header);
  ~TraceWriter();
  TraceWriter(const TraceWriter&) = delete;
  TraceWriter& operator=(const TraceWriter&) = delete;

  const Header& header() const { return header_; }
  uint64_t records() const { return records_; }

  // The PE the next records are about (a kPe record only when it changes).
  void Pe(unsigned pe) {
    if (pe == pe_) return;
    uint8_t* p = Reserve(2);
    *p++ = kPe;
    *p++ = static_cast<uint8_t>(pe);
    Commit(p);
    pe_ = pe;
  }
  void CompactInsn(isa::InsnClass c) {
    uint8_t* p = Reserve(1);
    *p++ = static_cast<uint8_t>(kCompactInsn | static_cast<uint8_t>(c));
    Commit(p);
  }
  void Insn(const models::RetiredInsn& insn);
  void Access(const models::MemoryAccess& a, uint8_t flags, uint8_t tags);
  void Exception(const models::TakenException& e);
  void Translation() {
    uint8_t* p = Reserve(1);
    *p++ = kTranslation;
    Commit(p);
  }
  // The simulated time of the records that follow (written only when it changed).
  void Time(uint64_t ps);
  void VmExit(unsigned vcpu, uint32_t exit_reason, uint64_t address, uint64_t detail);
  void Vcpu(unsigned vmid, unsigned vcpu, bool entered);  // the current PE entered or left the vCPU
  // Names are defined once (String) and then referred to by id.
  void String(uint64_t id, const std::string& text);
  void SpanBegin(uint64_t track, uint64_t name);
  void SpanEnd(uint64_t track);
  void Counter(uint64_t counter, double value);
  void TagFault(bool sync, uint64_t va, uint8_t tags);

  // Writes the end record, compresses and writes what is left, closes the file; throws
  // mtesim::Error naming the file for any write error met on the way. Idempotent.
  void Close();

 private:
  struct PeState {
    uint64_t next_pc = 0, va = 0, pa = 0;
  };
  uint8_t* Reserve(size_t bytes) {
    if (used_ + bytes > buffer_.size()) Drain(false);
    return buffer_.data() + used_;
  }
  void Commit(uint8_t* end) {
    used_ = static_cast<size_t>(end - buffer_.data());
    ++records_;
  }
  PeState& Current() { return state_[pe_ < state_.size() ? pe_ : 0]; }
  void Drain(bool end);
  void WriteOut(const void* data, size_t bytes);

  std::string path_;
  Header header_;
  std::FILE* file_ = nullptr;
  ZSTD_CCtx* zstd_ = nullptr;
  std::vector<uint8_t> buffer_, compressed_;
  size_t used_ = 0;
  uint64_t records_ = 0;
  unsigned pe_ = ~0u;
  std::vector<PeState> state_;
  uint64_t time_ps_ = 0;
  bool failed_ = false;
  int error_ = 0;
  bool closed_ = false;
};

}  // namespace mtesim::traces
