#pragma once
// Kernel settings and limits (SCENARIO_FORMAT.md sections 2 and 9), with the
// contract's defaults.
#include <cstdint>

#include "sim/time.h"

namespace ipcsim::kernel {

using sim::Time;

inline constexpr std::int64_t unbounded = -1;

struct Costs {
  Time mode_switch = 100;
  Time syscall = 50;
  std::int64_t copy_byte_picoseconds = 100;  // 0.1ns; a copy is rounded to the nearest ns
  Time context_switch = 1000;
  Time page_fault = 2000;
  Time interrupt = 500;
  Time user_step = 10;
  Time network_latency = 50 * sim::microseconds;

  Time copy(std::int64_t bytes) const { return (bytes * copy_byte_picoseconds + 500) / 1000; }
};

enum class SchedulerKind : unsigned char { round_robin, fifo, priority };

struct KernelConfig {
  int cpus = 1;
  SchedulerKind scheduler = SchedulerKind::round_robin;
  Time quantum = 10 * sim::milliseconds;
  std::int64_t pipe_capacity = 64 * 1024;
  std::int64_t pipe_buf = 4 * 1024;
  std::int64_t link_capacity = unbounded;
  std::int64_t page_size = 4 * 1024;
  std::int64_t socket_buffer = 64 * 1024;
  Costs costs;
};

struct Limits {
  Time time = 10 * sim::seconds;
  std::uint64_t steps = 10'000'000;
  std::uint64_t processes = 10'000;
};

}  // namespace ipcsim::kernel
