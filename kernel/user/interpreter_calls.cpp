// The system-call steps: evaluate arguments in user mode, call the libc
// stub, then store $ret, $errno and `into`, and check `expect`.
#include "kernel/kernel.h"
#include "kernel/signal_names.h"
#include "kernel/user/interpreter.h"
#include "kernel/user/program_catalog.h"

namespace ipcsim::user {

using kernel::Errno;

void Interpreter::finish_call(const Step& step, const libc::CallResult& result, Value into) {
  variables_.set("ret", Value(result.value));
  variables_.set("errno", Value(std::string(kernel::errno_name(result.error))));
  // A call that fails leaves its `into` variables as they were (section 3).
  if (result.ok() && !step.call.into.empty()) variables_.set(step.call.into.front(), std::move(into));
  if (!step.call.has_expect || result.error == step.call.expect) return;
  const std::string wanted = step.call.expect == Errno::none ? "success" : std::string(kernel::errno_name(step.call.expect));
  const std::string got = result.ok() ? "success" : std::string(kernel::errno_name(result.error));
  fail(step, "expected " + wanted + ", got " + got);
}

kernel::ProcessSelector Interpreter::select(const Step& step, const ProcessRef& who, std::string& name_storage) {
  switch (who.kind) {
    case ProcessRef::Kind::name: return kernel::ProcessSelector{who.name, 0};
    case ProcessRef::Kind::pid: return kernel::ProcessSelector{{}, who.pid};
    case ProcessRef::Kind::any: return kernel::ProcessSelector{};
    case ProcessRef::Kind::variable: break;
  }
  const Value* value = variables_.find(who.name);
  if (!value) {
    fail(step, "variable $" + who.name + " is not set");
    return kernel::ProcessSelector{};
  }
  if (value->is_integer()) return kernel::ProcessSelector{{}, value->as_integer()};
  name_storage = value->to_text();
  return kernel::ProcessSelector{name_storage, 0};
}

kernel::MailboxSelector Interpreter::select(const Step& step, const MailboxRef& which) {
  if (!which.id) return kernel::MailboxSelector{which.name, 0};
  const Value id = evaluate(step, *which.id);
  if (!id.is_integer()) fail(step, "mailbox id is not an integer: " + id.to_text());
  return kernel::MailboxSelector{{}, id.as_integer()};
}

namespace {

// $ret is 0 for every call the contract does not list (section 3): the
// pid from getpid and a new mailbox's id go to `into` only.
libc::CallResult zero_ret(libc::CallResult result) {
  if (result.ok()) result.value = 0;
  return result;
}

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

Value status_value(const kernel::ChildStatus& status) {
  if (status.signal) return Value::signal_status(kernel::signal_name(status.signal));
  return Value::exit_status(status.code);
}

}  // namespace

Interpreter::Flow Interpreter::run_call(const Step& step) {
  kernel::Process& self = *self_;
  const StepAction& action = step.action;
  const bool nonblocking = step.call.nonblocking;

  if (auto* print = std::get_if<PrintStep>(&action)) {
    std::string line = evaluate(step, print->text);
    line += '\n';
    const auto result = libc::write(self, 1, line);
    finish_call(step, result, Value(result.value));
  } else if (auto* send = std::get_if<SendStep>(&action)) {
    const std::string body = evaluate(step, send->message);
    const kernel::SendOptions options{nonblocking, send->wait_received};
    std::string name;
    const auto result = send->to_mailbox ? libc::send(self, select(step, send->mailbox), body, options)
                                         : libc::send(self, select(step, send->to, name), body, options);
    finish_call(step, result, Value(result.value));
  } else if (auto* receive = std::get_if<ReceiveStep>(&action)) {
    std::string body;
    kernel::Pid sender = 0;
    std::string name;
    const auto result =
        receive->from_mailbox
            ? libc::receive(self, select(step, receive->mailbox), nonblocking, body, sender)
            : libc::receive(self, select(step, receive->from, name), receive->from.kind == ProcessRef::Kind::any,
                            nonblocking, body, sender);
    if (result.ok() && !receive->sender_variable.empty()) variables_.set(receive->sender_variable, Value(sender));
    finish_call(step, result, Value(std::move(body)));
  } else if (auto* fork = std::get_if<ForkStep>(&action)) {
    Variables child_variables = variables_;
    child_variables.set("ret", Value(std::int64_t{0}));
    SharedSteps child_steps = fork->steps;
    if (!fork->exec_program.empty()) {
      // The child's first act is an exec system call.
      ExecStep exec{fork->exec_program, fork->exec_args};
      auto steps = std::make_shared<StepList>();
      steps->push_back(Step{step.where, CallOptions{}, std::move(exec)});
      child_steps = std::move(steps);
    }
    auto image = std::make_unique<Interpreter>(std::move(child_steps), std::move(child_variables), *catalog_);
    const auto result = libc::fork(self, fork->child_name.empty() ? self.name() : fork->child_name, std::move(image));
    finish_call(step, result, Value(result.value));
  } else if (auto* exec = std::get_if<ExecStep>(&action)) {
    std::vector<std::string> args;
    for (const Text& arg : exec->args) args.push_back(evaluate(step, arg));
    const auto result = libc::exec(self, exec->program, args);
    if (!result.ok()) finish_call(step, result, Value());
    return self.must_leave() ? Flow::leave : Flow::next;
  } else if (auto* exit = std::get_if<ExitStep>(&action)) {
    const Value code = evaluate(step, exit->code);
    libc::exit(self, static_cast<int>(code.as_integer() & 0xff));
    return Flow::leave;
  } else if (auto* wait = std::get_if<WaitStep>(&action)) {
    kernel::ChildStatus status;
    std::string name;
    const bool any = wait->pid.kind == ProcessRef::Kind::any;
    const auto result = libc::wait(self, any, any ? kernel::ProcessSelector{} : select(step, wait->pid, name),
                                   nonblocking, status);
    finish_call(step, result, result.value > 0 ? status_value(status) : Value(result.value));
  } else if (auto* sleep = std::get_if<SleepStep>(&action)) {
    const auto result = libc::sleep(self, sleep->duration);
    finish_call(step, result, Value(result.value));
  } else if (std::holds_alternative<YieldStep>(action)) {
    const auto result = libc::yield(self);
    finish_call(step, result, Value(result.value));
  } else if (auto* getpid = std::get_if<GetpidStep>(&action)) {
    const auto result = getpid->parent ? libc::getppid(self) : libc::getpid(self);
    finish_call(step, zero_ret(result), Value(result.value));
  } else if (auto* create = std::get_if<MailboxCreateStep>(&action)) {
    const auto result = libc::mailbox_create(self, create->name, create->capacity, create->mode);
    finish_call(step, zero_ret(result), Value(result.value));
  } else if (auto* handler = std::get_if<SignalStep>(&action)) {
    kernel::SignalAction sigaction;
    sigaction.restart = handler->restart;
    switch (handler->disposition) {
      case SignalStep::Disposition::handler:
        sigaction.disposition = kernel::Disposition::handler;
        sigaction.handler = std::make_shared<StepsHandler>(handler->handler);
        break;
      case SignalStep::Disposition::ignore: sigaction.disposition = kernel::Disposition::ignore; break;
      case SignalStep::Disposition::default_action: break;
    }
    const auto result = libc::sigaction(self, handler->signal, std::move(sigaction));
    finish_call(step, result, Value(result.value));
  } else if (auto* kill = std::get_if<KillStep>(&action)) {
    std::string name;
    const auto result = libc::kill(self, select(step, kill->target, name), kill->signal);
    finish_call(step, result, Value(result.value));
  } else if (auto* mask = std::get_if<SigprocmaskStep>(&action)) {
    const auto how = mask->how == SigprocmaskStep::How::block     ? kernel::MaskHow::block
                     : mask->how == SigprocmaskStep::How::unblock ? kernel::MaskHow::unblock
                                                                  : kernel::MaskHow::set;
    const auto result = libc::sigprocmask(self, how, signal_set(mask->signals));
    finish_call(step, result, Value(result.value));
  } else if (std::holds_alternative<SigpendingStep>(action)) {
    std::vector<int> pending;
    const auto result = libc::sigpending(self, pending);
    std::vector<Value> names;
    for (int signal : pending) names.emplace_back(kernel::signal_name(signal));
    finish_call(step, result, Value::list(std::move(names)));
  } else if (std::holds_alternative<PauseStep>(action)) {
    const auto result = libc::pause(self);
    finish_call(step, result, Value(result.value));
  } else if (auto* alarm = std::get_if<AlarmStep>(&action)) {
    const auto result = libc::alarm(self, alarm->duration);
    finish_call(step, result, Value(result.value));
  } else if (auto* destroy = std::get_if<MailboxDestroyStep>(&action)) {
    const auto result = libc::mailbox_destroy(self, select(step, destroy->mailbox));
    finish_call(step, result, Value(result.value));
  }
  return self.must_leave() ? Flow::leave : Flow::next;
}

}  // namespace ipcsim::user
