// Atomic memory operations (FEAT_LSE, C6.2 LD<op>, ST<op> aliases, SWP, CAS, CASP) in
// every size and ordering. One instruction executes at a time, so a read followed by a
// write is atomic with respect to other PEs; the acquire/release bits need no action.
//
// Faults: MemAtomic reads first, so a location that cannot be read faults as a read
// (ESR.WnR = 0) and a readable but not writable one faults on the write (WnR = 1), which
// is the WnR rule the Arm ARM gives for atomic instructions. The alignment check comes
// first and is reported as a read for the same reason (QEMU reports it as a store).
#include "isa/semantics/loads_stores_common.h"

namespace mtesim::isa {

namespace {

using ldst::BaseAddress;

enum class AtomicOp { Add, Clr, Eor, Set, SMax, SMin, UMax, UMin, Swp };

template <AtomicOp Op, typename T> constexpr T Apply(T old, T value) {
  using S = std::make_signed_t<T>;
  switch (Op) {
    case AtomicOp::Add: return static_cast<T>(old + value);
    case AtomicOp::Clr: return static_cast<T>(old & ~value);
    case AtomicOp::Eor: return static_cast<T>(old ^ value);
    case AtomicOp::Set: return static_cast<T>(old | value);
    case AtomicOp::SMax: return static_cast<S>(old) > static_cast<S>(value) ? old : value;
    case AtomicOp::SMin: return static_cast<S>(old) < static_cast<S>(value) ? old : value;
    case AtomicOp::UMax: return old > value ? old : value;
    case AtomicOp::UMin: return old < value ? old : value;
    case AtomicOp::Swp: return value;
  }
  return value;
}

// Tag checking: the read comes first, so a mismatch is found as a read (synchronous in
// the asymmetric mode, WnR = 0) before anything is written.
// LD<op>/SWP: Rt receives the old memory value, zero-extended (X[t, regsize] with
// regsize 32 for B/H/W). Rs is read before Rt is written, so Rs == Rt works.
template <AtomicOp Op, typename T> void AtomicMemoryOperation(ExecContext& c, Insn i) {
  const T value = static_cast<T>(c.X(i.Rs()));
  const uint64_t address = BaseAddress(c, i.Rn());
  c.CheckAlignment(address, sizeof(T), AccessKind::Atomic, false);
  const T old = c.Read<T>(address, AccessKind::Atomic, ldst::TagChecked(i, false));
  c.Write<T>(address, Apply<Op>(old, value), AccessKind::Atomic, ldst::TagChecked(i, false));
  c.SetX(i.Rt(), uint64_t{old});
}

// CAS: compares datasize bits; Rs receives the old value, zero-extended.
// When the comparison fails nothing changes in memory, but the access still needs write
// permission: QEMU implements CAS with a cmpxchg whose TLB lookup is a store, so a
// read-only page faults (WnR = 1) even on a failed compare. We do the same by writing the
// old value back; in a one-instruction-at-a-time model that is indistinguishable from
// not writing, and it goes through the same permission check as a real store.
template <typename T> void CompareAndSwap(ExecContext& c, Insn i) {
  const unsigned s = i.Rs();
  const T compare = static_cast<T>(c.X(s));
  const T newvalue = static_cast<T>(c.X(i.Rt()));
  const uint64_t address = BaseAddress(c, i.Rn());
  c.CheckAlignment(address, sizeof(T), AccessKind::Atomic, false);
  const T old = c.Read<T>(address, AccessKind::Atomic, ldst::TagChecked(i, false));
  c.Write<T>(address, old == compare ? newvalue : old, AccessKind::Atomic, ldst::TagChecked(i, false));
  c.SetX(s, uint64_t{old});
}

// CASP: register pairs <Rs, Rs+1> and <Rt, Rt+1>, which must start at an even register
// (odd Rs or Rt is UNDEFINED, as in QEMU's trans_CASP). The pair is one access of
// 2 * datasize bits for the alignment rules; Rs holds the lower-address element. A failed
// compare writes the old values back (see CompareAndSwap).
template <typename T> void CompareAndSwapPair(ExecContext& c, Insn i) {
  const unsigned s = i.Rs(), t = i.Rt();
  if ((s | t) & 1) c.Undefined();
  const T compare1 = static_cast<T>(c.X(s)), compare2 = static_cast<T>(c.X(s + 1));
  const T new1 = static_cast<T>(c.X(t)), new2 = static_cast<T>(c.X(t + 1));
  const uint64_t address = BaseAddress(c, i.Rn());
  c.CheckAlignment(address, 2 * sizeof(T), AccessKind::Atomic, false);
  const T old1 = c.Read<T>(address, AccessKind::Atomic, ldst::TagChecked(i, false));
  const T old2 = c.Read<T>(address + sizeof(T), AccessKind::Atomic, ldst::TagChecked(i, false));
  const bool equal = old1 == compare1 && old2 == compare2;
  c.Write<T>(address, equal ? new1 : old1, AccessKind::Atomic, ldst::TagChecked(i, false));
  c.Write<T>(address + sizeof(T), equal ? new2 : old2, AccessKind::Atomic, ldst::TagChecked(i, false));
  c.SetX(s, uint64_t{old1});
  c.SetX(s + 1, uint64_t{old2});
}

}  // namespace

#define MTESIM_ATOMIC_SIZES(name, op)                                                          \
  void name##B(ExecContext& c, Insn i) { AtomicMemoryOperation<AtomicOp::op, uint8_t>(c, i); }  \
  void name##H(ExecContext& c, Insn i) { AtomicMemoryOperation<AtomicOp::op, uint16_t>(c, i); } \
  void name##w(ExecContext& c, Insn i) { AtomicMemoryOperation<AtomicOp::op, uint32_t>(c, i); } \
  void name##x(ExecContext& c, Insn i) { AtomicMemoryOperation<AtomicOp::op, uint64_t>(c, i); }

MTESIM_ATOMIC_SIZES(LDADD, Add)
MTESIM_ATOMIC_SIZES(LDCLR, Clr)
MTESIM_ATOMIC_SIZES(LDEOR, Eor)
MTESIM_ATOMIC_SIZES(LDSET, Set)
MTESIM_ATOMIC_SIZES(LDSMAX, SMax)
MTESIM_ATOMIC_SIZES(LDSMIN, SMin)
MTESIM_ATOMIC_SIZES(LDUMAX, UMax)
MTESIM_ATOMIC_SIZES(LDUMIN, UMin)
MTESIM_ATOMIC_SIZES(SWP, Swp)
#undef MTESIM_ATOMIC_SIZES

void CASB(ExecContext& c, Insn i) { CompareAndSwap<uint8_t>(c, i); }
void CASH(ExecContext& c, Insn i) { CompareAndSwap<uint16_t>(c, i); }
void CASw(ExecContext& c, Insn i) { CompareAndSwap<uint32_t>(c, i); }
void CASx(ExecContext& c, Insn i) { CompareAndSwap<uint64_t>(c, i); }
void CASPw(ExecContext& c, Insn i) { CompareAndSwapPair<uint32_t>(c, i); }
void CASPx(ExecContext& c, Insn i) { CompareAndSwapPair<uint64_t>(c, i); }

}  // namespace mtesim::isa
