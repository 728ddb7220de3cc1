#include "tools/scenario/expect_loader.h"

#include <algorithm>
#include <array>
#include <limits>
#include <optional>
#include <string>

#include "kernel/signal_names.h"
#include "kernel/syscall.h"
#include "tools/scenario/host_loader.h"
#include "tools/scenario/units.h"

namespace ipcsim::scenario::detail {
namespace {

constexpr std::int64_t int64_min = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();

// Section 8's counters, in the order it lists them.
const KeyList& plain_counters() {
  static const KeyList names = {"mode_switches", "user_to_kernel",   "kernel_to_user",    "syscalls",
                                "interrupts",    "page_faults",      "context_switches",  "blocking_events",
                                "time_blocked",  "messages_sent",    "messages_received", "bytes_copied",
                                "signals_sent",  "signals_delivered"};
  return names;
}

// System calls of later issues: a file may already expect them (as zero, say).
constexpr std::array<std::string_view, 30> later_calls = {
    "pipe",   "read",        "close",    "dup",    "dup2",       "mkfifo",   "open",     "unlink",
    "shmget", "shmat",       "shmdt",    "shmctl", "sem_create", "sem_wait", "sem_post", "signal",
    "kill",   "sigprocmask", "pause",    "alarm",  "sigpending", "socket",   "bind",     "listen",
    "accept", "connect",     "shutdown", "sendto", "recvfrom",   "sigreturn"};

bool is_call_name(std::string_view name) {
  return kernel::syscall_from_name(name).has_value() ||
         std::find(later_calls.begin(), later_calls.end(), name) != later_calls.end();
}

bool is_reason_name(std::string_view name) { return kernel::block_reason_from_name(name).has_value(); }

std::string trim(std::string_view text) {
  std::size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  std::size_t last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

bool is_digits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

class ExpectationLoader {
 public:
  ExpectationLoader(const YamlReader& reader, const DeclaredNames& names) : reader_(reader), names_(names) {}

  Expectations load(const YAML::Node& node) {
    Expectations expect;
    expect.present = true;
    if (node.IsNull()) return expect;
    reader_.visit(node, "'expect'", {"exit", "stdout", "stderr", "console", "deadlock", "assertions", "counters"},
                  [&](const MapEntry& entry) {
                    if (entry.name == "exit") {
                      load_exits(entry.value, expect.exits);
                    } else if (entry.name == "stdout") {
                      load_texts(entry.value, "'stdout'", expect.stdouts);
                    } else if (entry.name == "stderr") {
                      load_texts(entry.value, "'stderr'", expect.stderrs);
                    } else if (entry.name == "console") {
                      expect.console = reader_.scalar(entry.value, "'console'");
                      expect.console_where = reader_.location(entry.value);
                    } else if (entry.name == "deadlock") {
                      expect.deadlock = reader_.boolean(entry.value, "'deadlock'");
                    } else if (entry.name == "assertions") {
                      std::string value = reader_.one_line(entry.value, "'assertions'");
                      if (value != "pass" && value != "fail")
                        reader_.fail(entry.value, "'assertions' must be 'pass' or 'fail', not " + quoted(value));
                      expect.assertions_pass = value == "pass";
                    } else {
                      load_counters(entry.value, expect.counters);
                    }
                  });
    return expect;
  }

 private:
  // A name some process could bear, a pid, or HOST/PID (sections 7 and 8).
  ProcessKey process_key(const YAML::Node& node) const {
    std::string text = reader_.one_line(node, "a process");
    ProcessKey key;
    key.where = reader_.location(node);
    std::string pid_text = text;
    if (std::size_t slash = text.find('/'); slash != std::string::npos) {
      key.host = text.substr(0, slash);
      check_host(node, key.host);
      pid_text = text.substr(slash + 1);
      if (!is_digits(pid_text)) reader_.fail(node, "expected HOST/PID, not " + quoted(text));
    }
    if (is_digits(pid_text)) {
      std::optional<std::int64_t> pid = parse_integer(pid_text);
      if (!pid || *pid < 2)
        reader_.fail(node,
                     "pid " + pid_text + " is not a scenario process (pid 1 is init; boot processes are 2, 3, ...)");
      key.pid = *pid;
      return key;
    }
    if (names_.process_names.count(text) == 0) {
      KeyList known(names_.process_names.begin(), names_.process_names.end());
      std::string message = "no process could be named " + quoted(text);
      std::string_view suggestion = closest_match(text, known);
      if (!suggestion.empty()) message += " (did you mean " + quoted(suggestion) + "?)";
      reader_.fail(node, message);
    }
    key.name = text;
    return key;
  }

  void check_host(const YAML::Node& node, const std::string& host) const {
    check_host_name(reader_, names_, node, host);
  }

  void load_exits(const YAML::Node& node, std::vector<ExitExpectation>& exits) const {
    for (const MapEntry& entry : reader_.entries(node, "'exit'")) {
      ExitExpectation exit;
      exit.who = process_key(entry.key);
      std::string value = reader_.one_line(entry.value, "an exit status");
      if (value.rfind("SIG", 0) == 0) {
        if (!kernel::signal_from_name(value))
          reader_.fail(entry.value, "unknown signal " + quoted(value) + " (SIGHUP ... SIGSYS, or SIGRTMIN+N)");
        exit.by_signal = true;
        exit.signal = value;
      } else {
        exit.code = static_cast<int>(reader_.integer(entry.value, "an exit code", 0, 255));
      }
      exits.push_back(std::move(exit));
    }
  }

  void load_texts(const YAML::Node& node, std::string_view what, std::vector<TextExpectation>& texts) const {
    for (const MapEntry& entry : reader_.entries(node, what)) {
      TextExpectation text;
      text.who = process_key(entry.key);
      text.text = reader_.scalar(entry.value, what);
      texts.push_back(std::move(text));
    }
  }

  void load_counters(const YAML::Node& node, std::vector<CounterExpectation>& counters) const {
    for (const MapEntry& scope_entry : reader_.entries(node, "'counters'")) {
      CounterExpectation prototype;
      const std::string& scope = scope_entry.name;
      if (scope == "total" || scope == "blocking") {
        prototype.scope = scope;
      } else if (scope.rfind("host:", 0) == 0) {
        check_host(scope_entry.key, scope.substr(5));
        prototype.scope = scope;
      } else {
        prototype.scope = "process";
        prototype.who = process_key(scope_entry.key);
      }
      for (const MapEntry& entry : reader_.entries(scope_entry.value, "counters of " + quoted(scope))) {
        CounterExpectation counter = prototype;
        counter.counter = entry.name;
        check_counter_name(entry, prototype.scope == "blocking");
        counter.bound = load_counter_bound(reader_, entry.value, entry.name == "time_blocked");
        counters.push_back(std::move(counter));
      }
    }
  }

  void check_counter_name(const MapEntry& entry, bool blocking_scope) const {
    const std::string& name = entry.name;
    if (blocking_scope) {
      // `blocking` sums one reason over every process: its keys are reasons.
      if (!is_reason_name(name))
        reader_.fail(entry.key, "unknown blocking reason " + quoted(name) + " (such as mailbox.receive, wait, sleep)");
      return;
    }
    if (std::find(plain_counters().begin(), plain_counters().end(), name) != plain_counters().end()) return;
    if (name.rfind("syscalls.", 0) == 0) {
      std::string call = name.substr(9);
      if (call == "print") reader_.fail(entry.key, "'print' is counted as 'syscalls.write'");
      if (!is_call_name(call)) reader_.fail(entry.key, "unknown system call " + quoted(call) + " in " + quoted(name));
      return;
    }
    if (name.rfind("blocking.", 0) == 0) {
      if (!is_reason_name(name.substr(9)))
        reader_.fail(entry.key, "unknown blocking reason " + quoted(name.substr(9)) + " in " + quoted(name));
      return;
    }
    std::string message = "unknown counter " + quoted(name);
    std::string_view suggestion = closest_match(name, plain_counters());
    if (!suggestion.empty()) message += " (did you mean " + quoted(suggestion) + "?)";
    reader_.fail(entry.key, message);
  }

  const YamlReader& reader_;
  const DeclaredNames& names_;
};

}  // namespace

CounterBound load_counter_bound(const YamlReader& reader, const YAML::Node& node, bool is_time) {
  CounterBound bound;
  bound.where = reader.location(node);
  bound.text = reader.one_line(node, "a counter bound");
  auto number = [&](std::string_view part) {
    std::string text = trim(part);
    // Counts are plain decimal integers; time_blocked may also carry a unit.
    std::optional<std::int64_t> value = is_time           ? parse_duration(text)
                                        : is_digits(text) ? parse_integer(text)
                                                          : std::nullopt;
    if (!value)
      reader.fail(node, "invalid counter bound " + quoted(bound.text) + " (expected N, \"<= N\", \">= N\" or \"N..M\"" +
                            (is_time ? std::string(", with optional units such as 1ms") : std::string()) + ")");
    return *value;
  };
  std::string text = trim(bound.text);
  if (text.rfind("<=", 0) == 0) {
    bound.low = int64_min;
    bound.high = number(std::string_view(text).substr(2));
  } else if (text.rfind(">=", 0) == 0) {
    bound.low = number(std::string_view(text).substr(2));
    bound.high = int64_max;
  } else if (std::size_t dots = text.find(".."); dots != std::string::npos) {
    bound.low = number(std::string_view(text).substr(0, dots));
    bound.high = number(std::string_view(text).substr(dots + 2));
    if (bound.low > bound.high)
      reader.fail(node, "empty range " + quoted(bound.text) + ": the low end is above the high end");
  } else {
    bound.low = bound.high = number(text);
  }
  return bound;
}

Expectations load_expectations(const YamlReader& reader, const DeclaredNames& names, const YAML::Node& node) {
  return ExpectationLoader(reader, names).load(node);
}

}  // namespace ipcsim::scenario::detail
