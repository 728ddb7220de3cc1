// ipcsim: a simulated kernel for inter-process communication.
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "tools/ipcsim/commands.h"

namespace {

const char* const usage =
    "usage: ipcsim COMMAND [ARGS]\n"
    "\n"
    "commands:\n"
    "  run FILE [--seed N] [--quiet] [--json OUT]   run one scenario: trace, counters, verdict\n"
    "  check FILE...                                check scenario files without running them\n"
    "  test [FILES|DIRS] [-j N]                     run scenarios and check their expectations\n"
    "\n"
    "  ipcsim COMMAND --help    help for one command\n"
    "  ipcsim --version         the version\n";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << usage;
    return ipcsim::cli::exit_usage;
  }
  const std::string command = args.front();
  args.erase(args.begin());
  try {
    if (command == "--help" || command == "-h" || command == "help") {
      std::cout << usage;
      return 0;
    }
    if (command == "--version") {
      std::cout << "ipcsim " << IPCSIM_VERSION << '\n';
      return 0;
    }
    if (command == "run") return ipcsim::cli::run_command(args);
    if (command == "check") return ipcsim::cli::check_command(args);
    if (command == "test") return ipcsim::cli::test_command(args);
  } catch (const std::exception& error) {
    // Only a bug in ipcsim gets here: bad input is reported, not thrown.
    std::cerr << "ipcsim: internal error: " << error.what() << '\n';
    return 70;
  }
  std::cerr << "ipcsim: unknown command '" << command << "'\n\n" << usage;
  return ipcsim::cli::exit_usage;
}
