#include "tools/scenario/runner.h"

#include "tools/scenario/loader.h"
#include "tools/scenario/boot.h"
#include "tools/scenario/expectations.h"
#include "tools/scenario/report.h"

namespace ipcsim::scenario {

TestResult test_scenario_file(const std::string& path, std::optional<std::uint64_t> seed) {
  LoadResult loaded = load_scenario_file(path);
  if (loaded.error) return TestResult{2, loaded.error->to_string()};
  const Scenario& scenario = *loaded.scenario;
  Machine machine(scenario, seed.value_or(scenario.seed));
  machine.run(nullptr);
  const auto mismatches = check_expectations(machine);
  TestResult result;
  result.exit_code = exit_code(machine, mismatches);
  if (result.exit_code == 0) return result;
  if (result.exit_code == 4 || result.exit_code == 3) {
    result.first_problem = outcome_text(machine);
  } else if (!mismatches.empty()) {
    const Mismatch& first = mismatches.front();
    result.first_problem = scenario.file;
    if (first.where.line) result.first_problem += ":" + std::to_string(first.where.line) + ":" + std::to_string(first.where.column);
    result.first_problem += ": " + first.message;
  } else {
    const auto& failure = machine.assertions().failures.front();
    result.first_problem = scenario.file + ":" + std::to_string(failure.line) + ":" + std::to_string(failure.column) +
                           ": " + failure.message;
  }
  return result;
}

}  // namespace ipcsim::scenario
