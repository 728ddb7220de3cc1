// Signal steps: signal (sigaction), kill, sigprocmask, sigpending, pause, alarm.
#include "kernel/kernel.h"
#include "kernel/signal_names.h"
#include "kernel/user/interpreter.h"

namespace ipcsim::user {
namespace {

// A handler installed by a `signal` step: its steps, run by whichever
// interpreter the process is running when the signal is delivered (fork
// copies dispositions; exec resets handlers, so it is always this program's).
class StepsHandler final : public kernel::SignalHandler {
 public:
  explicit StepsHandler(SharedSteps steps) : steps_(std::move(steps)) {}
  void run(kernel::Process& self, int) override {
    if (auto* interpreter = dynamic_cast<Interpreter*>(self.image())) interpreter->run_handler(*steps_);
  }

 private:
  SharedSteps steps_;
};

kernel::SignalSet signal_set(const std::vector<int>& signals) {
  kernel::SignalSet set = 0;
  for (int signal : signals) set |= kernel::signal_bit(signal);
  return set;
}

}  // namespace

void Interpreter::call(const Step& step, const SignalStep& handler) {
  kernel::SignalAction sigaction;
  sigaction.restart = handler.restart;
  switch (handler.disposition) {
    case SignalStep::Disposition::handler:
      sigaction.disposition = kernel::Disposition::handler;
      sigaction.handler = std::make_shared<StepsHandler>(handler.handler);
      break;
    case SignalStep::Disposition::ignore: sigaction.disposition = kernel::Disposition::ignore; break;
    case SignalStep::Disposition::default_action: break;
  }
  const auto result = libc::sigaction(*self_, handler.signal, std::move(sigaction));
  finish_call(step, result, Value(result.value));
}

void Interpreter::call(const Step& step, const KillStep& kill) {
  std::string name;
  const auto result = libc::kill(*self_, select(step, kill.target, name), kill.signal);
  finish_call(step, result, Value(result.value));
}

void Interpreter::call(const Step& step, const SigprocmaskStep& mask) {
  const auto how = mask.how == SigprocmaskStep::How::block     ? kernel::MaskHow::block
                   : mask.how == SigprocmaskStep::How::unblock ? kernel::MaskHow::unblock
                                                               : kernel::MaskHow::set;
  const auto result = libc::sigprocmask(*self_, how, signal_set(mask.signals));
  finish_call(step, result, Value(result.value));
}

void Interpreter::call(const Step& step, const SigpendingStep&) {
  std::vector<int> pending;
  const auto result = libc::sigpending(*self_, pending);
  std::vector<Value> names;
  for (int signal : pending) names.emplace_back(kernel::signal_name(signal));
  finish_call(step, result, Value::list(std::move(names)));
}

void Interpreter::call(const Step& step, const PauseStep&) {
  const auto result = libc::pause(*self_);
  finish_call(step, result, Value(result.value));
}

void Interpreter::call(const Step& step, const AlarmStep& alarm) {
  const auto result = libc::alarm(*self_, alarm.duration);
  finish_call(step, result, Value(result.value));
}

}  // namespace ipcsim::user
