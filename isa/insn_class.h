// Instruction classes: the column of the encoding table (isa/encodings/*.def) that gives
// the timing model an instruction's issue latency (models/pe/core_timing.h), as gem5's
// OpClass does. Memory instructions' latency here is their issue cost; what their
// accesses cost comes from the caches, the tag cache and DRAM.
#pragma once
#include <cstdint>

namespace mtesim::isa {

enum class InsnClass : uint8_t {
  IntAlu,    // integer arithmetic, logic, moves, bitfields, CRC
  IntMul,    // multiplies (MADD, SMULH...)
  IntDiv,    // UDIV, SDIV
  Branch,    // B, BL, B.cond, CBZ, TBZ, BR, BLR, RET
  Load,      // loads of every addressing mode, exclusives, acquire, PRFM
  Store,     // stores, store-exclusive, release
  Atomic,    // LSE atomics, CAS, SWP
  TagArith,  // IRG, GMI, ADDG, SUBG, SUBP(S)
  TagLoad,   // LDG, LDGM
  TagStore,  // STG, STZG, ST2G, STZ2G, STGP, STGM, STZGM
  System,    // MSR/MRS, SYS (DC, IC, TLBI, AT), barriers, hints, exception generation, ERET
};
constexpr unsigned kInsnClassCount = 11;

// The configuration key of each class ("int_alu", ...), indexed by InsnClass.
constexpr const char* kInsnClassNames[kInsnClassCount] = {"int_alu", "int_mul", "int_div",   "branch",
                                                          "load",    "store",   "atomic",    "tag_arith",
                                                          "tag_load", "tag_store", "system"};

}  // namespace mtesim::isa
