// The text form of --trace: one line per retired instruction, "PE PC WORD ELn" (the PC
// and word in hex), as mtesim has always written it; exceptions and accesses are the
// binary format's (traces/recorder.h). `mtesim trace convert` writes the same lines
// from a binary trace recorded at the Instructions level.
#pragma once
#include <cstdio>
#include <string>

#include "models/pe/pe_observer.h"

namespace mtesim::models {
class Board;
}

namespace mtesim::traces {

// Formats one line (without the newline) into `out`; returns its length.
int FormatTextLine(char* out, size_t size, unsigned pe, const models::RetiredInsn& insn);

class TextTrace : public models::PeObserver {
 public:
  // Throws mtesim::Error naming `path` if it cannot be created.
  TextTrace(models::Board& board, const std::string& path);
  ~TextTrace() override;
  // Detaches and closes; throws mtesim::Error naming the file for a write error.
  void Close();

  void Retired(unsigned pe, const models::RetiredInsn& insn) override;
  void ExceptionTaken(unsigned, const models::TakenException&) override {}
  void SlowTranslation(unsigned) override {}

 private:
  models::Board& board_;
  std::string path_;
  std::FILE* file_ = nullptr;
  bool attached_ = false;
};

}  // namespace mtesim::traces
