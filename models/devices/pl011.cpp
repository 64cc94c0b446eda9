#include "models/devices/pl011.h"

#include <cstring>

namespace mtesim::models {

namespace {
enum Offset : uint64_t {
  kDR = 0x000, kRSR = 0x004, kFR = 0x018, kILPR = 0x020, kIBRD = 0x024, kFBRD = 0x028, kLCR_H = 0x02C,
  kCR = 0x030, kIFLS = 0x034, kIMSC = 0x038, kRIS = 0x03C, kMIS = 0x040, kICR = 0x044, kDMACR = 0x048,
};
constexpr uint32_t kFrRxfe = 1u << 4, kFrTxfe = 1u << 7;
// PeriphID0..3 then PCellID0..3, at 0xFE0..0xFFC.
constexpr uint8_t kIdBytes[8] = {0x11, 0x10, 0x14, 0x00, 0x0D, 0xF0, 0x05, 0xB1};
}  // namespace

Pl011::Pl011(sc_core::sc_module_name name, Sink sink) : sc_module(name), socket("socket"), sink_(std::move(sink)) {
  socket.register_b_transport(this, &Pl011::b_transport);
  socket.register_transport_dbg(this, &Pl011::transport_dbg);
}

uint32_t Pl011::ReadRegister(uint64_t offset) const {
  if (offset >= 0xFE0 && offset < 0x1000) return kIdBytes[(offset - 0xFE0) / 4];
  switch (offset) {
    case kFR: return kFrRxfe | kFrTxfe;
    case kILPR: return ilpr_;
    case kIBRD: return ibrd_;
    case kFBRD: return fbrd_;
    case kLCR_H: return lcr_h_;
    case kCR: return cr_;
    case kIFLS: return ifls_;
    case kIMSC: return imsc_;
    case kDMACR: return dmacr_;
    default: return 0;  // DR (nothing received), RSR, RIS, MIS, reserved
  }
}

void Pl011::WriteRegister(uint64_t offset, uint32_t value) {
  switch (offset) {
    case kDR:
      sink_(static_cast<char>(value & 0xFF));
      ++bytes_transmitted_;
      break;
    case kILPR: ilpr_ = value & 0xFF; break;
    case kIBRD: ibrd_ = value & 0xFFFF; break;
    case kFBRD: fbrd_ = value & 0x3F; break;
    case kLCR_H: lcr_h_ = value & 0xFF; break;
    case kCR: cr_ = value & 0xFFFF; break;
    case kIFLS: ifls_ = value & 0x3F; break;
    case kIMSC: imsc_ = value & 0x7FF; break;
    case kDMACR: dmacr_ = value & 7; break;
    default: break;  // RSR/ECR, ICR: no error or interrupt state is modelled
  }
}

void Pl011::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time&) {
  const uint64_t addr = trans.get_address();
  const unsigned len = trans.get_data_length();
  if (len == 0 || len > 4 || addr + len > 0x1000) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  // Registers are 32-bit; narrower accesses see the bytes of the containing word.
  const uint64_t reg = addr & ~uint64_t{3};
  const unsigned shift = static_cast<unsigned>(addr & 3) * 8;
  if (trans.is_read()) {
    const uint32_t v = ReadRegister(reg) >> shift;
    std::memcpy(trans.get_data_ptr(), &v, len);
  } else if (trans.is_write()) {
    uint32_t v = 0;
    std::memcpy(&v, trans.get_data_ptr(), len);
    WriteRegister(reg, v << shift);
  }
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned Pl011::transport_dbg(tlm::tlm_generic_payload& trans) {
  if (!trans.is_read() || trans.get_address() + trans.get_data_length() > 0x1000) return 0;
  // Debug reads have no side effects; no register read has one anyway.
  for (unsigned i = 0; i < trans.get_data_length(); ++i) {
    const uint64_t a = trans.get_address() + i;
    trans.get_data_ptr()[i] = static_cast<uint8_t>(ReadRegister(a & ~uint64_t{3}) >> ((a & 3) * 8));
  }
  return trans.get_data_length();
}

}  // namespace mtesim::models
