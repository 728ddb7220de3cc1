#pragma once
// Scenario files (SCENARIO_FORMAT.md, version 1) to a Scenario: everything a
// file says is checked here, before anything runs, and the first problem is
// reported as FILE:LINE:COLUMN (section 10). Nothing here throws.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sim/time.h"
#include "tools/scenario/scenario.h"
#include "tools/scenario/units.h"  // parse_duration, parse_size, parse_integer

namespace ipcsim::scenario {

struct LoadError {
  std::string file;
  int line = 1;    // 1-based
  int column = 1;  // 1-based
  std::string message;

  std::string to_string() const;  // "FILE:LINE:COLUMN: message"
};

// Exactly one of the two is set.
struct LoadResult {
  std::optional<Scenario> scenario;
  std::optional<LoadError> error;
};

// An unreadable file is an error at 1:1 with the system's reason.
LoadResult load_scenario_file(const std::string& path);
// `file_name` is used in messages and as Scenario::file.
LoadResult load_scenario_text(std::string_view yaml, const std::string& file_name);

}  // namespace ipcsim::scenario
