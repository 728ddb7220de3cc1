// Signal system calls (SCENARIO_FORMAT section 3 "Signals", section 6).
#include <algorithm>

#include "kernel/kernel.h"
#include "kernel/system_calls.h"

namespace ipcsim::kernel {

KStatus sys_sigaction(Kernel& kernel, Process& process, int signal, SignalAction action) {
  if (signal < 1 || signal > signal_max) return Errno::einval;
  // SIGKILL and SIGSTOP cannot be caught or ignored (sigaction(2): EINVAL).
  if (signal_bit(signal) & unblockable_signals) return Errno::einval;
  kernel.set_signal_action(process, signal, std::move(action));
  return Success{};
}

KStatus sys_kill(Kernel& kernel, Process& sender, ProcessSelector target, int signal) {
  if (signal < 0 || signal > signal_max) return Errno::einval;
  auto found = kernel.resolve(target);
  if (!found.ok()) return found.error();
  Process& victim = *found.value();
  if (victim.state() == ProcessState::reaped) return Errno::esrch;
  // Another user's process is out of reach, unless the sender is root (kill(2)).
  if (sender.uid != 0 && sender.uid != victim.uid) return Errno::eperm;
  if (signal == 0) return Success{};  // the probe: it exists, and may be signalled
  // Counted as sent even when the target is a zombie or ignores it (section 10).
  sender.counters[Counter::signals_sent] += 1;
  kernel.send_signal(victim, signal);
  return Success{};
}

KStatus sys_sigprocmask(Kernel&, Process& process, MaskHow how, SignalSet signals) {
  signals &= ~unblockable_signals;  // accepted, without effect, as on Linux
  switch (how) {
    case MaskHow::block: process.signals_blocked |= signals; break;
    case MaskHow::unblock: process.signals_blocked &= ~signals; break;
    case MaskHow::set: process.signals_blocked = signals; break;
  }
  // What became unblocked is delivered on this call's return to user mode.
  return Success{};
}

std::vector<int> sys_sigpending(Kernel&, Process& process) {
  std::vector<int> pending;
  for (int signal = 1; signal <= signal_max; ++signal)
    if (process.signals_pending & signal_bit(signal)) pending.push_back(signal);
  for (int signal : process.realtime_pending)
    if (std::find(pending.begin(), pending.end(), signal) == pending.end()) pending.push_back(signal);
  std::sort(pending.begin(), pending.end());
  return pending;
}

KStatus sys_pause(Kernel& kernel, Process& process) {
  // Only a signal that runs a handler (or kills) ends a pause; ignored ones
  // are discarded without waking it.
  kernel.block(process, process.pause_queue);
  return Errno::eintr;
}

KResult<Time> sys_alarm(Kernel& kernel, Process& process, Time delay) {
  const Time left = process.alarm_deadline == 0 ? 0 : process.alarm_deadline - kernel.now();
  kernel.set_alarm(process, delay);
  return left;
}

}  // namespace ipcsim::kernel
