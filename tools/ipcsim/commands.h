#pragma once
// The subcommands of `ipcsim`. Each returns the process exit code.
#include <string>
#include <vector>

namespace ipcsim::cli {

inline constexpr int exit_usage = 64;  // a wrong command line (sysexits.h EX_USAGE)

int run_command(const std::vector<std::string>& args);
int check_command(const std::vector<std::string>& args);
int test_command(const std::vector<std::string>& args);

extern const char* const run_usage;
extern const char* const check_usage;
extern const char* const test_usage;

}  // namespace ipcsim::cli
