// Pipe, FIFO and file steps: pipe, read, write, close, dup, dup2, open,
// mkfifo, unlink.
#include "kernel/kernel.h"
#include "kernel/user/interpreter.h"

namespace ipcsim::user {

int Interpreter::descriptor(const Step& step, const Expression& fd) {
  const Value value = evaluate(step, fd);
  if (!value.is_integer()) {
    fail(step, "an fd must be an integer, not " + value.to_text());
    return -1;  // the call then fails with EBADF, as a bad number would
  }
  const std::int64_t number = value.as_integer();
  return number < -1 || number > INT32_MAX ? -1 : static_cast<int>(number);
}

void Interpreter::call(const Step& step, const PipeStep&) {
  int fds[2] = {-1, -1};
  const auto result = libc::pipe(*self_, fds);
  const Value read_end(std::int64_t{fds[0]});
  const Value write_end(std::int64_t{fds[1]});
  // `into: [r, w]` names both ends; one name gets the list.
  if (result.ok() && step.call.into.size() >= 2) {
    variables_.set(step.call.into[1], write_end);
    finish_call(step, result, read_end);
    return;
  }
  finish_call(step, result, Value::list({read_end, write_end}));
}

void Interpreter::call(const Step& step, const ReadStep& read) {
  const int fd = descriptor(step, read.fd);
  const Value count = evaluate(step, read.count);
  if (!count.is_integer()) fail(step, "'count' must be an integer, not " + count.to_text());
  std::string data;
  const auto result = libc::read(*self_, fd, count.is_integer() ? count.as_integer() : 0, data, step.call.nonblocking);
  finish_call(step, result, Value(std::move(data)));
}

void Interpreter::call(const Step& step, const WriteStep& write) {
  const int fd = descriptor(step, write.fd);
  const std::string data = evaluate(step, write.data);
  const auto result = libc::write(*self_, fd, data, step.call.nonblocking);
  finish_call(step, result, Value(result.value));
}

void Interpreter::call(const Step& step, const CloseStep& close) {
  const auto result = libc::close(*self_, descriptor(step, close.fd));
  finish_call(step, result, Value(result.value));
}

void Interpreter::call(const Step& step, const DupStep& dup) {
  const auto result = libc::dup(*self_, descriptor(step, dup.fd));
  finish_call(step, result, Value(result.value));
}

void Interpreter::call(const Step& step, const Dup2Step& dup2) {
  const int from = descriptor(step, dup2.from);
  const int to = descriptor(step, dup2.to);
  const auto result = libc::dup2(*self_, from, to);
  finish_call(step, result, Value(result.value));
}

void Interpreter::call(const Step& step, const OpenStep& open) {
  const std::string path = evaluate(step, open.path);
  kernel::OpenFlags flags;
  flags.read = open.read;
  flags.write = open.write;
  // `nonblocking: true` on open is O_NONBLOCK: the only way open can avoid
  // blocking (a FIFO's read end opens at once, its write end fails ENXIO).
  flags.nonblock = open.nonblock || step.call.nonblocking;
  flags.create = open.create;
  flags.truncate = open.truncate;
  flags.append = open.append;
  flags.exclusive = open.exclusive;
  const auto result = libc::open(*self_, path, flags, open.mode);
  finish_call(step, result, Value(result.value));
}

void Interpreter::call(const Step& step, const MkfifoStep& mkfifo) {
  const auto result = libc::mkfifo(*self_, evaluate(step, mkfifo.path), mkfifo.mode);
  finish_call(step, result, Value(result.value));
}

void Interpreter::call(const Step& step, const UnlinkStep& unlink) {
  const auto result = libc::unlink(*self_, evaluate(step, unlink.path));
  finish_call(step, result, Value(result.value));
}

}  // namespace ipcsim::user
