// `mtesim trace info|dump|convert`: the trace tools' command line, a thin shell over
// traces/ (trace_info, trace_dump, text_convert, perfetto_export). Each child runs from
// its CLI11 callback, during parsing; errors are mtesim::Error (one line naming the file).
#pragma once

namespace CLI {
class App;
}

namespace mtesim::tools {

// Adds info, dump and convert under `trace` (created by the caller, which other tools
// add children to as well).
void AddTraceCommands(CLI::App* trace);

}  // namespace mtesim::tools
