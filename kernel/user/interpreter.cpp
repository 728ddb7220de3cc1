#include "kernel/user/interpreter.h"

#include <type_traits>

#include "kernel/kernel.h"
#include "kernel/user/program_catalog.h"

namespace ipcsim::user {

Interpreter::Interpreter(SharedSteps steps, Variables variables, ProgramCatalog& catalog)
    : steps_(std::move(steps)), variables_(std::move(variables)), catalog_(&catalog) {}

void Interpreter::run(kernel::Process& self) {
  self_ = &self;
  if (steps_) run_steps(*steps_);
}

void Interpreter::run_handler(const StepList& steps) {
  const Value* ret = variables_.find("ret");
  const Value* error = variables_.find("errno");
  const Value saved_ret = ret ? *ret : Value(std::int64_t{0});
  const Value saved_errno = error ? *error : Value();
  run_steps(steps);
  if (self_->must_leave()) return;
  variables_.set("ret", saved_ret);
  variables_.set("errno", saved_errno);
}

Interpreter::Flow Interpreter::run_steps(const StepList& steps) {
  for (const Step& step : steps) {
    const Flow flow = run_step(step);
    if (flow != Flow::next) return flow;
    if (self_->must_leave()) return Flow::leave;
  }
  return Flow::next;
}

void Interpreter::fail(const Step& step, std::string message) {
  catalog_->log().failures.push_back(
      FailedAssertion{self_->pid(), self_->name(), step.where.line, step.where.column, std::move(message)});
}

// An expression that cannot be evaluated is a failed assertion at its line,
// and its value is 0 (SCENARIO_FORMAT section 10, "Expressions").
Value Interpreter::evaluate(const Step& step, const Expression& expression) {
  EvalResult result = expression.evaluate(variables_);
  if (result.ok()) return std::move(result.value());
  fail(step, result.error().message);
  return Value(std::int64_t{0});
}

std::string Interpreter::evaluate(const Step& step, const Text& text) {
  if (text.is_literal()) return text.literal();
  TextResult result = text.evaluate(variables_);
  if (result.ok()) return std::move(result.value());
  fail(step, result.error().message);
  return std::string();
}

bool Interpreter::test(const Step& step, const Expression& condition) {
  return evaluate(step, condition).is_truthy();
}

Interpreter::Flow Interpreter::run_repeat(const Step& step, const RepeatStep& repeat) {
  std::int64_t times = -1;  // forever
  if (repeat.times) {
    const Value count = evaluate(step, *repeat.times);
    if (!count.is_integer()) {
      fail(step, "repeat times is not an integer: " + count.to_text());
      return Flow::next;
    }
    times = count.as_integer();
  }
  for (std::int64_t i = 0; times < 0 || i < times; ++i) {
    if (!repeat.counter.empty()) variables_.set(repeat.counter, Value(i));
    const Flow flow = run_steps(*repeat.body);
    if (flow == Flow::break_loop) break;
    if (flow == Flow::returned) return flow;  // Sockets: `return` leaves loops too
    if (flow == Flow::leave || self_->must_leave()) return Flow::leave;
  }
  return Flow::next;
}

Interpreter::Flow Interpreter::run_while(const Step& step, const WhileStep& loop) {
  // Each test of the condition is a user-mode step of its own.
  for (bool first = true;; first = false) {
    if (!first) {
      self_->kernel().begin_step(*self_, true);
      if (self_->must_leave()) return Flow::leave;
    }
    if (!test(step, loop.condition)) return Flow::next;
    const Flow flow = run_steps(*loop.body);
    if (flow == Flow::break_loop) return Flow::next;
    if (flow == Flow::returned) return flow;  // Sockets: `return` leaves loops too
    if (flow == Flow::leave || self_->must_leave()) return Flow::leave;
  }
}

Interpreter::Flow Interpreter::run_step(const Step& step) {
  kernel::Process& self = *self_;
  kernel::Kernel& kernel = self.kernel();
  self.user_line = step.where.line;
  const StepAction& action = step.action;
  const bool user_mode = std::holds_alternative<SetStep>(action) || std::holds_alternative<RepeatStep>(action) ||
                         std::holds_alternative<WhileStep>(action) || std::holds_alternative<IfStep>(action) ||
                         std::holds_alternative<BreakStep>(action) || std::holds_alternative<AssertStep>(action) ||
                         std::holds_alternative<ReturnStep>(action) ||  // Sockets: RPC `return`
                         accesses_memory(action);  // shared memory: load, store, atomic_add, cas
  kernel.begin_step(self, user_mode);
  if (self.must_leave()) return Flow::leave;

  if (auto* compute = std::get_if<ComputeStep>(&action)) {
    kernel.compute(self, compute->duration);
    return Flow::next;
  }
  if (auto* set = std::get_if<SetStep>(&action)) {
    // Assigned in order, each seeing the ones before (section 10).
    for (const auto& [name, expression] : set->assignments) variables_.set(name, evaluate(step, expression));
    return Flow::next;
  }
  if (auto* repeat = std::get_if<RepeatStep>(&action)) return run_repeat(step, *repeat);
  if (auto* loop = std::get_if<WhileStep>(&action)) return run_while(step, *loop);
  if (auto* branch = std::get_if<IfStep>(&action)) {
    const SharedSteps& chosen = test(step, branch->condition) ? branch->then_steps : branch->else_steps;
    return chosen ? run_steps(*chosen) : Flow::next;
  }
  if (std::holds_alternative<BreakStep>(action)) return Flow::break_loop;
  if (auto* check = std::get_if<AssertStep>(&action)) {
    if (!test(step, check->condition)) fail(step, "assertion failed: " + std::string(check->condition.source()));
    return Flow::next;
  }
  if (auto* result = std::get_if<ReturnStep>(&action)) return run_return(step, *result);  // Sockets
  if (accesses_memory(action)) return run_access(step);
  return run_call(step);
}

}  // namespace ipcsim::user
