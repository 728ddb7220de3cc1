// The user/kernel boundary: every mode switch is counted and charged here and
// nowhere else (DESIGN.md "What is counted").
#include <algorithm>

#include "kernel/kernel.h"

namespace ipcsim::kernel {

void Kernel::charge(Process& process, Time duration) {
  Cpu& cpu = *process.cpu_;
  cpu.time += duration;
  now_ = cpu.time;
  process.quantum_left_ -= duration;
}

void Kernel::charge_copy(Process& process, std::int64_t bytes) {
  process.counters[Counter::bytes_copied] += bytes;
  charge(process, config_.costs.copy(bytes));
}

// Interrupt and context-switch time do not count toward the quantum
// (SCENARIO_FORMAT section 10, "Time").
void Kernel::charge_overhead(Process& process, Time duration) {
  Cpu& cpu = *process.cpu_;
  cpu.time += duration;
  now_ = cpu.time;
}

void Kernel::start_user(Process& process) {
  // The first entry into user mode, after fork or at boot; boot processes are
  // not forks, so counting starts here (SCENARIO_FORMAT section 5).
  if (process.has_pending_signals()) deliver_pending_signals(process);
  if (process.leaving_) return;
  process.counters[Counter::kernel_to_user] += 1;
  trace(process, sim::TraceKind::start, "enters user mode");
}

void Kernel::enter_new_image(Process& process) {
  if (process.has_pending_signals()) deliver_pending_signals(process);  // pending signals survive exec
  if (process.leaving_) return;
  charge(process, config_.costs.mode_switch);
  process.counters[Counter::kernel_to_user] += 1;
  trace(process, sim::TraceKind::start, "enters user mode in its new image");
}

bool Kernel::preemptive() const { return config_.scheduler != SchedulerKind::fifo; }

void Kernel::begin_step(Process& process, bool charge_user_step) {
  if (process.leaving_) return;
  if (cluster_->count_step()) {
    stop(RunOutcome::step_limit);
    to_engine(process);
    return;
  }
  // Let the engine run what comes earlier first (events, other CPUs): a
  // wake-up it delivers may make a better process ready.
  if (process.cpu_->time >= process.cpu_->horizon) to_engine(process);
  // A quantum that ran out during a system call or a step is taken here, at
  // the next step boundary in user mode; so is a pending priority preemption.
  if (preemptive() && process.quantum_left_ <= 0) timer_interrupt(process);
  else if (process.cpu_->reschedule) preempt(process);
  if (process.leaving_ || !charge_user_step) return;
  charge(process, config_.costs.user_step);
}

void Kernel::compute(Process& process, Time duration) {
  // A timer interrupt splits a compute (SCENARIO_FORMAT section 10). So does
  // the next pending event, invisibly: a wake-up or an alarm due meanwhile
  // happens at its instant. Other CPUs are not waited for here (two CPUs
  // computing would take turns a nanosecond at a time) but at the next step
  // boundary or interrupt, the points the timeline shows.
  while (duration > 0 && !process.leaving_) {
    if (preemptive() && process.quantum_left_ <= 0) {
      timer_interrupt(process);
      continue;
    }
    const Time next_event = cluster_->events().next_time();
    if (process.cpu_->time >= next_event) {
      to_engine(process);
      // An alarm that came due meanwhile is a timer: it interrupts the
      // computation at its instant. Other processes' signals wait for the
      // next return to user mode (section 10).
      if (process.alarm_rang) {
        process.alarm_rang = false;
        if (has_deliverable_signal(process)) signal_interrupt(process);
      }
      continue;
    }
    Time slice = std::min(duration, next_event - process.cpu_->time);
    if (preemptive()) slice = std::min(slice, process.quantum_left_);
    charge(process, slice);
    duration -= slice;
  }
}

void Kernel::timer_interrupt(Process& process) {
  // What other CPUs did before this instant comes first in the timeline.
  if (process.cpu_->time >= process.cpu_->horizon) to_engine(process);
  if (process.leaving_) return;
  process.counters[Counter::user_to_kernel] += 1;
  process.counters[Counter::interrupts] += 1;
  charge_overhead(process, 2 * config_.costs.mode_switch + config_.costs.interrupt);
  trace(process, sim::TraceKind::interrupt, "timer interrupt: quantum over");
  process.quantum_left_ = config_.quantum;
  // Round-robin among equals: anyone ready at the same or a better priority
  // takes the CPU; alone, the process goes on with a fresh quantum.
  const Process* next = ready_.front();
  if (next && (config_.scheduler != SchedulerKind::priority || next->priority <= process.priority)) preempt(process);
  if (process.has_pending_signals()) deliver_pending_signals(process);
  if (process.leaving_) return;
  process.counters[Counter::kernel_to_user] += 1;
}

void Kernel::preempt(Process& process) {
  Cpu& cpu = *process.cpu_;
  process.counters[Counter::context_switches] += 1;
  trace(process, sim::TraceKind::preempt, "preempted");
  cpu.current = nullptr;
  cpu.reschedule = false;
  process.cpu_ = nullptr;
  make_ready(process, cpu.time);
  to_engine(process);
}

void Kernel::trap_enter(Process& process, Syscall call) {
  Counters& counters = process.counters;
  counters[Counter::user_to_kernel] += 1;
  counters[Counter::syscalls] += 1;
  counters.by_syscall[static_cast<std::size_t>(call)] += 1;
  process.in_syscall_ = call;
  charge(process, config_.costs.mode_switch + config_.costs.syscall);
}

void Kernel::trap_return(Process& process, Syscall call, Errno error, std::int64_t value, std::string_view detail) {
  process.in_syscall_.reset();
  if (process.leaving_) return;  // exit, exec and kill never return to this image
  if (process.has_pending_signals()) {
    process.handler_restarts_ = false;
    deliver_pending_signals(process);
    if (process.leaving_) return;
    // SA_RESTART: the call interrupted by this handler is made again (and
    // counted again); sleep and pause never are (section 6).
    if (error == Errno::eintr && process.handler_restarts_ && call != Syscall::sleep && call != Syscall::pause) {
      process.restart_call_ = true;
      detail = "(interrupted: made again after the handler)";
    }
  }
  charge(process, config_.costs.mode_switch);
  process.counters[Counter::kernel_to_user] += 1;
  if (trace_) trace_result(process, call, error, value, detail);
}

void Kernel::trace_result(const Process& process, Syscall call, Errno error, std::int64_t value,
                          std::string_view detail) {
  std::string text(syscall_name(call));
  if (error == Errno::none) text += " = " + std::to_string(value);
  else text += " = -1 " + std::string(errno_name(error));
  if (!detail.empty()) {
    text += ' ';
    text += detail;
  }
  trace(process, sim::TraceKind::result, std::move(text));
}

void Kernel::implicit_exit(Process& process) {
  // Not a step, but a system call all the same: let earlier events and
  // other CPUs go first, as begin_step does.
  if (process.cpu_->time >= process.cpu_->horizon) to_engine(process);
  if (process.leaving_) return;
  trace(process, sim::TraceKind::syscall, "exit(0)  [end of program]");
  trap_enter(process, Syscall::exit);
  exit_process(process, 0);
}

}  // namespace ipcsim::kernel
