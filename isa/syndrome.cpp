// The Data Abort instruction syndrome from the encoding classes of C4.1.66 (Loads and
// Stores), in the Arm ARM's vocabulary: size (SAS), opc (which says store, zero- or
// sign-extending load, and the register width), Rt (SRT).
#include "isa/syndrome.h"

#include "isa/bits.h"

namespace mtesim::isa {

namespace {

struct Syndrome {
  bool valid = false;
  unsigned sas = 0;   // access size, log2 bytes
  bool sse = false;   // the load sign-extends
  bool sf = false;    // Rt is a 64-bit register
  bool ar = false;    // acquire / release semantics
};

uint32_t Encode(const Syndrome& s, unsigned rt) {
  if (!s.valid) return 0;
  using namespace abort_iss;
  return uint32_t{1} << ISV | s.sas << SAS | uint32_t{s.sse} << SSE | rt << SRT | uint32_t{s.sf} << SF |
         uint32_t{s.ar} << AR;
}

// size:opc of the load/store register classes (and of LDAPUR/STLUR): a store, a
// zero-extending load, or a sign-extending load into X (opc = 10) or W (opc = 11).
// Prefetches and unallocated combinations have no syndrome.
Syndrome SizeOpc(unsigned size, unsigned opc) {
  Syndrome s;
  s.sas = size;
  switch (opc) {
    case 0:  // store
    case 1:  // load, zero-extended to the register size of the access
      s.valid = true;
      s.sf = size == 3;
      return s;
    case 2:  // sign-extending load into X (LDRSB/LDRSH/LDRSW); size 3 is PRFM
      s.valid = size != 3;
      s.sse = s.sf = true;
      return s;
    default:  // sign-extending load into W (LDRSB/LDRSH only)
      s.valid = size <= 1;
      s.sse = true;
      return s;
  }
}

}  // namespace

uint32_t DataAbortInstructionSyndrome(uint32_t insn) {
  const unsigned size = static_cast<unsigned>(Bits(insn, 31, 30));
  const unsigned opc = static_cast<unsigned>(Bits(insn, 23, 22));
  const unsigned rt = insn & 31;
  Syndrome s;
  if ((insn & 0x3F000000) == 0x18000000) {
    // Load register (literal): opc 00 LDR W, 01 LDR X, 10 LDRSW, 11 PRFM.
    s.valid = size != 3;
    s.sas = size == 1 ? 3 : 2;
    s.sse = size == 2;
    s.sf = size != 0;
  } else if ((insn & 0x3F000000) == 0x39000000) {
    s = SizeOpc(size, opc);  // unsigned immediate offset
  } else if ((insn & 0x3F200000) == 0x38000000) {
    // imm9 forms by bits [11:10]: unscaled (00) and unprivileged (10) have no writeback;
    // post-index (01) and pre-index (11) do, so they report no syndrome.
    const unsigned form = static_cast<unsigned>(Bits(insn, 11, 10));
    if (form == 0 || form == 2) s = SizeOpc(size, opc);
  } else if ((insn & 0x3F200C00) == 0x38200800) {
    s = SizeOpc(size, opc);  // register offset
  } else if ((insn & 0x3FFFFC00) == 0x38BFC000) {
    s = SizeOpc(size, 1);  // LDAPR (FEAT_LRCPC)
    s.ar = true;
  } else if ((insn & 0x3FA00000) == 0x08800000) {
    // Load/store ordered: LDAR/STLR (o0 = 1) and LDLAR/STLLR (o0 = 0, limited ordering),
    // all with AR = 1 (the shared execute code of the class sets it; QEMU 10 reports 0 for
    // the limited-ordering forms). The exclusives (bit 23 = 0) and CAS (bit 21 = 1) are
    // outside this pattern.
    s = SizeOpc(size, 0);
    s.ar = true;
  } else if ((insn & 0x3F200C00) == 0x19000000) {
    s = SizeOpc(size, opc);  // LDAPUR / STLUR (FEAT_LRCPC2)
    s.ar = true;
  }
  return Encode(s, rt);
}

}  // namespace mtesim::isa
