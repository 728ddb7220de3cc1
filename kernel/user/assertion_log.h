#pragma once
// Failed `assert` and `expect` steps, collected with their lines: a failure
// is recorded and the process goes on (SCENARIO_FORMAT section 10).
#include <cstdint>
#include <string>
#include <vector>

namespace ipcsim::user {

struct FailedAssertion {
  std::int64_t pid = 0;
  std::string process;
  int line = 0;
  int column = 0;
  std::string message;
};

struct AssertionLog {
  std::vector<FailedAssertion> failures;
};

}  // namespace ipcsim::user
