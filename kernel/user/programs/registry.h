#pragma once
// The built-in programs by name: what `exec` finds after the scenario's own
// `programs:` (kernel/user/program_catalog.cpp), and what the scenario
// loader accepts as a program name.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kernel/process.h"

namespace ipcsim::user::programs {

bool is_builtin(std::string_view name);
// Every built-in program's name, in a fixed order.
const std::vector<std::string_view>& builtin_names();
// A new image of the program running with `args` (argv[1...]); null for a
// name that is not built in.
std::unique_ptr<kernel::ProcessImage> make_builtin(std::string_view name, std::vector<std::string> args);

}  // namespace ipcsim::user::programs
