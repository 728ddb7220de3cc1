#include "kernel/cluster.h"

#include <algorithm>

#include "kernel/kernel.h"

namespace ipcsim::kernel {

void Cluster::add(Kernel& kernel) {
  kernels_.push_back(&kernel);
  for (Cpu& cpu : kernel.cpus_) cpu.order = static_cast<int>(cpu_count_++);
}

void Cluster::remove(Kernel& kernel) {
  kernels_.erase(std::remove(kernels_.begin(), kernels_.end(), &kernel), kernels_.end());
  cpu_count_ -= kernel.cpus_.size();
}

void Cluster::stop(RunOutcome outcome) {
  if (stopping_) return;
  stopping_ = true;
  outcome_ = outcome;
}

Time Cluster::horizon_for(const Cpu& cpu) const {
  Time horizon = events_.next_time();
  for (const Kernel* kernel : kernels_)
    for (const Cpu& other : kernel->cpus_) {
      if (&other == &cpu) continue;
      const Time start = kernel->cpu_start_time(other);
      if (start == sim::time_never) continue;
      horizon = std::min(horizon, other.order < cpu.order ? start : start + 1);
    }
  return horizon;
}

RunOutcome Cluster::run() {
  outcome_ = RunOutcome::completed;
  while (!stopping_) {
    std::size_t live = 0;
    std::size_t live_non_daemons = 0;
    for (const Kernel* kernel : kernels_) {
      live += kernel->live_count_;
      live_non_daemons += kernel->live_non_daemons_;
    }
    // Daemons are not waited for: once every other process on every host
    // has ended they are ended with SIGKILL (section 7).
    if (live_non_daemons == 0 && !daemons_ended_) {
      daemons_ended_ = true;
      for (Kernel* kernel : kernels_) kernel->end_daemons();
    }
    if (live == 0) break;
    Kernel* best_kernel = nullptr;
    Cpu* best = nullptr;
    Time best_time = sim::time_never;
    for (Kernel* kernel : kernels_)
      for (Cpu& cpu : kernel->cpus_) {
        const Time start = kernel->cpu_start_time(cpu);
        if (start < best_time) {
          best_kernel = kernel;
          best = &cpu;
          best_time = start;
        }
      }
    const Time event_time = events_.next_time();
    if (event_time != sim::time_never && event_time <= best_time) {
      if (event_time > limits_.time) {
        outcome_ = RunOutcome::time_limit;
        break;
      }
      const sim::Event event = events_.pop();
      for (Kernel* kernel : kernels_) kernel->now_ = event.time;  // one clock
      event.handler->on_event(event.argument);
      continue;
    }
    if (!best) {
      // Processes remain, none can run on any host and nothing is pending.
      outcome_ = RunOutcome::deadlock;
      break;
    }
    if (best_time > limits_.time) {
      outcome_ = RunOutcome::time_limit;
      break;
    }
    best_kernel->run_cpu(*best);
  }
  end_time_ = 0;
  for (const Kernel* kernel : kernels_) {
    end_time_ = std::max(end_time_, kernel->now_);
    for (const Cpu& cpu : kernel->cpus_) end_time_ = std::max(end_time_, cpu.time);
  }
  if (outcome_ == RunOutcome::time_limit) end_time_ = std::min(end_time_, limits_.time);
  for (Kernel* kernel : kernels_) kernel->finish_run(end_time_);
  return outcome_;
}

}  // namespace ipcsim::kernel
