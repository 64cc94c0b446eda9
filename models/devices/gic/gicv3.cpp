// The GICv3 module: its two MMIO targets (access checks, then the frame's register
// decoder), the interrupt inputs, and the recomputation of each PE's highest priority
// pending interrupt that drives the CPU interfaces' outputs.
#include "models/devices/gic/gicv3.h"

#include "models/devices/gic/affinity.h"

#include <cstring>
#include <string>

#include "models/devices/gic/gicv3_cpu_interface.h"
#include "models/devices/gic/priority.h"
#include "models/error.h"

namespace mtesim::models {

using namespace gicv3;

namespace {

// Calls f(intid) for each interrupt of word `word` of `s` that can be signalled: pending
// (latched, or a level input held high), enabled, not active, and in a group GICD_CTLR
// enables (Group 0 by EnableGrp0, Group 1 by EnableGrp1; with DS = 1 there is no Secure
// Group 1). QEMU's GICv3 leaves a disabled group's interrupts out of the choice; its GICv2
// chooses first and then looks at the group enables (Gicv2::UpdatePhysical).
template <typename F>
void ForEachSignallable(const InterruptState& s, unsigned word, uint32_t gicd_ctlr, F f) {
  const uint32_t group1 = s.ReadWord(InterruptState::Bits::Group, word);
  uint32_t groups = 0;
  if (gicd_ctlr & gicd::kCtlrEnableGrp0) groups |= ~group1;
  if (gicd_ctlr & gicd::kCtlrEnableGrp1) groups |= group1;
  for (uint32_t bits = s.Candidates(word) & groups; bits != 0; bits &= bits - 1)
    f(s.first() + 32 * word + LowestSetBit(bits));
}

}  // namespace

uint64_t Gicv3::MpidrAffinity(unsigned pe) { return PeAffinity(pe, kGicv3PesPerCluster); }

Gicv3::Gicv3(sc_core::sc_module_name name, unsigned pe_count)
    : sc_module(name), distributor_socket("distributor_socket"), redistributor_socket("redistributor_socket") {
  if (pe_count == 0) throw Error("GICv3: needs at least one PE");
  distributor_socket.register_b_transport(this, &Gicv3::DistributorTransport);
  distributor_socket.register_transport_dbg(this, &Gicv3::DistributorDebug);
  redistributor_socket.register_b_transport(this, &Gicv3::RedistributorTransport);
  redistributor_socket.register_transport_dbg(this, &Gicv3::RedistributorDebug);

  redistributors_.resize(pe_count);
  cpu_interfaces_.reserve(pe_count);
  for (unsigned pe = 0; pe < pe_count; ++pe) {
    Redistributor& r = redistributors_[pe];
    const uint64_t mpidr = MpidrAffinity(pe);
    // GICR_TYPER packs MPIDR's Aff3 (bits 39:32) above Aff2.Aff1.Aff0 (bits 23:0).
    r.affinity = static_cast<uint32_t>((mpidr >> 8 & 0xFF000000u) | (mpidr & 0xFFFFFF));
    // SGIs are always edge-triggered; PPIs reset level-sensitive (GICR_ICFGR1 = 0).
    r.sgi_ppi.WriteWord(InterruptState::Bits::Edge, 0, (1u << kSgiCount) - 1);
    cpu_interfaces_.push_back(std::make_unique<Gicv3CpuInterface>(*this, pe));
  }
  // GICD_IROUTER<n> reset to 0 (UNKNOWN architecturally): every SPI targets affinity 0.0.0.0.
  for (unsigned i = 0; i < kSpiCount; ++i) WriteRouter(kPrivateCount + i, 0);
}

Gicv3::~Gicv3() = default;

// ---- InterruptController ----

void Gicv3::ConnectPe(unsigned pe, InterruptTarget& target) {
  if (pe >= pe_count()) throw Error("GICv3: PE " + std::to_string(pe) + " does not exist");
  cpu_interfaces_[pe]->Connect(target);
}

void Gicv3::SetPrivateInterrupt(unsigned pe, unsigned intid, bool level) {
  if (pe >= pe_count() || intid < kSgiCount || intid >= kPrivateCount)
    throw Error("GICv3: no PPI " + std::to_string(intid) + " on PE " + std::to_string(pe));
  InterruptState& s = redistributors_[pe].sgi_ppi;
  if (s.level(intid) == level) return;
  s.SetLevel(intid, level);
  RedistributorChanged(pe);
}

void Gicv3::SetSharedInterrupt(unsigned intid, bool level) {
  if (!spis_.Holds(intid)) throw Error("GICv3: no SPI " + std::to_string(intid));
  if (spis_.level(intid) == level) return;
  spis_.SetLevel(intid, level);
  DistributorChanged();
}

isa::GicCpuInterface* Gicv3::CpuInterface(unsigned pe) {
  return pe < pe_count() ? cpu_interfaces_[pe].get() : nullptr;
}

void Gicv3::ResetCpuInterface(unsigned pe) {
  if (pe >= pe_count()) throw Error("GICv3: PE " + std::to_string(pe) + " does not exist");
  cpu_interfaces_[pe]->Reset();
}

// ---- the highest priority pending interrupt of each PE ----

void Gicv3::DistributorChanged() {
  ScanShared();
  for (unsigned pe = 0; pe < pe_count(); ++pe) UpdateHighestPending(pe);
}

void Gicv3::RedistributorChanged(unsigned pe) {
  ScanPrivate(pe);
  UpdateHighestPending(pe);
}

void Gicv3::ControlChanged() {
  for (unsigned pe = 0; pe < pe_count(); ++pe) ScanPrivate(pe);
  DistributorChanged();
}

// The best signallable SPI of each PE, among those GICD_IROUTER sends it.
void Gicv3::ScanShared() {
  for (Redistributor& r : redistributors_) r.best_shared = PendingInterrupt{};
  for (unsigned word = 0; word < kSpiCount / 32; ++word) {
    ForEachSignallable(spis_, word, ctlr_, [this](unsigned intid) {
      const int pe = route_[intid - kPrivateCount];
      if (pe >= 0) redistributors_[static_cast<unsigned>(pe)].best_shared.Consider(spis_, intid);
    });
  }
}

// The best signallable SGI or PPI of PE `pe`.
void Gicv3::ScanPrivate(unsigned pe) {
  Redistributor& r = redistributors_[pe];
  r.best_private = PendingInterrupt{};
  ForEachSignallable(r.sgi_ppi, 0, ctlr_, [&r](unsigned intid) { r.best_private.Consider(r.sgi_ppi, intid); });
}

// Among equal priorities the lowest INTID wins (QEMU's IMPLEMENTATION DEFINED choice),
// so a PE's SGIs and PPIs come before SPIs.
void Gicv3::UpdateHighestPending(unsigned pe) {
  Redistributor& r = redistributors_[pe];
  r.hppi = r.best_shared < r.best_private ? r.best_shared : r.best_private;
  cpu_interfaces_[pe]->UpdatePhysicalLines();
}

void Gicv3::Activate(unsigned pe, unsigned intid) {
  Change(pe, intid, [](InterruptState& s, unsigned i) { s.Acknowledge(i); });
}

void Gicv3::Deactivate(unsigned pe, unsigned intid) {
  Change(pe, intid, [](InterruptState& s, unsigned i) { s.set_active(i, false); });
}

// The state of an SGI or PPI is PE `pe`'s redistributor's, an SPI's the distributor's;
// INTIDs beyond the SPIs are ignored.
void Gicv3::Change(unsigned pe, unsigned intid, void (*change)(InterruptState&, unsigned)) {
  if (intid < kPrivateCount) {
    change(redistributors_[pe].sgi_ppi, intid);
    RedistributorChanged(pe);
  } else if (spis_.Holds(intid)) {
    change(spis_, intid);
    DistributorChanged();
  }
}

void Gicv3::SendSgi(unsigned target_pe, unsigned intid, bool group1) {
  InterruptState& s = redistributors_[target_pe].sgi_ppi;
  if (s.group1(intid) != group1) return;
  s.set_latch(intid, true);
  RedistributorChanged(target_pe);
}

// ---- MMIO ----

void Gicv3::DistributorTransport(tlm::tlm_generic_payload& trans, sc_core::sc_time&) {
  Transport(Frame::Distributor, trans);
}
void Gicv3::RedistributorTransport(tlm::tlm_generic_payload& trans, sc_core::sc_time&) {
  Transport(Frame::Redistributor, trans);
}
unsigned Gicv3::DistributorDebug(tlm::tlm_generic_payload& trans) { return Debug(Frame::Distributor, trans); }
unsigned Gicv3::RedistributorDebug(tlm::tlm_generic_payload& trans) { return Debug(Frame::Redistributor, trans); }

uint64_t Gicv3::FrameSize(Frame frame) const {
  return frame == Frame::Distributor ? kDistributorFrameSize : redistributor_region_size();
}

void Gicv3::Transport(Frame frame, tlm::tlm_generic_payload& trans) {
  const uint64_t offset = trans.get_address();
  const unsigned size = trans.get_data_length();
  if (trans.get_byte_enable_ptr() != nullptr) {
    trans.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    return;
  }
  if (trans.get_streaming_width() < size) {
    trans.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    return;
  }
  // QEMU's memory core takes 1- to 8-byte naturally aligned accesses to the GIC and
  // answers anything else with a decode error, which the PE takes as an external abort.
  const bool size_ok = size == 1 || size == 2 || size == 4 || size == 8;
  if (!size_ok || (offset & (size - 1)) != 0 || offset >= FrameSize(frame) || size > FrameSize(frame) - offset) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  if (trans.is_read()) {
    uint64_t value = 0;
    if (!FrameRead(frame, offset, size, value)) {
      ++guest_errors_;
      value = 0;
    }
    std::memcpy(trans.get_data_ptr(), &value, size);
  } else if (trans.is_write()) {
    uint64_t value = 0;
    std::memcpy(&value, trans.get_data_ptr(), size);
    if (!FrameWrite(frame, offset, size, value)) ++guest_errors_;
  }
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

// Debug reads: any length, byte by byte from the 32-bit registers (every register has a
// 32-bit view, and register reads have no side effects). Debug writes are refused.
unsigned Gicv3::Debug(Frame frame, tlm::tlm_generic_payload& trans) {
  const uint64_t offset = trans.get_address();
  const unsigned size = trans.get_data_length();
  if (!trans.is_read() || offset >= FrameSize(frame) || size > FrameSize(frame) - offset) return 0;
  uint64_t word_offset = ~uint64_t{0}, word = 0;
  for (unsigned i = 0; i < size; ++i) {
    const uint64_t a = offset + i;
    if ((a & ~uint64_t{3}) != word_offset) {
      word_offset = a & ~uint64_t{3};
      if (!FrameRead(frame, word_offset, 4, word)) word = 0;
    }
    trans.get_data_ptr()[i] = static_cast<uint8_t>(word >> (8 * (a & 3)));
  }
  return size;
}

bool Gicv3::FrameRead(Frame frame, uint64_t offset, unsigned size, uint64_t& value) {
  if (frame == Frame::Distributor) return DistributorRead(offset, size, value);
  return RedistributorRead(static_cast<unsigned>(offset / kRedistributorStride), offset % kRedistributorStride, size,
                           value);
}

bool Gicv3::FrameWrite(Frame frame, uint64_t offset, unsigned size, uint64_t value) {
  if (frame == Frame::Distributor) return DistributorWrite(offset, size, value);
  return RedistributorWrite(static_cast<unsigned>(offset / kRedistributorStride), offset % kRedistributorStride, size,
                            value);
}

}  // namespace mtesim::models
