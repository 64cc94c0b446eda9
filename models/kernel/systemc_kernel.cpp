#include "models/kernel/systemc_kernel.h"

#include "models/kernel/under_asan.h"

#ifdef MTESIM_UNDER_ASAN
#include <pthread.h>
#include <sanitizer/common_interface_defs.h>

// ASan's settings for every program that runs SystemC (ASAN_OPTIONS still overrides).
// SystemC's coroutine switches give ASan nowhere to keep a suspended thread's fake stack,
// so use-after-return detection (ASan's fake stacks) would free the locals of every
// thread that waits: it stays off, as it is by default.
extern "C" const char* __asan_default_options() { return "detect_stack_use_after_return=0"; }
#endif

namespace mtesim::models {
namespace {

#ifdef MTESIM_UNDER_ASAN
// SystemC 2.3.4's QuickThreads coroutines tell ASan about every stack switch, but they
// describe the main coroutine's stack as empty (address 0, size 0): once a process has
// yielded back to sc_start's caller, ASan believes the main thread has no stack. An
// exception thrown there (an image that cannot be loaded, say) then leaves its unwound
// frames poisoned, with a warning that false reports may follow. A switch to the same
// stack, announced and finished at once, gives ASan the real bounds back.
void ReannounceMainStackToAsan() {
  static const void* bottom = nullptr;
  static size_t size = 0;
  if (!bottom) {
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) return;
    void* addr = nullptr;
    pthread_attr_getstack(&attr, &addr, &size);
    pthread_attr_destroy(&attr);
    bottom = addr;
  }
  void* fake_stack = nullptr;
  __sanitizer_start_switch_fiber(&fake_stack, bottom, size);
  __sanitizer_finish_switch_fiber(fake_stack, nullptr, nullptr);
}
#else
void ReannounceMainStackToAsan() {}
#endif

}  // namespace

void StartSimulation() {
  sc_core::sc_start();
  ReannounceMainStackToAsan();
}

void StartSimulation(const sc_core::sc_time& duration) {
  sc_core::sc_start(duration);
  ReannounceMainStackToAsan();
}

void EndThisThread() {
  // Waiting on its static sensitivity, which mtesim's threads leave empty: nothing can
  // resume it (the loop is only there to keep the promise of [[noreturn]]).
  for (;;) sc_core::wait();
}

}  // namespace mtesim::models
