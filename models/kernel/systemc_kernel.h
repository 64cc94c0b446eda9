// The two points where mtesim drives the SystemC kernel itself: starting it, and ending
// one of its own threads. Both go through here because SystemC 2.3.4's QuickThreads
// coroutines need care at exactly those points under AddressSanitizer (docs/sanitizers.md).
#pragma once

#include <systemc>

namespace mtesim::models {

// sc_start(duration), or sc_start() when none is given: runs until the duration has
// passed, sc_stop, or no process can run.
void StartSimulation();
void StartSimulation(const sc_core::sc_time& duration);

// Ends the calling SystemC thread for good: it waits on nothing and never runs again, so
// it no longer keeps the simulation going. mtesim's threads end here instead of returning,
// because a returning thread's coroutine switches away without telling ASan, which then
// loses track of the stack the next thread runs on.
[[noreturn]] void EndThisThread();

}  // namespace mtesim::models
