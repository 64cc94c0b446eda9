// Shared by the GICv3 unit tests: a Gicv3 with fake PEs (which record their interrupt
// lines), MMIO helpers that build TLM payloads for the two sockets, a minimal execution
// context to access the CPU interface's system registers at an EL with an HCR_EL2, and
// register offsets spelled out from the GIC specification (IHI 0069) rather than taken
// from the model.
#pragma once
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <deque>

#include <tlm_utils/simple_initiator_socket.h>

#include "isa/exec_context.h"
#include "models/devices/gic/gicv3.h"

namespace mtesim::test::gic {

using isa::AccessResult;
using isa::ExecContext;
using isa::GicRegister;
using models::Gicv3;

// ---- distributor offsets (IHI 0069 table 12-25) ----
constexpr uint64_t GICD_CTLR = 0x0, GICD_TYPER = 0x4, GICD_IIDR = 0x8, GICD_TYPER2 = 0xC;
constexpr uint64_t GICD_IGROUPR = 0x80, GICD_ISENABLER = 0x100, GICD_ICENABLER = 0x180, GICD_ISPENDR = 0x200;
constexpr uint64_t GICD_ICPENDR = 0x280, GICD_ISACTIVER = 0x300, GICD_ICACTIVER = 0x380, GICD_IPRIORITYR = 0x400;
constexpr uint64_t GICD_ITARGETSR = 0x800, GICD_ICFGR = 0xC00, GICD_IGRPMODR = 0xD00, GICD_NSACR = 0xE00;
constexpr uint64_t GICD_SGIR = 0xF00, GICD_IROUTER = 0x6000, GICD_PIDR2 = 0xFFE8;
// ---- redistributor offsets (tables 12-27, 12-29), from RD_base; SGI_base is + 64 KiB ----
constexpr uint64_t GICR_CTLR = 0x0, GICR_IIDR = 0x4, GICR_TYPER = 0x8, GICR_WAKER = 0x14;
constexpr uint64_t GICR_PROPBASER = 0x70, GICR_PENDBASER = 0x78, GICR_PIDR2 = 0xFFE8;
constexpr uint64_t SGI_BASE = 0x10000;
constexpr uint64_t GICR_IGROUPR0 = SGI_BASE + 0x80, GICR_ISENABLER0 = SGI_BASE + 0x100;
constexpr uint64_t GICR_ICENABLER0 = SGI_BASE + 0x180, GICR_ISPENDR0 = SGI_BASE + 0x200;
constexpr uint64_t GICR_ICPENDR0 = SGI_BASE + 0x280, GICR_ISACTIVER0 = SGI_BASE + 0x300;
constexpr uint64_t GICR_ICACTIVER0 = SGI_BASE + 0x380, GICR_IPRIORITYR = SGI_BASE + 0x400;
constexpr uint64_t GICR_ICFGR0 = SGI_BASE + 0xC00, GICR_ICFGR1 = SGI_BASE + 0xC04;
constexpr uint64_t kRedistributorStride = 0x20000;

// ---- HCR_EL2 and GIC register fields ----
constexpr uint64_t kHcrFmo = 1u << 3, kHcrImo = 1u << 4;
constexpr uint64_t kIchHcrEn = 1u << 0, kIchHcrUie = 1u << 1, kIchHcrLrenpie = 1u << 2, kIchHcrNpie = 1u << 3;
constexpr uint64_t kIchHcrVgrp0eie = 1u << 4, kIchHcrVgrp0die = 1u << 5;
constexpr uint64_t kIchHcrVgrp1eie = 1u << 6, kIchHcrVgrp1die = 1u << 7;
constexpr uint64_t kIchHcrTc = 1u << 10, kIchHcrTall0 = 1u << 11, kIchHcrTall1 = 1u << 12, kIchHcrTdir = 1u << 14;
constexpr unsigned kIchHcrEoiCountShift = 27;
constexpr uint64_t kVmcrVeng0 = 1u << 0, kVmcrVeng1 = 1u << 1, kVmcrVeoim = 1u << 9;
constexpr unsigned kVmcrVpmrShift = 24;
constexpr uint64_t kMisrEoi = 1u << 0, kMisrU = 1u << 1, kMisrLrenp = 1u << 2, kMisrNp = 1u << 3;
constexpr uint64_t kMisrVgrp0e = 1u << 4, kMisrVgrp0d = 1u << 5, kMisrVgrp1e = 1u << 6, kMisrVgrp1d = 1u << 7;
constexpr uint64_t kCtlrEoiMode = 1u << 1, kCtlrCbpr = 1u << 0;

// An ICH_LR<n>_EL2 value: State [63:62], HW [61], Group [60], Priority [55:48],
// pINTID [41:32] (bit 41 is EOI when HW = 0), vINTID [31:0].
enum class LrState : uint64_t { Invalid = 0, Pending = 1, Active = 2, ActivePending = 3 };
constexpr uint64_t ListRegister(LrState state, bool group1, uint8_t priority, uint32_t vintid, bool hw = false,
                                uint32_t pintid = 0, bool eoi = false) {
  return static_cast<uint64_t>(state) << 62 | uint64_t{hw} << 61 | uint64_t{group1} << 60 |
         uint64_t{priority} << 48 | uint64_t{pintid & 0x3FF} << 32 | uint64_t{eoi} << 41 | vintid;
}
constexpr uint64_t kLrStateMask = uint64_t{3} << 62;

// A PE as the GIC sees it: its four interrupt request inputs.
struct FakePe : models::InterruptTarget {
  uint8_t lines = 0;
  unsigned calls = 0;
  void SetInterruptLine(ExecContext::InterruptLine line, bool level) override {
    ++calls;
    lines = level ? lines | line : lines & ~line;
  }
  bool irq() const { return lines & ExecContext::kIrqLine; }
  bool fiq() const { return lines & ExecContext::kFiqLine; }
  bool virq() const { return lines & ExecContext::kVirqLine; }
  bool vfiq() const { return lines & ExecContext::kVfiqLine; }
};

// The state a CPU interface access reads from the PE: the EL, EL2's presence, HCR_EL2.
class FakeContext : public isa::ExecContext {
 public:
  explicit FakeContext(unsigned el = 1, bool have_el2 = true, uint64_t hcr = 0) {
    ConfigureEl2(have_el2);
    s.PSTATE.EL = static_cast<uint8_t>(el);
    s.sys.HCR_EL2 = hcr;
    HcrChanged();
  }
  void ReadAllocationTags(uint64_t, unsigned, uint8_t*, isa::AccessKind, bool) override {}
  void WriteAllocationTags(uint64_t, unsigned, const uint8_t*, isa::AccessKind, bool) override {}

 protected:
  void AccessSlow(const isa::AccessRequest&, void*) override {}
};

// ICH_LR<n>_EL2 as a GicRegister.
inline GicRegister Lr(unsigned n) {
  return static_cast<GicRegister>(static_cast<unsigned>(GicRegister::ICH_LR0_EL2) + n);
}

// The bus side of the GIC's two sockets.
struct Initiator : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<Initiator> distributor{"distributor"};
  tlm_utils::simple_initiator_socket<Initiator> redistributor{"redistributor"};
  explicit Initiator(sc_core::sc_module_name name) : sc_module(name) {}
};

class Bench {
 public:
  explicit Bench(unsigned pes = 2) : gic("gic", pes), bus("bus"), pes_(pes) {
    bus.distributor.bind(gic.distributor_socket);
    bus.redistributor.bind(gic.redistributor_socket);
    for (unsigned i = 0; i < pes; ++i) gic.ConnectPe(i, pes_[i]);
  }

  FakePe& pe(unsigned i) { return pes_[i]; }

  // ---- MMIO ----
  tlm::tlm_response_status Access(bool redistributor, tlm::tlm_command cmd, uint64_t offset, unsigned size,
                                  uint64_t& value) {
    tlm::tlm_generic_payload t;
    unsigned char data[16] = {};
    if (cmd == tlm::TLM_WRITE_COMMAND) std::memcpy(data, &value, size < 8 ? size : 8);
    t.set_command(cmd);
    t.set_address(offset);
    t.set_data_ptr(data);
    t.set_data_length(size);
    t.set_streaming_width(size);
    t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    if (redistributor) bus.redistributor->b_transport(t, delay);
    else bus.distributor->b_transport(t, delay);
    if (cmd == tlm::TLM_READ_COMMAND) {
      value = 0;
      std::memcpy(&value, data, size < 8 ? size : 8);
    }
    return t.get_response_status();
  }
  uint64_t Dist(uint64_t offset, unsigned size = 4) {
    uint64_t v = 0;
    EXPECT_EQ(Access(false, tlm::TLM_READ_COMMAND, offset, size, v), tlm::TLM_OK_RESPONSE);
    return v;
  }
  void SetDist(uint64_t offset, uint64_t value, unsigned size = 4) {
    EXPECT_EQ(Access(false, tlm::TLM_WRITE_COMMAND, offset, size, value), tlm::TLM_OK_RESPONSE);
  }
  uint64_t Redist(unsigned pe, uint64_t offset, unsigned size = 4) {
    uint64_t v = 0;
    EXPECT_EQ(Access(true, tlm::TLM_READ_COMMAND, pe * kRedistributorStride + offset, size, v),
              tlm::TLM_OK_RESPONSE);
    return v;
  }
  void SetRedist(unsigned pe, uint64_t offset, uint64_t value, unsigned size = 4) {
    EXPECT_EQ(Access(true, tlm::TLM_WRITE_COMMAND, pe * kRedistributorStride + offset, size, value),
              tlm::TLM_OK_RESPONSE);
  }

  // ---- system registers, as the system-register table forwards them ----
  AccessResult Check(unsigned pe, GicRegister r, bool read, const ExecContext& c) {
    return gic.CpuInterface(pe)->Access(r, read, c);
  }
  uint64_t Sys(unsigned pe, GicRegister r, const ExecContext& c) {
    EXPECT_EQ(Check(pe, r, true, c), AccessResult::Allowed);
    return gic.CpuInterface(pe)->Read(r, c);
  }
  void SetSys(unsigned pe, GicRegister r, uint64_t v, const ExecContext& c) {
    EXPECT_EQ(Check(pe, r, false, c), AccessResult::Allowed);
    gic.CpuInterface(pe)->Write(r, v, c);
  }
  uint64_t Sys(unsigned pe, GicRegister r) { return Sys(pe, r, el1); }
  void SetSys(unsigned pe, GicRegister r, uint64_t v) { SetSys(pe, r, v, el1); }
  uint64_t Hyp(unsigned pe, GicRegister r) { return Sys(pe, r, el2); }
  void SetHyp(unsigned pe, GicRegister r, uint64_t v) { SetSys(pe, r, v, el2); }

  // ---- typical set-ups ----
  // Both groups enabled in the distributor and every CPU interface, priority mask open.
  void EnableAll() {
    SetDist(GICD_CTLR, 3);
    for (unsigned i = 0; i < pes_.size(); ++i) {
      SetSys(i, GicRegister::ICC_PMR_EL1, 0xFF);
      SetSys(i, GicRegister::ICC_IGRPEN0_EL1, 1);
      SetSys(i, GicRegister::ICC_IGRPEN1_EL1, 1);
    }
  }
  // An enabled SPI of `group1` at `priority`, routed to PE `pe` (edge-triggered unless
  // `level`).
  void ConfigureSpi(unsigned intid, bool group1, uint8_t priority, unsigned pe = 0, bool level = false) {
    const uint64_t word = (intid / 32) * 4;
    const uint32_t bit = 1u << (intid % 32);
    SetDist(GICD_IGROUPR + word, group1 ? Dist(GICD_IGROUPR + word) | bit : Dist(GICD_IGROUPR + word) & ~bit);
    SetDist(GICD_IPRIORITYR + intid, priority, 1);
    const uint64_t cfg = GICD_ICFGR + (intid / 16) * 4;
    const uint32_t edge = 2u << (2 * (intid % 16));
    SetDist(cfg, level ? Dist(cfg) & ~edge : Dist(cfg) | edge);
    SetDist(GICD_IROUTER + 8 * intid, Gicv3::MpidrAffinity(pe), 8);
    SetDist(GICD_ISENABLER + word, bit);
  }
  // An enabled SGI or PPI of PE `pe`.
  void ConfigurePrivate(unsigned pe, unsigned intid, bool group1, uint8_t priority) {
    const uint32_t bit = 1u << intid;
    const uint64_t groups = Redist(pe, GICR_IGROUPR0);
    SetRedist(pe, GICR_IGROUPR0, group1 ? groups | bit : groups & ~bit);
    SetRedist(pe, GICR_IPRIORITYR + intid, priority, 1);
    SetRedist(pe, GICR_ISENABLER0, bit);
  }
  void Pend(unsigned intid) { SetDist(GICD_ISPENDR + (intid / 32) * 4, 1u << (intid % 32)); }
  bool Active(unsigned intid) { return (Dist(GICD_ISACTIVER + (intid / 32) * 4) >> (intid % 32)) & 1; }
  bool Pending(unsigned intid) { return (Dist(GICD_ISPENDR + (intid / 32) * 4) >> (intid % 32)) & 1; }

  Gicv3 gic;
  Initiator bus;
  FakeContext el1{1, true, 0};
  FakeContext el2{2, true, 0};

 private:
  std::deque<FakePe> pes_;
};

}  // namespace mtesim::test::gic
