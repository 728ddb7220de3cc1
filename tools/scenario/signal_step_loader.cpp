// Signal steps (SCENARIO_FORMAT.md section 3 "Signals" and section 6):
// signal (sigaction), kill, sigprocmask, pause, alarm and sigpending.
// Only names and forms are checked here; what the kernel refuses at run time
// (catching SIGKILL, a signal to another uid) is left to it, so that a
// scenario can expect the error (`expect: EINVAL`).
#include <cctype>
#include <optional>

#include "kernel/signal_names.h"
#include "tools/scenario/step_loader.h"

namespace ipcsim::scenario::detail {
namespace {

bool starts_like_number(std::string_view text) {
  return !text.empty() && ((text[0] >= '0' && text[0] <= '9') || text[0] == '-' || text[0] == '+');
}

// `usr1`, `USR1`, `sigusr1`: the name the writer most likely meant, if any.
std::optional<std::string> signal_hint(std::string_view text) {
  std::string upper;
  for (char c : text) upper.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  if (upper.rfind("SIG", 0) != 0) upper = "SIG" + upper;
  if (kernel::signal_from_name(upper)) return upper;
  KeyList standard;
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all;
    for (int number = 1; number < 32; ++number) all.push_back(kernel::signal_name(number));
    return all;
  }();
  for (const std::string& name : names) standard.push_back(name);
  std::string_view suggestion = closest_match(upper, standard);
  if (!suggestion.empty()) return std::string(suggestion);
  return std::nullopt;
}

}  // namespace

int StepLoader::signal_number(const YAML::Node& node, std::string_view what, int low) const {
  std::string text = reader_.one_line(node, what);
  if (starts_like_number(text)) return static_cast<int>(reader_.integer(node, what, low, kernel::signal_max));
  if (std::optional<int> number = kernel::signal_from_name(text)) return *number;
  std::string message = "unknown signal " + quoted(text);
  if (std::optional<std::string> hint = signal_hint(text))
    message += " (did you mean " + quoted(*hint) + "?)";
  else
    message += " (SIGHUP ... SIGSYS, or SIGRTMIN+N with N from 0 to 30)";
  reader_.fail(node, message);
}

user::StepAction StepLoader::load_signal(StepInput& in) {
  user::SignalStep step;
  bool has_sig = false;
  bool has_handler = false;
  visit_arguments(in, {"sig", "handler", "restart"}, [&](const MapEntry& entry) {
    if (entry.name == "sig") {
      step.signal = signal_number(entry.value, "'sig'", 1);
      has_sig = true;
    } else if (entry.name == "handler") {
      has_handler = true;
      if (entry.value.IsSequence()) {
        // A handler is entered from anywhere, like a function: a `break` in
        // it has no loop of its own to leave, whatever loop it interrupted.
        step.disposition = user::SignalStep::Disposition::handler;
        step.handler = load_list(entry.value, "'handler'", 0, in.nesting + 1);
        return;
      }
      const std::string kind = entry.value.IsScalar() ? entry.value.Scalar() : std::string();
      if (entry.value.IsScalar() && kind == "ignore") {
        step.disposition = user::SignalStep::Disposition::ignore;
      } else if (entry.value.IsScalar() && kind == "default") {
        step.disposition = user::SignalStep::Disposition::default_action;
      } else {
        reader_.fail(entry.value, "'handler' must be a list of steps, 'ignore' or 'default'" +
                                      (entry.value.IsScalar() ? ", not " + quoted(kind) : std::string()));
      }
    } else {
      step.restart = reader_.boolean(entry.value, "'restart'");
    }
  });
  if (!has_sig) fail_missing(in, "'sig'");
  if (!has_handler) fail_missing(in, "'handler' (a list of steps, 'ignore' or 'default')");
  return step;
}

user::StepAction StepLoader::load_kill(StepInput& in) {
  user::KillStep step;
  bool has_pid = false;
  bool has_sig = false;
  visit_arguments(in, {"pid", "sig"}, [&](const MapEntry& entry) {
    if (entry.name == "pid") {
      step.target = process_ref(entry.value, "'pid'", false);
      has_pid = true;
    } else {
      step.signal = signal_number(entry.value, "'sig'", 0);
      has_sig = true;
    }
  });
  if (!has_pid) fail_missing(in, "'pid'");
  if (!has_sig) fail_missing(in, "'sig' (a signal name, or 0 to check that the process exists)");
  return step;
}

user::StepAction StepLoader::load_sigprocmask(StepInput& in) {
  user::SigprocmaskStep step;
  std::optional<std::string> how;
  visit_arguments(in, {"block", "unblock", "set"}, [&](const MapEntry& entry) {
    if (how)
      YamlReader::fail_at(in.arguments_where, "'sigprocmask' takes one of 'block', 'unblock' or 'set', not both " +
                                                  quoted(*how) + " and " + quoted(entry.name));
    how = entry.name;
    if (entry.name == "block") step.how = user::SigprocmaskStep::How::block;
    if (entry.name == "unblock") step.how = user::SigprocmaskStep::How::unblock;
    if (entry.name == "set") step.how = user::SigprocmaskStep::How::set;
    const std::string what = "a signal in " + quoted(entry.name);
    // Kept as written; blocking SIGKILL or SIGSTOP is accepted and has no effect.
    for (const YAML::Node& item : reader_.items(entry.value, quoted(entry.name)))
      step.signals.push_back(signal_number(item, what, 1));
  });
  if (!how) fail_missing(in, "'block', 'unblock' or 'set' (a list of signals)");
  return step;
}

user::StepAction StepLoader::load_pause(StepInput& in) {
  visit_arguments(in, {}, [](const MapEntry&) {});
  return user::PauseStep{};
}

user::StepAction StepLoader::load_alarm(StepInput& in) {
  user::AlarmStep step;
  if (in.arguments.IsScalar()) {
    step.duration = reader_.duration(in.arguments, "'alarm'", 0);
    return step;
  }
  bool has_time = false;
  visit_arguments(in, {"time"}, [&](const MapEntry& entry) {
    step.duration = reader_.duration(entry.value, "'time'", 0);
    has_time = true;
  });
  if (!has_time) fail_missing(in, "'time' (0 cancels the alarm)");
  return step;
}

user::StepAction StepLoader::load_sigpending(StepInput& in) {
  visit_arguments(in, {}, [](const MapEntry&) {});
  return user::SigpendingStep{};
}

}  // namespace ipcsim::scenario::detail
