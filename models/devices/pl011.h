// Arm PL011 UART, as much as a console needs: bytes written to UARTDR go to the console
// sink immediately; the transmit FIFO never fills (FR.TXFF = 0) and nothing is received
// (FR.RXFE = 1). The ID registers read as a real PL011 so drivers probe it.
#pragma once
#include <cstdint>
#include <functional>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

namespace mtesim::models {

class Pl011 : public sc_core::sc_module {
 public:
  using Sink = std::function<void(char)>;
  tlm_utils::simple_target_socket<Pl011> socket;

  Pl011(sc_core::sc_module_name name, Sink sink);

  uint64_t bytes_transmitted() const { return bytes_transmitted_; }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned transport_dbg(tlm::tlm_generic_payload& trans);
  uint32_t ReadRegister(uint64_t offset) const;
  void WriteRegister(uint64_t offset, uint32_t value);

  Sink sink_;
  uint64_t bytes_transmitted_ = 0;
  uint32_t ibrd_ = 0, fbrd_ = 0, lcr_h_ = 0, cr_ = 0x300, ifls_ = 0x12, imsc_ = 0, dmacr_ = 0, ilpr_ = 0;
};

}  // namespace mtesim::models
