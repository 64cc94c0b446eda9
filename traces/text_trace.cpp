#include "traces/text_trace.h"

#include <cerrno>
#include <cstring>

#include "models/board/board.h"
#include "models/error.h"

namespace mtesim::traces {

int FormatTextLine(char* out, size_t size, unsigned pe, const models::RetiredInsn& insn) {
  return std::snprintf(out, size, "%u %016llx %08x EL%u", pe, static_cast<unsigned long long>(insn.pc), insn.insn,
                       insn.el);
}

TextTrace::TextTrace(models::Board& board, const std::string& path) : board_(board), path_(path) {
  file_ = std::fopen(path.c_str(), "w");
  if (file_ == nullptr) throw Error(path + ": cannot open the trace file for writing: " + std::strerror(errno));
  board_.AttachPeObserver(this);
  attached_ = true;
}

TextTrace::~TextTrace() {
  try {
    Close();
  } catch (const Error&) {
  }
}

void TextTrace::Close() {
  if (attached_) board_.AttachPeObserver(nullptr);
  attached_ = false;
  if (file_ == nullptr) return;
  const bool failed = std::ferror(file_) != 0;
  const int error = errno;
  const bool close_failed = std::fclose(file_) != 0;
  file_ = nullptr;
  if (failed || close_failed)
    throw Error(path_ + ": writing the trace failed: " + std::strerror(close_failed ? errno : error ? error : EIO));
}

void TextTrace::Retired(unsigned pe, const models::RetiredInsn& insn) {
  char line[64];
  const int n = FormatTextLine(line, sizeof line - 1, pe, insn);
  line[n] = '\n';
  std::fwrite(line, 1, static_cast<size_t>(n) + 1, file_);
}

}  // namespace mtesim::traces
