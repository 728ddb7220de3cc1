// Regression tests: each case pins a kernel bug that was fixed, so that it
// can never come back. Every expected number is derived from the rules
// (DESIGN.md "What is counted", SCENARIO_FORMAT.md sections 2, 4, 7 and 10),
// not copied from the simulator's output. The scenario files under
// scenarios/regression/ pin the same bugs through `ipcsim test`.
#include "kernel/errno.h"  // first: <cerrno> macros would break the Errno enum

#include <doctest/doctest.h>

#include <cstddef>
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
#include "sim/trace.h"
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
using testing::named;
using testing::program;
using testing::ShutdownAtEnd;

// User-space helpers with a step boundary before each call, as the step
// interpreter makes one per step.
namespace u {

using testing::u::boundary;
using testing::u::exit;

void write(Process& p, std::string_view text) {
  if (boundary(p)) libc::write(p, 1, text);
}
Pid fork(Process& p, std::string name, Body body) {
  return boundary(p) ? libc::fork(p, std::move(name), program(std::move(body))).value : -1;
}
Pid getppid(Process& p) { return boundary(p) ? libc::getppid(p).value : -1; }

}  // namespace u

std::unique_ptr<scenario::Scenario> load(std::string_view yaml) {
  scenario::LoadResult result = scenario::load_scenario_text(yaml, "regression.yaml");
  if (result.error) FAIL(result.error->to_string());
  REQUIRE(result.scenario.has_value());
  return std::make_unique<scenario::Scenario>(std::move(*result.scenario));
}

// The file's own expect: block holds, and `ipcsim test` would exit 0.
void expectations_hold(const scenario::Machine& machine) {
  const auto mismatches = scenario::check_expectations(machine);
  INFO(describe(mismatches));
  CHECK(mismatches.empty());
  CHECK(scenario::exit_code(machine, mismatches) == 0);
}

// Index of the first record of `pid` of `kind` whose detail starts with
// `prefix`; records.size() if none.
std::size_t find_record(const std::vector<sim::TraceRecord>& records, Pid pid, sim::TraceKind kind,
                        std::string_view prefix = {}) {
  for (std::size_t i = 0; i < records.size(); ++i)
    if (records[i].pid == pid && records[i].kind == kind && records[i].detail.rfind(prefix, 0) == 0) return i;
  return records.size();
}

TEST_SUITE("regression") {

// ---- 1. an explicit exit of a process whose parent is init ----

TEST_CASE("boot process: print then an explicit exit 3 exits once, code 3, counted as the worked example") {
  // It used to abort: init reaped it at once, then it exited a second time.
  const auto s = load(
      "name: explicit exit\n"
      "processes:\n"
      "  - name: p\n"
      "    steps:\n"
      "      - print: hi\n"
      "      - exit: 3\n"
      "expect:\n"
      "  exit: {p: 3}\n"
      "  stdout: {p: \"hi\\n\"}\n");
  scenario::Machine machine(*s, 1);
  CHECK(machine.run(nullptr) == RunOutcome::completed);
  expectations_hold(machine);
  const Process& p = named(machine, "p");
  CHECK(p.pid() == 2);
  CHECK(p.parent() == 1);
  CHECK(p.exit_code == 3);
  CHECK(p.exit_signal == 0);
  CHECK(p.state() == ProcessState::reaped);  // init reaps every zombie it owns
  // start (k->u); write in and out; exit in: 4 mode switches, 2 system calls.
  CHECK(p.counters[Counter::kernel_to_user] == 2);
  CHECK(p.counters[Counter::user_to_kernel] == 2);
  CHECK(p.counters.mode_switches() == 4);
  CHECK(p.counters[Counter::syscalls] == 2);
  CHECK(count(p, "syscalls.write") == 1);
  CHECK(count(p, "syscalls.exit") == 1);  // exited once, not a second time
  CHECK(p.counters[Counter::bytes_copied] == 3);
  CHECK(p.counters[Counter::signals_sent] == 0);  // no SIGCHLD to init
  CHECK(machine.kernel().console == "hi\n");
  CHECK(machine.kernel().live_processes() == 0);
}

TEST_CASE("boot process built in code: libc exit(3) after a write exits once") {
  Kernel kernel(KernelConfig{}, Limits{});
  Process& p = kernel.create_boot_process("p", program([](Process& self) {
    u::write(self, "hi\n");
    u::exit(self, 3);
  }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(p.exit_code == 3);
  CHECK(p.state() == ProcessState::reaped);
  CHECK(p.counters.mode_switches() == 4);
  CHECK(p.counters[Counter::syscalls] == 2);
  CHECK(count(p, "syscalls.exit") == 1);
  CHECK(kernel.console == "hi\n");
}

TEST_CASE("an orphan that exits explicitly after its parent ended exits once") {
  // The parent goes on after fork and exits first (section 10: the child
  // waits its turn); init adopts the child, which then exits explicitly.
  const auto s = load(
      "name: orphan\n"
      "processes:\n"
      "  - name: parent\n"
      "    steps:\n"
      "      - fork:\n"
      "          name: orphan\n"
      "          steps:\n"
      "            - getppid: {into: pp}\n"
      "            - print: \"orphan of ${pp}\"\n"
      "            - exit: 7\n"
      "      - exit: 5\n"
      "expect:\n"
      "  exit: {parent: 5, orphan: 7}\n"
      "  console: \"orphan of 1\\n\"\n");
  scenario::Machine machine(*s, 1);
  CHECK(machine.run(nullptr) == RunOutcome::completed);
  expectations_hold(machine);
  const Process& parent = named(machine, "parent");
  const Process& orphan = named(machine, "orphan");
  CHECK(parent.exit_code == 5);
  CHECK(parent.state() == ProcessState::reaped);
  CHECK(parent.exit_time <= orphan.exit_time);
  CHECK(orphan.parent() == 1);
  CHECK(orphan.exit_code == 7);
  CHECK(orphan.state() == ProcessState::reaped);
  // Parent: start, fork in/out, exit in. Orphan: start, getppid in/out,
  // write in/out, exit in. Neither sends SIGCHLD: both end with parent init.
  CHECK(parent.counters.mode_switches() == 4);
  CHECK(parent.counters[Counter::syscalls] == 2);
  CHECK(parent.counters[Counter::signals_sent] == 0);
  CHECK(orphan.counters.mode_switches() == 6);
  CHECK(orphan.counters[Counter::syscalls] == 3);
  CHECK(count(orphan, "syscalls.exit") == 1);
  CHECK(orphan.counters[Counter::signals_sent] == 0);
  CHECK(machine.kernel().live_processes() == 0);
}

TEST_CASE("an orphan built in code: libc exit after its parent ended exits once") {
  Kernel kernel(KernelConfig{}, Limits{});
  Pid child = 0;
  Pid child_parent = 0;
  kernel.create_boot_process("parent", program([&](Process& self) {
    child = u::fork(self, "orphan", [&](Process& c) {
      child_parent = u::getppid(c);
      u::exit(c, 7);
    });
    u::exit(self, 5);
  }));
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(child_parent == 1);
  const Process* orphan = kernel.find(child);
  REQUIRE(orphan != nullptr);
  CHECK(orphan->exit_code == 7);
  CHECK(orphan->state() == ProcessState::reaped);
  CHECK(count(*orphan, "syscalls.exit") == 1);
  CHECK(orphan->counters.mode_switches() == 4);  // start, getppid in/out, exit in
}

// ---- 2. priority among boot processes ----

TEST_CASE("priority: boot processes run lowest number first, whatever their file order") {
  // The priority used to be set after the process was queued.
  const auto s = load(
      "name: boot priority\n"
      "kernel: {scheduler: priority}\n"
      "processes:\n"
      "  - {name: low, priority: 5, steps: [{print: low}]}\n"
      "  - {name: mid, priority: 3, steps: [{print: mid}]}\n"
      "  - {name: high, priority: 1, steps: [{print: high}]}\n"
      "expect:\n"
      "  console: \"high\\nmid\\nlow\\n\"\n");
  scenario::Machine machine(*s, 1);
  CHECK(machine.run(nullptr) == RunOutcome::completed);
  expectations_hold(machine);
  CHECK(machine.kernel().console == "high\nmid\nlow\n");
  for (const char* name : {"low", "mid", "high"}) {
    CAPTURE(name);
    const Process& p = named(machine, name);
    CHECK(p.counters[Counter::context_switches] == 0);  // none blocks or is preempted
    CHECK(p.counters.mode_switches() == 4);
  }
  CHECK(named(machine, "low").priority == 5);
  CHECK(named(machine, "high").priority == 1);
}

TEST_CASE("priority: create_boot_process queues a boot process at its priority") {
  KernelConfig config;
  config.scheduler = SchedulerKind::priority;
  Kernel kernel(config, Limits{});
  auto printer = [](std::string text) { return program([text](Process& self) { u::write(self, text); }); };
  kernel.create_boot_process("low", printer("low\n"), false, 5);
  kernel.create_boot_process("mid", printer("mid\n"), false, 3);
  kernel.create_boot_process("high", printer("high\n"), false, 1);
  ShutdownAtEnd at_end(kernel);
  CHECK(kernel.run() == RunOutcome::completed);
  CHECK(kernel.console == "high\nmid\nlow\n");
}

// ---- 3. a better process woken by a timer preempts at the next step boundary ----

TEST_CASE("priority: a better process woken by its sleep timer preempts at the running one's next step boundary") {
  // high sleeps 1ms; low computes 5ms. The wake-up does not split the compute
  // (the quantum, 100ms, never ends), so high takes the CPU at low's next
  // step boundary: after the compute, before `print: low`. It used to take it
  // one step late, after low had printed.
  const auto s = load(
      "name: timer wake-up\n"
      "kernel: {scheduler: priority, quantum: 100ms}\n"
      "processes:\n"
      "  - {name: high, priority: 1, steps: [{sleep: 1ms}, {print: high}]}\n"
      "  - {name: low, priority: 5, steps: [{compute: 5ms}, {print: low}]}\n"
      "expect:\n"
      "  console: \"high\\nlow\\n\"\n");
  sim::TraceLog log;
  scenario::Machine machine(*s, 1);
  CHECK(machine.run(&log) == RunOutcome::completed);
  expectations_hold(machine);
  CHECK(machine.kernel().console == "high\nlow\n");

  const Process& high = named(machine, "high");
  const Process& low = named(machine, "low");
  // low: switched out once while it could still run (involuntary), never blocked.
  CHECK(low.counters[Counter::context_switches] == 1);
  CHECK(low.counters[Counter::blocking_events] == 0);
  CHECK(low.counters[Counter::time_blocked] == 0);
  // high: one voluntary switch (its sleep), blocked exactly 1ms.
  CHECK(high.counters[Counter::context_switches] == 1);
  CHECK(count(high, "blocking.sleep") == 1);
  CHECK(high.counters[Counter::time_blocked] == 1 * milliseconds);

  // The timeline: low is preempted once its 5ms compute is over, before its
  // print; high prints only then (the compute was not split).
  const auto& records = log.records();
  const std::size_t preempt = find_record(records, low.pid(), sim::TraceKind::preempt);
  const std::size_t low_print = find_record(records, low.pid(), sim::TraceKind::syscall, "write");
  const std::size_t high_print = find_record(records, high.pid(), sim::TraceKind::syscall, "write");
  REQUIRE(preempt < records.size());
  REQUIRE(low_print < records.size());
  REQUIRE(high_print < records.size());
  CHECK(preempt < high_print);
  CHECK(high_print < low_print);
  CHECK(records[preempt].time >= 5 * milliseconds);
  CHECK(records[high_print].time >= 5 * milliseconds);
  CHECK(find_record(records, low.pid(), sim::TraceKind::interrupt) == records.size());
}

TEST_CASE("priority: a timer wake-up that lands during system-call steps preempts before the next step") {
  // The same rule when low is making system calls (8000 getpid, about 2ms)
  // instead of computing: the wake-up is taken at a step boundary, and low
  // must not start one more step before high takes the CPU.
  const auto s = load(
      "name: timer wake-up between steps\n"
      "kernel: {scheduler: priority, quantum: 100ms}\n"
      "processes:\n"
      "  - {name: high, priority: 1, steps: [{sleep: 1ms}, {print: high}]}\n"
      "  - name: low\n"
      "    priority: 5\n"
      "    steps:\n"
      "      - repeat: {times: 8000, do: [{getpid: {into: me}}]}\n"
      "      - print: low\n"
      "expect:\n"
      "  console: \"high\\nlow\\n\"\n");
  sim::TraceLog log;
  scenario::Machine machine(*s, 1);
  CHECK(machine.run(&log) == RunOutcome::completed);
  expectations_hold(machine);
  const Process& high = named(machine, "high");
  const Process& low = named(machine, "low");
  CHECK(low.counters[Counter::context_switches] == 1);
  CHECK(low.counters[Counter::blocking_events] == 0);
  CHECK(count(low, "syscalls.getpid") == 8000);
  CHECK(high.counters[Counter::time_blocked] == 1 * milliseconds);

  const auto& records = log.records();
  const std::size_t wake = find_record(records, high.pid(), sim::TraceKind::wake);
  const std::size_t preempt = find_record(records, low.pid(), sim::TraceKind::preempt);
  REQUIRE(wake < records.size());
  REQUIRE(preempt < records.size());
  CHECK(wake < preempt);
  CHECK(records[wake].time == records[find_record(records, high.pid(), sim::TraceKind::block)].time + 1 * milliseconds);
  // Between the wake-up and the preemption low starts no step: no system call.
  for (std::size_t i = wake; i < preempt; ++i) {
    CAPTURE(i);
    CAPTURE(records[i].detail);
    CHECK_FALSE((records[i].pid == low.pid() && records[i].kind == sim::TraceKind::syscall));
  }
}

// ---- 4. two CPUs: a compute does not hold the other CPU back ----

TEST_CASE("cpus: 2: two 25ms computes run at once, each on its own CPU, split only by timer interrupts") {
  const auto s = load(
      "name: two cpus\n"
      "kernel: {cpus: 2, quantum: 10ms}\n"
      "processes:\n"
      "  - {name: a, steps: [{compute: 25ms}]}\n"
      "  - {name: b, steps: [{compute: 25ms}]}\n");
  sim::TraceLog log;
  scenario::Machine machine(*s, 1);
  CHECK(machine.run(&log) == RunOutcome::completed);
  expectations_hold(machine);
  const Kernel& kernel = machine.kernel();

  // 25ms of compute each, in parallel, plus 2 interrupts (2 x 100ns + 500ns
  // each) and an exit: well under 25.01ms; one CPU would need over 50ms.
  CHECK(kernel.end_time() >= 25 * milliseconds);
  CHECK(kernel.end_time() <= 25 * milliseconds + 10 * microseconds);

  const auto& records = log.records();
  for (const char* name : {"a", "b"}) {
    CAPTURE(name);
    const Process& p = named(machine, name);
    CHECK(p.exit_code == 0);
    CHECK(p.counters[Counter::context_switches] == 0);
    CHECK(p.counters[Counter::interrupts] == 2);
    // start; 2 x (interrupt in, back out); exit in.
    CHECK(p.counters[Counter::user_to_kernel] == 3);
    CHECK(p.counters[Counter::kernel_to_user] == 3);
    CHECK(p.counters[Counter::syscalls] == 1);
    CHECK(p.exit_time >= 25 * milliseconds);
    CHECK(p.exit_time <= 25 * milliseconds + 10 * microseconds);
    // Each starts at once, at time 0.
    const std::size_t start = find_record(records, p.pid(), sim::TraceKind::start);
    REQUIRE(start < records.size());
    CHECK(records[start].time == 0);
    // Interrupts at 10ms and 20ms of quantum time (interrupt time on top).
    std::vector<Time> interrupts;
    for (const auto& r : records)
      if (r.pid == p.pid() && r.kind == sim::TraceKind::interrupt) interrupts.push_back(r.time);
    REQUIRE(interrupts.size() == 2);
    CHECK(interrupts[0] >= 10 * milliseconds);
    CHECK(interrupts[0] <= 10 * milliseconds + 10 * microseconds);
    CHECK(interrupts[1] >= 20 * milliseconds);
    CHECK(interrupts[1] <= 20 * milliseconds + 10 * microseconds);
    CHECK(find_record(records, p.pid(), sim::TraceKind::preempt) == records.size());
    CHECK(find_record(records, p.pid(), sim::TraceKind::dispatch) == records.size());
  }
  // a on cpu0, b on cpu1.
  CHECK(records[find_record(records, named(machine, "a").pid(), sim::TraceKind::start)].cpu == 0);
  CHECK(records[find_record(records, named(machine, "b").pid(), sim::TraceKind::start)].cpu == 1);

  // The timeline is in simulated-time order while the computes run. (Left
  // out: the whole trace. The exit system call is not split at the other
  // CPU's time, so a's "exit" record can precede b's earlier "syscall exit".)
  Time last = 0;
  for (const auto& r : records) {
    if (r.time > 25 * milliseconds) break;
    CAPTURE(r.detail);
    CHECK(r.time >= last);
    last = r.time;
  }
  // And on each CPU throughout.
  for (int cpu : {0, 1}) {
    Time previous = 0;
    for (const auto& r : records) {
      if (r.cpu != cpu) continue;
      CAPTURE(r.detail);
      CHECK(r.time >= previous);
      previous = r.time;
    }
  }
}

// ---- 5. a sender woken for room passes the wake-up on ----

TEST_CASE("mailbox capacity 1: two senders blocked for room both finish, FIFO, no false deadlock") {
  // s0 fills the box; s1 and s2 block for room; r receives three times. s1,
  // woken for room, finds r waiting and hands its message over: it must pass
  // the room wake-up on to s2, which used to sleep forever (a lost wake-up).
  const auto s = load(
      "name: lost wake-up\n"
      "mailboxes: [{name: box, capacity: 1}]\n"
      "processes:\n"
      "  - {name: s0, steps: [{send: {mailbox: box, message: \"from s0\"}}]}\n"
      "  - {name: s1, steps: [{send: {mailbox: box, message: \"from s1\"}}]}\n"
      "  - {name: s2, steps: [{send: {mailbox: box, message: \"from s2\"}}]}\n"
      "  - name: r\n"
      "    steps:\n"
      "      - repeat: {times: 3, do: [{receive: {mailbox: box, into: m}}, {print: \"${m}\"}]}\n"
      "expect:\n"
      "  deadlock: false\n"
      "  exit: {s0: 0, s1: 0, s2: 0, r: 0}\n"
      "  stdout: {r: \"from s0\\nfrom s1\\nfrom s2\\n\"}\n");
  scenario::Machine machine(*s, 1);
  CHECK(machine.run(nullptr) == RunOutcome::completed);
  expectations_hold(machine);
  CHECK(machine.blocked().blocked.empty());
  CHECK(machine.kernel().live_processes() == 0);
  const Process& r = named(machine, "r");
  CHECK(r.stdout_text == "from s0\nfrom s1\nfrom s2\n");
  CHECK(r.counters[Counter::messages_received] == 3);
  CHECK(count(r, "blocking.mailbox.receive") == 2);
  CHECK(count(named(machine, "s0"), "blocking.mailbox.send") == 0);
  for (const char* name : {"s1", "s2"}) {
    CAPTURE(name);
    const Process& p = named(machine, name);
    CHECK(p.exit_code == 0);
    CHECK(p.counters[Counter::messages_sent] == 1);
    CHECK(count(p, "blocking.mailbox.send") == 1);
  }
  CHECK(machine.kernel().lost_messages.empty());
  CHECK(machine.queued_at_end().empty());
}

// ---- 6. a daemon killed at the end of the run never received its handed message ----

TEST_CASE("daemon: a message handed to it before the end-of-run SIGKILL is lost, not received") {
  // d sleeps in receive; s hands it a message and exits at once, so every
  // non-daemon has exited before d runs again: d is ended with SIGKILL and
  // the message never reaches it. Nothing vanishes silently: it is reported.
  const auto s = load(
      "name: daemon handoff\n"
      "mailboxes: [{name: inbox}]\n"
      "processes:\n"
      "  - name: d\n"
      "    daemon: true\n"
      "    steps:\n"
      "      - receive: {mailbox: inbox, into: m}\n"
      "      - print: \"got ${m}\"\n"
      "  - {name: s, steps: [{send: {mailbox: inbox, message: \"last words\"}}]}\n"
      "expect:\n"
      "  deadlock: false\n"
      "  exit: {d: SIGKILL, s: 0}\n"
      "  stdout: {d: \"\"}\n");
  scenario::Machine machine(*s, 1);
  CHECK(machine.run(nullptr) == RunOutcome::completed);
  expectations_hold(machine);
  const Kernel& kernel = machine.kernel();
  const Process& d = named(machine, "d");
  const Process& sender = named(machine, "s");

  CHECK(d.exit_signal != 0);  // SIGKILL, as the expect: block says
  CHECK(d.stdout_text.empty());
  CHECK(d.counters[Counter::messages_received] == 0);
  CHECK(d.counters[Counter::bytes_copied] == 0);  // never copied out
  // start; receive in; killed on the way back: it never returns to user mode.
  CHECK(d.counters[Counter::user_to_kernel] == 1);
  CHECK(d.counters[Counter::kernel_to_user] == 1);
  CHECK(d.counters[Counter::signals_delivered] == 0);  // the end-of-run SIGKILL counts as no signal
  CHECK(sender.counters[Counter::messages_sent] == 1);
  CHECK(sender.counters[Counter::bytes_copied] == 10);
  CHECK(sender.counters[Counter::signals_sent] == 0);

  REQUIRE(kernel.lost_messages.size() == 1);
  const LostMessage& lost = kernel.lost_messages.front();
  CHECK(lost.body == "last words");
  CHECK(lost.sender == sender.pid());
  CHECK_FALSE(lost.why.empty());
  CHECK_FALSE(lost.where.empty());
  CHECK(machine.queued_at_end().empty());  // reported once, as lost
}

}  // TEST_SUITE

}  // namespace
}  // namespace ipcsim::kernel
