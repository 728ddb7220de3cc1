// Signal generation and delivery (SCENARIO_FORMAT section 6, signal(7)).
// Generation may happen anywhere; delivery only on the way back to user
// mode, so a handler always starts from a return to user mode.
#include "kernel/signals.h"

#include <algorithm>

#include "kernel/kernel.h"

namespace ipcsim::kernel {

DefaultAction default_action(int signal) {
  switch (signal) {
    case 3: case 4: case 5: case 6: case 7: case 8: case 11: case 24: case 25: case 31:
      return DefaultAction::core;  // SIGQUIT SIGILL SIGTRAP SIGABRT SIGBUS SIGFPE SIGSEGV SIGXCPU SIGXFSZ SIGSYS
    case 17: case 23: case 28:
      return DefaultAction::ignore;  // SIGCHLD SIGURG SIGWINCH
    case 19: case 20: case 21: case 22:
      return DefaultAction::stop;  // SIGSTOP SIGTSTP SIGTTIN SIGTTOU
    case 18:
      return DefaultAction::resume;  // SIGCONT
    default:
      return DefaultAction::terminate;  // SIGHUP SIGINT SIGKILL SIGUSR1/2 SIGPIPE SIGALRM SIGTERM, real-time ...
  }
}

bool is_stop_signal(int signal) { return default_action(signal) == DefaultAction::stop; }

namespace {

const SignalAction default_signal_action{};
constexpr SignalSet stop_signals = signal_bit(19) | signal_bit(20) | signal_bit(21) | signal_bit(22);

bool ignored(const SignalAction& action, int signal) {
  return action.disposition == Disposition::ignore ||
         (action.disposition == Disposition::default_action && default_action(signal) == DefaultAction::ignore);
}

bool fatal_by_default(const SignalAction& action, int signal) {
  if (action.disposition != Disposition::default_action) return false;
  const DefaultAction what = default_action(signal);
  return what == DefaultAction::terminate || what == DefaultAction::core;
}

}  // namespace

const SignalAction& Kernel::signal_action(const Process& process, int signal) const {
  if (!process.signal_actions) return default_signal_action;
  return process.signal_actions->by_signal[static_cast<std::size_t>(signal)];
}

void Kernel::set_signal_action(Process& process, int signal, SignalAction action) {
  if (!process.signal_actions) process.signal_actions = std::make_unique<SignalActions>();
  // Setting a signal to be ignored discards its pending instances (POSIX).
  if (ignored(action, signal)) {
    process.signals_pending &= ~signal_bit(signal);
    auto& queue = process.realtime_pending;
    queue.erase(std::remove(queue.begin(), queue.end(), signal), queue.end());
  }
  process.signal_actions->by_signal[static_cast<std::size_t>(signal)] = std::move(action);
}

void Kernel::send_signal(Process& target, int signal) {
  if (!target.alive() || target.killed_) return;
  const SignalSet bit = signal_bit(signal);
  if (signal == signal_kill) {
    // SIGKILL cannot be caught, blocked or ignored, and ends a stopped process too.
    target.counters[Counter::signals_delivered] += 1;
    if (trace_) trace(target, sim::TraceKind::signal, "SIGKILL: killed");
    target.stopped = false;
    kill_process(target, signal_kill);
    return;
  }
  // SIGCONT and the stop signals cancel each other's pending instances.
  if (signal == signal_continue) {
    target.signals_pending &= ~stop_signals;
    if (target.stopped) {
      target.stopped = false;
      if (trace_) trace(target, sim::TraceKind::signal, "SIGCONT: continues");
      // Its own result stands (a call that completed while it was stopped).
      if (target.waiting_on_ == &target.stopped_queue) wake(target, target.wait_result_);
      // A fatal signal left pending while stopped ends it now (section 10).
      for (int pending = 1; pending < signal_realtime_min; ++pending) {
        if (!(target.signals_pending & signal_bit(pending) & ~target.signals_blocked)) continue;
        if (!fatal_by_default(signal_action(target, pending), pending)) continue;
        target.signals_pending &= ~signal_bit(pending);
        // Both acted on: SIGCONT's continue (unless caught) and the fatal default.
        if (signal_action(target, signal_continue).disposition == Disposition::default_action)
          target.counters[Counter::signals_delivered] += 1;
        target.counters[Counter::signals_delivered] += 1;
        if (trace_) trace(target, sim::TraceKind::signal, signal_name(pending) + ": killed (default action)");
        kill_process(target, pending);
        return;
      }
    }
  } else if (bit & stop_signals) {
    target.signals_pending &= ~signal_bit(signal_continue);
  }
  const SignalAction& action = signal_action(target, signal);
  const bool blocked = (target.signals_blocked & bit & ~unblockable_signals) != 0;
  // An ignored signal is discarded when generated, unless blocked (the
  // disposition may change before it is unblocked), as Linux does.
  if (ignored(action, signal) && !blocked) return;
  if (signal == signal_continue && action.disposition == Disposition::default_action) {
    target.counters[Counter::signals_delivered] += 1;  // continuing was its default action
    return;
  }
  // Linux's fatal-signal short cut: a signal whose default action kills
  // ends the process now, waking it from any wait, so what it held is
  // released as a killed process's is. A stopped process keeps it pending
  // until it continues (section 10).
  if (!blocked && !target.stopped && fatal_by_default(action, signal)) {
    target.counters[Counter::signals_delivered] += 1;
    if (trace_) trace(target, sim::TraceKind::signal, signal_name(signal) + ": killed (default action)");
    kill_process(target, signal);
    return;
  }
  // A stop signal does not interrupt a blocked call: the process stops where
  // it is, its call goes on (a sleep keeps its deadline) and completes after
  // SIGCONT (section 10).
  if (!blocked && action.disposition == Disposition::default_action && is_stop_signal(signal) &&
      target.state_ == ProcessState::blocked && !target.stopped) {
    target.counters[Counter::signals_delivered] += 1;
    target.stopped = true;
    target.counters[Counter::blocking_events] += 1;
    target.counters.by_reason[static_cast<std::size_t>(BlockReason::stopped)] += 1;
    if (trace_) trace(target, sim::TraceKind::signal, signal_name(signal) + ": stopped in its call");
    notify_parent(target);
    return;
  }
  if (signal >= signal_realtime_min) target.realtime_pending.push_back(signal);  // real-time signals queue
  else target.signals_pending |= bit;                                            // standard ones do not
  // A handler interrupts a blocked call (EINTR, or a restart); stop signals
  // and blocked ones do not (section 10).
  if (!blocked && action.disposition == Disposition::handler && target.state_ == ProcessState::blocked &&
      target.waiting_on_ != &target.stopped_queue)
    wake(target, WaitResult::interrupted);
}

bool Kernel::has_deliverable_signal(const Process& process) const {
  if ((process.signals_pending & ~process.signals_blocked) != 0) return true;
  for (int signal : process.realtime_pending)
    if (!(process.signals_blocked & signal_bit(signal))) return true;
  return false;
}

void Kernel::deliver_pending_signals(Process& process) {
  while (!process.leaving_) {
    // Standard signals lowest number first, then real-time ones in order.
    int signal = 0;
    const SignalSet ready = process.signals_pending & ~(process.signals_blocked & ~unblockable_signals);
    if (ready) {
      signal = __builtin_ctzll(ready) + 1;
      process.signals_pending &= ~signal_bit(signal);
    } else {
      // Real-time signals: lowest number first, each number in the order sent.
      auto& queue = process.realtime_pending;
      auto next = queue.end();
      for (auto it = queue.begin(); it != queue.end(); ++it)
        if (!(process.signals_blocked & signal_bit(*it)) && (next == queue.end() || *it < *next)) next = it;
      if (next == queue.end()) return;
      signal = *next;
      queue.erase(next);
    }
    const SignalAction action = signal_action(process, signal);  // a copy: the handler may change it
    if (action.disposition == Disposition::handler) {
      process.counters[Counter::signals_delivered] += 1;
      run_handler(process, signal, action);
      continue;
    }
    if (ignored(action, signal)) continue;
    process.counters[Counter::signals_delivered] += 1;
    switch (default_action(signal)) {
      case DefaultAction::stop:
        stop_process(process);
        break;
      case DefaultAction::resume:
        break;  // done when it was sent
      case DefaultAction::terminate:
      case DefaultAction::core:
        if (trace_) trace(process, sim::TraceKind::signal, signal_name(signal) + ": killed (default action)");
        kill_process(process, signal);
        return;
      case DefaultAction::ignore:
        break;
    }
  }
}

void Kernel::run_handler(Process& process, int signal, const SignalAction& action) {
  // 1. Into the handler: one return to user mode. Its own signal is blocked
  //    while it runs.
  const SignalSet saved_mask = process.signals_blocked;
  process.signals_blocked |= signal_bit(signal);
  if (action.restart) process.handler_restarts_ = true;
  charge(process, config_.costs.mode_switch);
  process.counters[Counter::kernel_to_user] += 1;
  if (trace_) trace(process, sim::TraceKind::signal, signal_name(signal) + ": runs its handler");
  action.handler->run(process, signal);
  if (process.leaving_) return;
  // 2. Back through sigreturn, a system call that restores the mask; the
  //    caller's return to user mode then resumes the interrupted code.
  if (trace_) trace(process, sim::TraceKind::syscall, "sigreturn()  [end of the " + signal_name(signal) + " handler]");
  trap_enter(process, Syscall::sigreturn);
  process.in_syscall_.reset();
  process.signals_blocked = saved_mask;
}

void Kernel::stop_process(Process& process) {
  process.stopped = true;
  if (trace_) trace(process, sim::TraceKind::signal, "stopped");
  notify_parent(process);
  while (process.stopped && !process.killed_)
    if (block(process, process.stopped_queue) == WaitResult::killed) break;
}

// SIGCHLD to the parent, counted as sent by the child (section 10), when a
// child ends or stops; init takes no signals.
void Kernel::notify_parent(Process& child) {
  if (child.parent_ == 1) return;
  child.counters[Counter::signals_sent] += 1;
  send_signal(*find(child.parent_), signal_child);
}

// A signal that arrives while a process computes in user mode (an alarm at
// its instant) enters the kernel as an interrupt and is delivered on the way back.
void Kernel::signal_interrupt(Process& process) {
  process.counters[Counter::user_to_kernel] += 1;
  process.counters[Counter::interrupts] += 1;
  charge_overhead(process, 2 * config_.costs.mode_switch + config_.costs.interrupt);
  if (trace_) trace(process, sim::TraceKind::interrupt, "interrupt: a signal arrived");
  deliver_pending_signals(process);
  if (process.leaving_) return;
  process.counters[Counter::kernel_to_user] += 1;
}

bool Kernel::take_restart(Process& process) {
  const bool restart = process.restart_call_;
  process.restart_call_ = false;
  return restart;
}

void Kernel::set_alarm(Process& process, Time delay) {
  process.alarm_deadline = delay == 0 ? 0 : now_ + delay;
  if (delay != 0) schedule_event(process.alarm_deadline, process, EventKind::alarm);
}

}  // namespace ipcsim::kernel
