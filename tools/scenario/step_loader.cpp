#include "tools/scenario/step_loader.h"

#include <algorithm>
#include <array>
#include <memory>
#include <utility>

namespace ipcsim::scenario::detail {
namespace {

// More than this many steps in one file means aliases are multiplying a list.
constexpr int max_steps = 100'000;

user::SharedSteps share(user::StepList steps) { return std::make_shared<const user::StepList>(std::move(steps)); }

}  // namespace

std::span<const StepLoader::Operation> StepLoader::operations() {
  static const Operation table[] = {
      {"compute", StepMode::user, &StepLoader::load_compute},
      {"set", StepMode::user, &StepLoader::load_set},
      {"print", StepMode::call, &StepLoader::load_print},
      {"fork", StepMode::call, &StepLoader::load_fork},
      {"exec", StepMode::call, &StepLoader::load_exec},
      {"exit", StepMode::call, &StepLoader::load_exit},
      {"wait", StepMode::blocking_call, &StepLoader::load_wait},
      {"sleep", StepMode::blocking_call, &StepLoader::load_sleep},
      {"yield", StepMode::call, &StepLoader::load_yield},
      {"getpid", StepMode::call, &StepLoader::load_getpid},
      {"getppid", StepMode::call, &StepLoader::load_getppid},
      {"repeat", StepMode::user, &StepLoader::load_repeat},
      {"while", StepMode::user, &StepLoader::load_while},
      {"if", StepMode::user, &StepLoader::load_if},
      {"break", StepMode::user, &StepLoader::load_break},
      {"assert", StepMode::user, &StepLoader::load_assert},
      {"send", StepMode::blocking_call, &StepLoader::load_send},
      {"receive", StepMode::blocking_call, &StepLoader::load_receive},
      {"mailbox_create", StepMode::call, &StepLoader::load_mailbox_create},
      {"mailbox_destroy", StepMode::call, &StepLoader::load_mailbox_destroy},
      {"signal", StepMode::call, &StepLoader::load_signal},
      {"kill", StepMode::call, &StepLoader::load_kill},
      {"sigprocmask", StepMode::call, &StepLoader::load_sigprocmask},
      {"pause", StepMode::waiting_call, &StepLoader::load_pause},
      {"alarm", StepMode::call, &StepLoader::load_alarm},
      {"sigpending", StepMode::call, &StepLoader::load_sigpending},
      {"pipe", StepMode::call, &StepLoader::load_pipe},
      {"read", StepMode::blocking_call, &StepLoader::load_read},
      {"write", StepMode::blocking_call, &StepLoader::load_write},
      {"close", StepMode::call, &StepLoader::load_close},
      {"dup", StepMode::call, &StepLoader::load_dup},
      {"dup2", StepMode::call, &StepLoader::load_dup2},
      {"open", StepMode::blocking_call, &StepLoader::load_open},
      {"mkfifo", StepMode::call, &StepLoader::load_mkfifo},
      {"unlink", StepMode::call, &StepLoader::load_unlink},
      // Shared memory and semaphores.
      {"shmget", StepMode::call, &StepLoader::load_shmget},
      {"shmat", StepMode::call, &StepLoader::load_shmat},
      {"shmdt", StepMode::call, &StepLoader::load_shmdt},
      {"shmctl", StepMode::call, &StepLoader::load_shmctl},
      {"sem_create", StepMode::call, &StepLoader::load_sem_create},
      {"sem_wait", StepMode::blocking_call, &StepLoader::load_sem_wait},
      {"sem_post", StepMode::call, &StepLoader::load_sem_post},
      {"load", StepMode::user, &StepLoader::load_load},
      {"store", StepMode::user, &StepLoader::load_store},
      {"atomic_add", StepMode::user, &StepLoader::load_atomic_add},
      {"cas", StepMode::user, &StepLoader::load_cas},
      // Sockets and RPC.
      {"socket", StepMode::call, &StepLoader::load_socket},
      {"bind", StepMode::call, &StepLoader::load_bind},
      {"listen", StepMode::call, &StepLoader::load_listen},
      {"accept", StepMode::blocking_call, &StepLoader::load_accept},
      {"connect", StepMode::blocking_call, &StepLoader::load_connect},
      {"shutdown", StepMode::call, &StepLoader::load_shutdown},
      {"sendto", StepMode::call, &StepLoader::load_sendto},
      {"recvfrom", StepMode::blocking_call, &StepLoader::load_recvfrom},
      {"rpc_serve", StepMode::call, &StepLoader::load_rpc_serve},
      {"rpc_call", StepMode::call, &StepLoader::load_rpc_call},
      {"return", StepMode::user, &StepLoader::load_return},
  };
  return table;
}

const StepLoader::Operation* StepLoader::find_operation(std::string_view name) {
  for (const Operation& operation : operations())
    if (operation.name == name) return &operation;
  return nullptr;
}

// Every name a step may start with, for "did you mean" hints.
const KeyList& StepLoader::operation_names() {
  static const KeyList names = [] {
    KeyList all;
    for (const Operation& operation : operations()) all.push_back(operation.name);
    return all;
  }();
  return names;
}

user::SharedSteps StepLoader::load_program(const YAML::Node& list, std::string_view what) {
  return load_list(list, what, 0, 0);
}

user::SharedSteps StepLoader::load_list(const YAML::Node& list, std::string_view what, int loop_depth, int nesting) {
  if (nesting > max_step_nesting) reader_.fail(list, "steps are nested too deeply (an alias that contains itself?)");
  user::StepList steps;
  for (const YAML::Node& item : reader_.items(list, what)) steps.push_back(load_step(item, loop_depth, nesting));
  return share(std::move(steps));
}

user::Step StepLoader::load_step(const YAML::Node& item, int loop_depth, int nesting) {
  if (++steps_loaded_ > max_steps)
    reader_.fail(item, "more than " + std::to_string(max_steps) + " steps in one file (aliases repeating a list?)");
  StepInput in;
  in.loop_depth = loop_depth;
  in.nesting = nesting;
  if (item.IsScalar()) {
    // A bare string is an operation without arguments (`- yield`).
    in.op = item.Scalar();
    in.key = item;
    in.arguments_where = reader_.location(item);
  } else if (item.IsMap()) {
    std::vector<MapEntry> entries = reader_.entries(item, "a step");
    if (entries.empty()) reader_.fail(item, "a step needs an operation, e.g. '- yield' or '- sleep: 2ms'");
    if (entries.size() > 1)
      reader_.fail(item, "a step has exactly one operation, found " + quoted(entries[0].name) + " and " +
                             quoted(entries[1].name) + " (are the arguments indented under the operation?)");
    in.op = entries[0].name;
    in.key = entries[0].key;
    in.arguments = entries[0].value;
    in.arguments_where = reader_.location(entries[0].value);
  } else {
    reader_.fail(item, "a step must be an operation such as '- yield' or '- sleep: 2ms'");
  }

  const Operation* operation = find_operation(in.op);
  if (operation == nullptr) {
    std::string message = "unknown operation " + quoted(in.op);
    std::string_view first_word = std::string_view(in.op).substr(0, in.op.find(' '));
    std::string_view suggestion = closest_match(in.op, operation_names());
    if (first_word.size() < in.op.size() && find_operation(first_word) != nullptr)
      message += " (missing ':' after " + quoted(first_word) + "?)";
    else if (!suggestion.empty())
      message += " (did you mean " + quoted(suggestion) + "?)";
    reader_.fail(in.key, message);
  }
  in.mode = operation->mode;
  user::Step step;
  step.where = reader_.location(in.key);
  step.action = (this->*operation->load)(in);
  step.call = std::move(in.call);
  return step;
}

void StepLoader::visit_arguments(StepInput& in, KeyList keys, const std::function<void(const MapEntry&)>& handle) {
  // `op:` with nothing after it, or a bare `- op`: no arguments.
  if (in.arguments.IsNull()) return;
  const std::string what = "the arguments of " + quoted(in.op);
  keys.insert(keys.end(), {"into", "expect", "nonblocking"});
  reader_.visit(in.arguments, what, keys, [&](const MapEntry& entry) {
    const bool call_key = entry.name == "into" || entry.name == "expect" || entry.name == "nonblocking";
    if (call_key && in.mode == StepMode::user)
      reader_.fail(entry.key, quoted(in.op) + " runs in user mode, it is not a system call: no " + quoted(entry.name));
    if (entry.name == "into") {
      in.call.into = into_variables(entry.value);
    } else if (entry.name == "expect") {
      std::string name = reader_.one_line(entry.value, "'expect'");
      in.call.has_expect = true;
      if (name == "ok") {
        in.call.expect = kernel::Errno::none;
      } else if (std::optional<kernel::Errno> error = kernel::errno_from_name(name)) {
        in.call.expect = *error;
      } else {
        reader_.fail(entry.value,
                     "unknown errno name " + quoted(name) + " in 'expect' (use 'ok' or a name such as EAGAIN)");
      }
    } else if (entry.name == "nonblocking") {
      if (in.mode == StepMode::waiting_call)
        reader_.fail(entry.key, quoted(in.op) + " has no nonblocking form: 'nonblocking' does not apply");
      if (in.mode != StepMode::blocking_call)
        reader_.fail(entry.key, quoted(in.op) + " never blocks: 'nonblocking' does not apply");
      in.call.nonblocking = reader_.boolean(entry.value, "'nonblocking'");
    } else {
      handle(entry);
    }
  });
}

void StepLoader::fail_missing(const StepInput& in, std::string_view what) const {
  YamlReader::fail_at(in.arguments_where, quoted(in.op) + " needs " + std::string(what));
}

std::vector<std::string> StepLoader::into_variables(const YAML::Node& node) const {
  std::vector<std::string> names;
  if (node.IsSequence()) {
    for (const YAML::Node& item : reader_.items(node, "'into'")) names.push_back(reader_.variable(item));
    if (names.empty()) reader_.fail(node, "'into' needs at least one variable");
  } else {
    names.push_back(reader_.variable(node));
  }
  return names;
}

std::string StepLoader::program_name(const YAML::Node& node) const {
  std::string name = reader_.one_line(node, "a program");
  if (names_.program_names.count(name) != 0 || is_builtin_program(name)) return name;
  reader_.fail(node, "unknown program " + quoted(name) + " (programs are declared under 'programs:')");
}

user::StepAction StepLoader::load_compute(StepInput& in) {
  user::ComputeStep step;
  if (in.arguments.IsScalar()) {
    step.duration = reader_.duration(in.arguments, "'compute'", 0);
    return step;
  }
  bool has_time = false;
  visit_arguments(in, {"time"}, [&](const MapEntry& entry) {
    step.duration = reader_.duration(entry.value, "'time'", 0);
    has_time = true;
  });
  if (!has_time) fail_missing(in, "'time'");
  return step;
}

user::StepAction StepLoader::load_set(StepInput& in) {
  user::SetStep step;
  if (in.arguments.IsNull()) fail_missing(in, "a map of variables");
  // Keys are variable names, so this map has no fixed keys to check.
  for (const MapEntry& entry : reader_.entries(in.arguments, "the arguments of 'set'"))
    step.assignments.emplace_back(reader_.variable(entry.key), reader_.expression(entry.value, "'set'"));
  return step;
}

user::StepAction StepLoader::load_print(StepInput& in) {
  user::PrintStep step;
  if (in.arguments.IsScalar()) {
    step.text = reader_.text(in.arguments, "'print'");
    return step;
  }
  bool has_text = false;
  visit_arguments(in, {"text"}, [&](const MapEntry& entry) {
    step.text = reader_.text(entry.value, "'text'");
    has_text = true;
  });
  if (!has_text) fail_missing(in, "'text'");
  return step;
}

user::StepAction StepLoader::load_fork(StepInput& in) {
  user::ForkStep step;
  std::optional<MapEntry> args_entry;
  bool has_exec = false;
  visit_arguments(in, {"name", "steps", "exec", "args"}, [&](const MapEntry& entry) {
    if (entry.name == "name") {
      step.child_name = reader_.object_name(entry.value, "a process name");
    } else if (entry.name == "steps") {
      // The child is a program of its own: a `break` in it has no loop, and
      // a `return` no procedure (Sockets).
      const int procedure_depth = std::exchange(procedure_depth_, 0);
      step.steps = load_list(entry.value, "'steps'", 0, in.nesting + 1);
      procedure_depth_ = procedure_depth;
    } else if (entry.name == "exec") {
      step.exec_program = program_name(entry.value);
      has_exec = true;
    } else {
      args_entry = entry;
      step.exec_args = reader_.text_list(entry.value, "'args'");
    }
  });
  if (has_exec && step.steps)
    YamlReader::fail_at(in.arguments_where, "a fork child has either 'steps' or 'exec', not both");
  if (args_entry && !has_exec) reader_.fail(args_entry->key, "'args' needs 'exec'");
  // Neither steps nor exec: the child runs no steps and exits 0 (section 10).
  if (!has_exec && !step.steps) step.steps = share({});
  return step;
}

user::StepAction StepLoader::load_exec(StepInput& in) {
  user::ExecStep step;
  bool has_program = false;
  visit_arguments(in, {"program", "args"}, [&](const MapEntry& entry) {
    if (entry.name == "program") {
      step.program = program_name(entry.value);
      has_program = true;
    } else {
      step.args = reader_.text_list(entry.value, "'args'");
    }
  });
  if (!has_program) fail_missing(in, "'program'");
  return step;
}

user::StepAction StepLoader::load_exit(StepInput& in) {
  user::ExitStep step;
  if (in.arguments.IsScalar()) {
    step.code = reader_.expression(in.arguments, "'exit'");
    return step;
  }
  bool has_code = false;
  visit_arguments(in, {"code"}, [&](const MapEntry& entry) {
    step.code = reader_.expression(entry.value, "'code'");
    has_code = true;
  });
  if (!has_code) step.code = user::parse_expression("0").value();
  return step;
}

user::StepAction StepLoader::load_wait(StepInput& in) {
  user::WaitStep step;
  if (in.arguments.IsScalar()) {
    step.pid = process_ref(in.arguments, "'wait'", true);
    return step;
  }
  visit_arguments(in, {"pid"}, [&](const MapEntry& entry) { step.pid = process_ref(entry.value, "'pid'", true); });
  return step;
}

user::StepAction StepLoader::load_sleep(StepInput& in) {
  user::SleepStep step;
  if (in.arguments.IsScalar()) {
    step.duration = reader_.duration(in.arguments, "'sleep'", 0);
    return step;
  }
  bool has_time = false;
  visit_arguments(in, {"time"}, [&](const MapEntry& entry) {
    step.duration = reader_.duration(entry.value, "'time'", 0);
    has_time = true;
  });
  if (!has_time) fail_missing(in, "'time'");
  return step;
}

user::StepAction StepLoader::load_yield(StepInput& in) {
  visit_arguments(in, {}, [](const MapEntry&) {});
  return user::YieldStep{};
}

user::StepAction StepLoader::load_getpid(StepInput& in) {
  visit_arguments(in, {}, [](const MapEntry&) {});
  return user::GetpidStep{false};
}

user::StepAction StepLoader::load_getppid(StepInput& in) {
  visit_arguments(in, {}, [](const MapEntry&) {});
  return user::GetpidStep{true};
}

user::StepAction StepLoader::load_repeat(StepInput& in) {
  user::RepeatStep step;
  bool has_times = false;
  visit_arguments(in, {"times", "as", "do"}, [&](const MapEntry& entry) {
    if (entry.name == "times") {
      has_times = true;
      if (!(entry.value.IsScalar() && entry.value.Scalar() == "forever"))
        step.times = reader_.expression(entry.value, "'times'");
    } else if (entry.name == "as") {
      step.counter = reader_.variable(entry.value);
    } else {
      step.body = load_list(entry.value, "'do'", in.loop_depth + 1, in.nesting + 1);
    }
  });
  if (!has_times) fail_missing(in, "'times'");
  if (!step.body) fail_missing(in, "'do'");
  return step;
}

user::StepAction StepLoader::load_while(StepInput& in) {
  user::WhileStep step;
  bool has_condition = false;
  visit_arguments(in, {"cond", "do"}, [&](const MapEntry& entry) {
    if (entry.name == "cond") {
      step.condition = reader_.expression(entry.value, "'cond'");
      has_condition = true;
    } else {
      step.body = load_list(entry.value, "'do'", in.loop_depth + 1, in.nesting + 1);
    }
  });
  if (!has_condition) fail_missing(in, "'cond'");
  if (!step.body) fail_missing(in, "'do'");
  return step;
}

user::StepAction StepLoader::load_if(StepInput& in) {
  user::IfStep step;
  bool has_condition = false;
  visit_arguments(in, {"cond", "then", "else"}, [&](const MapEntry& entry) {
    if (entry.name == "cond") {
      step.condition = reader_.expression(entry.value, "'cond'");
      has_condition = true;
    } else if (entry.name == "then") {
      step.then_steps = load_list(entry.value, "'then'", in.loop_depth, in.nesting + 1);
    } else {
      step.else_steps = load_list(entry.value, "'else'", in.loop_depth, in.nesting + 1);
    }
  });
  if (!has_condition) fail_missing(in, "'cond'");
  if (!step.then_steps) fail_missing(in, "'then'");
  // An absent `else` is an empty list, so the interpreter needs no null check.
  if (!step.else_steps) step.else_steps = share({});
  return step;
}

user::StepAction StepLoader::load_break(StepInput& in) {
  visit_arguments(in, {}, [](const MapEntry&) {});
  if (in.loop_depth == 0) reader_.fail(in.key, "'break' outside of any 'repeat' or 'while'");
  return user::BreakStep{};
}

user::StepAction StepLoader::load_assert(StepInput& in) {
  user::AssertStep step;
  if (in.arguments.IsScalar()) {
    step.condition = reader_.expression(in.arguments, "'assert'");
    return step;
  }
  bool has_condition = false;
  visit_arguments(in, {"cond"}, [&](const MapEntry& entry) {
    step.condition = reader_.expression(entry.value, "'cond'");
    has_condition = true;
  });
  if (!has_condition) fail_missing(in, "'cond'");
  return step;
}

}  // namespace ipcsim::scenario::detail
