#pragma once
// `hosts:` (SCENARIO_FORMAT.md section 7): the machines of a run, each with
// its own kernel. Internal to tools/scenario.
#include <vector>

#include "tools/scenario/name_survey.h"
#include "tools/scenario/scenario.h"
#include "tools/scenario/yaml_reader.h"

namespace ipcsim::scenario::detail {

// Names and addresses are unique; an address is a dotted IPv4 address that
// is not a loopback (127.0.0.1 is every host's own) or 0.0.0.0.
std::vector<HostSpec> load_hosts(const YamlReader& reader, const YAML::Node& node);

// A host a process or an expectation names: one of `hosts:`, or `localhost`
// when there are none; an error at `node` otherwise.
void check_host_name(const YamlReader& reader, const DeclaredNames& names, const YAML::Node& node,
                     const std::string& host);

}  // namespace ipcsim::scenario::detail
