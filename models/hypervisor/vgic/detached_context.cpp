#include "models/hypervisor/vgic/detached_context.h"

namespace mtesim::hyp {
namespace {

sc_core::sc_simcontext& DetachedContext() {
  // Never deleted: modules built in it may outlive any static destructor order.
  static sc_core::sc_simcontext* const context = [] {
    sc_core::sc_simcontext* const host = sc_core::sc_get_curr_simcontext();
    auto* c = new sc_core::sc_simcontext;
    sc_core::sc_curr_simcontext = host;  // creating a context does not make it current, but be sure
    return c;
  }();
  return *context;
}

}  // namespace

DetachedSimContextScope::DetachedSimContextScope() : previous_(sc_core::sc_get_curr_simcontext()) {
  sc_core::sc_curr_simcontext = &DetachedContext();
}

DetachedSimContextScope::~DetachedSimContextScope() { sc_core::sc_curr_simcontext = previous_; }

}  // namespace mtesim::hyp
