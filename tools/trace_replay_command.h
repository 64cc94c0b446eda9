// `mtesim trace replay TRACE [--config FILE.json] [--smp N] [--vcpus-per-pe N]
// [--memory SIZE] [--stats FILE.json]`: the trace-driven replay (traces/replay.h) from the
// command line. Like the other trace tools (tools/trace_commands.h) it runs from its CLI11
// callback, during parsing; errors are mtesim::Error (one line naming the file or setting).
#pragma once

namespace CLI {
class App;
}

namespace mtesim::tools {

// Adds replay under `trace`.
void AddTraceReplayCommand(CLI::App* trace);

}  // namespace mtesim::tools
