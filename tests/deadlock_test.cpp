// Deadlock: no process can run and nothing is pending (SCENARIO_FORMAT.md
// section 10). The run says so, and analyze_blocked says who waits, in which
// call, for what, and the wait-for cycle. Daemons blocked forever are not a
// deadlock: they are ended with SIGKILL (section 7).
#include "kernel/errno.h"  // first: <cerrno> macros would break the Errno enum

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kernel/counters.h"
#include "kernel/deadlock.h"
#include "kernel/kernel.h"
#include "kernel/process.h"
#include "kernel/system_calls.h"
#include "kernel/user/libc.h"
#include "tools/scenario/boot.h"
#include "tools/scenario/expectations.h"
#include "tools/scenario/loader.h"

#include "test_support.h"

namespace ipcsim::kernel {
namespace {

namespace libc = user::libc;
using sim::milliseconds;
using testing::Body;
using testing::describe;
using testing::program;
using testing::ShutdownAtEnd;

namespace u {

using testing::u::boundary;

Errno receive_from(Process& p, std::string_view from) {
  if (!boundary(p)) return Errno::eintr;
  std::string body;
  Pid sender = 0;
  return libc::receive(p, ProcessSelector{from, 0}, false, false, body, sender).error;
}
Errno receive_box(Process& p, std::string_view box) {
  if (!boundary(p)) return Errno::eintr;
  std::string body;
  Pid sender = 0;
  return libc::receive(p, MailboxSelector{box, 0}, false, body, sender).error;
}
Errno send_box(Process& p, std::string_view box, std::string_view body) {
  return boundary(p) ? libc::send(p, MailboxSelector{box, 0}, body, SendOptions{}).error : Errno::eintr;
}
Errno write(Process& p, std::string_view text) { return boundary(p) ? libc::write(p, 1, text).error : Errno::eintr; }
Errno sleep(Process& p, Time d) { return boundary(p) ? libc::sleep(p, d).error : Errno::eintr; }
libc::CallResult fork(Process& p, std::string name, Body body) {
  return boundary(p) ? libc::fork(p, std::move(name), program(std::move(body))) : libc::CallResult{-1, Errno::eintr};
}
Errno wait_any(Process& p) {
  if (!boundary(p)) return Errno::eintr;
  ChildStatus status;
  return libc::wait(p, true, ProcessSelector{}, false, status).error;
}

}  // namespace u

const BlockedProcess* entry_for(const DeadlockReport& report, Pid pid) {
  for (const auto& entry : report.blocked)
    if (entry.pid == pid) return &entry;
  return nullptr;
}

bool contains(const std::vector<Pid>& pids, Pid pid) { return std::find(pids.begin(), pids.end(), pid) != pids.end(); }

TEST_SUITE("deadlock") {

TEST_CASE("two processes receiving from each other deadlock, and the report names the cycle") {
  Kernel kernel(KernelConfig{}, Limits{});
  Process& a = kernel.create_boot_process("a", program([](Process& self) { u::receive_from(self, "b"); }));
  Process& b = kernel.create_boot_process("b", program([](Process& self) { u::receive_from(self, "a"); }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::deadlock);
  CHECK(a.state() == ProcessState::blocked);
  CHECK(b.state() == ProcessState::blocked);

  const DeadlockReport report = analyze_blocked(kernel);
  REQUIRE(report.blocked.size() == 2);
  CHECK(report.blocked[0].pid == a.pid());  // by pid
  CHECK(report.blocked[1].pid == b.pid());
  for (const auto& entry : report.blocked) {
    CAPTURE(entry.pid);
    CHECK(entry.call == "receive");
    CHECK(entry.reason == "link.receive");
    CHECK_FALSE(entry.object.empty());
    CHECK_FALSE(entry.explanation.empty());
  }
  CHECK(report.blocked[0].name == "a");
  CHECK(report.blocked[1].name == "b");
  CHECK(report.blocked[0].waits_for == std::vector<Pid>{b.pid()});
  CHECK(report.blocked[1].waits_for == std::vector<Pid>{a.pid()});
  REQUIRE(report.cycle.size() == 2);
  CHECK(contains(report.cycle, a.pid()));
  CHECK(contains(report.cycle, b.pid()));
  // Each blocked once, and neither is counted as having received anything.
  CHECK(a.counters.find("blocking.link.receive") == 1);
  CHECK(b.counters.find("blocking.link.receive") == 1);
  CHECK(a.counters[Counter::messages_received] == 0);
}

TEST_CASE("a longer cycle: three processes each receiving from the next") {
  Kernel kernel(KernelConfig{}, Limits{});
  Process& a = kernel.create_boot_process("a", program([](Process& self) { u::receive_from(self, "b"); }));
  Process& b = kernel.create_boot_process("b", program([](Process& self) { u::receive_from(self, "c"); }));
  Process& c = kernel.create_boot_process("c", program([](Process& self) { u::receive_from(self, "a"); }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::deadlock);
  const DeadlockReport report = analyze_blocked(kernel);
  REQUIRE(report.blocked.size() == 3);
  REQUIRE(report.cycle.size() == 3);
  for (const Process* p : {&a, &b, &c}) CHECK(contains(report.cycle, p->pid()));
  // Consecutive members of the cycle wait for each other.
  for (std::size_t i = 0; i < report.cycle.size(); ++i) {
    const BlockedProcess* here = entry_for(report, report.cycle[i]);
    REQUIRE(here != nullptr);
    CHECK(contains(here->waits_for, report.cycle[(i + 1) % report.cycle.size()]));
  }
}

TEST_CASE("a process blocked on a mailbox nobody will send to is a deadlock with reason mailbox.receive") {
  Kernel kernel(KernelConfig{}, Limits{});
  REQUIRE(kernel.mailboxes.create("jobs", unbounded, 0666, 0, 0).ok());
  Process& worker = kernel.create_boot_process("worker", program([](Process& self) { u::receive_box(self, "jobs"); }));
  kernel.create_boot_process("idle", program([](Process& self) { u::write(self, "done\n"); }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::deadlock);
  const DeadlockReport report = analyze_blocked(kernel);
  REQUIRE(report.blocked.size() == 1);
  const BlockedProcess& entry = report.blocked[0];
  CHECK(entry.pid == worker.pid());
  CHECK(entry.name == "worker");
  CHECK(entry.call == "receive");
  CHECK(entry.reason == "mailbox.receive");
  CHECK(entry.object.find("jobs") != std::string::npos);
  CHECK(report.cycle.empty());
}

TEST_CASE("a pending timer is not a deadlock") {
  Kernel kernel(KernelConfig{}, Limits{});
  REQUIRE(kernel.mailboxes.create("jobs", unbounded, 0666, 0, 0).ok());
  Errno got = Errno::eio;
  kernel.create_boot_process("worker", program([&](Process& self) { got = u::receive_box(self, "jobs"); }));
  kernel.create_boot_process("late", program([](Process& self) {
    u::sleep(self, 5 * milliseconds);  // everyone else is blocked meanwhile
    u::send_box(self, "jobs", "work");
  }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(got == Errno::none);
}

TEST_CASE("a daemon blocked forever is ended with SIGKILL and the run completes") {
  Kernel kernel(KernelConfig{}, Limits{});
  REQUIRE(kernel.mailboxes.create("requests", unbounded, 0666, 0, 0).ok());
  Process& server = kernel.create_boot_process(
      "server", program([](Process& self) {
        while (!self.must_leave()) u::receive_box(self, "requests");
      }),
      true);
  Process& client = kernel.create_boot_process("client", program([](Process& self) {
    u::send_box(self, "requests", "one");
    u::sleep(self, 1 * milliseconds);
  }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(client.exit_code == 0);
  CHECK(client.exit_signal == 0);
  CHECK_FALSE(server.alive());
  CHECK(server.exit_signal == 9);
  CHECK(server.counters[Counter::messages_received] == 1);
  // The end-of-run SIGKILL of daemons counts as no signal.
  CHECK(server.counters[Counter::signals_delivered] == 0);
  CHECK(client.counters[Counter::signals_sent] == 0);
  CHECK(analyze_blocked(kernel).blocked.empty());
}

TEST_CASE("daemon in a scenario: exit SIGKILL, not a deadlock, expectations hold") {
  const char* yaml =
      "name: daemon\n"
      "mailboxes:\n"
      "  - {name: requests}\n"
      "processes:\n"
      "  - name: server\n"
      "    daemon: true\n"
      "    steps:\n"
      "      - repeat: {times: forever, do: [{receive: {mailbox: requests, into: r}}, {print: \"got ${r}\"}]}\n"
      "  - name: client\n"
      "    steps:\n"
      "      - send: {mailbox: requests, message: hi}\n"
      "      - sleep: 1ms\n"
      "expect:\n"
      "  deadlock: false\n"
      "  exit: {server: SIGKILL, client: 0}\n"
      "  stdout: {server: \"got hi\\n\"}\n";
  scenario::LoadResult loaded = scenario::load_scenario_text(yaml, "daemon.yaml");
  if (loaded.error) FAIL(loaded.error->to_string());
  REQUIRE(loaded.scenario.has_value());
  scenario::Machine machine(*loaded.scenario, 1);
  CHECK(machine.run(nullptr) == RunOutcome::completed);
  const auto mismatches = scenario::check_expectations(machine);
  INFO(describe(mismatches));
  CHECK(mismatches.empty());
  CHECK(scenario::exit_code(machine, mismatches) == 0);
}

TEST_CASE("a parent waiting for a blocked child: the wait is a wait-for edge to the child") {
  Kernel kernel(KernelConfig{}, Limits{});
  REQUIRE(kernel.mailboxes.create("never", unbounded, 0666, 0, 0).ok());
  Pid child = 0;
  Process& parent = kernel.create_boot_process("parent", program([&](Process& self) {
    child = u::fork(self, "child", [](Process& c) { u::receive_box(c, "never"); }).value;
    u::wait_any(self);
  }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::deadlock);
  const DeadlockReport report = analyze_blocked(kernel);
  REQUIRE(report.blocked.size() == 2);
  const BlockedProcess* waiting = entry_for(report, parent.pid());
  const BlockedProcess* blocked_child = entry_for(report, child);
  REQUIRE(waiting != nullptr);
  REQUIRE(blocked_child != nullptr);
  CHECK(waiting->call == "wait");
  CHECK(waiting->reason == "wait");
  CHECK(waiting->waits_for == std::vector<Pid>{child});
  CHECK(blocked_child->call == "receive");
  CHECK(blocked_child->reason == "mailbox.receive");
  CHECK(report.cycle.empty());  // the child waits for nobody in particular
}

TEST_CASE("a parent and child waiting for each other form a cycle through wait") {
  Kernel kernel(KernelConfig{}, Limits{});
  Pid child = 0;
  Process& parent = kernel.create_boot_process("parent", program([&](Process& self) {
    child = u::fork(self, "child", [](Process& c) { u::receive_from(c, "parent"); }).value;
    u::wait_any(self);
  }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::deadlock);
  const DeadlockReport report = analyze_blocked(kernel);
  REQUIRE(report.blocked.size() == 2);
  const BlockedProcess* c = entry_for(report, child);
  REQUIRE(c != nullptr);
  CHECK(c->reason == "link.receive");
  CHECK(c->waits_for == std::vector<Pid>{parent.pid()});
  REQUIRE(report.cycle.size() == 2);
  CHECK(contains(report.cycle, parent.pid()));
  CHECK(contains(report.cycle, child));
}

TEST_CASE("scenario: an unexpected deadlock is exit code 3, an expected one holds") {
  const std::string body =
      "processes:\n"
      "  - name: a\n"
      "    steps:\n"
      "      - receive: {from: b, into: m}\n"
      "  - name: b\n"
      "    steps:\n"
      "      - receive: {from: a, into: m}\n";
  {
    scenario::LoadResult loaded = scenario::load_scenario_text("name: unexpected\n" + body, "d.yaml");
    if (loaded.error) FAIL(loaded.error->to_string());
    REQUIRE(loaded.scenario.has_value());
    scenario::Machine machine(*loaded.scenario, 1);
    CHECK(machine.run(nullptr) == RunOutcome::deadlock);
    REQUIRE(machine.blocked().blocked.size() == 2);
    CHECK(machine.blocked().blocked[0].line == 5);
    CHECK(machine.blocked().blocked[1].line == 8);
    CHECK(machine.blocked().cycle.size() == 2);
    const auto mismatches = scenario::check_expectations(machine);
    CHECK(scenario::exit_code(machine, mismatches) == 3);
  }
  {
    scenario::LoadResult loaded =
        scenario::load_scenario_text("name: expected\n" + body + "expect:\n  deadlock: true\n", "d.yaml");
    if (loaded.error) FAIL(loaded.error->to_string());
    REQUIRE(loaded.scenario.has_value());
    scenario::Machine machine(*loaded.scenario, 1);
    CHECK(machine.run(nullptr) == RunOutcome::deadlock);
    const auto mismatches = scenario::check_expectations(machine);
    INFO(describe(mismatches));
    CHECK(mismatches.empty());
    CHECK(scenario::exit_code(machine, mismatches) == 0);
  }
}

}  // TEST_SUITE

}  // namespace
}  // namespace ipcsim::kernel
