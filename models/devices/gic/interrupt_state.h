// The per-interrupt state both GIC versions keep (GICv3: IHI 0069 section 1.2 and 4.1;
// GICv2: IHI 0048 section 1.4): enable, pending, active, group, priority and whether the
// interrupt is edge-triggered or level-sensitive, for a block of INTIDs (a redistributor's
// SGIs and PPIs, a CPU's banked GICv2 interrupts, or the distributor's SPIs).
//
// Pending follows the architecture's two sources: a latch (set by a rising edge of an
// edge-triggered input, or by software through ISPENDR / GICD_SGIR, cleared by
// acknowledge or ICPENDR), and, for level-sensitive interrupts, the input level itself.
// The one-bit-per-interrupt state is also kept 32 interrupts per word, as the GIC's
// registers show it; interrupt_registers.h maps those registers onto these words.
#pragma once
#include <cstdint>
#include <vector>

namespace mtesim::models {

class InterruptState {
 public:
  // `first` is the INTID of element 0; `count` interrupts.
  InterruptState(unsigned first, unsigned count)
      : first_(first), count_(count), words_((count + 31) / 32), enabled_(words_), latch_(words_), active_(words_),
        group_(words_), edge_(words_), level_(words_), priority_(count) {}

  unsigned first() const { return first_; }
  unsigned count() const { return count_; }
  bool Holds(unsigned intid) const { return intid >= first_ && intid < first_ + count_; }

  bool enabled(unsigned intid) const { return Get(enabled_, intid); }
  bool active(unsigned intid) const { return Get(active_, intid); }
  bool group1(unsigned intid) const { return Get(group_, intid); }
  bool edge_triggered(unsigned intid) const { return Get(edge_, intid); }
  bool level(unsigned intid) const { return Get(level_, intid); }
  bool latched(unsigned intid) const { return Get(latch_, intid); }
  // Pending: the latch, or a level-sensitive input held high.
  bool pending(unsigned intid) const { return Get(latch_, intid) || (!Get(edge_, intid) && Get(level_, intid)); }
  uint8_t priority(unsigned intid) const { return priority_[intid - first_]; }

  void set_enabled(unsigned intid, bool v) { Put(enabled_, intid, v); }
  void set_active(unsigned intid, bool v) { Put(active_, intid, v); }
  void set_group1(unsigned intid, bool v) { Put(group_, intid, v); }
  void set_edge_triggered(unsigned intid, bool v) { Put(edge_, intid, v); }
  void set_latch(unsigned intid, bool v) { Put(latch_, intid, v); }
  void set_priority(unsigned intid, uint8_t v) { priority_[intid - first_] = v; }
  // The input line without edge detection, for a copy of an input that is not routed to
  // this block (GICv2 keeps an SPI's level in every CPU's view but latches only the
  // targeted CPUs' pending state).
  void set_level(unsigned intid, bool high) { Put(level_, intid, high); }
  // The input line: a rising edge of an edge-triggered interrupt latches it pending.
  void SetLevel(unsigned intid, bool high) {
    if (high && !Get(level_, intid) && Get(edge_, intid)) Put(latch_, intid, true);
    Put(level_, intid, high);
  }
  // Acknowledge: pending -> active (a level-sensitive input still high stays pending).
  void Acknowledge(unsigned intid) {
    Put(latch_, intid, false);
    Put(active_, intid, true);
  }

  // 32-bit register windows: word `n` covers INTIDs first + 32n .. first + 32n + 31.
  enum class Bits : uint8_t { Enabled, Pending, Active, Group, Edge };
  uint32_t ReadWord(Bits which, unsigned n) const {
    if (n >= words_) return 0;
    if (which == Bits::Pending) {
      uint32_t v = latch_[n] | (level_[n] & ~edge_[n]);
      return v & ValidMask(n);
    }
    return Word(which, n);
  }
  // The interrupts of word `n` a CPU interface may be offered: enabled, pending, not active.
  uint32_t Candidates(unsigned n) const {
    return ReadWord(Bits::Enabled, n) & ReadWord(Bits::Pending, n) & ~ReadWord(Bits::Active, n);
  }
  void SetBits(Bits which, unsigned n, uint32_t mask) {
    if (n >= words_) return;
    if (which == Bits::Pending) latch_[n] |= mask & ValidMask(n);
    else Mut(which, n) |= mask & ValidMask(n);
  }
  void ClearBits(Bits which, unsigned n, uint32_t mask) {
    if (n >= words_) return;
    if (which == Bits::Pending) latch_[n] &= ~mask;
    else Mut(which, n) &= ~mask;
  }
  // The pending latch and the input levels of word `n` on their own, which the guest's
  // pending view (ReadWord(Pending)) mixes: a save/restore of the GIC (KVM's vGIC
  // userspace accesses) must keep them apart, or a level interrupt restored as latched
  // would stay pending after its line fell.
  uint32_t LatchWord(unsigned n) const { return n < words_ ? latch_[n] : 0; }
  uint32_t LevelWord(unsigned n) const { return n < words_ ? level_[n] : 0; }
  // Input levels without edge detection (a restore, not a change of the line).
  void WriteLevelWord(unsigned n, uint32_t value) {
    if (n < words_) level_[n] = value & ValidMask(n);
  }
  void WriteWord(Bits which, unsigned n, uint32_t value) {
    if (n >= words_) return;
    if (which == Bits::Pending) latch_[n] = value & ValidMask(n);
    else Mut(which, n) = value & ValidMask(n);
  }

 private:
  uint32_t ValidMask(unsigned n) const {
    const unsigned left = count_ - 32 * n;
    return left >= 32 ? ~0u : (1u << left) - 1;
  }
  bool Get(const std::vector<uint32_t>& v, unsigned intid) const {
    const unsigned i = intid - first_;
    return (v[i / 32] >> (i % 32)) & 1;
  }
  void Put(std::vector<uint32_t>& v, unsigned intid, bool on) {
    const unsigned i = intid - first_;
    if (on) v[i / 32] |= 1u << (i % 32);
    else v[i / 32] &= ~(1u << (i % 32));
  }
  uint32_t Word(Bits which, unsigned n) const { return const_cast<InterruptState*>(this)->Mut(which, n); }
  uint32_t& Mut(Bits which, unsigned n) {
    switch (which) {
      case Bits::Enabled: return enabled_[n];
      case Bits::Active: return active_[n];
      case Bits::Group: return group_[n];
      case Bits::Edge: return edge_[n];
      case Bits::Pending: break;
    }
    return latch_[n];
  }

  unsigned first_, count_, words_;
  std::vector<uint32_t> enabled_, latch_, active_, group_, edge_, level_;
  std::vector<uint8_t> priority_;
};

}  // namespace mtesim::models
