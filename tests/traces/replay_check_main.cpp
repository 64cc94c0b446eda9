// Replay equivalence: a guest recorded by the real `mtesim run --mode timing --trace`
// (its own process: SystemC elaborates once per process, and the replay in this one must
// come before any elaboration), then replayed here through traces::Replay with the same
// configuration, and optionally once more with a changed one (a sweep point) against an
// execution run with that configuration. The replay must give the run's statistics:
//   - every counter of peN (instructions, cycles, exception cycles, L1I, L1D, stalls), of
//     l2 and of memory (tag cache, DRAM), and the total instructions: exactly equal
//     (measured: equal for every guest here; see docs/trace-format.md, "Replay");
//   - simulated_seconds: the replay's is the latest PE's own time; the run's is SystemC's
//     at the stop, which lags the PEs' local time by at most one quantum (quantum_ns).
//   trace_replay_check MTESIM ELF WORKDIR CONFIG_JSON [SWEEP_JSON] [-- RUN_ARGS...]
// CONFIG_JSON is a platform configuration as `mtesim run --config` takes it (inline);
// SWEEP_JSON is merged into it (JSON merge patch) for the sweep point. RUN_ARGS go to
// both runs (e.g. --max-insns N). Exit status 0 when every rule holds.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include "models/error.h"
#include "models/platform/platform_config.h"
#include "traces/replay.h"

namespace {

using namespace mtesim;
using nlohmann::json;

int failures = 0;
void Rule(bool ok, const std::string& what) {
  std::printf("%s %s\n", ok ? "ok  " : "FAIL", what.c_str());
  if (!ok) ++failures;
}

std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// Runs the guest in timing mode in a process of its own; its --stats as JSON.
json RunGuest(const std::string& mtesim, const std::string& elf, const std::string& dir, const std::string& name,
              const json& config, const std::vector<std::string>& run_args, const std::string& trace) {
  const std::string config_file = dir + "/" + name + ".config.json";
  const std::string stats_file = dir + "/" + name + ".stats.json";
  std::ofstream(config_file) << config.dump();
  std::string cmd = Quote(mtesim) + " run " + Quote(elf) + " --mode timing --config " + Quote(config_file) +
                    " --stats " + Quote(stats_file);
  if (!trace.empty()) cmd += " --trace " + Quote(trace);
  for (const std::string& a : run_args) cmd += " " + Quote(a);
  cmd += " > " + Quote(dir + "/" + name + ".console") + " 2>&1";
  const int status = std::system(cmd.c_str());
  // 0: the guest powered off; 3: it reached --max-insns (a prefix of a long benchmark).
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  Rule(code == 0 || code == 3, name + ": mtesim run exited " + std::to_string(code));
  std::ifstream in(stats_file);
  if (!in) throw Error(stats_file + ": the run wrote no statistics");
  return json::parse(in);
}

// Every number under `j`, by dotted name.
void Flatten(const json& j, const std::string& prefix, std::vector<std::pair<std::string, json>>& out) {
  for (const auto& [k, v] : j.items()) {
    if (v.is_object()) Flatten(v, prefix + k + ".", out);
    else if (v.is_number()) out.emplace_back(prefix + k, v);
  }
}

void Compare(const json& run, const json& replay, const std::string& what, double quantum_s) {
  std::vector<std::pair<std::string, json>> counters;
  Flatten(run, "", counters);
  unsigned compared = 0, differing = 0;
  for (const auto& [name, value] : counters) {
    const bool modelled = name.rfind("pe", 0) == 0 || name.rfind("l2.", 0) == 0 || name.rfind("memory.", 0) == 0 ||
                          name == "instructions";
    // A PE's other counters (TLBs, MMIO, sleeps) belong to execution, not to the replay.
    const json* r = nullptr;
    std::string path = "/" + name;
    for (char& c : path) c = c == '.' ? '/' : c;
    if (modelled && replay.contains(json::json_pointer(path))) r = &replay.at(json::json_pointer(path));
    if (!r) continue;
    ++compared;
    if (*r != value) {
      ++differing;
      Rule(false, what + ": " + name + " run " + value.dump() + ", replay " + r->dump());
    }
  }
  Rule(compared > 20 && differing == 0,
       what + ": " + std::to_string(compared) + " counters compared, " + std::to_string(differing) + " differ");
  const double run_s = run.at("simulated_seconds").get<double>();
  const double replay_s = replay.at("simulated_seconds").get<double>();
  Rule(replay_s >= run_s - 1e-12 && replay_s - run_s <= quantum_s + 1e-12,
       what + ": simulated time " + std::to_string(replay_s) + " s, the run's " + std::to_string(run_s) +
           " s + at most one quantum");
}

}  // namespace

int sc_main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s MTESIM ELF WORKDIR CONFIG_JSON [SWEEP_JSON] [-- RUN_ARGS...]\n", argv[0]);
    return 2;
  }
  const std::string mtesim = argv[1], elf = argv[2], dir = argv[3];
  try {
    const json config = json::parse(argv[4]);
    json sweep;
    std::vector<std::string> run_args;
    int i = 5;
    if (i < argc && std::string(argv[i]) != "--") sweep = json::parse(argv[i++]);
    if (i < argc && std::string(argv[i]) == "--") ++i;
    for (; i < argc; ++i) run_args.push_back(argv[i]);
    std::system(("mkdir -p " + Quote(dir)).c_str());
    const std::string trace = dir + "/recorded.mtt";

    const json run = RunGuest(mtesim, elf, dir, "recorded", config, run_args, trace);
    models::PlatformConfig platform;
    models::ApplyConfigJson(config, "config", platform);
    const double quantum_s = static_cast<double>(platform.quantum_ns) * 1e-9;
    const traces::ReplayResult replayed = traces::Replay(trace, platform);
    Rule(replayed.accesses > 0, "the replay timed " + std::to_string(replayed.accesses) + " accesses");
    Compare(run, replayed.statistics, "same configuration", quantum_s);

    if (!sweep.is_null()) {
      json changed = config;
      changed.merge_patch(sweep);
      const json swept_run = RunGuest(mtesim, elf, dir, "swept", changed, run_args, "");
      models::PlatformConfig swept;
      models::ApplyConfigJson(changed, "config", swept);
      const traces::ReplayResult swept_replay = traces::Replay(trace, swept);
      Compare(swept_run, swept_replay.statistics, "sweep " + sweep.dump(), quantum_s);
    }
  } catch (const Error& e) {
    Rule(false, e.what());
  } catch (const std::exception& e) {
    Rule(false, std::string("unexpected: ") + e.what());
  }
  return failures ? 1 : 0;
}
