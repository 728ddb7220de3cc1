#pragma once
// The benchmark workloads. Each builds a kernel, runs it with the trace off
// and counters on, and reports what it measured.
#include "kernel/errno.h"

#include <cstdint>

namespace ipcsim::bench {

struct Figures {
  double seconds = 0;          // wall-clock time of the simulation run
  std::int64_t syscalls = 0;   // simulated system calls made
  std::int64_t messages = 0;   // messages delivered
  std::int64_t processes = 0;  // processes alive at once (spawn)
};

// One process, `calls` non-blocking system calls (send to an unbounded
// mailbox and a receive that finds the message there, alternately).
Figures run_syscalls(std::int64_t calls);
// Two processes, `round_trips` request/reply pairs through two mailboxes.
Figures run_ping_pong(std::int64_t round_trips);
// Two processes, `round_trips` 8-byte request/reply pairs through two pipes
// (a parent and the child it forks); `messages` counts the replies read.
Figures run_pipe_ping_pong(std::int64_t round_trips);
// `senders` processes x `each` messages into one unbounded mailbox, one
// receiver, fifo scheduler.
Figures run_fan_in(std::int64_t senders, std::int64_t each);
// `count` processes alive at once, each blocked in receive on one mailbox,
// then released by one sender.
Figures run_spawn(std::int64_t count);

}  // namespace ipcsim::bench
