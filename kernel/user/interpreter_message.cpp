// Message-passing steps: send, receive, mailbox_create, mailbox_destroy.
#include "kernel/kernel.h"
#include "kernel/user/interpreter.h"

namespace ipcsim::user {

kernel::MailboxSelector Interpreter::select(const Step& step, const MailboxRef& which) {
  if (!which.id) return kernel::MailboxSelector{which.name, 0};
  const Value id = evaluate(step, *which.id);
  if (!id.is_integer()) fail(step, "mailbox id is not an integer: " + id.to_text());
  return kernel::MailboxSelector{{}, id.as_integer()};
}

void Interpreter::call(const Step& step, const SendStep& send) {
  const std::string body = evaluate(step, send.message);
  const kernel::SendOptions options{step.call.nonblocking, send.wait_received};
  std::string name;
  const auto result = send.to_mailbox ? libc::send(*self_, select(step, send.mailbox), body, options)
                                      : libc::send(*self_, select(step, send.to, name), body, options);
  finish_call(step, result, Value(result.value));
}

void Interpreter::call(const Step& step, const ReceiveStep& receive) {
  std::string body;
  kernel::Pid sender = 0;
  std::string name;
  const bool nonblocking = step.call.nonblocking;
  const auto result =
      receive.from_mailbox
          ? libc::receive(*self_, select(step, receive.mailbox), nonblocking, body, sender)
          : libc::receive(*self_, select(step, receive.from, name), receive.from.kind == ProcessRef::Kind::any,
                          nonblocking, body, sender);
  if (result.ok() && !receive.sender_variable.empty()) variables_.set(receive.sender_variable, Value(sender));
  finish_call(step, result, Value(std::move(body)));
}

void Interpreter::call(const Step& step, const MailboxCreateStep& create) {
  const auto result = libc::mailbox_create(*self_, create.name, create.capacity, create.mode);
  finish_call(step, zero_ret(result), Value(result.value));
}

void Interpreter::call(const Step& step, const MailboxDestroyStep& destroy) {
  const auto result = libc::mailbox_destroy(*self_, select(step, destroy.mailbox));
  finish_call(step, result, Value(result.value));
}

}  // namespace ipcsim::user
