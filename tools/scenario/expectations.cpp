#include "tools/scenario/expectations.h"

#include <cstdint>
#include <limits>

#include "kernel/signal_names.h"

namespace ipcsim::scenario {
namespace {

std::string describe_key(const ProcessKey& key) {
  return key.name.empty() ? "pid " + std::to_string(key.pid) : key.name;
}

std::string describe_end(const kernel::Process& process) {
  if (process.alive()) {
    std::string where = "never ended: it is " + std::string(kernel::process_state_name(process.state()));
    if (const auto* queue = process.waiting_on()) {
      where += " in " + std::string(process.current_syscall() ? kernel::syscall_name(*process.current_syscall()) : "?");
      where += " (" + std::string(kernel::block_reason_name(queue->reason()));
      if (queue->object()) where += " on " + queue->object()->describe();
      where += ")";
    }
    if (process.user_line) where += " at line " + std::to_string(process.user_line);
    return where;
  }
  if (process.exit_signal) return "killed by " + kernel::signal_name(process.exit_signal);
  return "exit " + std::to_string(process.exit_code);
}

std::string show_text(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\n') out += "\\n";
    else if (c == '"' || c == '\\') (out += '\\') += c;
    else out += c;
  }
  return out + "\"";
}

const kernel::Process* lookup(const Machine& machine, const ProcessKey& key, std::vector<Mismatch>& out) {
  const kernel::Process* process = machine.find(key);
  if (!process) {
    out.push_back({key.where, "no single process is named " + describe_key(key) +
                                  " (none, or several: name it by pid)"});
  }
  return process;
}

std::string bound_text(const CounterBound& bound) { return bound.text; }

}  // namespace

kernel::Counters total_counters(const kernel::Kernel& kernel) {
  kernel::Counters total;
  for (const auto& process : kernel.process_table())
    if (process && process->pid() != 1) total += process->counters;
  return total;
}

std::vector<Mismatch> check_expectations(const Machine& machine) {
  std::vector<Mismatch> out;
  const Expectations& expect = machine.scenario().expect;
  const kernel::Kernel& kernel = machine.kernel();

  for (const auto& exit : expect.exits) {
    const kernel::Process* process = lookup(machine, exit.who, out);
    if (!process) continue;
    const bool matches = !process->alive() && (exit.by_signal ? kernel::signal_name(process->exit_signal) == exit.signal
                                                              : process->exit_signal == 0 && process->exit_code == exit.code);
    if (matches) continue;
    const std::string wanted = exit.by_signal ? exit.signal : "exit " + std::to_string(exit.code);
    out.push_back({exit.who.where, describe_key(exit.who) + ": expected " + wanted + ", but it " +
                                       (process->alive() ? describe_end(*process) : "ended: " + describe_end(*process))});
  }
  auto check_text = [&](const std::vector<TextExpectation>& list, bool standard_output) {
    for (const auto& item : list) {
      const kernel::Process* process = lookup(machine, item.who, out);
      if (!process) continue;
      const std::string& actual = standard_output ? process->stdout_text : process->stderr_text;
      if (actual != item.text)
        out.push_back({item.who.where, describe_key(item.who) + (standard_output ? " stdout" : " stderr") +
                                           ": expected " + show_text(item.text) + ", got " + show_text(actual)});
    }
  };
  check_text(expect.stdouts, true);
  check_text(expect.stderrs, false);
  const std::string& console = machine.several_hosts() ? machine.cluster().console : kernel.console;
  if (expect.console && *expect.console != console) {
    out.push_back({expect.console_where.value_or(SourceLocation{}),
                   "console: expected " + show_text(*expect.console) + ", got " + show_text(console)});
  }

  const bool deadlocked = machine.outcome() == kernel::RunOutcome::deadlock;
  if (expect.deadlock && !deadlocked) out.push_back({SourceLocation{}, "expected a deadlock, but the run did not deadlock"});

  const auto& failures = machine.assertions().failures;
  if (!expect.assertions_pass && failures.empty())
    out.push_back({SourceLocation{}, "expected a failed assertion (assertions: fail), but every one held"});

  kernel::Counters total;
  for (const auto& host : machine.kernels()) total += total_counters(*host);
  for (const auto& item : expect.counters) {
    std::optional<std::int64_t> value;
    std::string scope_name = item.scope;
    if (item.scope == "total") {
      value = total.find(item.counter);
    } else if (item.scope == "blocking") {
      value = total.find("blocking." + item.counter);
    } else if (item.scope.rfind("host:", 0) == 0) {
      const kernel::Kernel* host = machine.kernel_of(item.scope.substr(5));
      if (!host) {
        out.push_back({item.bound.where, "no host " + item.scope.substr(5) + " in this run"});
        continue;
      }
      value = total_counters(*host).find(item.counter);
    } else {
      const kernel::Process* process = lookup(machine, item.who, out);
      if (!process) continue;
      value = process->counters.find(item.counter);
      scope_name = describe_key(item.who);
    }
    if (!value) {
      out.push_back({item.bound.where, "unknown counter " + item.counter});
      continue;
    }
    if (*value < item.bound.low || *value > item.bound.high)
      out.push_back({item.bound.where, scope_name + " " + item.counter + ": expected " + bound_text(item.bound) +
                                           ", got " + std::to_string(*value)});
  }
  return out;
}

int exit_code(const Machine& machine, const std::vector<Mismatch>& mismatches) {
  const auto outcome = machine.outcome();
  if (outcome == kernel::RunOutcome::time_limit || outcome == kernel::RunOutcome::step_limit) return 4;
  if (outcome == kernel::RunOutcome::deadlock && !machine.scenario().expect.deadlock) return 3;
  const bool assertions_failed = !machine.assertions().failures.empty() && machine.scenario().expect.assertions_pass;
  if (!mismatches.empty() || assertions_failed) return 1;
  return 0;
}

}  // namespace ipcsim::scenario
