#include "tools/trace_replay_command.h"

#include <cstdio>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "models/config/json_reader.h"
#include "models/error.h"
#include "models/platform/platform_config.h"
#include "traces/output_file.h"
#include "traces/replay.h"

namespace mtesim::tools {

namespace {

// Numbers as text, read by config::ParseWholeNumber (as `mtesim run` reads them):
// CLI11's own conversion wraps "-1" and takes "0x10".
struct ReplayOptions {
  std::string trace, config, stats, memory, smp, vcpus_per_pe;
  bool smp_set = false, vcpus_per_pe_set = false;
};

void RunReplay(const ReplayOptions& o) {
  models::PlatformConfig config;
  // The recording's machine in timing mode: the same file `mtesim run --config` read.
  if (!o.config.empty()) models::ApplyConfigFile(o.config, config);
  if (!o.memory.empty()) config.memory_bytes = models::ParseSize(o.memory, "--memory");
  if (o.smp_set) config.smp = static_cast<unsigned>(config::ParseWholeNumber(o.smp, "--smp", UINT32_MAX));
  if (o.vcpus_per_pe_set)
    config.vcpus_per_pe = static_cast<unsigned>(config::ParseWholeNumber(o.vcpus_per_pe, "--vcpus-per-pe", UINT32_MAX));
  config.mode = "timing";
  std::unique_ptr<traces::OutputFile> stats;
  if (!o.stats.empty()) stats = std::make_unique<traces::OutputFile>(o.stats);
  const traces::ReplayResult r = traces::Replay(o.trace, config);
  const double rate = r.host_seconds > 0 ? static_cast<double>(r.accesses) / r.host_seconds : 0;
  std::fprintf(stderr,
               "mtesim: replayed %s: %llu accesses and %llu instructions on %zu PE(s) in %.3f s of host time "
               "(%.1f M accesses/s); simulated time %.6f s\n",
               o.trace.c_str(), static_cast<unsigned long long>(r.accesses),
               static_cast<unsigned long long>(r.instructions), r.pe_cycles.size(), r.host_seconds, rate / 1e6,
               r.simulated_seconds);
  if (!o.stats.empty()) {
    nlohmann::json j = r.statistics;
    j["host_seconds"] = r.host_seconds;
    j["accesses_per_second"] = rate;
    stats->Write(j.dump(2) + "\n");
    stats->Close();  // one line naming the file for a write error
  }
}

}  // namespace

void AddTraceReplayCommand(CLI::App* trace) {
  auto options = std::make_shared<ReplayOptions>();
  CLI::App* replay = trace->add_subcommand(
      "replay", "time a recorded trace on the timing memory system (caches, tag cache, DRAM) without executing it");
  replay->add_option("TRACE", options->trace, "a binary trace (*.mtt) of detail memory or instructions")->required();
  replay->add_option("--config", options->config,
                     "JSON platform configuration: its timing, memory and PEs (the recording's, or one to explore)");
  replay->add_option("--smp", options->smp, "number of vCPUs the recording ran (default 1; as mtesim run --smp)");
  replay->add_option("--vcpus-per-pe", options->vcpus_per_pe,
                     "vCPUs time-sliced on each host PE in the recording (default 1; as mtesim run)");
  replay->add_option("--memory", options->memory, "guest memory size the recording ran with (as mtesim run --memory)");
  replay->add_option("--stats", options->stats, "write the statistics as JSON to this file");
  replay->callback([options, replay] {
    options->smp_set = replay->count("--smp") > 0;
    options->vcpus_per_pe_set = replay->count("--vcpus-per-pe") > 0;
    RunReplay(*options);
  });
}

}  // namespace mtesim::tools
