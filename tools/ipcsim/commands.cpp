#include "tools/ipcsim/commands.h"

#include "kernel/errno.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <thread>

#include "tools/scenario/boot.h"
#include "tools/scenario/expectations.h"
#include "tools/scenario/json_report.h"
#include "tools/scenario/loader.h"
#include "tools/scenario/report.h"
#include "tools/scenario/runner.h"

namespace ipcsim::cli {

const char* const run_usage =
    "usage: ipcsim run FILE [--seed N] [--quiet] [--json OUT]\n"
    "\n"
    "Runs one scenario and prints its header, timeline and counters.\n"
    "  --seed N    override the file's seed\n"
    "  --quiet     no timeline: header, counters and verdict only\n"
    "  --json OUT  also write the whole run (trace included) as JSON to OUT\n"
    "exit: 0 held, 1 expectation failed, 2 invalid file, 3 unexpected deadlock, 4 limit passed\n";

const char* const check_usage =
    "usage: ipcsim check FILE...\n"
    "\n"
    "Checks scenario files without running them; prints FILE:LINE:COLUMN: problem.\n"
    "exit: 0 all valid, 2 any invalid\n";

const char* const test_usage =
    "usage: ipcsim test [FILES|DIRS] [-j N]\n"
    "\n"
    "Runs scenarios (directories: every *.yaml below, sorted; default: scenarios)\n"
    "and prints PASS or FAIL per file with the first mismatch, then a count.\n"
    "  -j N   run N files at once (default 1)\n"
    "exit: one file as `run`; several: 0 all held, 2 any invalid, 1 otherwise\n";

namespace {

bool wants_help(const std::vector<std::string>& args) {
  return std::find(args.begin(), args.end(), "--help") != args.end() ||
         std::find(args.begin(), args.end(), "-h") != args.end();
}

int usage_error(const std::string& problem, const char* usage) {
  std::cerr << "ipcsim: " << problem << "\n\n" << usage;
  return exit_usage;
}

std::optional<std::uint64_t> parse_unsigned(const std::string& text) {
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// Both prints the timeline as it happens and keeps it for --json.
class TraceTee final : public sim::TraceSink {
 public:
  TraceTee(sim::TraceSink* first, sim::TraceSink* second) : first_(first), second_(second) {}
  void record(const sim::TraceRecord& record) override {
    if (first_) first_->record(record);
    if (second_) second_->record(record);
  }

 private:
  sim::TraceSink* first_;
  sim::TraceSink* second_;
};

}  // namespace

int run_command(const std::vector<std::string>& args) {
  if (wants_help(args)) {
    std::cout << run_usage;
    return 0;
  }
  std::optional<std::string> file;
  std::optional<std::uint64_t> seed;
  std::optional<std::string> json_path;
  bool quiet = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--quiet" || arg == "-q") {
      quiet = true;
    } else if (arg == "--seed" || arg == "--json") {
      if (i + 1 >= args.size()) return usage_error(arg + " needs a value", run_usage);
      const std::string& value = args[++i];
      if (arg == "--json") {
        json_path = value;
      } else {
        seed = parse_unsigned(value);
        if (!seed) return usage_error("--seed needs a non-negative integer, not '" + value + "'", run_usage);
      }
    } else if (!arg.empty() && arg[0] == '-') {
      return usage_error("unknown option '" + arg + "'", run_usage);
    } else if (file) {
      return usage_error("one scenario file at a time", run_usage);
    } else {
      file = arg;
    }
  }
  if (!file) return usage_error("which scenario file?", run_usage);

  scenario::LoadResult loaded = scenario::load_scenario_file(*file);
  if (loaded.error) {
    std::cerr << loaded.error->to_string() << '\n';
    return 2;
  }
  std::ofstream json_file;
  if (json_path) {
    json_file.open(*json_path);
    if (!json_file) {
      std::cerr << "ipcsim: cannot write " << *json_path << '\n';
      return 2;
    }
  }
  const scenario::Scenario& scenario = *loaded.scenario;
  scenario::Machine machine(scenario, seed.value_or(scenario.seed));
  scenario::print_header(std::cout, machine);
  scenario::TracePrinter printer(std::cout);
  sim::TraceLog log;
  TraceTee tee(quiet ? nullptr : &printer, json_path ? &log : nullptr);
  if (!quiet) std::cout << '\n';
  machine.run(quiet && !json_path ? nullptr : &tee);
  const auto mismatches = scenario::check_expectations(machine);
  const int code = scenario::exit_code(machine, mismatches);
  scenario::print_summary(std::cout, machine);
  scenario::print_verdict(std::cout, machine, mismatches, code);
  if (json_path) scenario::write_json_report(json_file, machine, log.records(), mismatches, code);
  return code;
}

int check_command(const std::vector<std::string>& args) {
  if (wants_help(args)) {
    std::cout << check_usage;
    return 0;
  }
  if (args.empty()) return usage_error("which scenario files?", check_usage);
  int code = 0;
  for (const std::string& file : args) {
    if (!file.empty() && file[0] == '-') return usage_error("unknown option '" + file + "'", check_usage);
    scenario::LoadResult loaded = scenario::load_scenario_file(file);
    if (loaded.error) {
      std::cout << loaded.error->to_string() << '\n';
      code = 2;
    } else {
      std::cout << "ok " << file << '\n';
    }
  }
  return code;
}

int test_command(const std::vector<std::string>& args) {
  if (wants_help(args)) {
    std::cout << test_usage;
    return 0;
  }
  std::vector<std::string> paths;
  unsigned jobs = 1;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-j") {
      if (i + 1 >= args.size()) return usage_error("-j needs a number", test_usage);
      const auto n = parse_unsigned(args[++i]);
      if (!n || *n == 0 || *n > 256) return usage_error("-j needs a number from 1 to 256", test_usage);
      jobs = static_cast<unsigned>(*n);
    } else if (!args[i].empty() && args[i][0] == '-') {
      return usage_error("unknown option '" + args[i] + "'", test_usage);
    } else {
      paths.push_back(args[i]);
    }
  }
  if (paths.empty()) paths.push_back("scenarios");

  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
      std::vector<std::string> found;
      for (const auto& entry : std::filesystem::recursive_directory_iterator(path, error))
        if (entry.is_regular_file() && entry.path().extension() == ".yaml") found.push_back(entry.path().string());
      std::sort(found.begin(), found.end());  // directory order is not deterministic
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.push_back(path);
    }
  }
  if (files.empty()) return usage_error("no scenario files found", test_usage);

  std::vector<scenario::TestResult> results(files.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < files.size(); i = next++) results[i] = scenario::test_scenario_file(files[i]);
  };
  std::vector<std::thread> threads;
  for (unsigned j = 1; j < std::min<std::size_t>(jobs, files.size()); ++j) threads.emplace_back(worker);
  worker();
  for (auto& thread : threads) thread.join();

  std::size_t passed = 0;
  bool invalid = false;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto& result = results[i];
    if (result.exit_code == 0) {
      ++passed;
      std::cout << "PASS " << files[i] << '\n';
    } else {
      invalid = invalid || result.exit_code == 2;
      std::cout << "FAIL " << files[i] << " (exit " << result.exit_code << "): " << result.first_problem << '\n';
    }
  }
  std::cout << passed << " passed, " << files.size() - passed << " failed\n";
  if (files.size() == 1) return results.front().exit_code;
  if (passed == files.size()) return 0;
  return invalid ? 2 : 1;
}

}  // namespace ipcsim::cli
