#pragma once
// The hosts of one run (SCENARIO_FORMAT section 7): each host is a Kernel
// with its own process table, CPUs and counters, and they all share one
// simulated clock and one event queue. The engine loop lives here: it always
// advances whatever comes first over every host — the next event, or the
// CPU, of any host, that could run earliest.
#include <cstdint>
#include <string>
#include <vector>

#include "kernel/config.h"
#include "sim/event_queue.h"

namespace ipcsim::kernel {

class Kernel;
struct Cpu;

enum class RunOutcome : unsigned char { completed, deadlock, time_limit, step_limit };

class Cluster {
 public:
  explicit Cluster(Limits limits) : limits_(limits) {}
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  // Hosts in file order; a CPU's place in that order breaks time ties.
  void add(Kernel& kernel);
  // A kernel being destroyed leaves the cluster.
  void remove(Kernel& kernel);
  const std::vector<Kernel*>& kernels() const { return kernels_; }
  bool several_hosts() const { return kernels_.size() > 1; }
  std::size_t cpu_count() const { return cpu_count_; }

  RunOutcome run();
  // A limit was passed: the run ends at the next return to the engine.
  void stop(RunOutcome outcome);
  bool stopping() const { return stopping_; }
  // `limits.steps` counts the steps of every process on every host.
  bool count_step() { return ++steps_ > limits_.steps; }
  Time end_time() const { return end_time_; }

  // Everything written to the console on every host, in order of time.
  std::string console;

  sim::EventQueue& events() { return events_; }
  const sim::EventQueue& events() const { return events_; }
  // The running process on `cpu` yields to the engine once its CPU time
  // reaches this: the next event, or the point where another CPU (of any
  // host) would be chosen first; ties go to events, then to the CPU first
  // in host and CPU order.
  Time horizon_for(const Cpu& cpu) const;

 private:
  Limits limits_;
  sim::EventQueue events_;
  std::vector<Kernel*> kernels_;
  std::size_t cpu_count_ = 0;
  std::uint64_t steps_ = 0;
  bool stopping_ = false;
  bool daemons_ended_ = false;
  RunOutcome outcome_{};
  Time end_time_ = 0;
};

}  // namespace ipcsim::kernel
