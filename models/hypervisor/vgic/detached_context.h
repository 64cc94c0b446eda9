// SystemC forbids creating modules once the simulation has elaborated (IEEE 1666 4.1),
// but a VMM creates a VM's vGIC whenever it likes (KVM_CREATE_DEVICE), typically after
// the host machine started. The vGIC's register model (a models::Gicv2 or Gicv3) is a
// passive sc_module: it runs no process, every access is a direct call from the thread
// of the vCPU that made it, and its target sockets are reached through their exports,
// never bound to a router. So it is built in a simulation context of its own that is
// never elaborated or started: the module exists as SystemC requires, and the host's
// context, elaborated or not, is untouched. One such context serves every vGIC.
#pragma once

#include <systemc>

namespace mtesim::hyp {

// While alive, SystemC objects are created in (and destroyed from) the detached context.
class DetachedSimContextScope {
 public:
  DetachedSimContextScope();
  ~DetachedSimContextScope();
  DetachedSimContextScope(const DetachedSimContextScope&) = delete;
  DetachedSimContextScope& operator=(const DetachedSimContextScope&) = delete;

 private:
  sc_core::sc_simcontext* previous_;
};

}  // namespace mtesim::hyp
