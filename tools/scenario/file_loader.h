#pragma once
// `files:` (SCENARIO_FORMAT.md sections 1 and 5): the in-memory file system
// a scenario starts with. Internal to tools/scenario.
#include <vector>

#include "tools/scenario/scenario.h"
#include "tools/scenario/yaml_reader.h"

namespace ipcsim::scenario::detail {

// Every entry checked against the others (a file cannot also be a
// directory on another entry's path), in document order.
std::vector<FileSpec> load_files(const YamlReader& reader, const YAML::Node& node);

}  // namespace ipcsim::scenario::detail
