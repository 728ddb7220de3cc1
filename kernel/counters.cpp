#include "kernel/counters.h"

#include <array>

namespace ipcsim::kernel {
namespace {

constexpr std::array<std::string_view, counter_count> names = {
    "user_to_kernel",   "kernel_to_user",  "syscalls",          "interrupts",   "page_faults",
    "context_switches", "blocking_events", "time_blocked",      "messages_sent", "messages_received",
    "bytes_copied",     "signals_sent",    "signals_delivered",
};

}  // namespace

std::string_view counter_name(Counter counter) { return names[static_cast<std::size_t>(counter)]; }

Counters& Counters::operator+=(const Counters& other) {
  for (std::size_t i = 0; i < value.size(); ++i) value[i] += other.value[i];
  for (std::size_t i = 0; i < by_syscall.size(); ++i) by_syscall[i] += other.by_syscall[i];
  for (std::size_t i = 0; i < by_reason.size(); ++i) by_reason[i] += other.by_reason[i];
  return *this;
}

std::optional<std::int64_t> Counters::find(std::string_view name) const {
  if (name == "mode_switches") return mode_switches();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return value[i];
  constexpr std::string_view syscall_prefix = "syscalls.";
  if (name.substr(0, syscall_prefix.size()) == syscall_prefix) {
    const auto call = syscall_from_name(name.substr(syscall_prefix.size()));
    // A call this kernel does not have yet was made zero times.
    return call ? by_syscall[static_cast<std::size_t>(*call)] : 0;
  }
  constexpr std::string_view blocking_prefix = "blocking.";
  if (name.substr(0, blocking_prefix.size()) == blocking_prefix) {
    const auto reason = block_reason_from_name(name.substr(blocking_prefix.size()));
    if (reason) return by_reason[static_cast<std::size_t>(*reason)];
  }
  return std::nullopt;
}

}  // namespace ipcsim::kernel
