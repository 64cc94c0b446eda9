// The abstract execution context that instruction semantics run against.
//
// It owns the architectural state and gives the semantics the pseudocode's primitives
// (X[], SP, Mem[], exceptions). Memory accesses first try a small software TLB of host
// pointers (filled by the PE model from its MMU and DMI) inline, and only on a miss call
// the virtual slow path. This keeps isa/ free of SystemC and unit-testable with a flat
// memory, while the per-access fast path stays a compare and a load.
#pragma once
#include <cstdint>
#include <cstring>

#include "isa/arch_state.h"
#include "isa/bits.h"
#include "isa/exception.h"
#include "isa/insn.h"

namespace mtesim::isa {

// Which translation regime / permission view an access uses (like QEMU's mmu_idx).
enum MmuIndex : uint8_t { kMmuEL0 = 0, kMmuEL1 = 1, kMmuEL1Pan = 2, kMmuIndexCount = 3 };

// Why a memory access is made; decides alignment rules and (later) tag checking.
enum class AccessKind : uint8_t { Normal, Unprivileged, Ordered, Exclusive, Atomic, DcZva };

struct SystemRegisterKey;

class ExecContext {
 public:
  ArchState s;
  uint64_t npc = 0;  // address of the next instruction; branches write it

  ExecContext() { FlushFastTlb(); }
  virtual ~ExecContext() = default;
  ExecContext(const ExecContext&) = delete;
  ExecContext& operator=(const ExecContext&) = delete;

  // ---- registers: X[n] reads 0 for n = 31, SP[] reads the current stack pointer ----
  uint64_t X(unsigned n) const { return n == 31 ? 0 : s.R[n]; }
  uint64_t W(unsigned n) const { return n == 31 ? 0 : static_cast<uint32_t>(s.R[n]); }
  uint64_t Xsz(unsigned n, unsigned datasize) const { return datasize == 64 ? X(n) : W(n); }
  void SetX(unsigned n, uint64_t v) { if (n != 31) s.R[n] = v; }
  void SetW(unsigned n, uint64_t v) { if (n != 31) s.R[n] = static_cast<uint32_t>(v); }
  // Write a datasize-bit result; W writes zero-extend into X.
  void SetXsz(unsigned n, uint64_t v, unsigned datasize) { SetX(n, Trunc(v, datasize)); }
  uint64_t XorSP(unsigned n) const { return s.R[n]; }
  void SetXorSP(unsigned n, uint64_t v) { s.R[n] = v; }
  uint64_t SP() const { return s.R[31]; }

  void SetNZCV(bool n, bool z, bool c, bool v) { s.PSTATE.N = n; s.PSTATE.Z = z; s.PSTATE.C = c; s.PSTATE.V = v; }

  // Bank the current SP out and the one selected by PSTATE.{EL,SP} in.
  void SelectStackPointer(const ProcState& old_pstate) {
    const unsigned old_bank = old_pstate.SP ? old_pstate.EL : 0;
    s.SP_el[old_bank] = s.R[31];
    s.R[31] = s.SP_el[s.stack_bank()];
  }

  // ---- memory (Mem[] in the pseudocode) ----
  template <typename T> T Read(uint64_t va, AccessKind kind = AccessKind::Normal) {
    const uint8_t idx = kind == AccessKind::Unprivileged ? unpriv_mmu_index_ : mmu_index_;
    const uint64_t key = TranslationKey(va);
    const FastTlbEntry& e = fast_tlb_[idx][(key >> 12) & (kFastTlbSize - 1)];
    if (__builtin_expect((key & align_check_mask_[sizeof(T)]) == e.read_page && (key & 0xFFF) <= 0x1000 - sizeof(T), 1)) {
      T v;
      std::memcpy(&v, reinterpret_cast<const void*>(e.addend + key), sizeof(T));
      return v;
    }
    T v;
    AccessSlow(va, &v, sizeof(T), false, kind);
    return v;
  }

  template <typename T> void Write(uint64_t va, T v, AccessKind kind = AccessKind::Normal) {
    const uint8_t idx = kind == AccessKind::Unprivileged ? unpriv_mmu_index_ : mmu_index_;
    const uint64_t key = TranslationKey(va);
    const FastTlbEntry& e = fast_tlb_[idx][(key >> 12) & (kFastTlbSize - 1)];
    if (__builtin_expect((key & align_check_mask_[sizeof(T)]) == e.write_page && (key & 0xFFF) <= 0x1000 - sizeof(T), 1)) {
      std::memcpy(reinterpret_cast<void*>(e.addend + key), &v, sizeof(T));
      return;
    }
    AccessSlow(va, &v, sizeof(T), true, kind);
  }

  // Alignment rules of exclusive, ordered and atomic accesses (FEAT_LSE2 relaxes the
  // latter two to "must not cross a 16-byte boundary").
  void CheckAlignment(uint64_t va, unsigned size, AccessKind kind, bool write);

  // ---- exceptions ----
  [[noreturn]] void TakeException(const ExceptionRecord& rec);
  [[noreturn]] void Undefined();
  [[noreturn]] void AlignmentFault(uint64_t va, bool write);
  [[noreturn]] void DataAbort(uint64_t va, const Fault& f);
  [[noreturn]] void InstructionAbort(uint64_t va, const Fault& f);
  void ExceptionReturn();  // ERET

  // ---- system registers (implemented in system_registers.cpp) ----
  uint64_t ReadSystemRegister(Insn i);   // MRS; UNDEF when not accessible
  void WriteSystemRegister(Insn i, uint64_t v);  // MSR (register)

  // ---- hooks the PE model provides ----
  // HVC #imm: true when the platform firmware handled it (PSCI); otherwise UNDEF.
  virtual bool Hypercall(uint16_t imm) { return false; }
  virtual bool SecureMonitorCall(uint16_t imm) { return false; }
  virtual void WaitForInterrupt() {}
  virtual void WaitForEvent() {}
  virtual void SendEvent() {}
  virtual uint64_t VirtualCount() { return 0; }  // CNTVCT_EL0
  virtual uint64_t CounterFrequency() { return 62500000; }
  virtual uint64_t Mpidr() { return 0x80000000; }
  // Translation state changed (TLBI, TTBR/TCR/SCTLR/MAIR writes): drop cached translations.
  virtual void TranslationChanged() { FlushFastTlb(); }
  // TLB maintenance with its operand (va/asid) for the MMU model; default flushes all.
  virtual void TlbMaintenance(unsigned op1, unsigned crm, unsigned op2, uint64_t operand) { TranslationChanged(); }
  // AT S1E*: perform a translation and return PAR_EL1's new value.
  virtual uint64_t AddressTranslate(uint64_t va, bool write, bool el0, bool pan) { return 1; /* F = 1 */ }
  // Instruction cache invalidation (IC IALLU / IVAU...): drop decoded code.
  virtual void InstructionCacheInvalidate() {}
  // Data cache maintenance by VA: the MMU checks the address translates (faults otherwise).
  virtual void DataCacheMaintenance(uint64_t va, bool is_dczva) {}
  // PSTATE.EL / PAN / UAO or the translation controls changed: recompute the derived views.
  virtual void PstateChanged() { UpdateDerivedState(); }

  // The VA with the top byte stripped when TBI applies to its half (D8.8 of the Arm ARM):
  // what translation, the fast TLB and the exclusive monitor see.
  uint64_t TranslationKey(uint64_t va) const {
    if (Bit(va, 55)) return tbi_[1] ? va | 0xFF00000000000000ull : va;
    return tbi_[0] ? va & 0x00FFFFFFFFFFFFFFull : va;
  }

  // Recompute mmu indexes, TBI and alignment masks from the system registers.
  void UpdateDerivedState();
  void FlushFastTlb();

  // FEAT_MTE level the PE implements (0 = none); set by the platform before running.
  unsigned mte_level() const { return mte_level_; }
  void set_mte_level(unsigned level) { mte_level_ = static_cast<uint8_t>(level); }

 protected:
  // Miss path: translate, check, access (may throw ExceptionTaken), and possibly fill
  // the fast TLB for `va`.
  virtual void AccessSlow(uint64_t va, void* data, unsigned size, bool write, AccessKind kind) = 0;

  static constexpr unsigned kFastTlbSize = 256;
  struct FastTlbEntry {
    uint64_t read_page;   // page VA (translation key) readable through addend, or ~0
    uint64_t write_page;  // page VA writable through addend, or ~0
    uintptr_t addend;     // host address = addend + VA
    uint64_t pa_page;     // physical page, for invalidation when code is decoded
  };
  void FillFastTlb(uint64_t va, uint8_t mmu_index, bool readable, bool writable, uint8_t* host_page, uint64_t pa_page);
  void DropFastTlbWrites(uint64_t pa_page);

  FastTlbEntry fast_tlb_[kMmuIndexCount][kFastTlbSize];
  uint8_t mte_level_ = 0;
  uint8_t mmu_index_ = kMmuEL1;
  uint8_t unpriv_mmu_index_ = kMmuEL0;
  bool tbi_[2] = {false, false};
  // Mask that keeps the page bits, plus the low address bits that must be zero under
  // SCTLR_ELx.A: a misaligned key never matches a page, so the slow path faults.
  uint64_t align_check_mask_[17] = {};
};

// ConditionHolds in the pseudocode, as a lookup: bit NZCV of kConditionTable[cond] says
// whether `cond` holds for those flags (built in exec_context.cpp from the definition).
extern const uint16_t kConditionTable[16];
inline bool ConditionHolds(const ProcState& p, unsigned cond) {
  const unsigned nzcv = unsigned{p.N} << 3 | unsigned{p.Z} << 2 | unsigned{p.C} << 1 | unsigned{p.V};
  return (kConditionTable[cond & 15] >> nzcv) & 1;
}

}  // namespace mtesim::isa
