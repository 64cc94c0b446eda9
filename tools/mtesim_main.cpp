// mtesim: the command-line front end (platform.md, "Command line"). A thin shell over
// models/platform: parse options, build the platform, run, report. stdout carries only
// the guest's console bytes; everything mtesim says goes to stderr.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <systemc>

#include "models/error.h"
#include "models/platform/capabilities.h"
#include "models/platform/platform.h"
#include "tools/trace_commands.h"
#include "tools/trace_replay_command.h"
#include "traces/output_file.h"
#include "traces/recorder.h"
#include "traces/text_trace.h"
#include "traces/trace_options.h"

namespace {

constexpr int kExitHostError = 1;

// SystemC reports to stdout by default; keep stdout for the guest.
void ReportToStderr(const sc_core::sc_report& report, const sc_core::sc_actions& actions) {
  if (report.get_severity() == sc_core::SC_INFO) return;  // e.g. "simulation stopped by user"
  std::fprintf(stderr, "mtesim: systemc: %s: %s\n", report.get_msg_type(), report.get_msg());
  if (actions & sc_core::SC_ABORT) std::abort();
  if (actions & sc_core::SC_THROW) throw report;
}

using mtesim::traces::ParseTraceRequest;
using mtesim::traces::TraceRequest;

int Run(int argc, char* argv[]) {
  CLI::App app{"mtesim: a cycle-approximate simulator of Arm's Memory Tagging Extension"};
  app.require_subcommand(1);
  CLI::App* run = app.add_subcommand("run", "boot IMAGE on the QEMU-virt compatible platform");
  std::string image, memory, mte, append, mode, config_file, stats_file, trace_file;
  // Numbers are taken as text and read by config::ParseWholeNumber: CLI11's own
  // conversion wraps "-1" to 2^64-1 and takes "0x10", which the contract refuses.
  std::string smp, gic_version, vcpus_per_pe, max_insns;
  bool virtualization = false;
  std::string hypervisor, notagaccess_policy;
  std::string migrate, migrate_after_lines, migration_transport, migration_bandwidth, swap_limit, backing;
  run->add_option("IMAGE", image, "ELF, arm64 Image or raw binary")->required();
  run->add_flag("--virtualization", virtualization,
                "PEs implement EL2 and boot there; PSCI over SMC (QEMU virt's virtualization=on)");
  run->add_option("--hypervisor", hypervisor,
                  "model: the guest runs as a VM of the hypervisor model (default); none: directly on the PEs");
  run->add_option("--vcpus-per-pe", vcpus_per_pe,
                  "vCPUs (--smp) time-sliced on each host PE by the hypervisor model (default 1)");
  run->add_option("--notagaccess-policy", notagaccess_policy,
                  "a VM's tag access to memory without tag storage: kill (default), remap or sea");
  run->add_option("--migrate", migrate,
                  "live-migrate the VM to a second VM of the board while it runs: precopy or postcopy");
  run->add_option("--migrate-after-lines", migrate_after_lines,
                  "switch over once the guest has printed N console lines (default: as soon as possible)");
  run->add_option("--migration-transport", migration_transport,
                  "how a migration carries tags: with-page (default) or separate (a pass of their own)");
  run->add_option("--migration-bandwidth", migration_bandwidth,
                  "the migration link in bytes per second, e.g. 1250M (10 Gbit/s, the default) or 12500M");
  run->add_option("--swap-limit", swap_limit, "keep the VM's resident pages at or below PAGES by swapping (0: no swap)");
  run->add_option("--backing", backing, "map the VM's memory lazy (on first access, default) or eager (before it starts)");
  run->add_option("--gic-version", gic_version,
                  "interrupt controller: 2 or 3 (default: QEMU virt's, GICv2 up to 8 PEs, else GICv3)");
  run->add_option("--memory", memory, "RAM size (default 256M)");
  run->add_option("--smp", smp, "number of PEs (default 1)");
  run->add_option("--mte", mte, "MTE level: off, 1, 2, 3 or max (default off)");
  run->add_option("--append", append, "kernel command line (/chosen/bootargs)");
  run->add_option("--mode", mode, "functional or timing (default functional)");
  run->add_option("--config", config_file, "JSON platform configuration");
  run->add_option("--stats", stats_file, "write statistics as JSON to this file");
  run->add_option("--max-insns", max_insns, "stop with status 3 after this many instructions");
  std::string trace_format, trace_detail, trace_interval;
  run->add_option("--trace", trace_file,
                  "record a trace to this file: binary (docs/trace-format.md) when it ends in .mtt, else text");
  run->add_option("--trace-format", trace_format, "binary or text (default: binary for *.mtt, else text)");
  run->add_option("--trace-detail", trace_detail,
                  "what a binary trace holds: events, memory (default: + every access) or instructions");
  run->add_option("--trace-interval", trace_interval,
                  "simulated time between counter samples of a binary trace, e.g. 10us (default) or 500ns");

  // `mtesim capabilities`: the platform's PEs and memory as the same options configure
  // them, as JSON on stdout (no guest runs).
  CLI::App* caps = app.add_subcommand("capabilities", "list what each PE implements and what the VM gets, as JSON");
  caps->add_option("--config", config_file, "JSON platform configuration");
  caps->add_option("--memory", memory, "RAM size (default 256M)");
  caps->add_option("--smp", smp, "number of PEs (default 1)");
  caps->add_option("--mte", mte, "MTE level the VM asks for: off, 1, 2, 3 or max (default off)");
  caps->add_flag("--virtualization", virtualization, "PEs implement EL2");
  caps->add_option("--gic-version", gic_version, "interrupt controller: 2 or 3");

  // `mtesim statistics`: every statistic the platform so configured registers, one per
  // line as "dotted.name<TAB>description" (the documentation of --stats; no guest runs).
  CLI::App* stat_names = app.add_subcommand("statistics", "list every statistic --stats writes, with its description");
  stat_names->add_option("--config", config_file, "JSON platform configuration");
  stat_names->add_option("--smp", smp, "number of PEs (default 1)");
  stat_names->add_option("--mte", mte, "MTE level: off, 1, 2, 3 or max (default off)");
  stat_names->add_option("--mode", mode, "functional or timing (default functional)");

  // `mtesim trace ...`: the trace tools (tools/trace_commands.h) run while parsing.
  CLI::App* trace = app.add_subcommand("trace", "inspect, dump, convert and replay binary traces (*.mtt)")->require_subcommand(1);
  mtesim::tools::AddTraceCommands(trace);
  mtesim::tools::AddTraceReplayCommand(trace);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "mtesim: %s\n", e.what());
    return kExitHostError;
  }
  if (*trace) return 0;

  mtesim::models::PlatformConfig config;
  if (!config_file.empty()) mtesim::models::ApplyConfigFile(config_file, config);
  if (run->count("--memory") || caps->count("--memory")) config.memory_bytes = mtesim::models::ParseSize(memory, "--memory");
  using mtesim::config::ParseWholeNumber;
  if (run->count("--smp") || caps->count("--smp") || stat_names->count("--smp"))
    config.smp = static_cast<unsigned>(ParseWholeNumber(smp, "--smp", UINT32_MAX));
  if (!mte.empty()) config.mte = mtesim::models::ParseMteLevel(mte, "--mte");
  if (virtualization) config.virtualization = true;
  if (run->count("--gic-version") || caps->count("--gic-version")) {
    const uint64_t version = ParseWholeNumber(gic_version, "--gic-version");
    if (version != 2 && version != 3) throw mtesim::Error("--gic-version " + gic_version + ": must be 2 or 3");
    config.gic_version = static_cast<unsigned>(version);
  }
  if (*caps) {
    std::cout << mtesim::models::DescribeCapabilities(config).dump(2) << "\n";
    return 0;
  }
  if (run->count("--append")) config.bootargs = append;
  if (run->count("--hypervisor")) {
    config.hypervisor = mtesim::models::ParseHypervisor(hypervisor, "--hypervisor");
    config.hypervisor_set = true;
  }
  if (run->count("--vcpus-per-pe")) config.vcpus_per_pe = static_cast<unsigned>(ParseWholeNumber(vcpus_per_pe, "--vcpus-per-pe", UINT32_MAX));
  if (run->count("--notagaccess-policy"))
    config.notagaccess_policy = mtesim::models::ParseNoTagAccessPolicy(notagaccess_policy, "--notagaccess-policy");
  mtesim::models::VmOperationsConfig& ops = config.operations;
  if (run->count("--migrate")) ops.migrate = mtesim::models::ParseMigrationMode(migrate, "--migrate");
  if (run->count("--migrate-after-lines")) {
    ops.migrate_after_lines = ParseWholeNumber(migrate_after_lines, "--migrate-after-lines");
    ops.migrate_after_lines_set = true;
  }
  if (run->count("--migration-transport"))
    ops.transport = mtesim::models::ParseMigrationTransport(migration_transport, "--migration-transport");
  if (run->count("--migration-bandwidth"))
    ops.migration_bandwidth = mtesim::models::ParseSize(migration_bandwidth, "--migration-bandwidth");
  if (run->count("--swap-limit")) ops.swap_limit_pages = ParseWholeNumber(swap_limit, "--swap-limit");
  if (run->count("--backing")) ops.backing = mtesim::models::ParseBacking(backing, "--backing");
  if (!mode.empty()) config.mode = mode;
  if (*stat_names) {
    mtesim::models::Platform platform(config, [](char) {});
    for (const mtesim::stats::StatName& s : platform.statistics().Describe())
      std::cout << s.name << '\t' << s.description << '\n';
    return 0;
  }
  if (run->count("--max-insns")) {
    config.max_insns = ParseWholeNumber(max_insns, "--max-insns");
    if (config.max_insns == 0) throw mtesim::Error("--max-insns 0: must be at least 1");
  }

  // An empty interval would read as "not given" below.
  if (run->count("--trace-interval") && trace_interval.empty()) ParseWholeNumber(trace_interval, "--trace-interval");
  const TraceRequest trace_request = ParseTraceRequest(trace_file, trace_format, trace_detail, trace_interval);
  // Created before the run, so an unwritable path costs no simulation; a write error
  // (a full device) is reported by Close(). "./-": the statistics never go to stdout.
  std::unique_ptr<mtesim::traces::OutputFile> stats;
  if (!stats_file.empty()) stats = std::make_unique<mtesim::traces::OutputFile>(stats_file == "-" ? "./-" : stats_file);

  mtesim::models::Platform platform(config, [](char c) { std::fputc(c, stdout); });
  platform.LoadKernel(image);
  std::unique_ptr<mtesim::traces::Recorder> recorder;
  std::unique_ptr<mtesim::traces::TextTrace> text_trace;
  if (trace_request.binary) recorder = std::make_unique<mtesim::traces::Recorder>(platform, trace_file, trace_request.options);
  else if (!trace_file.empty()) text_trace = std::make_unique<mtesim::traces::TextTrace>(platform.board(), trace_file);
  const mtesim::models::RunResult result = platform.Run();
  std::fflush(stdout);
  int output_failed = 0;
  try {
    if (recorder) recorder->Close();
    if (text_trace) text_trace->Close();
  } catch (const mtesim::Error& e) {
    std::fprintf(stderr, "mtesim: %s\n", e.what());
    output_failed = kExitHostError;
  }
  if (!result.reason.empty()) std::fprintf(stderr, "mtesim: %s\n", result.reason.c_str());
  if (const std::string summary = platform.Summary(); !summary.empty()) std::fprintf(stderr, "mtesim: %s\n", summary.c_str());
  if (stats) {
    nlohmann::json j = platform.Statistics();
    j["exit_status"] = result.exit_status;
    j["host_seconds"] = result.host_seconds;
    j["mips"] = result.host_seconds > 0 ? static_cast<double>(result.instructions) / result.host_seconds / 1e6 : 0.0;
    stats->Write(j.dump(2) + "\n");
    try {
      stats->Close();
    } catch (const mtesim::Error& e) {
      std::fprintf(stderr, "mtesim: %s\n", e.what());
      output_failed = kExitHostError;
    }
  }
  return output_failed ? output_failed : result.exit_status;
}

}  // namespace

int sc_main(int argc, char* argv[]) {
  sc_core::sc_report_handler::set_handler(ReportToStderr);
  try {
    return Run(argc, argv);
  } catch (const mtesim::Error& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "mtesim: %s\n", e.what());
    return kExitHostError;
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "mtesim: internal error: %s\n", e.what());
    return kExitHostError;
  }
}

// SystemC prints its banner on stdout unless told not to, before sc_main runs.
int main(int argc, char* argv[]) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  return sc_core::sc_elab_and_sim(argc, argv);
}
