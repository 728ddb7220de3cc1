// Scenario loader: every kind of bad input is reported at the node at fault
// (SCENARIO_FORMAT.md section 10), and every good form parses to the structs
// the interpreter runs.
#include "tools/scenario/loader.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <variant>

namespace ipcsim::scenario {
namespace {

using user::ProcessRef;

// A minimal file around some step lines; the first step is on line 5 and a
// step written "      - op: ..." has its operation at column 9.
std::string with_steps(std::string_view steps) {
  return "name: t\nprocesses:\n  - name: p\n    steps:\n" + std::string(steps);
}

// A minimal file with a top-level block after `processes`, which starts at line 4.
std::string with_tail(std::string_view tail) {
  return "name: t\nprocesses:\n  - {name: p, steps: []}\n" + std::string(tail);
}

void check_error(std::string_view yaml, int line, int column, std::string_view part) {
  LoadResult result = load_scenario_text(yaml, "test.yaml");
  REQUIRE(result.error.has_value());
  CHECK_FALSE(result.scenario.has_value());
  INFO(result.error->to_string());
  CHECK(result.error->file == "test.yaml");
  CHECK(result.error->line == line);
  CHECK(result.error->column == column);
  CHECK(result.error->message.find(part) != std::string::npos);
}

Scenario load_good(std::string_view yaml) {
  LoadResult result = load_scenario_text(yaml, "good.yaml");
  if (result.error) FAIL(result.error->to_string());
  REQUIRE(result.scenario.has_value());
  return *result.scenario;
}

const user::StepList& steps_of(const Scenario& scenario, std::size_t process = 0) {
  REQUIRE(scenario.processes.size() > process);
  REQUIRE(scenario.processes[process].steps);
  return *scenario.processes[process].steps;
}

template <typename T>
const T& action(const user::Step& step) {
  const T* found = std::get_if<T>(&step.action);
  REQUIRE(found != nullptr);
  return *found;
}

TEST_SUITE("loader") {
  TEST_CASE("a file with no YAML content is an error at 1:1") {
    check_error("", 1, 1, "no YAML content");
    check_error("# only a comment\n\n# and another\n", 1, 1, "no YAML content");
  }

  TEST_CASE("a YAML syntax error is a load error at yaml-cpp's mark") {
    check_error("name: t\nkernel: {cpus: 2\nprocesses: []\n", 3, 10, "YAML syntax error");
    check_error("name: t\nprocesses: [\n", 3, 1, "YAML syntax error");
  }

  TEST_CASE("a file holds one map and one document") {
    check_error("[1, 2]\n", 1, 1, "must be a map");
    check_error("name: t\n---\nname: u\n", 2, 1, "one YAML document");
    check_error(",a\n", 1, 1, "YAML syntax error: unexpected ','");
    check_error("name: t\n---\n,\n", 2, 1, "one YAML document");
  }

  TEST_CASE("an unknown top-level key is reported at the key") {
    check_error("name: t\nfoo: 1\nprocesses: []\n", 2, 1, "unknown key 'foo'");
    check_error("name: t\nproceses: []\n", 2, 1, "did you mean 'processes'?");
  }

  TEST_CASE("a missing required key is reported at the map") {
    check_error("processes:\n  - name: p\n    steps: []\n", 1, 1, "missing required key 'name'");
    check_error("name: t\nseed: 3\n", 1, 1, "missing required key 'processes'");
    check_error("name: t\nprocesses: []\n", 2, 12, "at least one process");
    check_error("name:\nprocesses: []\n", 1, 1, "'name' needs a value");
  }

  TEST_CASE("a key given twice is an error at the second") {
    check_error("name: t\nname: u\nprocesses: []\n", 2, 1, "duplicate key 'name'");
  }

  TEST_CASE("an unknown operation is reported at its key") {
    check_error(with_steps("      - frobnicate: 1\n"), 5, 9, "unknown operation 'frobnicate'");
    check_error(with_steps("      - recieve: {from: any}\n"), 5, 9, "did you mean 'receive'?");
    check_error(with_steps("      - sleep 2ms\n"), 5, 9, "missing ':' after 'sleep'");
  }

  TEST_CASE("a step with several keys is an error at the step's map") {
    check_error(with_steps("      - sleep: 1ms\n        yield: {}\n"), 5, 9, "exactly one operation");
    // The usual cause: arguments not indented under their operation.
    check_error(with_steps("      - send:\n        to: p\n"), 5, 9, "indented");
  }

  TEST_CASE("a value of the wrong type is reported at the value") {
    check_error("name: t\nkernel: fast\nprocesses: []\n", 2, 9, "must be a map");
    check_error("name: t\nprocesses:\n  - name: p\n    steps: yield\n", 4, 12, "must be a list");
    check_error(with_steps("      - fork: child\n"), 5, 15, "must be a map");
    check_error(with_steps("      - print: [a, b]\n"), 5, 16, "must be a map, not a list");
  }

  TEST_CASE("bad durations and sizes are reported at the value") {
    check_error(with_steps("      - sleep: 5 parsecs\n"), 5, 16, "duration");
    check_error(with_steps("      - compute: {time: -1ms}\n"), 5, 25, "duration");
    check_error("name: t\nkernel: {quantum: 0}\nprocesses: []\n", 2, 19, "'quantum' must be at least 1ns");
    check_error("name: t\nkernel: {page_size: 4KB}\nprocesses: []\n", 2, 21, "'page_size' must be a size");
  }

  TEST_CASE("values out of range are errors") {
    check_error("name: t\nmailboxes:\n  - {name: jobs, capacity: -1}\nprocesses: []\n", 3, 28, "'capacity'");
    check_error("name: t\nkernel:\n  link_capacity: -2\nprocesses: []\n", 3, 18, "'link_capacity'");
    check_error("name: t\nkernel: {cpus: 65}\nprocesses: []\n", 2, 16, "from 1 to 64");
    check_error("name: t\nseed: -1\nprocesses: []\n", 2, 7, "'seed'");
    check_error("name: t\nprocesses:\n  - {name: p, uid: 70000, steps: []}\n", 3, 20, "'uid'");
    check_error("name: t\nkernel: {scheduler: lottery}\nprocesses: []\n", 2, 21, "round-robin, fifo or priority");
    check_error(with_tail("expect: {exit: {p: 256}}\n"), 4, 20, "from 0 to 255");
  }

  TEST_CASE("an unknown errno name in a step's expect is reported at the name") {
    check_error(with_steps("      - yield: {expect: EWHATEVER}\n"), 5, 25, "unknown errno name 'EWHATEVER'");
  }

  TEST_CASE("an expression that does not parse is reported where it fails") {
    check_error(with_steps("      - set: {x: \"$a +* 2\"}\n"), 5, 23, "invalid expression");
    check_error(with_steps("      - set: {x: $a +* 2}\n"), 5, 22, "invalid expression");
    check_error(with_steps("      - set:\n          x: |\n            $a +\n            * 2\n"), 8, 13,
                "invalid expression");
    check_error(with_steps("      - while: {cond: \"(1\", do: []}\n"), 5, 26, "invalid expression in 'cond'");
    check_error(with_steps("      - print: \"x ${\"\n"), 5, 19, "invalid text in 'print'");
  }

  TEST_CASE("a process no one could bear is an error at the name") {
    check_error(with_steps("      - send: {to: nobody, message: hi}\n"), 5, 20, "no process could be named 'nobody'");
    check_error(with_steps("      - send: {to: any, message: hi}\n"), 5, 20, "'any' is not allowed");
    check_error(with_steps("      - wait: {pid: -3}\n"), 5, 21, "a pid must be");
    check_error(with_tail("expect:\n  stdout: {q: x}\n"), 5, 12, "no process could be named 'q'");
  }

  TEST_CASE("a mailbox no one declares is an error at the name") {
    check_error(with_steps("      - receive: {mailbox: jbos, into: m}\n"), 5, 28, "no mailbox could be named 'jbos'");
    check_error("name: t\nmailboxes: [{name: jobs}]\nprocesses:\n  - name: p\n    steps: [mailbox_destroy: jbs]\n", 5,
                30, "did you mean 'jobs'?");
  }

  TEST_CASE("names must be unique and not reserved") {
    check_error("name: t\nprocesses:\n  - {name: p, steps: []}\n  - {name: p, steps: []}\n", 4, 12,
                "duplicate process name 'p'");
    check_error("name: t\nprocesses:\n  - {name: total, steps: []}\n", 3, 12, "'total' is a reserved name");
    check_error("name: t\nmailboxes: [{name: blocking}]\nprocesses: []\n", 2, 20, "reserved");
    check_error("name: t\nprocesses:\n  - {name: a/b, steps: []}\n", 3, 12, "':' or '/'");
    check_error("name: t\nprocesses:\n  - {name: any, steps: []}\n", 3, 12, "reserved");
    check_error("name: t\nmailboxes: [{name: a}, {name: a}]\nprocesses: []\n", 2, 31, "duplicate mailbox name");
    check_error(with_steps("      - fork: {name: \"host:x\"}\n"), 5, 22, "':' or '/'");
    check_error("name: t\nprograms:\n  ls: []\nprocesses: []\n", 3, 3, "built-in program");
  }

  TEST_CASE("break outside any loop is an error") {
    check_error(with_steps("      - break\n"), 5, 9, "'break' outside");
    // A fork child's steps are a program of their own.
    check_error(with_steps("      - repeat: {times: 2, do: [{fork: {steps: [break]}}]}\n"), 5, 49, "'break' outside");
  }

  TEST_CASE("files: entries are checked where they are written") {
    check_error("name: t\nfiles:\n  home/a: x\nprocesses: []\n", 3, 3, "must be absolute");
    check_error("name: t\nfiles:\n  /a/../b: x\nprocesses: []\n", 3, 3, "'.' or '..'");
    check_error("name: t\nfiles:\n  /d/: text\nprocesses: []\n", 3, 8, "takes a map");
    check_error("name: t\nfiles:\n  /a: x\n  /a/b: y\nprocesses: []\n", 4, 3, "'/a' is declared as a regular file");
    check_error("name: t\nfiles:\n  /a/b: y\n  /a: x\nprocesses: []\n", 4, 3, "'/a' is already a directory");
    check_error("name: t\nfiles:\n  /f: {fifo: true, text: x}\nprocesses: []\n", 3, 7, "a FIFO has no 'text'");
    check_error("name: t\nfiles:\n  /f: {mode: 0999}\nprocesses: []\n", 3, 14, "");
    check_error("name: t\nfiles:\n  /f: {size: 3}\nprocesses: []\n", 3, 8, "unknown key 'size'");
    check_error(with_steps("      - open: {path: /a, flags: [reed]}\n"), 5, 34, "did you mean 'read'");
    check_error(with_steps("      - read: {count: 3}\n"), 5, 15, "'read' needs 'fd'");
    check_error(with_steps("      - write: {fd: 1}\n"), 5, 16, "'write' needs 'data'");
    check_error(with_steps("      - pipe: {into: [a, b, c]}\n"), 5, 15, "at most two variables");
  }

  TEST_CASE("hosts: names and addresses are checked where they are written") {
    check_error("name: t\nhosts: []\nprocesses: []\n", 2, 8, "at least one host");
    check_error("name: t\nhosts:\n  - {name: a, address: 10.0.0.300}\nprocesses: []\n", 3, 24, "IPv4 address");
    check_error("name: t\nhosts:\n  - {name: a, address: 127.0.0.1}\nprocesses: []\n", 3, 24, "loopback");
    check_error("name: t\nhosts:\n  - {name: a, address: 10.0.0.1}\n  - {name: a, address: 10.0.0.2}\nprocesses: []\n",
                4, 12, "duplicate host name 'a'");
    check_error("name: t\nhosts:\n  - {name: a, address: 10.0.0.1}\n  - {name: b, address: 10.0.0.1}\nprocesses: []\n",
                4, 24, "already the address of host 'a'");
    check_error("name: t\nhosts:\n  - {name: a}\nprocesses: []\n", 3, 5, "needs 'address'");
    check_error("name: t\nprocesses:\n  - {name: p, host: a, steps: []}\n", 3, 21, "only host is 'localhost'");
    check_error("name: t\nhosts:\n  - {name: alpha, address: 10.0.0.1}\nprocesses:\n  - {name: p, host: alhpa, steps: []}\n",
                5, 21, "did you mean 'alpha'");
    check_error("name: t\nhosts:\n  - {name: a, address: 10.0.0.1}\nprocesses:\n  - {name: p, steps: []}\n"
                "expect:\n  counters:\n    host:b: {syscalls: 1}\n",
                8, 5, "no host named 'b'");
  }

  TEST_CASE("pipe_buf must not exceed pipe_capacity") {
    check_error("name: t\nkernel:\n  pipe_capacity: 1KiB\n  pipe_buf: 4KiB\nprocesses: []\n", 4, 13, "must not exceed");
    // Only the capacity written: the default pipe_buf (4KiB) is too large for it.
    check_error("name: t\nkernel:\n  pipe_capacity: 1KiB\nprocesses: []\n", 3, 18, "must not exceed");
  }

  TEST_CASE("an unknown counter is an error at its key") {
    check_error(with_tail("expect:\n  counters:\n    total: {context_swiches: 3}\n"), 6, 13,
                "unknown counter 'context_swiches'");
    check_error(with_tail("expect:\n  counters:\n    p: {syscalls.print: 1}\n"), 6, 9, "syscalls.write");
    check_error(with_tail("expect:\n  counters:\n    p: {syscalls.frob: 1}\n"), 6, 9, "unknown system call 'frob'");
    check_error(with_tail("expect:\n  counters:\n    blocking: {pipe.rd: 1}\n"), 6, 16, "unknown blocking reason");
    check_error(with_tail("expect:\n  counters:\n    host:mars: {syscalls: 1}\n"), 6, 5, "no host named 'mars'");
    check_error(with_tail("expect:\n  exit: {p: SIGFOO}\n"), 5, 13, "unknown signal 'SIGFOO'");
    check_error(with_tail("expect:\n  exit: {1: 0}\n"), 5, 10, "pid 1");
  }

  TEST_CASE("a bound that does not parse is an error at the value") {
    check_error(with_tail("expect:\n  counters:\n    total: {syscalls: \"about 3\"}\n"), 6, 23,
                "invalid counter bound");
    check_error(with_tail("expect:\n  counters:\n    total: {syscalls: \"5..2\"}\n"), 6, 23, "empty range");
    check_error(with_tail("expect:\n  counters:\n    total: {syscalls: 1ms}\n"), 6, 23, "invalid counter bound");
  }

  TEST_CASE("a process has either steps or exec") {
    check_error("name: t\nprograms:\n  worker: []\nprocesses:\n  - name: p\n    exec: worker\n    steps: []\n", 5, 5,
                "either 'steps' or 'exec'");
    check_error("name: t\nprocesses:\n  - name: p\n    uid: 0\n", 3, 5, "needs 'steps' or 'exec'");
    check_error("name: t\nprocesses:\n  - {name: p, exec: nothere}\n", 3, 21, "unknown program 'nothere'");
    check_error("name: t\nprocesses:\n  - {name: p, args: [x], steps: []}\n", 3, 15, "'args' needs 'exec'");
    check_error("name: t\nprograms: {w: []}\nprocesses:\n  - name: p\n    steps:\n      - fork: {steps: [], exec: w}\n",
                6, 15, "either 'steps' or 'exec'");
  }

  TEST_CASE("call keys belong to system calls only") {
    check_error(with_steps("      - compute: {time: 1us, into: x}\n"), 5, 30, "user mode");
    check_error(with_steps("      - print: {text: hi, nonblocking: true}\n"), 5, 27, "never blocks");
    check_error(with_steps("      - getpid: {into: 2x}\n"), 5, 24, "not a variable name");
    check_error(with_steps("      - sleep: {tiem: 1ms}\n"), 5, 17, "did you mean 'time'?");
    check_error(with_steps("      - send: {to: p}\n"), 5, 15, "'send' needs 'message'");
    check_error(with_steps("      - print\n"), 5, 9, "'print' needs 'text'");
    check_error(with_steps("      - send: {to: p, message: m, wait: soon}\n"), 5, 41, "'queued' or 'received'");
  }

  TEST_CASE("an alias that contains itself ends in an error, not a crash") {
    check_error("name: t\nprocesses:\n  - name: p\n    steps: &s [ {repeat: {times: 1, do: *s}} ]\n", 4, 12,
                "nested too deeply");
  }

  TEST_CASE("an unreadable file is an error at 1:1 with the system's reason") {
    LoadResult result = load_scenario_file("/nonexistent/dir/scenario.yaml");
    REQUIRE(result.error.has_value());
    CHECK(result.error->line == 1);
    CHECK(result.error->column == 1);
    CHECK(result.error->message.find("No such file or directory") != std::string::npos);
    CHECK(result.error->to_string().rfind("/nonexistent/dir/scenario.yaml:1:1: ", 0) == 0);
  }

  TEST_CASE("LoadError prints as FILE:LINE:COLUMN: message") {
    CHECK(LoadError{"a.yaml", 3, 7, "oops"}.to_string() == "a.yaml:3:7: oops");
  }

  TEST_CASE("integers with a leading 0 are octal") {
    Scenario scenario = load_good(
        "name: t\nmailboxes:\n  - {name: jobs, mode: 0600}\n  - {name: open}\n"
        "processes:\n  - name: p\n    steps:\n      - mailbox_create: {name: mine, mode: 0640, capacity: 010}\n");
    REQUIRE(scenario.mailboxes.size() == 2);
    CHECK(scenario.mailboxes[0].mode == 384);
    CHECK(scenario.mailboxes[1].mode == 0666);
    CHECK(scenario.mailboxes[1].capacity == kernel::unbounded);
    const auto& create = action<user::MailboxCreateStep>(steps_of(scenario)[0]);
    CHECK(create.mode == 416);
    CHECK(create.capacity == 8);
  }

  TEST_CASE("top-level settings parse to the structs with their defaults") {
    Scenario scenario = load_good(
        "name: demo\nabout: |\n  Two lines\n  of text.\nseed: 42\n"
        "kernel:\n  cpus: 4\n  scheduler: fifo\n  quantum: 2ms\n  pipe_capacity: 1MiB\n  pipe_buf: 512\n"
        "  link_capacity: 0\n  page_size: 8KiB\n  socket_buffer: 16KiB\n"
        "  costs: {copy_byte: 0.25ns, mode_switch: 1.5ns, syscall: 0, network_latency: 1ms}\n"
        "limits: {time: 1s, steps: 500, processes: 9}\n"
        "processes:\n  - {name: p, uid: 0, priority: -5, daemon: true, stdin: \"in\\n\", steps: []}\n");
    CHECK(scenario.file == "good.yaml");
    CHECK(scenario.name == "demo");
    CHECK(scenario.about == "Two lines\nof text.\n");
    CHECK(scenario.seed == 42);
    CHECK(scenario.kernel.cpus == 4);
    CHECK(scenario.kernel.scheduler == kernel::SchedulerKind::fifo);
    CHECK(scenario.kernel.quantum == 2 * sim::milliseconds);
    CHECK(scenario.kernel.pipe_capacity == 1024 * 1024);
    CHECK(scenario.kernel.pipe_buf == 512);
    CHECK(scenario.kernel.link_capacity == 0);
    CHECK(scenario.kernel.page_size == 8192);
    CHECK(scenario.kernel.socket_buffer == 16384);
    CHECK(scenario.kernel.costs.copy_byte_picoseconds == 250);
    CHECK(scenario.kernel.costs.mode_switch == 2);  // rounded to whole ns
    CHECK(scenario.kernel.costs.syscall == 0);
    CHECK(scenario.kernel.costs.context_switch == 1000);  // default kept
    CHECK(scenario.kernel.costs.network_latency == sim::milliseconds);
    CHECK(scenario.limits.time == sim::seconds);
    CHECK(scenario.limits.steps == 500);
    CHECK(scenario.limits.processes == 9);
    const ProcessSpec& process = scenario.processes[0];
    CHECK(process.where.line == 18);
    CHECK(process.uid == 0);
    CHECK(process.priority == -5);
    CHECK(process.daemon);
    CHECK(process.stdin_text == std::optional<std::string>("in\n"));
    CHECK(process.steps->empty());
    CHECK_FALSE(scenario.expect.present);

    Scenario defaults = load_good("name: d\nprocesses: [{name: p, steps: []}]\n");
    CHECK(defaults.seed == 1);
    CHECK(defaults.kernel.scheduler == kernel::SchedulerKind::round_robin);
    CHECK(defaults.kernel.link_capacity == kernel::unbounded);
    CHECK(defaults.processes[0].uid == 1000);
    CHECK_FALSE(defaults.processes[0].stdin_text.has_value());
  }

  TEST_CASE("programs and exec") {
    Scenario scenario = load_good(
        "name: t\nprocesses:\n  - {name: boss, exec: worker, args: [\"-n\", \"${x}\"]}\n"
        "programs:\n  worker:\n    - exec: {program: worker, args: [again]}\n");
    REQUIRE(scenario.programs.size() == 1);
    CHECK(scenario.programs[0].name == "worker");
    const ProcessSpec& boss = scenario.processes[0];
    CHECK(boss.exec_program == "worker");
    CHECK_FALSE(boss.steps);
    REQUIRE(boss.exec_args.size() == 2);
    CHECK(boss.exec_args[0].literal() == "-n");
    CHECK_FALSE(boss.exec_args[1].is_literal());
    const auto& exec = action<user::ExecStep>(scenario.programs[0].steps->at(0));
    CHECK(exec.program == "worker");
    REQUIRE(exec.args.size() == 1);
    CHECK(exec.args[0].source() == "again");
  }

  TEST_CASE("every shorthand and map form of the process steps") {
    Scenario scenario =
        load_good(with_steps("      - compute: 5us\n"                                        // 5
                             "      - compute: {time: 1.5us}\n"                              // 6
                             "      - sleep: 2ms\n"                                          // 7
                             "      - sleep: {time: 3, nonblocking: true, expect: EINTR}\n"  // 8
                             "      - exit\n"                                                // 9
                             "      - exit: 3\n"                                             // 10
                             "      - exit: {code: \"$x + 1\", expect: ok}\n"                // 11
                             "      - print: \"got ${m}\"\n"                                 // 12
                             "      - print: {text: hi, into: [$n]}\n"                       // 13
                             "      - set: {b: 2, a: \"$b + 1\", s: \"''\"}\n"               // 14
                             "      - fork\n"                                                // 15
                             "      - fork: {name: kid, steps: [yield], into: c}\n"          // 16
                             "      - wait\n"                                                // 17
                             "      - wait: any\n"                                           // 18
                             "      - wait: $c\n"                                            // 19
                             "      - wait: {pid: kid, into: status, nonblocking: true}\n"   // 20
                             "      - wait: 7\n"                                             // 21
                             "      - yield\n"                                               // 22
                             "      - yield: {}\n"                                           // 23
                             "      - getpid\n"                                              // 24
                             "      - getpid: {into: $me}\n"                                 // 25
                             "      - getppid: {into: parent}\n"                             // 26
                             "      - assert: \"$a == 3\"\n"                                 // 27
                             "      - assert: {cond: \"1\"}\n"));                            // 28
    const user::StepList& steps = steps_of(scenario);
    REQUIRE(steps.size() == 24);
    CHECK(steps[0].where.line == 5);
    CHECK(steps[0].where.column == 9);
    CHECK(action<user::ComputeStep>(steps[0]).duration == 5000);
    CHECK(action<user::ComputeStep>(steps[1]).duration == 1500);
    CHECK(action<user::SleepStep>(steps[2]).duration == 2 * sim::milliseconds);
    CHECK(action<user::SleepStep>(steps[3]).duration == 3);
    CHECK(steps[3].call.nonblocking);
    CHECK(steps[3].call.has_expect);
    CHECK(steps[3].call.expect == kernel::Errno::eintr);
    CHECK(action<user::ExitStep>(steps[4]).code.source() == "0");
    CHECK(action<user::ExitStep>(steps[5]).code.source() == "3");
    CHECK(action<user::ExitStep>(steps[6]).code.source() == "$x + 1");
    CHECK(steps[6].call.has_expect);
    CHECK(steps[6].call.expect == kernel::Errno::none);
    CHECK(action<user::PrintStep>(steps[7]).text.source() == "got ${m}");
    CHECK(action<user::PrintStep>(steps[8]).text.source() == "hi");
    CHECK(steps[8].call.into == std::vector<std::string>{"n"});
    CHECK_FALSE(steps[8].call.has_expect);

    const auto& set = action<user::SetStep>(steps[9]);
    REQUIRE(set.assignments.size() == 3);
    CHECK(set.assignments[0].first == "b");  // file order, not sorted
    CHECK(set.assignments[1].first == "a");
    CHECK(set.assignments[1].second.source() == "$b + 1");
    CHECK(set.assignments[2].second.source() == "''");

    const auto& bare_fork = action<user::ForkStep>(steps[10]);
    CHECK(bare_fork.child_name.empty());
    REQUIRE(bare_fork.steps);
    CHECK(bare_fork.steps->empty());
    const auto& fork = action<user::ForkStep>(steps[11]);
    CHECK(fork.child_name == "kid");
    REQUIRE(fork.steps);
    CHECK(fork.steps->size() == 1);
    CHECK(steps[11].call.into == std::vector<std::string>{"c"});

    CHECK(action<user::WaitStep>(steps[12]).pid.kind == ProcessRef::Kind::any);
    CHECK(action<user::WaitStep>(steps[13]).pid.kind == ProcessRef::Kind::any);
    CHECK(action<user::WaitStep>(steps[14]).pid.kind == ProcessRef::Kind::variable);
    CHECK(action<user::WaitStep>(steps[14]).pid.name == "c");
    CHECK(action<user::WaitStep>(steps[15]).pid.kind == ProcessRef::Kind::name);
    CHECK(action<user::WaitStep>(steps[15]).pid.name == "kid");
    CHECK(steps[15].call.into == std::vector<std::string>{"status"});
    CHECK(steps[15].call.nonblocking);
    CHECK(action<user::WaitStep>(steps[16]).pid.kind == ProcessRef::Kind::pid);
    CHECK(action<user::WaitStep>(steps[16]).pid.pid == 7);

    action<user::YieldStep>(steps[17]);
    action<user::YieldStep>(steps[18]);
    CHECK_FALSE(action<user::GetpidStep>(steps[19]).parent);
    CHECK(steps[20].call.into == std::vector<std::string>{"me"});
    CHECK(action<user::GetpidStep>(steps[21]).parent);
    CHECK(action<user::AssertStep>(steps[22]).condition.source() == "$a == 3");
    CHECK(action<user::AssertStep>(steps[23]).condition.source() == "1");
    CHECK(steps[23].where.line == 28);
  }

  TEST_CASE("control flow steps") {
    Scenario scenario =
        load_good(with_steps("      - repeat:\n"
                             "          times: 3\n"
                             "          as: i\n"
                             "          do:\n"
                             "            - if: {cond: \"$i == 1\", then: [break], else: [{print: x}]}\n"
                             "      - repeat: {times: forever, do: [{while: {cond: \"1\", do: [break]}}, break]}\n"
                             "      - while: {cond: \"$n > 0\", do: []}\n"
                             "      - if: {cond: \"1\", then: []}\n"));
    const user::StepList& steps = steps_of(scenario);
    REQUIRE(steps.size() == 4);
    const auto& repeat = action<user::RepeatStep>(steps[0]);
    REQUIRE(repeat.times.has_value());
    CHECK(repeat.times->source() == "3");
    CHECK(repeat.counter == "i");
    REQUIRE(repeat.body->size() == 1);
    const auto& inner_if = action<user::IfStep>(repeat.body->at(0));
    CHECK(inner_if.condition.source() == "$i == 1");
    REQUIRE(inner_if.then_steps->size() == 1);
    action<user::BreakStep>(inner_if.then_steps->at(0));
    CHECK(inner_if.else_steps->size() == 1);
    CHECK(repeat.body->at(0).where.line == 9);
    CHECK(repeat.body->at(0).where.column == 15);

    const auto& forever = action<user::RepeatStep>(steps[1]);
    CHECK_FALSE(forever.times.has_value());
    CHECK(forever.counter.empty());
    CHECK(forever.body->size() == 2);
    CHECK(action<user::WhileStep>(steps[2]).condition.source() == "$n > 0");
    CHECK(action<user::WhileStep>(steps[2]).body->empty());
    const auto& lone_if = action<user::IfStep>(steps[3]);
    REQUIRE(lone_if.else_steps);
    CHECK(lone_if.else_steps->empty());
  }

  TEST_CASE("message passing steps and the names they may use") {
    Scenario scenario = load_good(
        "name: t\nmailboxes: [{name: jobs, capacity: 2}]\nprocesses:\n"
        "  - name: producer\n    steps:\n"
        "      - send: {to: consumer, message: \"hi ${n}\"}\n"  // 6
        "      - send: {mailbox: jobs, message: job, wait: received, nonblocking: true}\n"
        "      - send: {to: late, message: x}\n"       // declared by a fork below
        "      - send: {mailbox: made, message: x}\n"  // declared by a step below
        "      - mailbox_create\n"
        "      - mailbox_create: {name: made, capacity: unbounded, into: box}\n"
        "      - send: {mailbox: $box, message: x}\n"
        "      - mailbox_destroy: jobs\n"
        "      - mailbox_destroy: {name: made}\n"
        "      - mailbox_destroy: {mailbox: $box, expect: EPERM}\n"
        "      - fork: {name: late}\n"
        "  - name: consumer\n    steps:\n"
        "      - receive: {from: producer, into: m}\n"
        "      - receive: {from: any, into: $m, sender: $who}\n"
        "      - receive: {mailbox: jobs, into: job}\n"
        "      - receive: {from: 2}\n");
    const user::StepList& producer = steps_of(scenario, 0);
    REQUIRE(producer.size() == 11);
    const auto& direct = action<user::SendStep>(producer[0]);
    CHECK_FALSE(direct.to_mailbox);
    CHECK(direct.to.kind == ProcessRef::Kind::name);
    CHECK(direct.to.name == "consumer");
    CHECK(direct.message.source() == "hi ${n}");
    CHECK_FALSE(direct.wait_received);
    const auto& indirect = action<user::SendStep>(producer[1]);
    CHECK(indirect.to_mailbox);
    CHECK(indirect.mailbox.name == "jobs");
    CHECK_FALSE(indirect.mailbox.id.has_value());
    CHECK(indirect.wait_received);
    CHECK(producer[1].call.nonblocking);
    const auto& anonymous = action<user::MailboxCreateStep>(producer[4]);
    CHECK(anonymous.name.empty());
    CHECK(anonymous.capacity == -1);
    CHECK(anonymous.mode == 0600);
    CHECK(action<user::MailboxCreateStep>(producer[5]).name == "made");
    CHECK(producer[5].call.into == std::vector<std::string>{"box"});
    const auto& by_id = action<user::SendStep>(producer[6]);
    REQUIRE(by_id.mailbox.id.has_value());
    CHECK(by_id.mailbox.id->source() == "$box");
    CHECK(action<user::MailboxDestroyStep>(producer[7]).mailbox.name == "jobs");
    CHECK(action<user::MailboxDestroyStep>(producer[8]).mailbox.name == "made");
    REQUIRE(action<user::MailboxDestroyStep>(producer[9]).mailbox.id.has_value());
    CHECK(producer[9].call.expect == kernel::Errno::eperm);

    const user::StepList& consumer = steps_of(scenario, 1);
    const auto& symmetric = action<user::ReceiveStep>(consumer[0]);
    CHECK_FALSE(symmetric.from_mailbox);
    CHECK(symmetric.from.name == "producer");
    CHECK(consumer[0].call.into == std::vector<std::string>{"m"});
    const auto& asymmetric = action<user::ReceiveStep>(consumer[1]);
    CHECK(asymmetric.from.kind == ProcessRef::Kind::any);
    CHECK(asymmetric.sender_variable == "who");
    CHECK(consumer[1].call.into == std::vector<std::string>{"m"});
    CHECK(action<user::ReceiveStep>(consumer[2]).from_mailbox);
    CHECK(action<user::ReceiveStep>(consumer[3]).from.pid == 2);
  }

  TEST_CASE("every form of the signal steps") {
    Scenario scenario = load_good(with_steps(
        "      - signal: {sig: SIGUSR1, handler: [{fork: {name: helper}}, yield], restart: true, into: old}\n"  // 5
        "      - signal: {sig: SIGINT, handler: ignore}\n"                                                  // 6
        "      - signal: {sig: 15, handler: default, expect: ok}\n"                                         // 7
        "      - signal: {sig: SIGKILL, handler: [], expect: EINVAL}\n"                                     // 8
        "      - signal:\n"                                                                                 // 9
        "          sig: SIGRTMIN+3\n"
        "          handler:\n"
        "            - repeat: {times: 2, do: [break]}\n"                                                   // 12
        "      - kill: {pid: helper, sig: SIGTERM}\n"                                                       // 13
        "      - kill: {pid: 7, sig: 0, expect: ESRCH}\n"                                                   // 14
        "      - kill: {pid: $child, sig: SIGRTMIN+30, into: r}\n"                                          // 15
        "      - kill: {pid: p, sig: 9}\n"                                                                  // 16
        "      - sigprocmask: {block: [SIGUSR1, SIGKILL]}\n"                                                // 17
        "      - sigprocmask: {unblock: [SIGUSR2], into: old}\n"                                            // 18
        "      - sigprocmask: {set: []}\n"                                                                  // 19
        "      - pause\n"                                                                                   // 20
        "      - pause: {}\n"                                                                               // 21
        "      - pause: {expect: EINTR}\n"                                                                  // 22
        "      - alarm: 5ms\n"                                                                              // 23
        "      - alarm: {time: 0, into: left}\n"                                                            // 24
        "      - alarm: 0\n"                                                                                // 25
        "      - sigpending\n"                                                                              // 26
        "      - sigpending: {into: set}\n"));                                                              // 27
    const user::StepList& steps = steps_of(scenario);
    REQUIRE(steps.size() == 20);
    using Disposition = user::SignalStep::Disposition;

    const auto& caught = action<user::SignalStep>(steps[0]);
    CHECK(caught.signal == 10);
    CHECK(caught.disposition == Disposition::handler);
    CHECK(caught.restart);
    REQUIRE(caught.handler);
    REQUIRE(caught.handler->size() == 2);
    CHECK(action<user::ForkStep>(caught.handler->at(0)).child_name == "helper");
    action<user::YieldStep>(caught.handler->at(1));
    CHECK(steps[0].call.into == std::vector<std::string>{"old"});
    const auto& ignored = action<user::SignalStep>(steps[1]);
    CHECK(ignored.signal == 2);
    CHECK(ignored.disposition == Disposition::ignore);
    CHECK_FALSE(ignored.restart);
    CHECK_FALSE(ignored.handler);
    const auto& by_number = action<user::SignalStep>(steps[2]);
    CHECK(by_number.signal == 15);
    CHECK(by_number.disposition == Disposition::default_action);
    CHECK(steps[2].call.has_expect);
    CHECK(steps[2].call.expect == kernel::Errno::none);
    // Catching SIGKILL is the kernel's EINVAL at run time, not a file error.
    const auto& kill_handler = action<user::SignalStep>(steps[3]);
    CHECK(kill_handler.signal == 9);
    REQUIRE(kill_handler.handler);
    CHECK(kill_handler.handler->empty());
    CHECK(steps[3].call.expect == kernel::Errno::einval);
    const auto& realtime = action<user::SignalStep>(steps[4]);
    CHECK(realtime.signal == 37);
    REQUIRE(realtime.handler);
    REQUIRE(realtime.handler->size() == 1);
    CHECK(realtime.handler->at(0).where.line == 12);
    CHECK(realtime.handler->at(0).where.column == 15);

    const auto& by_name = action<user::KillStep>(steps[5]);
    CHECK(by_name.target.kind == ProcessRef::Kind::name);
    CHECK(by_name.target.name == "helper");  // a name declared inside a handler
    CHECK(by_name.signal == 15);
    const auto& probe = action<user::KillStep>(steps[6]);
    CHECK(probe.target.kind == ProcessRef::Kind::pid);
    CHECK(probe.target.pid == 7);
    CHECK(probe.signal == 0);
    CHECK(steps[6].call.expect == kernel::Errno::esrch);
    const auto& by_variable = action<user::KillStep>(steps[7]);
    CHECK(by_variable.target.kind == ProcessRef::Kind::variable);
    CHECK(by_variable.target.name == "child");
    CHECK(by_variable.signal == 64);
    CHECK(steps[7].call.into == std::vector<std::string>{"r"});
    CHECK(action<user::KillStep>(steps[8]).signal == 9);

    const auto& block = action<user::SigprocmaskStep>(steps[9]);
    CHECK(block.how == user::SigprocmaskStep::How::block);
    CHECK(block.signals == std::vector<int>{10, 9});
    const auto& unblock = action<user::SigprocmaskStep>(steps[10]);
    CHECK(unblock.how == user::SigprocmaskStep::How::unblock);
    CHECK(unblock.signals == std::vector<int>{12});
    CHECK(steps[10].call.into == std::vector<std::string>{"old"});
    const auto& set = action<user::SigprocmaskStep>(steps[11]);
    CHECK(set.how == user::SigprocmaskStep::How::set);
    CHECK(set.signals.empty());

    action<user::PauseStep>(steps[12]);
    action<user::PauseStep>(steps[13]);
    action<user::PauseStep>(steps[14]);
    CHECK(steps[14].call.expect == kernel::Errno::eintr);
    CHECK_FALSE(steps[14].call.nonblocking);
    CHECK(steps[12].where.line == 20);

    CHECK(action<user::AlarmStep>(steps[15]).duration == 5 * sim::milliseconds);
    CHECK(action<user::AlarmStep>(steps[16]).duration == 0);
    CHECK(steps[16].call.into == std::vector<std::string>{"left"});
    CHECK(action<user::AlarmStep>(steps[17]).duration == 0);

    action<user::SigpendingStep>(steps[18]);
    CHECK(steps[18].call.into.empty());
    action<user::SigpendingStep>(steps[19]);
    CHECK(steps[19].call.into == std::vector<std::string>{"set"});
    CHECK(steps[19].where.line == 27);
  }

  TEST_CASE("signal steps: bad names and forms are errors at the node at fault") {
    // Unknown signal names, at the value.
    check_error(with_steps("      - kill: {pid: p, sig: SIGFOO}\n"), 5, 29, "unknown signal 'SIGFOO'");
    check_error(with_steps("      - signal: {sig: SIGUSR3, handler: ignore}\n"), 5, 23, "did you mean 'SIGUSR1'?");
    check_error(with_steps("      - signal: {sig: usr1, handler: ignore}\n"), 5, 23, "did you mean 'SIGUSR1'?");
    check_error(with_steps("      - signal: {sig: SIGRTMIN+31, handler: ignore}\n"), 5, 23, "unknown signal");
    check_error(with_steps("      - sigprocmask: {block: [SIGUSR1, SIGNOPE]}\n"), 5, 40, "unknown signal 'SIGNOPE'");
    check_error(with_steps("      - signal:\n          sig: SIGWHAT\n          handler: ignore\n"), 6, 16,
                "unknown signal 'SIGWHAT'");
    // Numbers out of range: 0 only probes, in kill.
    check_error(with_steps("      - signal: {sig: 0, handler: ignore}\n"), 5, 23, "from 1 to 64");
    check_error(with_steps("      - kill: {pid: p, sig: -1}\n"), 5, 29, "from 0 to 64");
    check_error(with_steps("      - kill: {pid: p, sig: 65}\n"), 5, 29, "from 0 to 64");
    // signal: the handler is a list of steps, `ignore` or `default`.
    check_error(with_steps("      - signal: {sig: SIGINT, handler: catch}\n"), 5, 40, "'ignore' or 'default'");
    check_error(with_steps("      - signal: {sig: SIGINT, handler: {print: x}}\n"), 5, 40, "'ignore' or 'default'");
    check_error(with_steps("      - signal: {sig: SIGINT}\n"), 5, 17, "'signal' needs 'handler'");
    check_error(with_steps("      - signal: {handler: ignore}\n"), 5, 17, "'signal' needs 'sig'");
    check_error(with_steps("      - signal: {sig: SIGINT, handler: ignore, restart: maybe}\n"), 5, 57, "true or false");
    check_error(with_steps("      - signal: {sig: SIGINT, handler: ignore, nonblocking: true}\n"), 5, 48, "never blocks");
    // A handler is a function of its own: no loop to break out of, no `return`.
    check_error(with_steps("      - repeat: {times: 2, do: [{signal: {sig: SIGINT, handler: [break]}}]}\n"), 5, 66,
                "'break' outside");
    check_error(with_steps("      - signal: {sig: SIGINT, handler: [return]}\n"), 5, 41, "'return'");
    // kill names one process.
    check_error(with_steps("      - kill: {pid: any, sig: SIGTERM}\n"), 5, 21, "'any' is not allowed");
    check_error(with_steps("      - kill: {pid: 0, sig: SIGTERM}\n"), 5, 21, "a pid must be");
    check_error(with_steps("      - kill: {pid: nobody, sig: SIGTERM}\n"), 5, 21, "no process could be named 'nobody'");
    check_error(with_steps("      - kill: {sig: SIGTERM}\n"), 5, 15, "'kill' needs 'pid'");
    check_error(with_steps("      - kill: {pid: p}\n"), 5, 15, "'kill' needs 'sig'");
    check_error(with_steps("      - kill: p\n"), 5, 15, "must be a map");
    // sigprocmask takes exactly one of block, unblock and set, each a list.
    check_error(with_steps("      - sigprocmask: {block: [SIGUSR1], set: []}\n"), 5, 22,
                "not both 'block' and 'set'");
    check_error(with_steps("      - sigprocmask: {unblock: [], block: []}\n"), 5, 22, "not both 'unblock' and 'block'");
    check_error(with_steps("      - sigprocmask: {}\n"), 5, 22, "'sigprocmask' needs 'block', 'unblock' or 'set'");
    check_error(with_steps("      - sigprocmask\n"), 5, 9, "'sigprocmask' needs");
    check_error(with_steps("      - sigprocmask: {block: SIGUSR1}\n"), 5, 30, "'block' must be a list");
    // alarm takes a duration; pause blocks but has no nonblocking form.
    check_error(with_steps("      - alarm: 5 parsecs\n"), 5, 16, "'alarm' must be a duration");
    check_error(with_steps("      - alarm: {time: -1ms}\n"), 5, 23, "'time' must be a duration");
    check_error(with_steps("      - alarm: {tiem: 1ms}\n"), 5, 17, "did you mean 'time'?");
    check_error(with_steps("      - alarm\n"), 5, 9, "'alarm' needs 'time'");
    check_error(with_steps("      - pause: {nonblocking: true}\n"), 5, 17, "no nonblocking form");
    check_error(with_steps("      - pause: 3\n"), 5, 16, "must be a map");
    check_error(with_steps("      - sigpending: {sig: SIGINT}\n"), 5, 22, "unknown key 'sig'");
  }

  TEST_CASE("expectations") {
    Scenario scenario = load_good(
        "name: t\nprocesses:\n  - {name: p, steps: [{fork: {name: kid}}]}\n"
        "expect:\n"
        "  exit: {p: 0, kid: SIGKILL, 3: 1, localhost/2: SIGRTMIN+3}\n"
        "  stdout: {p: \"a\\n\"}\n"
        "  stderr: {kid: \"\"}\n"
        "  console: \"a\\n\"\n"
        "  deadlock: true\n"
        "  assertions: fail\n"
        "  counters:\n"
        "    total: {context_switches: \"<= 12\", time_blocked: \"1ms..3ms\"}\n"
        "    p: {syscalls.fork: 2, blocking.mailbox.receive: \">= 1\", syscalls.write: 0, syscalls.pipe: 0}\n"
        "    blocking: {mailbox.receive: 1}\n"
        "    host:localhost: {mode_switches: \"2..4\"}\n"
        "    3: {syscalls: 1}\n");
    const Expectations& expect = scenario.expect;
    CHECK(expect.present);
    REQUIRE(expect.exits.size() == 4);
    CHECK(expect.exits[0].who.name == "p");
    CHECK(expect.exits[0].who.where.line == 5);
    CHECK(expect.exits[0].who.where.column == 10);
    CHECK_FALSE(expect.exits[0].by_signal);
    CHECK(expect.exits[0].code == 0);
    CHECK(expect.exits[1].by_signal);
    CHECK(expect.exits[1].signal == "SIGKILL");
    CHECK(expect.exits[2].who.name.empty());
    CHECK(expect.exits[2].who.pid == 3);
    CHECK(expect.exits[2].code == 1);
    CHECK(expect.exits[3].who.host == "localhost");
    CHECK(expect.exits[3].who.pid == 2);
    CHECK(expect.exits[3].signal == "SIGRTMIN+3");
    REQUIRE(expect.stdouts.size() == 1);
    CHECK(expect.stdouts[0].text == "a\n");
    REQUIRE(expect.stderrs.size() == 1);
    CHECK(expect.stderrs[0].who.name == "kid");
    CHECK(expect.console == std::optional<std::string>("a\n"));
    REQUIRE(expect.console_where.has_value());
    CHECK(expect.console_where->line == 8);
    CHECK(expect.deadlock);
    CHECK_FALSE(expect.assertions_pass);

    REQUIRE(expect.counters.size() == 9);
    constexpr std::int64_t low_end = std::numeric_limits<std::int64_t>::min();
    constexpr std::int64_t high_end = std::numeric_limits<std::int64_t>::max();
    CHECK(expect.counters[0].scope == "total");
    CHECK(expect.counters[0].counter == "context_switches");
    CHECK(expect.counters[0].bound.low == low_end);
    CHECK(expect.counters[0].bound.high == 12);
    CHECK(expect.counters[0].bound.text == "<= 12");
    CHECK(expect.counters[1].bound.low == sim::milliseconds);
    CHECK(expect.counters[1].bound.high == 3 * sim::milliseconds);
    CHECK(expect.counters[2].scope == "process");
    CHECK(expect.counters[2].who.name == "p");
    CHECK(expect.counters[2].counter == "syscalls.fork");
    CHECK(expect.counters[2].bound.low == 2);
    CHECK(expect.counters[2].bound.high == 2);
    CHECK(expect.counters[3].bound.low == 1);
    CHECK(expect.counters[3].bound.high == high_end);
    CHECK(expect.counters[6].scope == "blocking");
    CHECK(expect.counters[6].counter == "mailbox.receive");
    CHECK(expect.counters[7].scope == "host:localhost");
    CHECK(expect.counters[7].bound.low == 2);
    CHECK(expect.counters[7].bound.high == 4);
    CHECK(expect.counters[8].who.pid == 3);

    Scenario plain = load_good("name: t\nprocesses: [{name: p, steps: []}]\nexpect: {}\n");
    CHECK(plain.expect.present);
    CHECK(plain.expect.assertions_pass);
    CHECK_FALSE(plain.expect.deadlock);
  }

  TEST_CASE("parse_duration") {
    CHECK(parse_duration("250ns") == 250);
    CHECK(parse_duration("3us") == 3000);
    CHECK(parse_duration("1.5ms") == 1'500'000);
    CHECK(parse_duration("2s") == 2'000'000'000);
    CHECK(parse_duration("0.000001s") == 1000);
    CHECK(parse_duration("1500") == 1500);
    CHECK(parse_duration(" 7 ms ") == 7'000'000);
    CHECK(parse_duration("0") == 0);
    CHECK(parse_duration("1.5ns") == 2);  // rounded half up
    CHECK(parse_duration("1.49ns") == 1);
    CHECK(parse_duration("9223372036s") == 9'223'372'036'000'000'000);
    CHECK_FALSE(parse_duration("9223372037s"));  // overflow
    CHECK_FALSE(parse_duration(""));
    CHECK_FALSE(parse_duration("ms"));
    CHECK_FALSE(parse_duration("-1ms"));
    CHECK_FALSE(parse_duration("-5"));
    CHECK_FALSE(parse_duration("1.ms"));
    CHECK_FALSE(parse_duration("1.5"));
    CHECK_FALSE(parse_duration("3 parsecs"));
    CHECK_FALSE(parse_duration("1h"));
    CHECK(parse_duration_picoseconds("0.1ns") == 100);
    CHECK(parse_duration_picoseconds("2") == 2000);
  }

  TEST_CASE("parse_size and parse_integer") {
    CHECK(parse_size("4096") == 4096);
    CHECK(parse_size("4KiB") == 4096);
    CHECK(parse_size("64KiB") == 65536);
    CHECK(parse_size("1MiB") == 1048576);
    CHECK(parse_size("2GiB") == 2147483648LL);
    CHECK(parse_size("12 B") == 12);
    CHECK(parse_size("0") == 0);
    CHECK_FALSE(parse_size("4KB"));
    CHECK_FALSE(parse_size("1.5KiB"));
    CHECK_FALSE(parse_size("-1"));
    CHECK_FALSE(parse_size("KiB"));
    CHECK_FALSE(parse_size("99999999999GiB"));
    CHECK(parse_integer("0600") == 384);
    CHECK(parse_integer("0x1f") == 31);
    CHECK(parse_integer("-12") == -12);
    CHECK(parse_integer("0") == 0);
    CHECK_FALSE(parse_integer("08"));
    CHECK_FALSE(parse_integer("12a"));
    CHECK_FALSE(parse_integer("99999999999999999999"));
  }
}

}  // namespace
}  // namespace ipcsim::scenario
