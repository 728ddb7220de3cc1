// Hosts (SCENARIO_FORMAT.md sections 7 and 8): each host is a kernel of its
// own, with its own pids, mailboxes, files and counters, sharing one clock.
// Signals and names do not cross hosts; daemons on any host are ended once
// every other process on every host has exited; a run is reproducible.
#include "kernel/errno.h"  // first: <cerrno> macros would break the Errno enum

#include <doctest/doctest.h>

#include <sstream>
#include <string>

#include "kernel/kernel.h"
#include "sim/trace.h"
#include "test_support.h"
#include "tools/scenario/report.h"

namespace ipcsim::testing {
namespace {

const std::string file = "hosts.yaml";

const std::string two_hosts =
    "hosts:\n"
    "  - { name: alpha, address: 10.0.0.1 }\n"
    "  - { name: beta, address: 10.0.0.2 }\n";

Run run_on_two_hosts(const std::string& rest, sim::TraceSink* trace = nullptr) {
  return run("name: t\n" + two_hosts + rest, trace, file);
}

const kernel::Kernel& host(const Run& r, const std::string& name) {
  const kernel::Kernel* found = r.machine->kernel_of(name);
  REQUIRE_MESSAGE(found != nullptr, "no host " << name);
  return *found;
}

TEST_SUITE("hosts") {

TEST_CASE("pids are per host: each host's first boot process is pid 2 and is written HOST/PID in expect") {
  Run r = run_on_two_hosts(
      "processes:\n"
      "  - name: a\n    host: alpha\n    steps:\n      - getpid: {into: me}\n      - assert: \"$me == 2\"\n"
      "  - name: b\n    host: beta\n    steps:\n      - getpid: {into: me}\n      - assert: \"$me == 2\"\n"
      "      - exit: 7\n"
      "  - name: c\n    host: beta\n    steps:\n      - getpid: {into: me}\n      - assert: \"$me == 3\"\n"
      "expect:\n  exit: { a: 0, b: 7, c: 0, 2: 0, beta/2: 7, beta/3: 0 }\n");
  holds(r);
  CHECK(named(r, "a").pid() == 2);
  CHECK(named(r, "b").pid() == 2);
  CHECK(&named(r, "b").kernel() == &host(r, "beta"));
}

TEST_CASE("a process without host: runs on the first host") {
  Run r = run_on_two_hosts(
      "processes:\n"
      "  - name: b\n    host: beta\n    steps: [{getpid: {into: me}}, {assert: \"$me == 2\"}]\n"
      "  - name: nowhere\n    steps: [{getpid: {into: me}}, {assert: \"$me == 2\"}]\n"
      "expect:\n  exit: { alpha/2: 0, beta/2: 0 }\n");
  holds(r);
  CHECK(named(r, "nowhere").kernel().host_name == "alpha");
  CHECK(named(r, "nowhere").kernel().host_address == "10.0.0.1");
}

TEST_CASE("mailboxes are per host: a message sent on one host is not in the other's mailbox") {
  Run r = run_on_two_hosts(
      "mailboxes:\n  - { name: jobs }\n"
      "processes:\n"
      "  - name: a\n    host: alpha\n    steps:\n      - send: {mailbox: jobs, message: here}\n"
      "  - name: b\n    host: beta\n    steps:\n      - sleep: 1ms\n"
      "      - receive: {mailbox: jobs, into: m, nonblocking: true, expect: EAGAIN}\n"
      "  - name: c\n    host: alpha\n    steps:\n      - sleep: 1ms\n"
      "      - receive: {mailbox: jobs, into: m, nonblocking: true, expect: ok}\n"
      "      - assert: \"$m == 'here'\"\n");
  holds(r);
}

TEST_CASE("files are per host: both get files: and a file made on one host is not on the other") {
  Run r = run_on_two_hosts(
      "files:\n  /etc/motd: \"hi\\n\"\n  /tmp/: {}\n"
      "processes:\n"
      "  - name: a\n    host: alpha\n    steps:\n"
      "      - open: {path: /tmp/note, flags: [write, create], into: fd, expect: ok}\n"
      "      - write: {fd: $fd, data: mine}\n"
      "  - name: b\n    host: beta\n    steps:\n      - sleep: 1ms\n"
      "      - open: {path: /tmp/note, flags: [read], expect: ENOENT}\n"
      "      - open: {path: /etc/motd, flags: [read], into: fd, expect: ok}\n"
      "      - read: {fd: $fd, count: 10, into: text}\n"
      "      - assert: \"$text == 'hi\\n'\"\n"
      "  - name: c\n    host: alpha\n    steps:\n      - sleep: 1ms\n"
      "      - open: {path: /tmp/note, flags: [read], into: fd, expect: ok}\n"
      "      - read: {fd: $fd, count: 10, into: text}\n      - assert: \"$text == 'mine'\"\n");
  holds(r);
}

TEST_CASE("kill of a pid or a name on another host is ESRCH: signals do not cross hosts") {
  Run r = run_on_two_hosts(
      "processes:\n"
      "  - name: a\n    host: alpha\n    steps:\n"
      "      - kill: {pid: 3, sig: 0, expect: ESRCH}\n"        // pid 3 exists on beta only
      "      - kill: {pid: 3, sig: SIGTERM, expect: ESRCH}\n"
      "      - kill: {pid: victim, sig: SIGTERM, expect: ESRCH}\n"  // the name lives on beta
      "      - kill: {pid: 2, sig: 0, expect: ok}\n"           // its own pid 2: itself
      "  - name: other\n    host: beta\n    steps: [{sleep: 2ms}]\n"
      "  - name: victim\n    host: beta\n    steps: [{sleep: 2ms}]\n"
      "expect:\n  exit: { a: 0, other: 0, victim: 0 }\n"
      "  counters:\n    a: { signals_sent: 0 }\n    host:beta: { signals_delivered: 0 }\n");
  holds(r);
}

TEST_CASE("counters: host:NAME sums one host's processes and total sums every host") {
  Run r = run_on_two_hosts(
      "processes:\n"
      "  - name: a\n    host: alpha\n    steps: [{print: one}]\n"
      "  - name: b\n    host: beta\n    steps: [{print: two}, {print: three}]\n"
      "  - name: c\n    host: beta\n    steps: [{getpid: {into: me}}]\n"
      "expect:\n  counters:\n"
      "    host:alpha: { syscalls: 2, syscalls.write: 1 }\n"  // print, exit
      "    host:beta: { syscalls: 5, syscalls.write: 2 }\n"   // print, print, exit; getpid, exit
      "    total: { syscalls: 7, syscalls.write: 3, syscalls.exit: 3 }\n");
  holds(r);
}

TEST_CASE("a daemon on another host is ended with SIGKILL once every non-daemon on every host has exited") {
  Run r = run_on_two_hosts(
      "processes:\n"
      "  - name: server\n    host: beta\n    daemon: true\n    steps:\n"
      "      - socket: {type: stream, into: l}\n"
      "      - bind: {fd: $l, address: \"10.0.0.2:80\"}\n"
      "      - listen: {fd: $l, backlog: 4}\n"
      "      - repeat: {times: forever, do: [{accept: {fd: $l, into: c}}, {close: $c}]}\n"
      "  - name: waiter\n    host: beta\n    daemon: true\n    steps: [{pause: {}}]\n"
      "  - name: client\n    host: alpha\n    steps:\n"
      "      - socket: {type: stream, into: s}\n"
      "      - connect: {fd: $s, address: \"10.0.0.2:80\", expect: ok}\n"
      "      - sleep: 1ms\n"
      "expect:\n  exit: { client: 0, server: SIGKILL, waiter: SIGKILL, beta/2: SIGKILL }\n"
      "  deadlock: false\n");
  holds(r);
  CHECK(r.outcome == kernel::RunOutcome::completed);
}

// A two-host echo: every record of the trace and the summary as text.
std::string echo_output() {
  std::ostringstream out;
  scenario::TracePrinter printer(out);
  Run r = run_on_two_hosts(
      "kernel: {cpus: 2}\n"
      "processes:\n"
      "  - name: server\n    host: beta\n    steps:\n"
      "      - socket: {type: stream, into: l}\n"
      "      - bind: {fd: $l, address: \"0.0.0.0:7\"}\n"
      "      - listen: {fd: $l, backlog: 4}\n"
      "      - repeat: {times: 2, do: [{accept: {fd: $l, into: c}}, {read: {fd: $c, into: m}},"
      " {write: {fd: $c, data: \"${m}\"}}, {close: $c}]}\n"
      "  - name: remote\n    host: alpha\n    steps:\n"
      "      - socket: {type: stream, into: s}\n"
      "      - connect: {fd: $s, address: \"10.0.0.2:7\"}\n"
      "      - write: {fd: $s, data: far}\n      - read: {fd: $s, into: m}\n      - print: \"${m}\"\n"
      "  - name: local\n    host: beta\n    steps:\n"
      "      - sleep: 1ms\n"  // the server listens by then
      "      - socket: {type: stream, into: s}\n"
      "      - connect: {fd: $s, address: \"127.0.0.1:7\"}\n"
      "      - write: {fd: $s, data: near}\n      - read: {fd: $s, into: m}\n      - print: \"${m}\"\n",
      &printer);
  holds(r);
  scenario::print_summary(out, *r.machine);
  return out.str();
}

TEST_CASE("determinism: the same two-host file run twice gives the same trace and summary") {
  const std::string first = echo_output();
  const std::string second = echo_output();
  CHECK(first == second);
  CHECK(first.find("far") != std::string::npos);
  CHECK(first.find("near") != std::string::npos);
}

TEST_CASE("the summary of a run with several hosts has a network: line with what crossed") {
  const std::string out = echo_output();
  const std::size_t at = out.find("\nnetwork: ");
  REQUIRE(at != std::string::npos);
  const std::string line = out.substr(at + 1, out.find('\n', at + 1) - at - 1);
  INFO(line);
  // The remote client's SYN and SYN-ACK, request and reply, and the FINs of
  // both ends' closes; the local client's connection is not on the wire.
  CHECK(line == "network: 6 deliveries between hosts, 300.000us on the wire in all (latency 50us each)");
  CHECK(out.find("host:alpha") != std::string::npos);
  CHECK(out.find("host:beta") != std::string::npos);
}

TEST_CASE("a run with one host has no network: line") {
  std::ostringstream out;
  Run r = run("name: t\nprocesses:\n  - name: a\n    steps: [{print: x}]\n", nullptr, file);
  holds(r);
  scenario::print_summary(out, *r.machine);
  CHECK(out.str().find("network:") == std::string::npos);
}

}  // TEST_SUITE

}  // namespace
}  // namespace ipcsim::testing
