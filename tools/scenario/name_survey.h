#pragma once
// The names a scenario file declares anywhere, gathered before the file is
// read in earnest, so that a step may name a process, mailbox or program that
// is declared further down (SCENARIO_FORMAT.md section 1: a name is valid when
// some boot process, fork step, mailbox or program could bear it).
// Internal to tools/scenario.
#include <yaml-cpp/yaml.h>

#include <set>
#include <string>
#include <string_view>

namespace ipcsim::scenario::detail {

struct DeclaredNames {
  // Boot processes, fork steps' `name:`, and programs (exec renames a process
  // to its program's name).
  std::set<std::string, std::less<>> process_names;
  // `mailboxes:` entries and mailbox_create steps' `name:`.
  std::set<std::string, std::less<>> mailbox_names;
  std::set<std::string, std::less<>> program_names;
  // `hosts:` entries; empty without `hosts:`, when the one host is `localhost`.
  std::set<std::string, std::less<>> host_names;
};

// Never fails: malformed parts are skipped here and reported by the loader.
DeclaredNames survey_names(const YAML::Node& root);

// The built-in programs of kernel/user/programs that `exec` starts (section 5).
bool is_builtin_program(std::string_view name);

// Deeper nesting of step lists is refused: YAML aliases can make a list
// contain itself, and walking it must end.
inline constexpr int max_step_nesting = 64;

}  // namespace ipcsim::scenario::detail
