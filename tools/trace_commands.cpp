#include "tools/trace_commands.h"

#include <cstdio>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "models/config/json_reader.h"
#include "models/error.h"
#include "traces/perfetto_export.h"
#include "traces/text_convert.h"
#include "traces/trace_dump.h"
#include "traces/trace_info.h"

namespace mtesim::tools {

namespace {

struct Options {
  std::string file, to, out;
  // Numbers as text, read strictly (config::ParseWholeNumber) rather than by CLI11.
  std::string pe, limit;
};

}  // namespace

void AddTraceCommands(CLI::App* trace) {
  // Shared by the callbacks, which outlive this function (CLI11 keeps them).
  auto o = std::make_shared<Options>();

  CLI::App* info = trace->add_subcommand("info", "summarise a binary trace: header, record counts, per-PE activity");
  info->add_option("FILE", o->file, "the trace (*.mtt)")->required();
  info->callback([o] {
    const std::string text = traces::FormatTraceInfo(traces::ReadTraceInfo(o->file));
    std::fwrite(text.data(), 1, text.size(), stdout);
  });

  CLI::App* dump = trace->add_subcommand("dump", "print a binary trace's records, one per line");
  dump->add_option("FILE", o->file, "the trace (*.mtt)")->required();
  CLI::Option* pe = dump->add_option("--pe", o->pe, "only this PE's records (0 to 65535)");
  CLI::Option* limit = dump->add_option("--limit", o->limit, "stop after N lines");
  dump->callback([o, pe, limit] {
    traces::DumpOptions options;
    if (pe->count()) options.pe = static_cast<int>(config::ParseWholeNumber(o->pe, "--pe", 65535));
    if (limit->count()) options.limit = config::ParseWholeNumber(o->limit, "--limit");
    traces::DumpTrace(o->file, stdout, "stdout", options);
  });

  CLI::App* convert = trace->add_subcommand("convert", "convert a binary trace to the text form or a Perfetto timeline");
  convert->add_option("FILE", o->file, "the trace (*.mtt)")->required();
  convert->add_option("--to", o->to, "text (the lines --trace FILE.txt writes) or perfetto (Chrome JSON)")
      ->required()
      ->check(CLI::IsMember({"text", "perfetto"}));
  convert->add_option("-o,--output", o->out, "the file to write (-: stdout)")->required();
  convert->callback([o] {
    if (o->to == "text") traces::ConvertToText(o->file, o->out);
    else traces::ExportPerfetto(o->file, o->out);
  });
}

}  // namespace mtesim::tools
