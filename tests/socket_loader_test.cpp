// Loading socket and RPC steps: what a file may say and where an error is
// reported (SCENARIO_FORMAT.md sections 3 and 10).
#include "kernel/errno.h"  // first: <cerrno> macros would break the Errno enum

#include <doctest/doctest.h>

#include <string>

#include "tools/scenario/loader.h"

namespace ipcsim::scenario {
namespace {

std::string with_steps(std::string_view steps) {
  return "name: t\nprocesses:\n  - name: p\n    steps:\n" + std::string(steps);
}

void check_error(std::string_view yaml, int line, int column, std::string_view part) {
  LoadResult result = load_scenario_text(yaml, "test.yaml");
  REQUIRE(result.error.has_value());
  INFO(result.error->to_string());
  CHECK(result.error->line == line);
  CHECK(result.error->column == column);
  CHECK(result.error->message.find(part) != std::string::npos);
}

TEST_SUITE("socket_loader") {

TEST_CASE("socket steps are checked at load time") {
  check_error(with_steps("      - socket: {type: raw}\n"), 5, 24, "'stream' or 'dgram'");
  check_error(with_steps("      - socket: {into: s}\n"), 5, 17, "needs 'type'");
  check_error(with_steps("      - bind: {fd: 3}\n"), 5, 15, "needs 'address'");
  check_error(with_steps("      - connect: {address: \"127.0.0.1:1\"}\n"), 5, 18, "needs 'fd'");
  check_error(with_steps("      - shutdown: {fd: 3, how: out}\n"), 5, 32, "'read', 'write' or 'both'");
  check_error(with_steps("      - sendto: {fd: 3, address: x, data: y, nonblocking: true}\n"), 5, 46, "never blocks");
  check_error(with_steps("      - recvfrom: {fd: 3, sender: 1x}\n"), 5, 35, "");
  check_error(with_steps("      - accept: {fd: 3, from: x}\n"), 5, 25, "unknown key 'from'");
}

TEST_CASE("return belongs inside an rpc_serve procedure") {
  check_error(with_steps("      - return: 1\n"), 5, 9, "'return' outside of an rpc_serve procedure");
  // A fork child in a procedure is a program of its own.
  check_error(with_steps("      - rpc_serve: {address: x, procedures: {f: [{fork: {steps: [return]}}]}}\n"), 5, 66,
              "'return' outside");
  check_error(with_steps("      - rpc_serve: {address: x, procedures: {}}\n"), 5, 45, "at least one procedure");
  check_error(with_steps("      - rpc_serve: {procedures: {f: [return]}}\n"), 5, 20, "needs 'address'");
  check_error(with_steps("      - rpc_call: {address: x, args: [1]}\n"), 5, 19, "needs 'procedure'");
  check_error(with_steps("      - rpc_call: {address: x, procedure: f, args: [\"1 +\"]}\n"), 5, 57, "invalid expression");
  LoadResult good = load_scenario_text(
      with_steps("      - rpc_serve: {address: x, count: forever, procedures: {f: [{repeat: {times: 1, do: [return]}}]}}\n"),
      "good.yaml");
  CHECK_FALSE(good.error.has_value());
}

}  // TEST_SUITE

}  // namespace
}  // namespace ipcsim::scenario
