// The system-call steps: evaluate arguments in user mode, call the libc
// stub, then store $ret, $errno and `into`, and check `expect`. This file
// has what every call shares and the process calls.
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

// $ret is 0 for every call the contract does not list (section 3): the
// pid from getpid and a new mailbox's id go to `into` only.
libc::CallResult Interpreter::zero_ret(libc::CallResult result) {
  if (result.ok()) result.value = 0;
  return result;
}

namespace {

Value status_value(const kernel::ChildStatus& status) {
  if (status.signal) return Value::signal_status(kernel::signal_name(status.signal));
  return Value::exit_status(status.code);
}

}  // namespace

// Every system-call step has its own `call` overload, by family:
// processes here, message passing in interpreter_message.cpp, signals in
// interpreter_signal.cpp.
Interpreter::Flow Interpreter::run_call(const Step& step) {
  std::visit(
      [&](const auto& action) {
        if constexpr (requires { this->call(step, action); }) this->call(step, action);
      },
      step.action);
  return self_->must_leave() ? Flow::leave : Flow::next;
}

void Interpreter::call(const Step& step, const PrintStep& print) {
  std::string line = evaluate(step, print.text);
  line += '\n';
  const auto result = libc::write(*self_, 1, line);
  finish_call(step, result, Value(result.value));
}

void Interpreter::call(const Step& step, const ForkStep& fork) {
  Variables child_variables = variables_;
  child_variables.set("ret", Value(std::int64_t{0}));
  SharedSteps child_steps = fork.steps;
  if (!fork.exec_program.empty()) {
    // The child's first act is an exec system call.
    ExecStep exec{fork.exec_program, fork.exec_args};
    auto steps = std::make_shared<StepList>();
    steps->push_back(Step{step.where, CallOptions{}, std::move(exec)});
    child_steps = std::move(steps);
  }
  auto image = std::make_unique<Interpreter>(std::move(child_steps), std::move(child_variables), *catalog_);
  const auto result = libc::fork(*self_, fork.child_name.empty() ? self_->name() : fork.child_name, std::move(image));
  finish_call(step, result, Value(result.value));
}

void Interpreter::call(const Step& step, const ExecStep& exec) {
  std::vector<std::string> args;
  for (const Text& arg : exec.args) args.push_back(evaluate(step, arg));
  const auto result = libc::exec(*self_, exec.program, args);
  if (!result.ok()) finish_call(step, result, Value());
}

void Interpreter::call(const Step& step, const ExitStep& exit) {
  const Value code = evaluate(step, exit.code);
  libc::exit(*self_, static_cast<int>(code.as_integer() & 0xff));
}

void Interpreter::call(const Step& step, const WaitStep& wait) {
  kernel::ChildStatus status;
  std::string name;
  const bool any = wait.pid.kind == ProcessRef::Kind::any;
  const auto result = libc::wait(*self_, any, any ? kernel::ProcessSelector{} : select(step, wait.pid, name),
                                 step.call.nonblocking, status);
  finish_call(step, result, result.value > 0 ? status_value(status) : Value(result.value));
}

void Interpreter::call(const Step& step, const SleepStep& sleep) {
  const auto result = libc::sleep(*self_, sleep.duration);
  finish_call(step, result, Value(result.value));
}

void Interpreter::call(const Step& step, const YieldStep&) {
  const auto result = libc::yield(*self_);
  finish_call(step, result, Value(result.value));
}

void Interpreter::call(const Step& step, const GetpidStep& getpid) {
  const auto result = getpid.parent ? libc::getppid(*self_) : libc::getpid(*self_);
  finish_call(step, zero_ret(result), Value(result.value));
}

}  // namespace ipcsim::user
