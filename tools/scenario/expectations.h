#pragma once
// Checks a finished run against the file's `expect:` block (section 8) and
// decides the exit code (section 9).
#include "kernel/errno.h"

#include <string>
#include <vector>

#include "tools/scenario/boot.h"

namespace ipcsim::scenario {

struct Mismatch {
  SourceLocation where;
  std::string message;
};

std::vector<Mismatch> check_expectations(const Machine& machine);

// 0 all held; 1 an expectation or assertion failed; 3 an unexpected
// deadlock; 4 a limit was passed (section 9, in that order of precedence).
int exit_code(const Machine& machine, const std::vector<Mismatch>& mismatches);

// Sums of counters: one process, every scenario process, or by host.
kernel::Counters total_counters(const kernel::Kernel& kernel);

}  // namespace ipcsim::scenario
