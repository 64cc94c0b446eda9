// Helpers shared by the load/store semantics (loads_stores_*.cpp): the base-register
// read with its stack alignment check, and the write of a loaded value to Rt with the
// zero/sign extension the instruction asks for.
#pragma once
#include <cstdint>
#include <type_traits>

#include "isa/encoding.h"
#include "isa/exec_context.h"

namespace mtesim::isa::ldst {

// AArch64.SPAlignmentFault(): EC 0x26, ISS 0, no FAR; returns to the faulting instruction.
[[noreturn, gnu::cold, gnu::noinline]] inline void SPAlignmentFault(ExecContext& c) {
  ExceptionRecord rec;
  rec.ec = ExceptionClass::SPAlignment;
  c.TakeException(rec);
}

// CheckSPAlignment(): with SCTLR_ELx.SA (SCTLR_EL1.SA0 at EL0) of the current regime set,
// a load or store whose base is SP faults unless SP itself (before any offset is added)
// is 16-byte aligned.
inline void CheckSPAlignment(ExecContext& c) {
  if (__builtin_expect((c.SP() & 15) == 0, 1)) return;
  if (Bit(c.Sctlr(), c.s.PSTATE.EL == 0 ? sctlr::SA0 : sctlr::SA)) SPAlignmentFault(c);
}

// The base address of every load/store: "if n == 31 then CheckSPAlignment(); address = SP[]
// else address = X[n]". R[31] holds the current SP, so XorSP covers both cases.
inline uint64_t BaseAddress(ExecContext& c, unsigned n) {
  if (n == 31) CheckSPAlignment(c);
  return c.XorSP(n);
}

// log2 of an access size, for the scaled immediate offsets.
template <typename T> constexpr unsigned kScale = sizeof(T) == 1 ? 0 : sizeof(T) == 2 ? 1 : sizeof(T) == 4 ? 2 : 3;

// X[t, regsize] = Extend(data, regsize, is_signed). T is the memory type: signed for the
// sign-extending loads (LDRS*, LDAPURS*, LDPSW), unsigned otherwise. A 32-bit destination
// is zero-extended into the X register, like every W write.
template <typename T, unsigned RegSize> inline void SetLoaded(ExecContext& c, unsigned t, T data) {
  static_assert(RegSize == 32 || RegSize == 64);
  if constexpr (std::is_signed_v<T>) {
    const int64_t x = data;
    c.SetX(t, RegSize == 32 ? uint64_t{static_cast<uint32_t>(x)} : static_cast<uint64_t>(x));
  } else {
    c.SetX(t, uint64_t{data});
  }
}

// The instructions' "tagchecked": a load or store is a candidate for tag checking unless
// its base is SP and it has no writeback (the stack is assumed in bounds).
inline bool TagChecked(Insn i, bool writeback) { return writeback || i.Rn() != 31; }

// A signed 9-bit byte offset (imm9, bits 20:12) of the unscaled, indexed and unprivileged forms.
inline int64_t Imm9(Insn i) { return SignExtend(i.field(20, 12), 9); }

}  // namespace mtesim::isa::ldst
