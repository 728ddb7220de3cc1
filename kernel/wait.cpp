// Sleeping and waking: the only place a process leaves its CPU to wait, so
// blocking is counted, traced and timed in one place (STYLE.md habit 3).
#include "kernel/kernel.h"
#include "kernel/kpanic.h"

namespace ipcsim::kernel {

// Tracing is kept out of line so the blocking path, which every sleeping
// fiber has on its stack, stays shallow.
void Kernel::trace_block(const Process& process, const WaitQueue& queue) {
  std::string detail = "blocks: " + std::string(block_reason_name(queue.reason()));
  if (&queue == &process.sleep_queue) detail += " until " + sim::format_time(process.sleep_deadline_);
  else if (&queue == &process.receive_any_queue) detail += " from any link";
  else if (&queue == &process.child_exit_queue) detail += " for a child to exit";
  else if (queue.object()) detail += " on " + queue.object()->describe();
  trace(process, sim::TraceKind::block, std::move(detail));
}

WaitResult Kernel::block(Process& process, WaitQueue& queue) {
  if (process.killed_) return WaitResult::killed;
  Cpu& cpu = *process.cpu_;
  const auto reason = static_cast<std::size_t>(queue.reason());
  process.counters[Counter::blocking_events] += 1;
  process.counters.by_reason[reason] += 1;
  // Switched out while it can still run later: a voluntary context switch,
  // as getrusage counts them.
  process.counters[Counter::context_switches] += 1;
  if (trace_) trace_block(process, queue);
  queue.push_back(process);
  process.state_ = ProcessState::blocked;
  process.blocked_since_ = cpu.time;
  process.wait_result_ = WaitResult::woken;
  cpu.current = nullptr;
  process.cpu_ = nullptr;
  to_engine(process);
  return process.wait_result_;
}

void Kernel::wake(Process& sleeper, WaitResult result) {
  if (sleeper.state_ != ProcessState::blocked) return;
  KASSERT(sleeper.waiting_on_ != nullptr);
  sleeper.waiting_on_->remove(sleeper);
  sleeper.wait_result_ = result;
  if (sleeper.stopped && result != WaitResult::killed) {
    // Its call completed while it was stopped: it waits on for SIGCONT.
    sleeper.stopped_queue.push_back(sleeper);
    return;
  }
  // Blocked time ends at the waker's time, not at dispatch (SCENARIO_FORMAT section 10).
  sleeper.counters[Counter::time_blocked] += now_ - sleeper.blocked_since_;
  if (trace_)
    trace(sleeper, sim::TraceKind::wake,
          result == WaitResult::killed        ? "woken: killed"
          : result == WaitResult::interrupted ? "woken: interrupted by a signal"
                                              : "woken");
  make_ready(sleeper, now_);
}

void Kernel::wake_one(WaitQueue& queue) {
  if (Process* first = queue.front()) wake(*first);
}

void Kernel::wake_all(WaitQueue& queue) {
  while (Process* first = queue.front()) wake(*first);
}

WaitResult Kernel::sleep_for(Process& process, Time duration) {
  // Only the timer wakes the sleep queue, so one sleep is one block of
  // exactly `duration` (SCENARIO_FORMAT section 10, "Time").
  process.sleep_deadline_ = now_ + duration;
  schedule_event(process.sleep_deadline_, process, EventKind::sleep_end);
  return block(process, process.sleep_queue);
}

void Kernel::yield(Process& process) {
  // sched_yield with nobody else ready is no switch at all.
  if (ready_.empty()) return;
  Cpu& cpu = *process.cpu_;
  process.counters[Counter::context_switches] += 1;
  cpu.current = nullptr;
  process.cpu_ = nullptr;
  make_ready(process, cpu.time);
  to_engine(process);
}

}  // namespace ipcsim::kernel
