#pragma once
// Every counter of DESIGN.md "What is counted", kept per process. Totals and
// per-host sums are computed when reported, so the hot path touches one array.
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "kernel/syscall.h"

namespace ipcsim::kernel {

enum class Counter : unsigned char {
  user_to_kernel,
  kernel_to_user,
  syscalls,
  interrupts,
  page_faults,
  context_switches,
  blocking_events,
  time_blocked,
  messages_sent,
  messages_received,
  bytes_copied,
  signals_sent,
  signals_delivered,
};
inline constexpr std::size_t counter_count = 13;

std::string_view counter_name(Counter counter);

struct Counters {
  std::array<std::int64_t, counter_count> value{};
  std::array<std::int64_t, syscall_count> by_syscall{};
  std::array<std::int64_t, block_reason_count> by_reason{};

  std::int64_t& operator[](Counter c) { return value[static_cast<std::size_t>(c)]; }
  std::int64_t operator[](Counter c) const { return value[static_cast<std::size_t>(c)]; }
  std::int64_t mode_switches() const { return (*this)[Counter::user_to_kernel] + (*this)[Counter::kernel_to_user]; }
  Counters& operator+=(const Counters& other);

  // Reads a counter by the name expectations use: "mode_switches",
  // "syscalls.send", "blocking.mailbox.receive", ... nullopt when unknown.
  std::optional<std::int64_t> find(std::string_view name) const;
};

}  // namespace ipcsim::kernel
