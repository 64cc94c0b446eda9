// libsystemc's main() refers to sc_main, which a Python process never calls but the
// dynamic loader must resolve when it loads libsystemc: the mtesim package loads this
// library into the global scope (RTLD_GLOBAL) before it imports mtesim._native.
extern "C" int sc_main(int, char*[]);  // as SystemC declares it
int sc_main(int, char*[]) { return 1; }
