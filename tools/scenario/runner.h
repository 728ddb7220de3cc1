#pragma once
// Loading, running and judging one scenario file: what `ipcsim test` does per
// file, and what the scenario tests call.
#include "kernel/errno.h"

#include <cstdint>
#include <optional>
#include <string>

namespace ipcsim::scenario {

struct TestResult {
  int exit_code = 0;        // as `ipcsim run` would exit (section 9)
  std::string first_problem;  // empty when it passed
};

TestResult test_scenario_file(const std::string& path, std::optional<std::uint64_t> seed = std::nullopt);

}  // namespace ipcsim::scenario
