#pragma once
// The `expect:` block (SCENARIO_FORMAT.md section 8). Internal to tools/scenario.
#include "tools/scenario/name_survey.h"
#include "tools/scenario/scenario.h"
#include "tools/scenario/yaml_reader.h"

namespace ipcsim::scenario::detail {

Expectations load_expectations(const YamlReader& reader, const DeclaredNames& names, const YAML::Node& node);

// "12", "<= 12", ">= 1", "1..3" (inclusive); for time counters the numbers
// may carry duration units ("1ms..3ms"). Open ends are INT64_MIN/INT64_MAX.
CounterBound load_counter_bound(const YamlReader& reader, const YAML::Node& node, bool is_time);

}  // namespace ipcsim::scenario::detail
