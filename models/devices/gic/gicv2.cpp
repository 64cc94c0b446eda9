// The Gicv2 module: construction, interrupt inputs, the four MMIO frames' transport and
// the recomputation of every CPU's interrupt request outputs.
#include "models/devices/gic/gicv2.h"

#include <cstring>
#include <string>

#include "models/devices/gic/gicv2_registers.h"
#include "models/devices/gic/priority.h"
#include "models/error.h"
#include "tlm/memory_attributes.h"

namespace mtesim::models {

using namespace gicv2;
using Line = isa::ExecContext::InterruptLine;

Gicv2::Gicv2(sc_core::sc_module_name name, unsigned cpu_count, bool virtualization_extensions)
    : sc_module(name),
      distributor_socket("distributor_socket"),
      cpu_interface_socket("cpu_interface_socket"),
      hyp_interface_socket("hyp_interface_socket"),
      virtual_cpu_socket("virtual_cpu_socket"),
      cpu_count_(cpu_count),
      virtualization_(virtualization_extensions) {
  if (cpu_count == 0 || cpu_count > kMaxCpus) {
    throw Error("GICv2: " + std::to_string(cpu_count) + " CPUs requested; a GICv2 supports 1 to " +
                std::to_string(kMaxCpus) + " CPU interfaces (use GICv3 for more)");
  }
  distributor_socket.register_b_transport(this, &Gicv2::DistributorTransport);
  distributor_socket.register_transport_dbg(this, &Gicv2::DistributorDebug);
  cpu_interface_socket.register_b_transport(this, &Gicv2::CpuInterfaceTransport);
  cpu_interface_socket.register_transport_dbg(this, &Gicv2::CpuInterfaceDebug);
  hyp_interface_socket.register_b_transport(this, &Gicv2::HypInterfaceTransport);
  hyp_interface_socket.register_transport_dbg(this, &Gicv2::HypInterfaceDebug);
  virtual_cpu_socket.register_b_transport(this, &Gicv2::VirtualCpuTransport);
  virtual_cpu_socket.register_transport_dbg(this, &Gicv2::VirtualCpuDebug);

  // Reset state (QEMU arm_gic_common reset): everything group 0, priority 0, disabled,
  // level-sensitive, except SGIs, which are always enabled and edge-triggered.
  view_.assign(kMaxCpus, InterruptState(0, kGicInterruptCount));
  for (InterruptState& v : view_) {
    for (unsigned sgi = 0; sgi < kSgiCount; ++sgi) {
      v.set_enabled(sgi, true);
      v.set_edge_triggered(sgi, true);
    }
  }
  // A uniprocessor GIC routes every SPI to its only CPU (and ITARGETSR is RAZ/WI).
  spi_target_.fill(cpu_count == 1 ? 1 : 0);
  for (CpuInterfaceState& v : vcpu_) {
    v.bpr = kVirtualMinBpr;
    v.abpr = kVirtualResetAbpr;
  }
}

void Gicv2::ConnectPe(unsigned pe, InterruptTarget& target) {
  if (pe >= cpu_count_) {
    throw Error("GICv2: PE " + std::to_string(pe) + " connected but the GIC has " + std::to_string(cpu_count_) +
                " CPU interfaces");
  }
  pe_[pe].Connect(target);
}

void Gicv2::SetPrivateInterrupt(unsigned pe, unsigned intid, bool level) {
  if (pe >= cpu_count_ || intid < kSgiCount || intid >= kPrivateCount) {
    throw Error("GICv2: PPI " + std::to_string(intid) + " of PE " + std::to_string(pe) + " does not exist");
  }
  if (view_[pe].level(intid) == level) return;
  view_[pe].SetLevel(intid, level);
  Update();
}

void Gicv2::SetSharedInterrupt(unsigned intid, bool level) {
  if (intid < kPrivateCount || intid >= kGicInterruptCount) {
    throw Error("GICv2: SPI INTID " + std::to_string(intid) + " does not exist (32.." +
                std::to_string(kGicInterruptCount - 1) + ")");
  }
  if (view_[0].level(intid) == level) return;
  SetSpiLevel(intid, level);
  Update();
}

// Every CPU sees the level; a rising edge of an edge-triggered SPI latches it pending only
// on the CPUs it targets now.
void Gicv2::SetSpiLevel(unsigned intid, bool level) {
  for (unsigned c = 0; c < kMaxCpus; ++c) {
    if ((spi_target_[intid] >> c) & 1) view_[c].SetLevel(intid, level);
    else view_[c].set_level(intid, level);
  }
}

// ---------------------------------------------------------------------------------------
// Transport

void Gicv2::DistributorTransport(tlm::tlm_generic_payload& trans, sc_core::sc_time&) {
  Access(Frame::Distributor, trans, false);
}
void Gicv2::CpuInterfaceTransport(tlm::tlm_generic_payload& trans, sc_core::sc_time&) {
  Access(Frame::CpuInterface, trans, false);
}
void Gicv2::HypInterfaceTransport(tlm::tlm_generic_payload& trans, sc_core::sc_time&) {
  Access(Frame::HypInterface, trans, false);
}
void Gicv2::VirtualCpuTransport(tlm::tlm_generic_payload& trans, sc_core::sc_time&) {
  Access(Frame::VirtualCpu, trans, false);
}
unsigned Gicv2::DistributorDebug(tlm::tlm_generic_payload& trans) { return Access(Frame::Distributor, trans, true); }
unsigned Gicv2::CpuInterfaceDebug(tlm::tlm_generic_payload& trans) { return Access(Frame::CpuInterface, trans, true); }
unsigned Gicv2::HypInterfaceDebug(tlm::tlm_generic_payload& trans) { return Access(Frame::HypInterface, trans, true); }
unsigned Gicv2::VirtualCpuDebug(tlm::tlm_generic_payload& trans) { return Access(Frame::VirtualCpu, trans, true); }

unsigned Gicv2::Access(Frame frame, tlm::tlm_generic_payload& trans, bool debug) {
  const uint64_t addr = trans.get_address();
  const unsigned len = trans.get_data_length();
  const bool virtual_frame = frame == Frame::HypInterface || frame == Frame::VirtualCpu;
  const uint64_t size = frame == Frame::Distributor    ? kDistributorFrameSize
                        : frame == Frame::HypInterface ? kHypInterfaceFrameSize
                                                       : kCpuInterfaceFrameSize;  // GICC and GICV
  const auto* attributes = trans.get_extension<tlmx::MemoryAttributes>();
  const unsigned initiator = attributes ? attributes->initiator_id : 0;
  // QEMU decodes naturally aligned accesses of 1 to 16 bytes inside the frame; with a
  // single CPU interface every access is that CPU's.
  const bool valid_size = len == 1 || len == 2 || len == 4 || len == 8 || len == 16;
  if (!valid_size || (addr & (len - 1)) != 0 || addr + len > size || (virtual_frame && !virtualization_) ||
      (cpu_count_ > 1 && initiator >= cpu_count_) || (debug && !trans.is_read())) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return 0;
  }
  const unsigned cpu = cpu_count_ > 1 ? initiator : 0;
  unsigned char* data = trans.get_data_ptr();
  const unsigned chunk = len < 4 ? len : 4;
  bool wrote = false;
  for (unsigned i = 0; i < len; i += chunk) {
    if (trans.is_read()) {
      const uint32_t v = ReadFrame(frame, cpu, addr + i, debug);
      std::memcpy(data + i, &v, chunk);
    } else if (trans.is_write()) {
      uint32_t v = 0;
      std::memcpy(&v, data + i, chunk);
      WriteFrame(frame, cpu, addr + i, chunk, v);
      wrote = true;
    }
  }
  if (wrote) Update();
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
  return len;
}

// The distributor's registers are byte-addressable (QEMU composes every access from
// bytes): a narrow read returns its lanes of the word, a narrow write changes only the
// interrupts in its lanes. The CPU and virtual interfaces decode the exact offset.
uint32_t Gicv2::ReadFrame(Frame frame, unsigned cpu, uint64_t offset, bool debug) {
  switch (frame) {
    case Frame::Distributor: return DistributorRead(cpu, offset & ~uint64_t{3}) >> (8 * (offset & 3));
    case Frame::CpuInterface: return CpuInterfaceRead(cpu, false, offset, debug);
    case Frame::VirtualCpu: return CpuInterfaceRead(cpu, true, offset, debug);
    case Frame::HypInterface: return HypRead(cpu, offset);
  }
  return 0;
}

void Gicv2::WriteFrame(Frame frame, unsigned cpu, uint64_t offset, unsigned size, uint32_t value) {
  switch (frame) {
    case Frame::Distributor: {
      // GICD_SGIR acts only on a whole-word write.
      if (offset == GICD_SGIR && size == 4) {
        SendSoftwareInterrupt(cpu, value);
        return;
      }
      const unsigned shift = 8 * static_cast<unsigned>(offset & 3);
      const uint32_t lanes = (size == 4 ? ~0u : ((1u << (8 * size)) - 1)) << shift;
      DistributorWrite(cpu, offset & ~uint64_t{3}, value << shift, lanes);
      return;
    }
    case Frame::CpuInterface: CpuInterfaceWrite(cpu, false, offset, value); return;
    case Frame::VirtualCpu: CpuInterfaceWrite(cpu, true, offset, value); return;
    case Frame::HypInterface: HypWrite(cpu, offset, value); return;
  }
}

// ---------------------------------------------------------------------------------------
// Outputs

void Gicv2::Update() {
  // The virtual side first: its maintenance interrupts are PPIs of the physical side.
  if (virtualization_) {
    for (unsigned cpu = 0; cpu < cpu_count_; ++cpu) UpdateVirtual(cpu);
  }
  for (unsigned cpu = 0; cpu < cpu_count_; ++cpu) UpdatePhysical(cpu);
}

// The highest-priority interrupt that is enabled, pending, not active and (for an SPI)
// targets this CPU, whatever its group (QEMU's GICv2 looks at the group enables only
// after choosing, its GICv3 before), is presented to the CPU interface.
void Gicv2::UpdatePhysical(unsigned cpu) {
  CpuInterfaceState& ci = cpu_[cpu];
  const InterruptState& v = view_[cpu];
  ci.highest_pending = kSpurious;
  bool irq = false, fiq = false;
  if ((distributor_ctlr_ & kDistributorEnableMask) && (ci.ctlr & (kCtlrEnableGrp0 | kCtlrEnableGrp1))) {
    unsigned best = kSpurious, best_priority = kIdlePriority;
    bool best_group1 = false;
    for (unsigned n = 0; n < kGicInterruptCount / 32; ++n) {
      for (uint32_t candidates = v.Candidates(n); candidates; candidates &= candidates - 1) {
        const unsigned intid = 32 * n + LowestSetBit(candidates);
        if (intid >= kPrivateCount && !((spi_target_[intid] >> cpu) & 1)) continue;
        if (v.priority(intid) < best_priority) {
          best_priority = v.priority(intid);
          best = intid;
          best_group1 = v.group1(intid);
        }
      }
    }
    Present(ci, best, best_priority, best_group1, distributor_ctlr_, irq, fiq);
  }
  pe_[cpu].Drive(Line::kIrqLine, irq);
  pe_[cpu].Drive(Line::kFiqLine, fiq);
}

// The best pending interrupt becomes GICC_HPPIR if it passes the priority mask; it is
// signalled if it also preempts the running priority and its group is enabled in
// `group_gate` (GICD_CTLR for the physical interface) and the CPU interface: group 0 as
// FIQ when GICC_CTLR.FIQEn is set. QEMU's GICv2 holds the whole priority against the
// running (group) priority, where its GICv3 compares group priorities.
void Gicv2::Present(CpuInterfaceState& ci, unsigned intid, unsigned priority, bool group1, uint32_t group_gate,
                    bool& irq, bool& fiq) {
  if (priority >= ci.priority_mask) return;
  ci.highest_pending = static_cast<uint16_t>(intid);
  const uint32_t group_enable = group1 ? kCtlrEnableGrp1 : kCtlrEnableGrp0;
  if (priority < ci.running_priority && (group_gate & group_enable) && (ci.ctlr & group_enable)) {
    if (!group1 && (ci.ctlr & kCtlrFiqEn)) fiq = true;
    else irq = true;
  }
}


}  // namespace mtesim::models
