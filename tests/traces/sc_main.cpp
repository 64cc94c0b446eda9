// libsystemc wants sc_main (declared extern "C" by its headers); gtest's main runs
// instead, and these tests need no sc_start.
#include <systemc>

int sc_main(int, char**) { return 0; }
