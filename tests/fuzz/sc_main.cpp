// libsystemc wants sc_main (declared extern "C" by its headers); libFuzzer's main runs
// instead. Targets that need a SystemC kernel set it up in LLVMFuzzerInitialize.
#include <systemc>

int sc_main(int, char**) { return 0; }
