// A test bench for the Gicv2 model: initiator sockets bound to its four frames, accesses
// tagged with the initiating CPU, and fake PEs that record their interrupt request inputs.
#pragma once
#include <array>
#include <cstdint>
#include <cstring>
#include <string>

#include <gtest/gtest.h>
#include <tlm_utils/simple_initiator_socket.h>

#include "models/devices/gic/gicv2.h"
#include "tlm/memory_attributes.h"

namespace gicv2_test {

using mtesim::models::Gicv2;
using mtesim::models::InterruptTarget;
using Line = mtesim::isa::ExecContext::InterruptLine;

// Frame-relative offsets used by the tests.
enum : uint64_t {
  GICD_CTLR = 0x000, GICD_TYPER = 0x004, GICD_IIDR = 0x008, GICD_IGROUPR = 0x080, GICD_ISENABLER = 0x100,
  GICD_ICENABLER = 0x180, GICD_ISPENDR = 0x200, GICD_ICPENDR = 0x280, GICD_ISACTIVER = 0x300,
  GICD_ICACTIVER = 0x380, GICD_IPRIORITYR = 0x400, GICD_ITARGETSR = 0x800, GICD_ICFGR = 0xC00,
  GICD_SGIR = 0xF00, GICD_CPENDSGIR = 0xF10, GICD_SPENDSGIR = 0xF20,
  GICC_CTLR = 0x00, GICC_PMR = 0x04, GICC_BPR = 0x08, GICC_IAR = 0x0C, GICC_EOIR = 0x10, GICC_RPR = 0x14,
  GICC_HPPIR = 0x18, GICC_ABPR = 0x1C, GICC_AIAR = 0x20, GICC_APR0 = 0xD0, GICC_NSAPR0 = 0xE0, GICC_IIDR = 0xFC,
  GICC_DIR = 0x1000,
  GICH_HCR = 0x00, GICH_VTR = 0x04, GICH_VMCR = 0x08, GICH_MISR = 0x10, GICH_EISR0 = 0x20, GICH_ELRSR0 = 0x30,
  GICH_APR = 0xF0, GICH_LR0 = 0x100,
};
constexpr uint32_t kSpurious = 1023;

// GICH_LR<n> fields.
constexpr uint32_t kLrPending = 1u << 28, kLrActive = 2u << 28, kLrGroup1 = 1u << 30, kLrHw = 1u << 31,
                   kLrEoi = 1u << 19;
inline uint32_t ListRegister(unsigned virtual_id, unsigned priority, uint32_t flags) {
  return virtual_id | ((priority >> 3) << 23) | flags;
}

struct FakePe : InterruptTarget {
  uint8_t lines = 0;
  unsigned calls = 0;
  void SetInterruptLine(Line line, bool level) override {
    lines = static_cast<uint8_t>(level ? lines | line : lines & ~line);
    ++calls;
  }
  bool irq() const { return lines & Line::kIrqLine; }
  bool fiq() const { return lines & Line::kFiqLine; }
  bool virq() const { return lines & Line::kVirqLine; }
  bool vfiq() const { return lines & Line::kVfiqLine; }
};

enum class Frame { D, C, H, V };

struct Initiators : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<Initiators> d{"d"}, c{"c"}, h{"h"}, v{"v"};
  explicit Initiators(sc_core::sc_module_name name) : sc_module(name) {}
  tlm_utils::simple_initiator_socket<Initiators>& For(Frame f) {
    switch (f) {
      case Frame::D: return d;
      case Frame::C: return c;
      case Frame::H: return h;
      default: return v;
    }
  }
};

inline std::string UniqueName(const char* base) {
  static unsigned n = 0;
  return std::string(base) + std::to_string(n++);
}

class Bench {
 public:
  explicit Bench(unsigned cpus = 2, bool virtualization = false)
      : gic(UniqueName("gic").c_str(), cpus, virtualization), bus(UniqueName("bus").c_str()) {
    bus.d.bind(gic.distributor_socket);
    bus.c.bind(gic.cpu_interface_socket);
    bus.h.bind(gic.hyp_interface_socket);
    bus.v.bind(gic.virtual_cpu_socket);
    for (unsigned i = 0; i < cpus; ++i) gic.ConnectPe(i, pe[i]);
  }

  tlm::tlm_response_status Transport(Frame f, tlm::tlm_command cmd, uint64_t offset, void* data, unsigned size,
                                     unsigned cpu) {
    tlm::tlm_generic_payload t;
    mtesim::tlmx::MemoryAttributes attributes;
    attributes.initiator_id = cpu;
    t.set_command(cmd);
    t.set_address(offset);
    t.set_data_ptr(static_cast<unsigned char*>(data));
    t.set_data_length(size);
    t.set_streaming_width(size);
    t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    t.set_extension(&attributes);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    bus.For(f)->b_transport(t, delay);
    t.clear_extension(&attributes);
    return t.get_response_status();
  }
  uint32_t Read(Frame f, uint64_t offset, unsigned cpu = 0, unsigned size = 4) {
    uint32_t v = 0;
    EXPECT_EQ(Transport(f, tlm::TLM_READ_COMMAND, offset, &v, size, cpu), tlm::TLM_OK_RESPONSE)
        << "read of offset 0x" << std::hex << offset;
    return v;
  }
  void Write(Frame f, uint64_t offset, uint32_t value, unsigned cpu = 0, unsigned size = 4) {
    EXPECT_EQ(Transport(f, tlm::TLM_WRITE_COMMAND, offset, &value, size, cpu), tlm::TLM_OK_RESPONSE)
        << "write of offset 0x" << std::hex << offset;
  }

  uint32_t D(uint64_t offset, unsigned cpu = 0) { return Read(Frame::D, offset, cpu); }
  uint32_t C(uint64_t offset, unsigned cpu = 0) { return Read(Frame::C, offset, cpu); }
  void WD(uint64_t offset, uint32_t value, unsigned cpu = 0) { Write(Frame::D, offset, value, cpu); }
  void WC(uint64_t offset, uint32_t value, unsigned cpu = 0) { Write(Frame::C, offset, value, cpu); }

  // Distributor and CPU interface on, both groups, no priority masking.
  void EnableCpu(unsigned cpu, uint32_t gicc_ctlr = 3) {
    WD(GICD_CTLR, 3, cpu);
    WC(GICC_CTLR, gicc_ctlr, cpu);
    WC(GICC_PMR, 0xFF, cpu);
  }
  static uint64_t BitRegister(uint64_t base, unsigned intid) { return base + 4 * (intid / 32); }
  static uint32_t Bit(unsigned intid) { return 1u << (intid % 32); }
  void Enable(unsigned intid, unsigned cpu = 0) { WD(BitRegister(GICD_ISENABLER, intid), Bit(intid), cpu); }
  void SetPending(unsigned intid, unsigned cpu = 0) { WD(BitRegister(GICD_ISPENDR, intid), Bit(intid), cpu); }
  bool Pending(unsigned intid, unsigned cpu = 0) { return D(BitRegister(GICD_ISPENDR, intid), cpu) & Bit(intid); }
  bool Active(unsigned intid, unsigned cpu = 0) { return D(BitRegister(GICD_ISACTIVER, intid), cpu) & Bit(intid); }
  void SetPriority(unsigned intid, uint8_t priority, unsigned cpu = 0) {
    Write(Frame::D, GICD_IPRIORITYR + intid, priority, cpu, 1);
  }
  void SetTarget(unsigned intid, uint8_t targets) { Write(Frame::D, GICD_ITARGETSR + intid, targets, 0, 1); }
  void SetGroup1(unsigned intid, unsigned cpu = 0) {
    const uint64_t reg = BitRegister(GICD_IGROUPR, intid);
    WD(reg, D(reg, cpu) | Bit(intid), cpu);
  }
  void SetEdge(unsigned intid) {
    const uint64_t reg = GICD_ICFGR + 4 * (intid / 16);
    WD(reg, D(reg) | (2u << (2 * (intid % 16))));
  }
  // An enabled SPI with `priority`, routed to `targets` and made pending by software.
  void PendSpi(unsigned intid, uint8_t priority, uint8_t targets = 1) {
    SetTarget(intid, targets);
    SetPriority(intid, priority);
    Enable(intid);
    SetPending(intid);
  }

  Gicv2 gic;
  Initiators bus;
  std::array<FakePe, 8> pe;
};

}  // namespace gicv2_test
