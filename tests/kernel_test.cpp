// The kernel: counting at the user/kernel boundary (DESIGN.md "What is
// counted"), sleeping, the schedulers, fork/wait/exit, init, limits, name
// lookup and several CPUs (SCENARIO_FORMAT.md sections 1, 2, 9, 10).
#include "kernel/errno.h"  // first: <cerrno> macros would break the Errno enum

#include <doctest/doctest.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kernel/counters.h"
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
using sim::microseconds;
using sim::milliseconds;
using testing::Body;
using testing::count;
using testing::describe;
using testing::program;
using testing::ShutdownAtEnd;

// User-space helpers: a step boundary before each call or compute, as the
// step interpreter makes one per step (preemption and the engine's horizon
// are taken there).
namespace u {

using testing::u::boundary;
using testing::u::exit;
using testing::u::fork;
using testing::u::getppid;
using testing::u::gone;
using testing::u::sleep;
using testing::u::wait_any;
using testing::u::write;

void compute(Process& p, Time d) {
  if (boundary(p)) p.kernel().compute(p, d);
}
libc::CallResult yield(Process& p) { return boundary(p) ? libc::yield(p) : gone(); }
libc::CallResult getpid(Process& p) { return boundary(p) ? libc::getpid(p) : gone(); }

}  // namespace u

KernelConfig round_robin(Time quantum) {
  KernelConfig config;
  config.scheduler = SchedulerKind::round_robin;
  config.quantum = quantum;
  return config;
}

scenario::Scenario load(std::string_view yaml) {
  scenario::LoadResult result = scenario::load_scenario_text(yaml, "unit.yaml");
  if (result.error) FAIL(result.error->to_string());
  REQUIRE(result.scenario.has_value());
  return std::move(*result.scenario);
}

TEST_SUITE("kernel") {

// ---- DESIGN.md's worked example ----

TEST_CASE("a process that prints one line and exits: 4 mode switches, 2 system calls") {
  // Made by fork: its first entry into user mode counts as it does at boot.
  Kernel kernel(KernelConfig{}, Limits{});
  Pid printer = 0;
  kernel.create_boot_process("parent", program([&](Process& self) {
    printer = u::fork(self, "printer", [](Process& child) {
      CHECK(u::write(child, "hello\n").value == 6);
      u::exit(child, 0);
    }).value;
    ChildStatus status;
    u::wait_any(self, status);
  }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  const Process* found = kernel.find(printer);
  REQUIRE(found != nullptr);
  const Process& p = *found;
  CHECK(p.counters[Counter::user_to_kernel] == 2);
  CHECK(p.counters[Counter::kernel_to_user] == 2);
  CHECK(p.counters.mode_switches() == 4);
  CHECK(count(p, "mode_switches") == 4);
  CHECK(p.counters[Counter::syscalls] == 2);
  CHECK(count(p, "syscalls.write") == 1);
  CHECK(count(p, "syscalls.exit") == 1);
  CHECK(p.counters[Counter::bytes_copied] == 6);
  CHECK(p.counters[Counter::context_switches] == 0);
  CHECK(p.counters[Counter::blocking_events] == 0);
  CHECK(p.counters[Counter::interrupts] == 0);
  CHECK(p.stdout_text == "hello\n");
  CHECK(kernel.console == "hello\n");
  CHECK(p.exit_code == 0);
  CHECK(p.exit_signal == 0);
  CHECK_FALSE(p.alive());
}

TEST_CASE("returning from the program is an exit system call, counted the same") {
  Kernel kernel(KernelConfig{}, Limits{});
  Process& p = kernel.create_boot_process("printer", program([](Process& self) { u::write(self, "hello\n"); }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(p.counters.mode_switches() == 4);
  CHECK(p.counters[Counter::user_to_kernel] == 2);
  CHECK(p.counters[Counter::kernel_to_user] == 2);
  CHECK(p.counters[Counter::syscalls] == 2);
  CHECK(count(p, "syscalls.exit") == 1);
  CHECK(p.exit_code == 0);
}

TEST_CASE("the worked example as a scenario file: counters and expectations agree") {
  const scenario::Scenario s = load(
      "name: one line\n"
      "processes:\n"
      "  - name: p\n"
      "    steps:\n"
      "      - print: hello\n"
      "expect:\n"
      "  stdout: {p: \"hello\\n\"}\n"
      "  exit: {p: 0}\n"
      "  counters:\n"
      "    p: {mode_switches: 4, syscalls: 2, user_to_kernel: 2, kernel_to_user: 2, syscalls.write: 1,\n"
      "        bytes_copied: 6}\n");
  scenario::Machine machine(s, 1);
  CHECK(machine.run(nullptr) == RunOutcome::completed);
  const auto mismatches = scenario::check_expectations(machine);
  INFO(describe(mismatches));
  CHECK(mismatches.empty());
  CHECK(scenario::exit_code(machine, mismatches) == 0);
  const Process* p = machine.find(scenario::ProcessKey{{}, "p", 0, {}});
  REQUIRE(p != nullptr);
  CHECK(p->pid() == 2);
  CHECK(p->counters.mode_switches() == 4);
}

TEST_CASE("a system call costs 2 x mode_switch + syscall + copies") {
  Kernel kernel(KernelConfig{}, Limits{});
  const Costs& c = kernel.config().costs;
  Time before = -1;
  Time after = -1;
  kernel.create_boot_process("p", program([&](Process& self) {
    u::boundary(self);
    before = self.kernel().now();
    libc::write(self, 1, std::string(1000, 'x'));  // 1000 bytes x 0.1ns = 100ns
    after = self.kernel().now();
  }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(after - before == 2 * c.mode_switch + c.syscall + 100);
}

TEST_CASE("boot processes get pids 2, 3, ... and init is pid 1") {
  Kernel kernel(KernelConfig{}, Limits{});
  std::vector<std::int64_t> seen;
  Process& a = kernel.create_boot_process("a", program([&](Process& self) {
    seen.push_back(u::getpid(self).value);
    seen.push_back(u::getppid(self).value);
  }));
  Process& b = kernel.create_boot_process("b", program([&](Process& self) { seen.push_back(u::getpid(self).value); }));
  CHECK(a.pid() == 2);
  CHECK(b.pid() == 3);
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(seen == std::vector<std::int64_t>{2, 1, 3});
  REQUIRE(kernel.find(1) != nullptr);
  CHECK(kernel.find(1)->name() == "init");
}

// ---- sleeping ----

TEST_CASE("sleep D blocks for exactly D: one blocking event, one voluntary context switch") {
  Kernel kernel(KernelConfig{}, Limits{});
  Time entered = -1;
  Time returned = -1;
  Process& p = kernel.create_boot_process("sleeper", program([&](Process& self) {
    u::boundary(self);
    entered = self.kernel().now();
    CHECK(libc::sleep(self, 2 * milliseconds).ok());
    returned = self.kernel().now();
  }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(p.counters[Counter::time_blocked] == 2 * milliseconds);
  CHECK(count(p, "blocking.sleep") == 1);
  CHECK(p.counters[Counter::blocking_events] == 1);
  CHECK(p.counters[Counter::context_switches] == 1);
  CHECK(count(p, "syscalls.sleep") == 1);
  CHECK(p.counters.mode_switches() == 4);  // start, sleep in and out, exit
  // The costs of entering and leaving the kernel come on top of D.
  CHECK(returned - entered >= 2 * milliseconds);
}

TEST_CASE("sleeps add up: three sleeps are three blocking events") {
  Kernel kernel(KernelConfig{}, Limits{});
  Process& p = kernel.create_boot_process("sleeper", program([&](Process& self) {
    u::sleep(self, 1 * milliseconds);
    u::sleep(self, 250 * microseconds);
    u::sleep(self, 3 * milliseconds);
  }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(p.counters[Counter::time_blocked] == 4 * milliseconds + 250 * microseconds);
  CHECK(count(p, "blocking.sleep") == 3);
  CHECK(p.counters[Counter::context_switches] == 3);
  CHECK(p.counters[Counter::syscalls] == 4);
}

TEST_CASE("time_blocked ends at the wake-up, not at dispatch") {
  KernelConfig config;
  config.scheduler = SchedulerKind::fifo;  // the busy process keeps the CPU past the wake-up
  Kernel kernel(config, Limits{});
  Process& sleeper = kernel.create_boot_process("sleeper", program([](Process& self) {
    u::sleep(self, 1 * milliseconds);
  }));
  Process& busy = kernel.create_boot_process("busy", program([](Process& self) {
    u::compute(self, 5 * milliseconds);
  }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(sleeper.counters[Counter::time_blocked] == 1 * milliseconds);
  CHECK(sleeper.exit_time > busy.exit_time);
}

// ---- scheduling ----

TEST_CASE("round-robin: two computing processes share the CPU by timer interrupts") {
  // Quantum 1ms, 2.5ms of compute each: each process's compute is split at
  // 1ms and 2ms by a timer interrupt; both times the other is ready, so
  // both interrupts end in an involuntary context switch.
  Kernel kernel(round_robin(1 * milliseconds), Limits{});
  Process& a = kernel.create_boot_process("a", program([](Process& self) { u::compute(self, 2500 * microseconds); }));
  Process& b = kernel.create_boot_process("b", program([](Process& self) { u::compute(self, 2500 * microseconds); }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  for (const Process* p : {&a, &b}) {
    CAPTURE(p->name());
    CHECK(p->counters[Counter::interrupts] == 2);
    CHECK(p->counters[Counter::context_switches] == 2);
    CHECK(p->counters[Counter::blocking_events] == 0);
    CHECK(p->counters[Counter::user_to_kernel] == 3);  // 2 interrupts + exit
    CHECK(p->counters[Counter::kernel_to_user] == 3);  // start + 2 returns from interrupts
    CHECK(p->counters[Counter::syscalls] == 1);
  }
  // Time sliced: a finishes its last half quantum before b's.
  CHECK(a.exit_time < b.exit_time);
  CHECK(kernel.end_time() >= 5 * milliseconds);
}

TEST_CASE("round-robin: alone, a process is interrupted at every quantum but never switched out") {
  Kernel kernel(round_robin(1 * milliseconds), Limits{});
  Process& a = kernel.create_boot_process("a", program([](Process& self) { u::compute(self, 3500 * microseconds); }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(a.counters[Counter::interrupts] == 3);
  CHECK(a.counters[Counter::context_switches] == 0);
  CHECK(a.counters[Counter::user_to_kernel] == 4);
  CHECK(a.counters[Counter::kernel_to_user] == 4);
}

TEST_CASE("round-robin interleaves output, fifo runs each process to completion") {
  auto body = [](std::string name) {
    return [name](Process& self) {
      u::write(self, name + "1\n");
      u::compute(self, 25 * milliseconds);
      u::write(self, name + "2\n");
    };
  };
  SUBCASE("round-robin with the default 10ms quantum") {
    Kernel kernel(KernelConfig{}, Limits{});
    Process& a = kernel.create_boot_process("a", program(body("a")));
    Process& b = kernel.create_boot_process("b", program(body("b")));
    ShutdownAtEnd at_end(kernel);
    CHECK(kernel.run() == RunOutcome::completed);
    CHECK(kernel.console == "a1\nb1\na2\nb2\n");
    CHECK(a.counters[Counter::interrupts] == 2);
    CHECK(b.counters[Counter::interrupts] == 2);
  }
  SUBCASE("fifo") {
    KernelConfig config;
    config.scheduler = SchedulerKind::fifo;
    Kernel kernel(config, Limits{});
    Process& a = kernel.create_boot_process("a", program(body("a")));
    Process& b = kernel.create_boot_process("b", program(body("b")));
    ShutdownAtEnd at_end(kernel);
    CHECK(kernel.run() == RunOutcome::completed);
    CHECK(kernel.console == "a1\na2\nb1\nb2\n");
    for (const Process* p : {&a, &b}) {
      CHECK(p->counters[Counter::interrupts] == 0);
      CHECK(p->counters[Counter::context_switches] == 0);
    }
    CHECK(a.exit_time < b.exit_time);
  }
}

TEST_CASE("yield goes to the tail of the ready queue; alone it switches nothing") {
  Kernel kernel(KernelConfig{}, Limits{});
  Process& a = kernel.create_boot_process("a", program([](Process& self) {
    u::write(self, "a1\n");
    u::yield(self);
    u::write(self, "a2\n");
  }));
  Process& b = kernel.create_boot_process("b", program([](Process& self) {
    u::write(self, "b1\n");
    u::yield(self);
    u::write(self, "b2\n");
    u::yield(self);  // a has exited: nobody else is ready
    u::write(self, "b3\n");
  }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(kernel.console == "a1\nb1\na2\nb2\nb3\n");
  CHECK(a.counters[Counter::context_switches] == 1);
  CHECK(b.counters[Counter::context_switches] == 1);
  CHECK(count(b, "syscalls.yield") == 2);
  CHECK(b.counters[Counter::blocking_events] == 0);
}

TEST_CASE("priority: of the processes ready together, the lower number runs first") {
  // low and high sleep and wake while hog keeps the CPU (hog has the best
  // number, so neither wake-up preempts it); when hog ends both are ready.
  const scenario::Scenario s = load(
      "name: priority\n"
      "kernel: {scheduler: priority}\n"
      "processes:\n"
      "  - {name: low, priority: 5, steps: [{sleep: 1ms}, {print: low}]}\n"
      "  - {name: high, priority: 1, steps: [{sleep: 1ms}, {print: high}]}\n"
      "  - {name: hog, priority: 0, steps: [{compute: 5ms}]}\n");
  scenario::Machine machine(s, 1);
  CHECK(machine.run(nullptr) == RunOutcome::completed);
  CHECK(machine.kernel().console == "high\nlow\n");
}

TEST_CASE("priority: equal numbers take turns, round-robin") {
  const scenario::Scenario s = load(
      "name: priority\n"
      "kernel: {scheduler: priority, quantum: 1ms}\n"
      "processes:\n"
      "  - {name: a, priority: 2, steps: [{print: a1}, {compute: 1500us}, {print: a2}]}\n"
      "  - {name: b, priority: 2, steps: [{print: b1}, {compute: 1500us}, {print: b2}]}\n");
  scenario::Machine machine(s, 1);
  CHECK(machine.run(nullptr) == RunOutcome::completed);
  CHECK(machine.kernel().console == "a1\nb1\na2\nb2\n");
}

TEST_CASE("priority: a better process woken by the running one takes the CPU at its next step boundary") {
  const scenario::Scenario s = load(
      "name: priority\n"
      "kernel: {scheduler: priority}\n"
      "mailboxes: [{name: go}]\n"
      "processes:\n"
      "  - {name: high, priority: 1, steps: [{receive: {mailbox: go, into: m}}, {print: high}]}\n"
      "  - {name: low, priority: 5, steps: [{send: {mailbox: go, message: now}}, {print: low}]}\n");
  scenario::Machine machine(s, 1);
  CHECK(machine.run(nullptr) == RunOutcome::completed);
  CHECK(machine.kernel().console == "high\nlow\n");
  const Process* low = machine.find(scenario::ProcessKey{{}, "low", 0, {}});
  REQUIRE(low != nullptr);
  CHECK(low->counters[Counter::context_switches] == 1);  // preempted, not blocked
  CHECK(low->counters[Counter::blocking_events] == 0);
}

TEST_CASE("priority: a worse process that wakes does not preempt") {
  const scenario::Scenario s = load(
      "name: priority\n"
      "kernel: {scheduler: priority}\n"
      "mailboxes: [{name: go}]\n"
      "processes:\n"
      "  - {name: low, priority: 5, steps: [{receive: {mailbox: go, into: m}}, {print: low}]}\n"
      "  - {name: high, priority: 1, steps: [{send: {mailbox: go, message: now}}, {print: high}]}\n");
  scenario::Machine machine(s, 1);
  CHECK(machine.run(nullptr) == RunOutcome::completed);
  CHECK(machine.kernel().console == "high\nlow\n");
  const Process* high = machine.find(scenario::ProcessKey{{}, "high", 0, {}});
  REQUIRE(high != nullptr);
  CHECK(high->counters[Counter::context_switches] == 0);
}

// ---- several CPUs ----

TEST_CASE("cpus: 2 runs two computing processes in parallel") {
  auto run_with = [](int cpus, Time& end, std::int64_t& switches, std::int64_t& interrupts) {
    KernelConfig config;
    config.cpus = cpus;
    Kernel kernel(config, Limits{});
    Process& a = kernel.create_boot_process("a", program([](Process& self) { u::compute(self, 25 * milliseconds); }));
    Process& b = kernel.create_boot_process("b", program([](Process& self) { u::compute(self, 25 * milliseconds); }));
    ShutdownAtEnd at_end(kernel);
    CHECK(kernel.run() == RunOutcome::completed);
    end = kernel.end_time();
    switches = a.counters[Counter::context_switches] + b.counters[Counter::context_switches];
    interrupts = a.counters[Counter::interrupts] + b.counters[Counter::interrupts];
  };
  Time one = 0;
  Time two = 0;
  std::int64_t switches_one = 0, switches_two = 0, interrupts_one = 0, interrupts_two = 0;
  run_with(1, one, switches_one, interrupts_one);
  run_with(2, two, switches_two, interrupts_two);
  CHECK(one >= 50 * milliseconds);
  CHECK(two >= 25 * milliseconds);
  CHECK(two < 26 * milliseconds);  // about half: only interrupt and exit costs on top
  CHECK(two * 10 < one * 6);
  // Each process still takes a timer interrupt every quantum (at 10ms and
  // 20ms of its compute).
  CHECK(interrupts_two == 4);
  CHECK(interrupts_one == 4);
  CHECK(switches_one == 4);  // on one CPU every interrupt finds the other ready
}

}  // TEST_SUITE

}  // namespace
}  // namespace ipcsim::kernel
