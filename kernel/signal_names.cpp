#include "kernel/signal_names.h"

#include <array>
#include <charconv>

namespace ipcsim::kernel {
namespace {

constexpr std::array<std::string_view, 32> standard_names = {
    "",        "SIGHUP",  "SIGINT",    "SIGQUIT", "SIGILL",    "SIGTRAP", "SIGABRT", "SIGBUS",
    "SIGFPE",  "SIGKILL", "SIGUSR1",   "SIGSEGV", "SIGUSR2",   "SIGPIPE", "SIGALRM", "SIGTERM",
    "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP",   "SIGTTIN", "SIGTTOU", "SIGURG",
    "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH",  "SIGIO",   "SIGPWR",  "SIGSYS",
};

}  // namespace

std::string signal_name(int number) {
  if (number > 0 && number < static_cast<int>(standard_names.size())) return std::string(standard_names[number]);
  if (number >= signal_realtime_min && number <= signal_max)
    return "SIGRTMIN+" + std::to_string(number - signal_realtime_min);
  return "SIG" + std::to_string(number);
}

std::optional<int> signal_from_name(std::string_view name) {
  for (std::size_t i = 1; i < standard_names.size(); ++i)
    if (standard_names[i] == name) return static_cast<int>(i);
  constexpr std::string_view realtime = "SIGRTMIN+";
  if (name.substr(0, realtime.size()) == realtime) {
    const std::string_view digits = name.substr(realtime.size());
    int offset = -1;
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), offset);
    if (error == std::errc() && end == digits.data() + digits.size() && offset >= 0 && offset <= 30)
      return signal_realtime_min + offset;
  }
  return std::nullopt;
}

}  // namespace ipcsim::kernel
