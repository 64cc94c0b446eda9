#include "traces/trace_writer.h"

#include <cerrno>
#include <cstring>

#include <zstd.h>

#include "models/error.h"

namespace mtesim::traces {

namespace {
constexpr size_t kBufferBytes = 1 << 20;  // records encoded before a block is compressed
constexpr int kZstdLevel = 3;             // zstd's default: fast, and about 10x on traces

void PutU32(uint8_t*& p, uint32_t v) {
  for (int i = 0; i < 4; ++i) *p++ = static_cast<uint8_t>(v >> (8 * i));
}
void PutU64(uint8_t*& p, uint64_t v) {
  for (int i = 0; i < 8; ++i) *p++ = static_cast<uint8_t>(v >> (8 * i));
}
}  // namespace

TraceWriter::TraceWriter(const std::string& path, const Header& header)
    : path_(path), header_(header), buffer_(kBufferBytes), state_(header.pe_count ? header.pe_count : 1) {
  file_ = std::fopen(path.c_str(), "wb");
  if (file_ == nullptr) throw Error(path + ": cannot open the trace file for writing: " + std::strerror(errno));
  if (header_.compression == Compression::Zstd) {
    zstd_ = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(zstd_, ZSTD_c_compressionLevel, kZstdLevel);
    ZSTD_CCtx_setParameter(zstd_, ZSTD_c_checksumFlag, 1);  // a corrupt body is detected, not misread
    compressed_.resize(ZSTD_CStreamOutSize());
  }
  uint8_t h[kHeaderBytes] = {};
  uint8_t* p = h;
  std::memcpy(p, kMagic, sizeof kMagic);
  p += sizeof kMagic;
  *p++ = static_cast<uint8_t>(kVersion);
  *p++ = static_cast<uint8_t>(kVersion >> 8);
  *p++ = static_cast<uint8_t>(kHeaderBytes);
  *p++ = 0;
  *p++ = static_cast<uint8_t>(header_.detail);
  *p++ = static_cast<uint8_t>(header_.compression);
  *p++ = static_cast<uint8_t>(header_.pe_count);
  *p++ = static_cast<uint8_t>(header_.pe_count >> 8);
  PutU64(p, header_.cycle_ps);
  WriteOut(h, sizeof h);
}

TraceWriter::~TraceWriter() {
  try {
    Close();
  } catch (const Error&) {
    // Close() was not called by the owner: the error has nowhere to go.
  }
  if (zstd_) ZSTD_freeCCtx(zstd_);
}

void TraceWriter::Insn(const models::RetiredInsn& insn) {
  PeState& s = Current();
  uint8_t* p = Reserve(1 + kMaxVarint + 4 + 2);
  *p++ = kInsn;
  p = PutVarint(p, ZigZag(static_cast<int64_t>(insn.pc - s.next_pc)));
  PutU32(p, insn.insn);
  *p++ = insn.el;
  *p++ = static_cast<uint8_t>(insn.insn_class);
  Commit(p);
  s.next_pc = insn.pc + 4;
}

void TraceWriter::Access(const models::MemoryAccess& a, uint8_t flags, uint8_t tags) {
  PeState& s = Current();
  uint8_t* p = Reserve(3 + 3 * kMaxVarint + 1);
  *p++ = kAccess;
  *p++ = static_cast<uint8_t>(a.kind);
  *p++ = flags;
  p = PutVarint(p, a.size);
  p = PutVarint(p, ZigZag(static_cast<int64_t>(a.va - s.va)));
  p = PutVarint(p, ZigZag(static_cast<int64_t>(a.pa - s.pa)));
  if (flags & kHasTags) *p++ = tags;
  Commit(p);
  s.va = a.va;
  s.pa = a.pa;
}

void TraceWriter::Exception(const models::TakenException& e) {
  uint8_t* p = Reserve(4 + 4 * kMaxVarint);
  *p++ = kException;
  *p++ = static_cast<uint8_t>(e.kind);
  *p++ = e.from_el;
  *p++ = e.to_el;
  p = PutVarint(p, e.esr);
  p = PutVarint(p, e.far);
  p = PutVarint(p, e.elr);
  p = PutVarint(p, e.vector);
  Commit(p);
}

void TraceWriter::Time(uint64_t ps) {
  if (ps == time_ps_) return;
  uint8_t* p = Reserve(1 + kMaxVarint);
  *p++ = kTime;
  p = PutVarint(p, ZigZag(static_cast<int64_t>(ps - time_ps_)));
  Commit(p);
  time_ps_ = ps;
}

void TraceWriter::VmExit(unsigned vcpu, uint32_t exit_reason, uint64_t address, uint64_t detail) {
  uint8_t* p = Reserve(1 + 4 * kMaxVarint);
  *p++ = kVmExit;
  p = PutVarint(p, vcpu);
  p = PutVarint(p, exit_reason);
  p = PutVarint(p, address);
  p = PutVarint(p, detail);
  Commit(p);
}

void TraceWriter::Vcpu(unsigned vmid, unsigned vcpu, bool entered) {
  uint8_t* p = Reserve(2 + 2 * kMaxVarint);
  *p++ = kVcpu;
  p = PutVarint(p, vmid);
  p = PutVarint(p, vcpu);
  *p++ = entered ? 1 : 0;
  Commit(p);
}

void TraceWriter::String(uint64_t id, const std::string& text) {
  const size_t n = text.size() < kMaxString ? text.size() : kMaxString;
  uint8_t* p = Reserve(1 + 2 * kMaxVarint + n);
  *p++ = kString;
  p = PutVarint(p, id);
  p = PutVarint(p, n);
  std::memcpy(p, text.data(), n);
  Commit(p + n);
}

void TraceWriter::SpanBegin(uint64_t track, uint64_t name) {
  uint8_t* p = Reserve(1 + 2 * kMaxVarint);
  *p++ = kSpanBegin;
  p = PutVarint(p, track);
  p = PutVarint(p, name);
  Commit(p);
}

void TraceWriter::SpanEnd(uint64_t track) {
  uint8_t* p = Reserve(1 + kMaxVarint);
  *p++ = kSpanEnd;
  p = PutVarint(p, track);
  Commit(p);
}

void TraceWriter::Counter(uint64_t counter, double value) {
  uint8_t* p = Reserve(1 + kMaxVarint + 8);
  *p++ = kCounter;
  p = PutVarint(p, counter);
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  PutU64(p, bits);
  Commit(p);
}

void TraceWriter::TagFault(bool sync, uint64_t va, uint8_t tags) {
  uint8_t* p = Reserve(2 + kMaxVarint + 1);
  *p++ = kTagFault;
  *p++ = sync ? 1 : 0;
  p = PutVarint(p, va);
  *p++ = tags;
  Commit(p);
}

void TraceWriter::Close() {
  if (closed_) return;
  closed_ = true;
  uint8_t* p = Reserve(1 + kMaxVarint);
  *p++ = kEnd;
  p = PutVarint(p, records_);
  used_ = static_cast<size_t>(p - buffer_.data());
  Drain(true);
  if (file_ && std::fclose(file_) != 0 && !failed_) {
    failed_ = true;
    error_ = errno;
  }
  file_ = nullptr;
  if (failed_) throw Error(path_ + ": writing the trace failed: " + std::strerror(error_));
}

void TraceWriter::Drain(bool end) {
  if (!zstd_) {
    WriteOut(buffer_.data(), used_);
    used_ = 0;
    return;
  }
  ZSTD_inBuffer in{buffer_.data(), used_, 0};
  for (;;) {
    ZSTD_outBuffer out{compressed_.data(), compressed_.size(), 0};
    const size_t left = ZSTD_compressStream2(zstd_, &out, &in, end ? ZSTD_e_end : ZSTD_e_continue);
    if (ZSTD_isError(left)) {
      if (!failed_) {
        failed_ = true;
        error_ = EIO;
      }
      break;
    }
    WriteOut(compressed_.data(), out.pos);
    if (end ? left == 0 : in.pos == in.size) break;
  }
  used_ = 0;
}

void TraceWriter::WriteOut(const void* data, size_t bytes) {
  if (failed_ || bytes == 0 || file_ == nullptr) return;
  if (std::fwrite(data, 1, bytes, file_) != bytes) {
    failed_ = true;
    error_ = errno ? errno : EIO;
  }
}

}  // namespace mtesim::traces
