// The built-in programs running in the kernel (kernel/user/programs):
// started by a boot `exec:` or by the shell, checked through their output,
// exit status, counters and trace (SCENARIO_FORMAT.md section 5).
#include "kernel/errno.h"  // first: <cerrno> macros would break the Errno enum

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "kernel/user/programs/registry.h"
#include "test_support.h"

namespace ipcsim::testing {
namespace {

const std::string file = "programs.yaml";

// The process with this pid (names repeat: a shell's children bear its
// name until they exec).
const Process& by_pid(const Run& r, Pid pid) {
  const auto& table = r.machine->kernel().process_table();
  REQUIRE(pid < static_cast<Pid>(table.size()));
  REQUIRE(table[static_cast<std::size_t>(pid)] != nullptr);
  return *table[static_cast<std::size_t>(pid)];
}

// The system calls a process made, in order, as the trace shows them
// ("close(4)", "dup2(4, 1)", "exec(ls, \"/home\")").
std::vector<std::string> calls_of(const sim::TraceLog& trace, Pid pid) {
  std::vector<std::string> calls;
  for (const sim::TraceRecord& record : trace.records())
    if (record.pid == pid && record.kind == sim::TraceKind::syscall) calls.push_back(record.detail);
  return calls;
}

// The syscall names alone: "close(4)" -> "close".
std::vector<std::string> names_of(const std::vector<std::string>& calls) {
  std::vector<std::string> names;
  for (const std::string& call : calls) names.push_back(call.substr(0, call.find('(')));
  return names;
}

std::string shell(const std::string& command, const std::string& extra = "") {
  return "name: t\n" + extra + "processes:\n  - name: shell\n    exec: sh\n    args: [\"-c\", \"" + command + "\"]\n";
}

TEST_SUITE("programs") {

TEST_CASE("every built-in program is in the registry and the loader accepts it") {
  for (std::string_view name : {"sh", "ls", "cat", "grep", "wc", "echo", "head", "sort", "yes", "true", "false",
                                "sleep"}) {
    CAPTURE(name);
    CHECK(user::programs::is_builtin(name));
    CHECK(user::programs::make_builtin(name, {}) != nullptr);
  }
  CHECK_FALSE(user::programs::is_builtin("bash"));
  CHECK(user::programs::make_builtin("bash", {}) == nullptr);
  // Once a built-in is exec'd, every built-in name can name a process:
  // the shell's children are renamed ls and grep by their exec.
  const auto loaded = scenario::load_scenario_text(
      shell("ls | grep foo") + "expect:\n  exit: {shell: 0, ls: 0, grep: 0}\n", file);
  CHECK_MESSAGE(!loaded.error, loaded.error->to_string());
  const auto steps = scenario::load_scenario_text(
      "name: t\nprocesses:\n  - name: p\n    steps:\n      - fork: {exec: cat, args: [f]}\n"
      "      - exec: {program: wc, args: [-l]}\n",
      file);
  CHECK_MESSAGE(!steps.error, steps.error->to_string());
}

TEST_CASE("echo prints its arguments: 4 mode switches, 2 system calls") {
  const Run r = run("name: t\nprocesses:\n  - {name: e, exec: echo, args: [hello, world]}\n", nullptr, file);
  const Process& e = named(r, "e");
  CHECK(e.stdout_text == "hello world\n");
  CHECK(e.exit_code == 0);
  // The worked example of DESIGN.md: enter user mode; write in and out; exit in.
  CHECK(count(e, "mode_switches") == 4);
  CHECK(count(e, "syscalls") == 2);
  const Run n = run("name: t\nprocesses:\n  - {name: e, exec: echo, args: [-n, a, b]}\n", nullptr, file);
  CHECK(named(n, "e").stdout_text == "a b");
}

TEST_CASE("true and false only exit") {
  const Run r = run("name: t\nprocesses:\n  - {name: t, exec: \"true\"}\n  - {name: f, exec: \"false\"}\n", nullptr,
                    file);
  CHECK(named(r, "t").exit_code == 0);
  CHECK(named(r, "f").exit_code == 1);
  CHECK(count(named(r, "f"), "syscalls") == 1);
  CHECK(count(named(r, "f"), "syscalls.exit") == 1);
}

TEST_CASE("yes writes whole copies of its line, about 4096 bytes a write, until stopped") {
  const Run r = run("name: t\nlimits: {steps: 50}\nprocesses:\n  - {name: y, exec: yes, args: [hello, there]}\n",
                    nullptr, file);
  CHECK(r.outcome == kernel::RunOutcome::step_limit);
  const Process& y = named(r, "y");
  const std::int64_t writes = count(y, "syscalls.write");
  CHECK(writes >= 10);
  // "hello there\n" is 12 bytes: 341 copies make 4092 bytes a write.
  CHECK(count(y, "bytes_copied") == writes * 4092);
  CHECK(y.stdout_text.size() == static_cast<std::size_t>(writes * 4092));
  CHECK(y.stdout_text.rfind("hello there\nhello there\n", 0) == 0);
}

TEST_CASE("sleep blocks for its interval") {
  const Run r = run("name: t\nprocesses:\n  - {name: s, exec: sleep, args: [\"0.002\", \".001s\"]}\n", nullptr, file);
  const Process& s = named(r, "s");
  CHECK(s.exit_code == 0);
  CHECK(count(s, "time_blocked") == 3 * sim::milliseconds);
  const Run bad = run("name: t\nprocesses:\n  - {name: s, exec: sleep, args: [soon]}\n", nullptr, file);
  CHECK(named(bad, "s").exit_code == 1);
  CHECK(named(bad, "s").stderr_text ==
        "sleep: invalid time interval 'soon'\nTry 'sleep --help' for more information.\n");
}

TEST_CASE("sh: builtins run in the shell itself, without fork") {
  const Run r = run(shell("echo hi; false"), nullptr, file);
  const Process& sh = named(r, "shell");
  CHECK(sh.stdout_text == "hi\n");
  CHECK(sh.exit_code == 1);
  CHECK(count(sh, "syscalls") == 2);  // write, exit
  CHECK(count(sh, "syscalls.fork") == 0);
}

TEST_CASE("sh: && and || look at the status so far; exit ends the shell") {
  const Run r = run(shell("false && echo no || echo yes; true || echo no; echo 'a  b' \\\"c\\\"; exit 7; echo never"),
                    nullptr, file);
  const Process& sh = named(r, "shell");
  CHECK(sh.stdout_text == "yes\na  b c\n");
  CHECK(sh.exit_code == 7);
  const Run bare = run(shell("false; exit"), nullptr, file);
  CHECK(named(bare, "shell").exit_code == 1);  // exit alone: the last status
}

TEST_CASE("sh: an unknown last command is exec'd without a fork: not found, 127") {
  const Run r = run(shell("nosuch"), nullptr, file);
  const Process& sh = named(r, "shell");
  CHECK(sh.exit_code == 127);
  CHECK(sh.stderr_text == "nosuch: not found\n");
  CHECK(sh.stdout_text.empty());
  CHECK(count(sh, "syscalls.exec") == 1);
  CHECK(count(sh, "syscalls.fork") == 0);
}

TEST_CASE("sh: a command that is not last is forked; the child says not found") {
  const Run r = run(shell("nosuch a; echo after"), nullptr, file);
  const Process& sh = by_pid(r, 2);
  const Process& child = by_pid(r, 3);
  CHECK(sh.exit_code == 0);
  CHECK(sh.stdout_text == "after\n");
  CHECK(count(sh, "syscalls.fork") == 1);
  CHECK(count(sh, "syscalls.wait") == 1);
  CHECK(child.exit_code == 127);
  CHECK(child.stderr_text == "nosuch: not found\n");
  CHECK(count(child, "syscalls.exec") == 1);
}

TEST_CASE("sh: scenario programs run under the shell; the last one replaces it") {
  const std::string programs =
      "programs:\n  worker:\n    - print: \"worker ${args}\"\n    - exit: 3\n"
      "  suicide:\n    - getpid: {into: me}\n    - kill: {pid: $me, sig: SIGTERM}\n";
  sim::TraceLog trace;
  const Run r = run(shell("worker a; suicide; echo last && worker b", programs), &trace, file);
  const Process& sh = by_pid(r, 2);
  // The last command (right of a final &&) is exec'd: pid 2 becomes worker.
  CHECK(sh.name() == "worker");
  CHECK(sh.exit_code == 3);
  CHECK(count(sh, "syscalls.fork") == 2);
  CHECK(count(sh, "syscalls.exec") == 1);
  CHECK(by_pid(r, 3).exit_code == 3);
  CHECK(by_pid(r, 4).exit_signal == 15);
  CHECK(sh.stdout_text == "last\nworker [\"b\"]\n");
  CHECK(names_of(calls_of(trace, 3)) == std::vector<std::string>{"exec", "write", "exit"});
  CHECK(calls_of(trace, 2).back() == "exit(3)");
}

TEST_CASE("sh: a child killed by signal N has status 128 + N") {
  const std::string programs = "programs:\n  suicide:\n    - getpid: {into: me}\n    - kill: {pid: $me, sig: SIGTERM}\n";
  const Run r = run(shell("suicide; exit", programs), nullptr, file);
  CHECK(by_pid(r, 2).exit_code == 128 + 15);
}

TEST_CASE("sh: syntax errors and usage") {
  const Run r = run(shell("echo |"), nullptr, file);
  const Process& sh = named(r, "shell");
  CHECK(sh.exit_code == 2);
  CHECK(sh.stderr_text == "sh: syntax error: end of file unexpected\n");
  CHECK(sh.stdout_text.empty());
  const Run u = run("name: t\nprocesses:\n  - {name: shell, exec: sh}\n", nullptr, file);
  CHECK(named(u, "shell").exit_code == 2);
}

// ---- with pipes and files ----

TEST_CASE("sh: ls /home | grep foo makes dash's system calls") {
  sim::TraceLog trace;
  const Run r = run(shell("ls /home | grep foo", "files:\n  /home/foo.txt: \"x\\n\"\n  /home/bar.txt: \"\"\n"
                                                 "  /home/.foo: \"\"\n"),
                    &trace, file);
  CHECK(r.outcome == kernel::RunOutcome::completed);
  const Process& sh = by_pid(r, 2);
  const Process& ls = by_pid(r, 3);
  const Process& grep = by_pid(r, 4);
  CHECK(sh.exit_code == 0);
  CHECK(ls.name() == "ls");
  CHECK(grep.name() == "grep");
  CHECK(grep.stdout_text == "foo.txt\n");
  CHECK(r.machine->kernel().console == "foo.txt\n");
  CHECK(calls_of(trace, 2) == std::vector<std::string>{"pipe()", "fork(shell)", "close(4)", "fork(shell)", "close(3)",
                                                       "wait(any)", "wait(any)", "exit(0)"});
  const std::vector<std::string> ls_calls = calls_of(trace, 3);
  REQUIRE(ls_calls.size() >= 4);
  CHECK(std::vector<std::string>(ls_calls.begin(), ls_calls.begin() + 4) ==
        std::vector<std::string>{"close(3)", "dup2(4, 1)", "close(4)", "exec(ls, \"/home\")"});
  const std::vector<std::string> grep_calls = calls_of(trace, 4);
  REQUIRE(grep_calls.size() >= 3);
  CHECK(std::vector<std::string>(grep_calls.begin(), grep_calls.begin() + 3) ==
        std::vector<std::string>{"dup2(3, 0)", "close(3)", "exec(grep, \"foo\")"});
  // ls: stat, open, getdents until empty, close, one write, exit.
  CHECK(names_of(std::vector<std::string>(ls_calls.begin() + 4, ls_calls.end())) ==
        std::vector<std::string>{"stat", "open", "getdents", "getdents", "close", "write", "exit"});
  CHECK(count(sh, "syscalls") == 8);
  CHECK(count(sh, "syscalls.pipe") == 1);
  CHECK(count(sh, "syscalls.fork") == 2);
  CHECK(count(sh, "syscalls.close") == 2);
  CHECK(count(sh, "syscalls.wait") == 2);
}

TEST_CASE("sh: yes | head -n 1 ends yes with SIGPIPE") {
  const Run r = run(shell("yes | head -n 1"), nullptr, file);
  CHECK(r.outcome == kernel::RunOutcome::completed);
  CHECK(by_pid(r, 2).exit_code == 0);  // the status of head, the last command
  CHECK(by_pid(r, 3).exit_signal == 13);
  CHECK(by_pid(r, 4).stdout_text == "y\n");
  CHECK(count(by_pid(r, 3), "signals_delivered") == 1);
}

TEST_CASE("cat, wc, sort, grep and head read files and standard input") {
  const std::string files = "files:\n  /home/a.txt: \"one two\\nthree\\n\"\n  /home/b.txt: \"b\\na\\nc\"\n";
  auto output = [&](const std::string& command) {
    const Run r = run(shell(command, files), nullptr, file);
    return r.machine->kernel().console;
  };
  CHECK(output("cat /home/a.txt") == "one two\nthree\n");
  CHECK(output("cat /home/a.txt - < /home/b.txt") == "one two\nthree\nb\na\nc");
  CHECK(output("cat /nosuch") == "cat: /nosuch: No such file or directory\n");
  CHECK(output("wc /home/a.txt") == " 2  3 14 /home/a.txt\n");
  CHECK(output("wc -l < /home/a.txt") == "2\n");
  CHECK(output("cat /home/a.txt | wc") == "      2       3      14\n");
  CHECK(output("wc -l /home/a.txt /home/b.txt") == " 2 /home/a.txt\n 2 /home/b.txt\n 4 total\n");
  CHECK(output("sort /home/b.txt") == "a\nb\nc\n");
  CHECK(output("grep -c o /home/a.txt /home/b.txt") == "/home/a.txt:1\n/home/b.txt:0\n");
  CHECK(output("grep -v one /home/a.txt") == "three\n");
  CHECK(output("head -n 1 /home/b.txt") == "b\n");
  CHECK(output("ls /home") == "a.txt\nb.txt\n");
  CHECK(output("ls /home/a.txt /nosuch") ==
        "ls: cannot access '/nosuch': No such file or directory\n/home/a.txt\n");
  CHECK(output("ls /home | wc -l") == "2\n");
  CHECK(output("echo hi > /tmp/out; echo more >> /tmp/out; cat /tmp/out") == "hi\nmore\n");
  CHECK(output("cd /home && ls") == "a.txt\nb.txt\n");
}

TEST_CASE("sh: a builtin with a redirection saves and restores the fd") {
  sim::TraceLog trace;
  const Run r = run(shell("echo hi > /tmp/out; cat /tmp/out"), &trace, file);
  CHECK(by_pid(r, 2).name() == "cat");
  CHECK(by_pid(r, 2).stdout_text == "hi\n");
  const std::vector<std::string> calls = calls_of(trace, 2);
  REQUIRE(calls.size() >= 6);
  CHECK(std::vector<std::string>(calls.begin(), calls.begin() + 6) ==
        std::vector<std::string>{"dup(1)", "open(/tmp/out, write create truncate)", "dup2(4, 1)", "close(4)",
                                 "write(1, \"hi\\n\")", "dup2(3, 1)"});
  CHECK(calls[6] == "close(3)");
  CHECK(calls[7] == "exec(cat, \"/tmp/out\")");
}

TEST_CASE("grep's exit status: 0 selected, 1 none, 2 trouble") {
  const std::string files = "files:\n  /f: \"apple\\npear\\n\"\n";
  auto status = [&](const std::string& command) {
    const Run r = run(shell(command, files), nullptr, file);
    return by_pid(r, 2).exit_code;
  };
  CHECK(status("grep pear /f") == 0);
  CHECK(status("grep plum /f") == 1);
  CHECK(status("grep pear /f /nosuch") == 2);
  CHECK(status("ls /nosuch") == 2);
}

}  // TEST_SUITE

}  // namespace
}  // namespace ipcsim::testing
