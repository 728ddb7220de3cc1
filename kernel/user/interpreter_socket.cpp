// Socket and RPC steps: socket, bind, listen, accept, connect, shutdown,
// sendto, recvfrom (read, write and close are the file steps), and
// rpc_serve, rpc_call and return, which run the user-space RPC library
// (rpc.h) and behave as one system call towards their step.
#include <algorithm>

#include "kernel/kernel.h"
#include "kernel/user/interpreter.h"
#include "kernel/user/rpc.h"

namespace ipcsim::user {

// The procedures of an `rpc_serve` step, run by the interpreter on the
// server's own variables with `$args` set.
class ProcedureRunner final : public rpc::Procedures {
 public:
  ProcedureRunner(Interpreter& interpreter, const RpcServeStep& serve) : interpreter_(&interpreter), serve_(&serve) {}

  bool has(std::string_view procedure) const override { return find(procedure) != nullptr; }

  bool invoke(std::string_view procedure, std::vector<Value> args, Value& result) override {
    const StepList* steps = find(procedure);
    interpreter_->variables_.set("args", Value::list(std::move(args)));
    // No `return`: the result is "" (SCENARIO_FORMAT section 3).
    interpreter_->return_value_ = Value();
    const Interpreter::Flow flow = interpreter_->run_steps(*steps);
    result = std::move(interpreter_->return_value_);
    return flow != Interpreter::Flow::leave && !interpreter_->self_->must_leave();
  }

 private:
  const StepList* find(std::string_view procedure) const {
    const auto& all = serve_->procedures;
    auto found = std::lower_bound(all.begin(), all.end(), procedure,
                                  [](const auto& entry, std::string_view name) { return entry.first < name; });
    return found != all.end() && found->first == procedure ? found->second.get() : nullptr;
  }

  Interpreter* interpreter_;
  const RpcServeStep* serve_;
};

void Interpreter::call(const Step& step, const SocketStep& socket) {
  const auto result = libc::socket(*self_, socket.stream ? kernel::SocketType::stream : kernel::SocketType::datagram);
  finish_call(step, result, Value(result.value));
}

void Interpreter::call(const Step& step, const BindStep& bind) {
  const int fd = descriptor(step, bind.fd);
  const auto result = zero_ret(libc::bind(*self_, fd, evaluate(step, bind.address)));
  finish_call(step, result, Value(result.value));
}

void Interpreter::call(const Step& step, const ListenStep& listen) {
  const int fd = descriptor(step, listen.fd);
  const Value backlog = evaluate(step, listen.backlog);
  if (!backlog.is_integer()) fail(step, "'backlog' must be an integer, not " + backlog.to_text());
  const auto result = zero_ret(libc::listen(*self_, fd, backlog.is_integer() ? backlog.as_integer() : 0));
  finish_call(step, result, Value(result.value));
}

void Interpreter::call(const Step& step, const AcceptStep& accept) {
  const int fd = descriptor(step, accept.fd);
  std::string peer;
  const auto result = libc::accept(*self_, fd, peer, step.call.nonblocking);
  if (result.ok() && !accept.peer_variable.empty()) variables_.set(accept.peer_variable, Value(peer));
  finish_call(step, result, Value(result.value));
}

void Interpreter::call(const Step& step, const ConnectStep& connect) {
  const int fd = descriptor(step, connect.fd);
  const auto result = zero_ret(libc::connect(*self_, fd, evaluate(step, connect.address), step.call.nonblocking));
  finish_call(step, result, Value(result.value));
}

void Interpreter::call(const Step& step, const ShutdownStep& shutdown) {
  const kernel::ShutdownHow how = shutdown.how == ShutdownStep::How::read    ? kernel::ShutdownHow::read
                                  : shutdown.how == ShutdownStep::How::write ? kernel::ShutdownHow::write
                                                                             : kernel::ShutdownHow::both;
  const auto result = zero_ret(libc::shutdown(*self_, descriptor(step, shutdown.fd), how));
  finish_call(step, result, Value(result.value));
}

void Interpreter::call(const Step& step, const SendtoStep& sendto) {
  const int fd = descriptor(step, sendto.fd);
  const std::string address = evaluate(step, sendto.address);
  const std::string data = evaluate(step, sendto.data);
  const auto result = libc::sendto(*self_, fd, address, data);
  finish_call(step, result, Value(result.value));
}

void Interpreter::call(const Step& step, const RecvfromStep& recvfrom) {
  const int fd = descriptor(step, recvfrom.fd);
  const Value count = evaluate(step, recvfrom.count);
  if (!count.is_integer()) fail(step, "'count' must be an integer, not " + count.to_text());
  std::string data;
  std::string sender;
  const auto result =
      libc::recvfrom(*self_, fd, count.is_integer() ? count.as_integer() : 0, data, sender, step.call.nonblocking);
  if (result.ok() && !recvfrom.sender_variable.empty()) variables_.set(recvfrom.sender_variable, Value(sender));
  finish_call(step, result, Value(std::move(data)));
}

void Interpreter::call(const Step& step, const RpcServeStep& serve) {
  std::int64_t count = -1;  // forever
  if (serve.count) {
    const Value value = evaluate(step, *serve.count);
    if (!value.is_integer()) fail(step, "'count' must be an integer, not " + value.to_text());
    else count = std::max<std::int64_t>(value.as_integer(), 0);
  }
  const std::string address = evaluate(step, serve.address);
  ProcedureRunner procedures(*this, serve);
  const auto result = rpc::serve(*self_, address, count, serve.backlog, procedures);
  if (self_->must_leave()) return;
  finish_call(step, zero_ret(result), Value(std::int64_t{0}));
}

void Interpreter::call(const Step& step, const RpcCallStep& rpc) {
  const std::string address = evaluate(step, rpc.address);
  std::vector<Value> args;
  args.reserve(rpc.args.size());
  for (const Expression& arg : rpc.args) args.push_back(evaluate(step, arg));
  rpc::Outcome outcome = rpc::call(*self_, address, rpc.procedure, args);
  if (self_->must_leave()) return;
  finish_call(step, zero_ret(outcome.result), std::move(outcome.value));
}

Interpreter::Flow Interpreter::run_return(const Step& step, const ReturnStep& result) {
  return_value_ = result.value ? evaluate(step, *result.value) : Value();
  return Flow::returned;
}

}  // namespace ipcsim::user
