// Load/store exclusive (C6.2 LDXR, LDAXR, STXR, STLXR in B/H/W/X sizes; LDXP, LDAXP,
// STXP, STLXP with 32- and 64-bit registers). The acquire/release variants share the
// semantics: this model executes one instruction at a time, so every access is already
// ordered. CLREX is in system.cpp.
//
// The local monitor (ArchState::excl_*) records the address, the size and the value(s)
// a load-exclusive read. A store-exclusive succeeds only if the monitor is valid for the
// same address and size AND memory still holds the recorded value(s). The value check is
// how the SMP model notices another PE's store in between: PEs do not snoop each other's
// stores, but a store that changed the location makes the comparison fail. (As in QEMU,
// a store that wrote back the same value goes unnoticed; no lock-free algorithm relying
// on LDXR/STXR can tell the difference.) Success or failure, the monitor is then cleared.
// That comparison is the model's, not the guest's, so its read is never Tag Checked;
// the loads and the stores are, unless the base is SP.
#include "isa/semantics/loads_stores_common.h"

namespace mtesim::isa {

namespace {

using ldst::BaseAddress;

void SetExclusiveMonitors(ExecContext& c, uint64_t address, unsigned size, uint64_t value0, uint64_t value1) {
  c.s.excl_valid = true;
  c.s.excl_addr = c.TranslationKey(address);  // the monitor tracks the location, not the tag
  c.s.excl_size = size;
  c.s.excl_value[0] = value0;
  c.s.excl_value[1] = value1;
}

// AArch64.IsExclusiveVA() for the local monitor: same address and size as the load.
bool MonitorCovers(const ExecContext& c, uint64_t address, unsigned size) {
  return c.s.excl_valid && c.s.excl_addr == c.TranslationKey(address) && c.s.excl_size == size;
}

// Alignment is checked first, whether or not the monitor check then passes
// (AArch64.ExclusiveMonitorsPass); translation faults only arise if it passes.
// Exclusive accesses must be aligned to their (total) size; with FEAT_LSE2,
// CheckAlignment lets an access within one 16-byte granule through, as QEMU does.
template <typename T> void LoadExclusive(ExecContext& c, Insn i) {
  const uint64_t address = BaseAddress(c, i.Rn());
  c.CheckAlignment(address, sizeof(T), AccessKind::Exclusive, false);
  const T data = c.Read<T>(address, AccessKind::Exclusive, ldst::TagChecked(i, false));
  SetExclusiveMonitors(c, address, sizeof(T), data, 0);
  c.SetX(i.Rt(), uint64_t{data});
}

// Rs == Rt and Rs == Rn (n != 31) are CONSTRAINED UNPREDICTABLE. Like QEMU
// (gen_store_exclusive), we take the address from Rn and the data from Rt before Ws is
// written, so the original values are used and Ws receives the status last.
template <typename T> void StoreExclusive(ExecContext& c, Insn i) {
  const uint64_t address = BaseAddress(c, i.Rn());
  const T data = static_cast<T>(c.X(i.Rt()));
  c.CheckAlignment(address, sizeof(T), AccessKind::Exclusive, true);
  bool passed = MonitorCovers(c, address, sizeof(T));
  if (passed) {
    passed = c.Read<T>(address, AccessKind::Exclusive, false) == static_cast<T>(c.s.excl_value[0]);
    if (passed) c.Write<T>(address, data, AccessKind::Exclusive, ldst::TagChecked(i, false));
  }
  c.s.excl_valid = false;
  c.SetW(i.Rs(), passed ? 0 : 1);
}

// LDXP Wt, Wt2: one single-copy-atomic doubleword, Rt from the lower address.
// LDXP Xt, Xt2: 16 bytes, which must be 16-byte aligned.
// Rt == Rt2 is CONSTRAINED UNPREDICTABLE; as in QEMU (gen_load_exclusive writes Rt, then
// Rt2), the register receives the second (higher address) element.
void LoadExclusivePair32(ExecContext& c, Insn i) {
  const uint64_t address = BaseAddress(c, i.Rn());
  c.CheckAlignment(address, 8, AccessKind::Exclusive, false);
  const uint64_t data = c.Read<uint64_t>(address, AccessKind::Exclusive, ldst::TagChecked(i, false));
  SetExclusiveMonitors(c, address, 8, data, 0);
  c.SetX(i.Rt(), data & 0xFFFFFFFFu);
  c.SetX(i.Rt2(), data >> 32);
}

void LoadExclusivePair64(ExecContext& c, Insn i) {
  const uint64_t address = BaseAddress(c, i.Rn());
  c.CheckAlignment(address, 16, AccessKind::Exclusive, false);
  const uint64_t data1 = c.Read<uint64_t>(address, AccessKind::Exclusive, ldst::TagChecked(i, false));
  const uint64_t data2 = c.Read<uint64_t>(address + 8, AccessKind::Exclusive, ldst::TagChecked(i, false));
  SetExclusiveMonitors(c, address, 16, data1, data2);
  c.SetX(i.Rt(), data1);
  c.SetX(i.Rt2(), data2);
}

// Rs == Rt, Rs == Rt2 or Rs == Rn: original register values are used (see StoreExclusive).
void StoreExclusivePair32(ExecContext& c, Insn i) {
  const uint64_t address = BaseAddress(c, i.Rn());
  const uint64_t data = c.W(i.Rt()) | c.W(i.Rt2()) << 32;
  c.CheckAlignment(address, 8, AccessKind::Exclusive, true);
  bool passed = MonitorCovers(c, address, 8);
  if (passed) {
    passed = c.Read<uint64_t>(address, AccessKind::Exclusive, false) == c.s.excl_value[0];
    if (passed) c.Write<uint64_t>(address, data, AccessKind::Exclusive, ldst::TagChecked(i, false));
  }
  c.s.excl_valid = false;
  c.SetW(i.Rs(), passed ? 0 : 1);
}

void StoreExclusivePair64(ExecContext& c, Insn i) {
  const uint64_t address = BaseAddress(c, i.Rn());
  const uint64_t data1 = c.X(i.Rt()), data2 = c.X(i.Rt2());
  c.CheckAlignment(address, 16, AccessKind::Exclusive, true);
  bool passed = MonitorCovers(c, address, 16);
  if (passed) {
    passed = c.Read<uint64_t>(address, AccessKind::Exclusive, false) == c.s.excl_value[0] &&
             c.Read<uint64_t>(address + 8, AccessKind::Exclusive, false) == c.s.excl_value[1];
    if (passed) c.WritePair<uint64_t>(address, data1, data2, AccessKind::Exclusive, ldst::TagChecked(i, false));
  }
  c.s.excl_valid = false;
  c.SetW(i.Rs(), passed ? 0 : 1);
}

}  // namespace

void LDXRB(ExecContext& c, Insn i) { LoadExclusive<uint8_t>(c, i); }
void LDXRH(ExecContext& c, Insn i) { LoadExclusive<uint16_t>(c, i); }
void LDXRw(ExecContext& c, Insn i) { LoadExclusive<uint32_t>(c, i); }
void LDXRx(ExecContext& c, Insn i) { LoadExclusive<uint64_t>(c, i); }
void STXRB(ExecContext& c, Insn i) { StoreExclusive<uint8_t>(c, i); }
void STXRH(ExecContext& c, Insn i) { StoreExclusive<uint16_t>(c, i); }
void STXRw(ExecContext& c, Insn i) { StoreExclusive<uint32_t>(c, i); }
void STXRx(ExecContext& c, Insn i) { StoreExclusive<uint64_t>(c, i); }
void LDXPw(ExecContext& c, Insn i) { LoadExclusivePair32(c, i); }
void LDXPx(ExecContext& c, Insn i) { LoadExclusivePair64(c, i); }
void STXPw(ExecContext& c, Insn i) { StoreExclusivePair32(c, i); }
void STXPx(ExecContext& c, Insn i) { StoreExclusivePair64(c, i); }

}  // namespace mtesim::isa
